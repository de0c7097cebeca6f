package dev.spectra.orchestrator.llm.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a provider's wait hint from response headers: {@code retry-after-ms} (milliseconds, as OpenAI sends),
 * else {@code Retry-After} in seconds or as an HTTP date (RFC 9110). Header names are case-insensitive.
 */
public final class RetryAfter {
  private RetryAfter() {}

  /** The hint, or empty when no header is present or parseable. A date in the past gives zero. */
  public static Optional<Duration> parse(Map<String, List<String>> headers, Instant now) {
    String ms = first(headers, "retry-after-ms");
    if (ms != null) {
      try {
        double v = Double.parseDouble(ms.trim());
        if (v >= 0 && !Double.isInfinite(v)) {
          return Optional.of(Duration.ofMillis(Math.round(v)));
        }
      } catch (NumberFormatException ignored) {
        // fall through to Retry-After
      }
    }
    String value = first(headers, "retry-after");
    if (value == null) {
      return Optional.empty();
    }
    value = value.trim();
    try {
      double seconds = Double.parseDouble(value);
      if (seconds >= 0 && !Double.isInfinite(seconds)) {
        return Optional.of(Duration.ofMillis(Math.round(seconds * 1000)));
      }
      return Optional.empty();
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration d = Duration.between(now, at);
        return Optional.of(d.isNegative() ? Duration.ZERO : d);
      } catch (DateTimeParseException notDate) {
        return Optional.empty();
      }
    }
  }

  private static String first(Map<String, List<String>> headers, String name) {
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      if (e.getKey() != null && e.getKey().toLowerCase(Locale.ROOT).equals(name)
          && e.getValue() != null && !e.getValue().isEmpty()) {
        return e.getValue().get(0);
      }
    }
    return null;
  }
}
