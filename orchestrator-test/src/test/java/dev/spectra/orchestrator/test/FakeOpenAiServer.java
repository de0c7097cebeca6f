package dev.spectra.orchestrator.test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BiFunction;

/**
 * A local server speaking OpenAI's {@code /v1/chat/completions}: the reply content is a function of the call number
 * and the request body; the response carries id, fingerprint, a header and usage that tests can fill with secrets.
 */
final class FakeOpenAiServer implements AutoCloseable {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final HttpServer server;
  private final List<JsonNode> bodies = Collections.synchronizedList(new ArrayList<>());
  private int calls;

  FakeOpenAiServer(BiFunction<Integer, JsonNode, String> content, String idPrefix, String fingerprint,
      String headerValue) {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/v1/chat/completions", exchange -> {
      JsonNode body = MAPPER.readTree(exchange.getRequestBody());
      bodies.add(body);
      int n;
      synchronized (this) {
        n = ++calls;
      }
      String text = content.apply(n, body);
      ObjectNode response = MAPPER.createObjectNode();
      response.put("id", idPrefix + n);
      response.put("object", "chat.completion");
      response.put("created", 1_700_000_000L);
      response.put("model", "gpt-4o-mini-2024-07-18");
      response.put("system_fingerprint", fingerprint);
      ObjectNode choice = response.putArray("choices").addObject();
      choice.put("index", 0);
      choice.putObject("message").put("role", "assistant").put("content", text);
      choice.put("finish_reason", "stop");
      int prompt = body.toString().length() / 4;
      int completion = text.length() / 4 + 1;
      response.putObject("usage").put("prompt_tokens", prompt).put("completion_tokens", completion)
          .put("total_tokens", prompt + completion);
      byte[] bytes = MAPPER.writeValueAsBytes(response);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.getResponseHeaders().add("X-Request-Token", headerValue);
      exchange.sendResponseHeaders(200, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    });
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  List<JsonNode> bodies() {
    return List.copyOf(bodies);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
