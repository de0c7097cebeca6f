package dev.spectra.orchestrator.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A local OpenAI-compatible and Ollama-like server on 127.0.0.1: {@code GET /v1/models}, {@code POST
 * /v1/chat/completions} (replies computed from the request body), {@code GET /api/tags}, {@code POST /api/chat}.
 * Requests without the expected bearer key get 401 with OpenAI's error body (unless the key is {@code null}: any key,
 * or none, is accepted). Public for the docs tests in another package.
 */
public final class FakeProvider implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final String key;
  private final List<String> models;
  private final List<String> ollamaModels;
  private volatile Function<JsonNode, String> replies = FakeProvider::canned;
  private volatile int inputFactor = 1;
  final List<JsonNode> chatRequests = new CopyOnWriteArrayList<>();
  final List<JsonNode> ollamaChatRequests = new CopyOnWriteArrayList<>();

  /**
   * @param key the bearer key OpenAI requests must carry, or {@code null} to accept any
   * @param models the OpenAI models served
   * @param ollamaModels the Ollama models pulled (names as /api/tags lists them, e.g. {@code mistral:latest})
   */
  public FakeProvider(String key, List<String> models, List<String> ollamaModels) throws IOException {
    this.key = key;
    this.models = List.copyOf(models);
    this.ollamaModels = List.copyOf(ollamaModels);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v1/models", this::models);
    server.createContext("/v1/chat/completions", this::chat);
    server.createContext("/api/tags", this::tags);
    server.createContext("/api/chat", this::ollamaChat);
    server.start();
  }

  /** The base URL as OPENAI_BASE_URL takes it: {@code http://127.0.0.1:<port>/v1}. */
  public String openAiBaseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  /** The base URL as OLLAMA_BASE_URL takes it. */
  public String ollamaBaseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Sets how chat completions are answered: the assistant text for a request body. */
  public FakeProvider replies(Function<JsonNode, String> replies) {
    this.replies = replies;
    return this;
  }

  /** Makes the OpenAI endpoint report {@code factor} times the prompt tokens it would (a proxy adding hidden context). */
  public FakeProvider inflateInputTokens(int factor) {
    if (factor < 1) {
      throw new IllegalArgumentException("factor must be >= 1, but was " + factor);
    }
    this.inputFactor = factor;
    return this;
  }

  /** The canned hello service's answer to an OpenAI chat request body. */
  public static String canned(JsonNode body) {
    List<String> system = new ArrayList<>();
    List<String> user = new ArrayList<>();
    for (JsonNode m : body.path("messages")) {
      String content = m.path("content").isTextual() ? m.path("content").asText() : contentText(m.path("content"));
      switch (m.path("role").asText()) {
        case "system" -> system.add(content);
        case "user" -> user.add(content);
        default -> { }
      }
    }
    return CannedServiceModel.replyTo(system, user);
  }

  private static String contentText(JsonNode parts) {
    StringBuilder b = new StringBuilder();
    parts.forEach(p -> b.append(p.path("text").asText("")));
    return b.toString();
  }

  /** Chat requests answered so far, OpenAI and Ollama. */
  public int chatCount() {
    return chatRequests.size() + ollamaChatRequests.size();
  }

  private boolean authorized(HttpExchange ex) throws IOException {
    if (key == null || ("Bearer " + key).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
      return true;
    }
    send(ex, 401, "{\"error\":{\"message\":\"Incorrect API key provided: " + masked(ex) + ". You can find your API key at"
        + " https://platform.openai.com/account/api-keys.\",\"type\":\"invalid_request_error\",\"param\":null,"
        + "\"code\":\"invalid_api_key\"}}");
    return false;
  }

  private static String masked(HttpExchange ex) {
    String h = ex.getRequestHeaders().getFirst("Authorization");
    String k = h == null ? "" : h.replace("Bearer ", "");
    return k.length() < 8 ? "***" : k.substring(0, 3) + "***" + k.substring(k.length() - 4);
  }

  private void models(HttpExchange ex) throws IOException {
    if (!authorized(ex)) {
      return;
    }
    ObjectNode root = JSON.createObjectNode().put("object", "list");
    models.forEach(m -> root.withArray("data").addObject().put("id", m).put("object", "model").put("owned_by", "test"));
    send(ex, 200, root.toString());
  }

  private void tags(HttpExchange ex) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.putArray("models");
    ollamaModels.forEach(m -> root.withArray("models").addObject().put("name", m).put("model", m));
    send(ex, 200, root.toString());
  }

  /** Ollama's non-streaming chat: the canned reply, or 404 for a model that is not pulled. */
  private void ollamaChat(HttpExchange ex) throws IOException {
    JsonNode body = JSON.readTree(ex.getRequestBody().readAllBytes());
    String model = body.path("model").asText();
    if (!ollamaModels.contains(model) && !ollamaModels.contains(model + ":latest")) {
      send(ex, 404, "{\"error\":\"model '" + model + "' not found\"}");
      return;
    }
    ollamaChatRequests.add(body);
    String text = replies.apply(body);
    ObjectNode root = JSON.createObjectNode().put("model", model).put("created_at", "2026-11-25T00:00:00Z");
    root.putObject("message").put("role", "assistant").put("content", text);
    root.put("done", true).put("done_reason", "stop").put("prompt_eval_count", body.toString().length() / 4)
        .put("eval_count", Math.max(1, text.length() / 4));
    send(ex, 200, root.toString());
  }

  private void chat(HttpExchange ex) throws IOException {
    JsonNode body = JSON.readTree(ex.getRequestBody().readAllBytes());
    if (!authorized(ex)) {
      return;
    }
    String model = body.path("model").asText();
    if (!models.contains(model)) {
      send(ex, 404, "{\"error\":{\"message\":\"The model `" + model + "` does not exist or you do not have access to it.\","
          + "\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"model_not_found\"}}");
      return;
    }
    chatRequests.add(body);
    String text = replies.apply(body);
    ObjectNode root = JSON.createObjectNode().put("id", "chatcmpl-" + chatRequests.size()).put("object", "chat.completion")
        .put("created", 1_764_000_000L).put("model", model + "-2024-07-18");
    ObjectNode choice = root.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop");
    choice.putNull("logprobs");
    choice.putObject("message").put("role", "assistant").put("content", text).putNull("refusal");
    int in = inputFactor * (body.toString().length() / 4);
    int out = Math.max(1, text.length() / 4);
    root.putObject("usage").put("prompt_tokens", in).put("completion_tokens", out).put("total_tokens", in + out);
    send(ex, 200, root.toString());
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }

  /** The user messages of every OpenAI chat request, in order. */
  public List<String> userMessages() {
    List<String> out = new ArrayList<>();
    for (JsonNode r : chatRequests) {
      for (JsonNode m : r.path("messages")) {
        if (m.path("role").asText().equals("user")) {
          out.add(m.path("content").asText());
        }
      }
    }
    return out;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
