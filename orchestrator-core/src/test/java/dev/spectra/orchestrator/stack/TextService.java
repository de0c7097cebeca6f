package dev.spectra.orchestrator.stack;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The {@link TextStack}'s service, run in a sandboxed JVM: {@code ROUTES HOST PORT}; serves {@code GET /path -> body}. */
public final class TextService {
  private TextService() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> routes = new LinkedHashMap<>();
    for (String line : Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8)) {
      if (line.startsWith("GET ") && line.contains(" -> ")) {
        routes.put(line.substring(4, line.indexOf(" -> ")), line.substring(line.indexOf(" -> ") + 4));
      }
    }
    HttpServer server = HttpServer.create(new InetSocketAddress(args[1], Integer.parseInt(args[2])), 16);
    server.createContext("/", exchange -> {
      String body = routes.get(exchange.getRequestURI().getPath());
      byte[] bytes = (body == null ? "not found" : body).getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    server.start();
    System.out.println("serving " + routes.keySet() + " on " + args[1] + ":" + args[2]);
  }
}
