package dev.spectra.orchestrator.llm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
  private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

  @Test
  void secondsAndFractionalSeconds() {
    assertThat(RetryAfter.parse(Map.of("Retry-After", List.of("2")), NOW)).contains(Duration.ofSeconds(2));
    assertThat(RetryAfter.parse(Map.of("retry-after", List.of(" 1.5 ")), NOW)).contains(Duration.ofMillis(1500));
  }

  @Test
  void anHttpDateIsTheTimeUntilThen() {
    assertThat(RetryAfter.parse(Map.of("Retry-After", List.of("Wed, 25 Nov 2026 10:00:30 GMT")), NOW))
        .contains(Duration.ofSeconds(30));
    assertThat(RetryAfter.parse(Map.of("Retry-After", List.of("Wed, 25 Nov 2026 09:59:00 GMT")), NOW))
        .contains(Duration.ZERO);
  }

  @Test
  void millisecondsWinOverSeconds() {
    assertThat(RetryAfter.parse(Map.of("retry-after-ms", List.of("250"), "Retry-After", List.of("3")), NOW))
        .contains(Duration.ofMillis(250));
  }

  @Test
  void garbageOrNoHeaderGivesNothing() {
    assertThat(RetryAfter.parse(Map.of("Retry-After", List.of("soon")), NOW)).isEmpty();
    assertThat(RetryAfter.parse(Map.of("Retry-After", List.of("-3")), NOW)).isEmpty();
    assertThat(RetryAfter.parse(Map.of("retry-after-ms", List.of("x"), "Retry-After", List.of("4")), NOW))
        .contains(Duration.ofSeconds(4));
    assertThat(RetryAfter.parse(Map.of(), NOW)).isEmpty();
  }
}
