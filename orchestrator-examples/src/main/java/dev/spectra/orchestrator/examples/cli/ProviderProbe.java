package dev.spectra.orchestrator.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spectra.orchestrator.internal.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Asks a provider whether it answers and knows the configured model, with short timeouts: OpenAI (and compatible
 * servers) {@code GET <base>/models} with the key, Ollama {@code GET <base>/api/tags}. Never prints the key.
 */
final class ProviderProbe {
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
      .followRedirects(HttpClient.Redirect.NORMAL).build();

  /** Checks an OpenAI-compatible server at {@code baseUrl} (e.g. {@code https://api.openai.com/v1}) for {@code model}. */
  Check openAi(String baseUrl, String apiKey, String model) {
    String name = "openai";
    URI uri = URI.create(stripSlash(baseUrl) + "/models");
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).GET();
    if (apiKey != null) {
      request.header("Authorization", "Bearer " + apiKey);
    }
    Answer answer = call(request.build());
    if (answer.problem != null) {
      return Check.fail(name, uri + " " + answer.problem,
          "check OPENAI_BASE_URL and the network (a proxy or firewall may block it)");
    }
    if (answer.status == 401 || answer.status == 403) {
      return Check.failConfig(name, uri + " rejected the API key (HTTP " + answer.status + ")",
          apiKey == null ? "set OPENAI_API_KEY" : "set OPENAI_API_KEY to a valid key with access to " + model);
    }
    if (answer.status != 200) {
      return Check.fail(name, uri + " answered HTTP " + answer.status, "check OPENAI_BASE_URL; it must end in /v1 for OpenAI");
    }
    List<String> ids = ids(answer.body, "data", "id");
    if (ids == null) {
      return Check.warn(name, uri + " answered HTTP 200 in " + answer.millis + " ms but not with a model list",
          "check OPENAI_BASE_URL: it should point at an OpenAI-compatible API");
    }
    if (!ids.contains(model)) {
      return Check.failConfig(name, uri + " answered in " + answer.millis + " ms but does not list model " + model,
          "set OPENAI_MODEL (or --model) to one of: " + String.join(", ", first(ids, 8)));
    }
    return Check.ok(name, uri + " answered in " + answer.millis + " ms; model " + model + " is available");
  }

  /** Checks an Ollama server at {@code baseUrl} (e.g. {@code http://localhost:11434}) for {@code model}. */
  Check ollama(String baseUrl, String model) {
    String name = "ollama";
    URI uri = URI.create(stripSlash(baseUrl) + "/api/tags");
    Answer answer = call(HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).GET().build());
    if (answer.problem != null) {
      return Check.fail(name, uri + " " + answer.problem, "start Ollama (ollama serve) or set OLLAMA_BASE_URL to where it runs");
    }
    if (answer.status != 200) {
      return Check.fail(name, uri + " answered HTTP " + answer.status, "check OLLAMA_BASE_URL: it should point at an Ollama server");
    }
    List<String> names = ids(answer.body, "models", "name");
    if (names == null) {
      return Check.warn(name, uri + " answered HTTP 200 but not with a model list", "check OLLAMA_BASE_URL");
    }
    boolean present = names.contains(model) || (!model.contains(":") && names.contains(model + ":latest"));
    if (!present) {
      return Check.failConfig(name, uri + " answered in " + answer.millis + " ms but model " + model + " is not pulled",
          "run: ollama pull " + model + (names.isEmpty() ? "" : " (or set OLLAMA_MODEL to one of: " + String.join(", ", first(names, 8)) + ")"));
    }
    return Check.ok(name, uri + " answered in " + answer.millis + " ms; model " + model + " is pulled");
  }

  private record Answer(int status, String body, long millis, String problem) {}

  private Answer call(HttpRequest request) {
    long start = System.nanoTime();
    try {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      return new Answer(r.statusCode(), r.body(), (System.nanoTime() - start) / 1_000_000, null);
    } catch (HttpTimeoutException e) {
      return new Answer(0, "", 0, "did not answer within " + REQUEST_TIMEOUT.toSeconds() + " s");
    } catch (IOException e) {
      return new Answer(0, "", 0, unreachable(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer(0, "", 0, "was not asked: interrupted");
    }
  }

  private static String unreachable(IOException e) {
    boolean refused = false;
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof UnknownHostException || t instanceof java.nio.channels.UnresolvedAddressException) {
        return "has a host name that does not resolve";
      }
      refused |= t instanceof ConnectException;
    }
    return refused ? "is unreachable (connection refused)" : "could not be reached: " + Errors.describe(e);
  }

  /** The {@code field} of each element of the array {@code array}, or {@code null} when the body is not like that. */
  private static List<String> ids(String body, String array, String field) {
    try {
      JsonNode root = Json.MAPPER.readTree(body);
      JsonNode items = root == null ? null : root.get(array);
      if (items == null || !items.isArray()) {
        return null;
      }
      List<String> out = new ArrayList<>();
      items.forEach(i -> {
        if (i.path(field).isTextual()) {
          out.add(i.get(field).asText());
        }
      });
      return out;
    } catch (IOException e) {
      return null;
    }
  }

  private static List<String> first(List<String> list, int n) {
    return list.size() <= n ? list : list.subList(0, n);
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
