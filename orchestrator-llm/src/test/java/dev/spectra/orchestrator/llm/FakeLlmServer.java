package dev.spectra.orchestrator.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A local HTTP server speaking the OpenAI ({@code POST /v1/chat/completions}) and Ollama ({@code POST /api/chat})
 * protocols (shared/notes/protocols.md) from a script of answers, recording every request. Loopback only.
 */
final class FakeLlmServer implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  /** One scripted answer; {@code body} may depend on the request. */
  record Answer(int status, Map<String, String> headers, Function<JsonNode, String> body, long delayMillis) {
    Answer withHeader(String name, String value) {
      Map<String, String> h = new LinkedHashMap<>(headers);
      h.put(name, value);
      return new Answer(status, h, body, delayMillis);
    }

    Answer delayed(long millis) {
      return new Answer(status, headers, body, millis);
    }
  }

  /** One recorded request. */
  record Received(String path, Map<String, List<String>> headers, String rawBody, JsonNode body) {
    String header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue().get(0);
        }
      }
      return null;
    }

    /** The messages of the request. */
    List<JsonNode> messages() {
      List<JsonNode> out = new ArrayList<>();
      body.path("messages").forEach(out::add);
      return out;
    }
  }

  private final HttpServer server;
  private final Deque<Answer> script = new ArrayDeque<>();
  private final List<Received> received = new ArrayList<>();
  private Answer fallback;

  FakeLlmServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newFixedThreadPool(16));
    server.start();
  }

  /** The base URL for OpenAI settings, e.g. {@code http://127.0.0.1:4711/v1}. */
  String openAiBaseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  /** The base URL for Ollama settings. */
  String ollamaBaseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  synchronized FakeLlmServer enqueue(Answer... answers) {
    script.addAll(List.of(answers));
    return this;
  }

  /** The answer once the script is used up. */
  synchronized FakeLlmServer otherwise(Answer answer) {
    this.fallback = answer;
    return this;
  }

  synchronized List<Received> received() {
    return List.copyOf(received);
  }

  synchronized Received request(int i) {
    return received.get(i);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String raw = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      JsonNode body = raw.isBlank() ? JSON.createObjectNode() : JSON.readTree(raw);
      Answer answer;
      synchronized (this) {
        received.add(new Received(exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()), raw, body));
        answer = script.isEmpty() ? fallback : script.removeFirst();
      }
      if (answer == null) {
        answer = new Answer(500, Map.of(), b -> "{\"error\":\"fake server: script used up\"}", 0);
      }
      if (answer.delayMillis() > 0) {
        try {
          Thread.sleep(answer.delayMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      byte[] bytes = answer.body().apply(body).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      answer.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
      exchange.sendResponseHeaders(answer.status(), bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }

  // ---- OpenAI answers ----

  /** A chat completion with this content and usage. */
  static Answer openAi(String content, int prompt, int completion, int cached) {
    return openAi(content, prompt, completion, cached, "stop");
  }

  static Answer openAi(String content, int prompt, int completion, int cached, String finishReason) {
    return new Answer(200, Map.of(), req -> {
      ObjectNode root = JSON.createObjectNode();
      root.put("id", "chatcmpl-fake");
      root.put("object", "chat.completion");
      root.put("created", 1764028800);
      root.put("model", "gpt-4o-mini-2024-07-18");
      ObjectNode choice = root.putArray("choices").addObject();
      choice.put("index", 0);
      ObjectNode message = choice.putObject("message");
      message.put("role", "assistant");
      message.put("content", content);
      choice.putNull("logprobs");
      choice.put("finish_reason", finishReason);
      ObjectNode usage = root.putObject("usage");
      usage.put("prompt_tokens", prompt);
      usage.put("completion_tokens", completion);
      usage.put("total_tokens", prompt + completion);
      usage.putObject("prompt_tokens_details").put("cached_tokens", cached);
      return root.toString();
    }, 0);
  }

  /** An OpenAI error answer. */
  static Answer openAiError(int status, String type, String message) {
    return new Answer(status, Map.of(), req -> "{\"error\":{\"message\":" + quote(message) + ",\"type\":\"" + type
        + "\",\"param\":null,\"code\":\"" + type + "\"}}", 0);
  }

  // ---- Ollama answers ----

  /** An Ollama /api/chat answer; {@code promptEvalCount} null leaves the field out (prompt cache). */
  static Answer ollama(String content, Integer promptEvalCount, int evalCount) {
    return ollama(req -> content, req -> promptEvalCount, evalCount);
  }

  static Answer ollama(Function<JsonNode, String> content, Function<JsonNode, Integer> promptEvalCount, int evalCount) {
    return new Answer(200, Map.of(), req -> {
      ObjectNode root = JSON.createObjectNode();
      root.put("model", req.path("model").asText());
      root.put("created_at", "2026-11-25T00:00:00Z");
      ObjectNode message = root.putObject("message");
      message.put("role", "assistant");
      message.put("content", content.apply(req));
      root.put("done", true);
      root.put("done_reason", "stop");
      root.put("total_duration", 1000);
      Integer pe = promptEvalCount.apply(req);
      if (pe != null) {
        root.put("prompt_eval_count", pe);
      }
      root.put("eval_count", evalCount);
      return root.toString();
    }, 0);
  }

  /** An Ollama error answer ({@code {"error":"..."}}). */
  static Answer ollamaError(int status, String message) {
    return new Answer(status, Map.of(), req -> "{\"error\":" + quote(message) + "}", 0);
  }

  private static String quote(String s) {
    try {
      return JSON.writeValueAsString(s);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
