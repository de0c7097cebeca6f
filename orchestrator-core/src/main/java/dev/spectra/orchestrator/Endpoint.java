package dev.spectra.orchestrator;

import dev.langchain4j.model.output.structured.Description;
import dev.spectra.orchestrator.internal.Checks;
import java.util.Locale;
import java.util.Set;

/**
 * An HTTP endpoint the planned service exposes; Monitor probes the GET ones without path parameters.
 *
 * @param method HTTP method, upper case
 * @param path URL path starting with {@code /}, path parameters in braces
 * @param summary what it does
 */
@Description("An HTTP endpoint of the service")
public record Endpoint(
    @Description("HTTP method: GET, POST, PUT, PATCH or DELETE") String method,
    @Description("URL path starting with /, path parameters in braces, e.g. /items/{item_id}") String path,
    @Description("what the endpoint does") String summary) {

  private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");

  public Endpoint {
    Checks.notBlank(method, "method");
    method = method.trim().toUpperCase(Locale.ROOT);
    if (!METHODS.contains(method)) {
      throw new IllegalArgumentException("method must be one of " + METHODS + ", but was \"" + method + "\"");
    }
    Checks.notBlank(path, "path");
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("endpoint path must start with '/', but was \"" + path + "\"");
    }
    summary = summary == null ? "" : summary;
  }

  /** True for a GET endpoint whose path has no parameters, which Monitor may probe. */
  public boolean probeable() {
    return method.equals("GET") && !path.contains("{");
  }
}
