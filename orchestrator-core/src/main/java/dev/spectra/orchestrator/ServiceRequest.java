package dev.spectra.orchestrator;

import dev.spectra.orchestrator.internal.Checks;
import java.nio.charset.StandardCharsets;

/**
 * What the user asked for, in natural language. The text reaches prompts only as a template value, so
 * braces such as {@code {{x}}} are kept literally.
 *
 * @param text the request, at most {@link #MAX_BYTES} bytes of UTF-8
 */
public record ServiceRequest(String text) {
  /** The largest accepted request: 256 KB of UTF-8. */
  public static final int MAX_BYTES = 256 * 1024;

  public ServiceRequest {
    Checks.notBlank(text, "text");
    int bytes = text.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_BYTES) {
      throw new IllegalArgumentException(
          "text must be at most " + MAX_BYTES + " bytes of UTF-8, but was " + bytes
              + " bytes; shorten the request or move details into the plan");
    }
  }

  /** A request for the given text. */
  public static ServiceRequest of(String text) {
    return new ServiceRequest(text);
  }
}
