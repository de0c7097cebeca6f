package dev.spectra.orchestrator.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private final RetryPolicy policy = RetryPolicy.ofDefaults();

  @Test
  void backoffDoublesFromHalfASecondAndIsCappedAtEightSeconds() {
    assertThat(policy.delay(1, null, 0.5)).isEqualTo(Duration.ofMillis(500));
    assertThat(policy.delay(2, null, 0.5)).isEqualTo(Duration.ofMillis(1000));
    assertThat(policy.delay(4, null, 0.5)).isEqualTo(Duration.ofMillis(4000));
    assertThat(policy.delay(5, null, 0.5)).isEqualTo(Duration.ofMillis(8000));
    assertThat(policy.delay(40, null, 0.5)).isEqualTo(Duration.ofMillis(8000));
  }

  @Test
  void jitterVariesTheBackoffByAQuarterEitherWay() {
    assertThat(policy.delay(2, null, 0.0)).isEqualTo(Duration.ofMillis(750));
    assertThat(policy.delay(2, null, 0.999999)).isEqualTo(Duration.ofMillis(1250));
  }

  @Test
  void aRetryAfterHintIsAFloor() {
    assertThat(policy.delay(1, Duration.ofSeconds(2), 0.99)).isEqualTo(Duration.ofSeconds(2));
    assertThat(policy.delay(5, Duration.ofSeconds(1), 0.5)).isEqualTo(Duration.ofSeconds(8));
  }

  @Test
  void settingsAreValidated() {
    assertThatThrownBy(() -> RetryPolicy.builder().maxAttempts(0)).hasMessage("maxAttempts must be > 0, but was 0");
    assertThatThrownBy(() -> RetryPolicy.builder().jitter(1.5)).hasMessage("jitter must be within 0..1, but was 1.5");
    assertThatThrownBy(() -> RetryPolicy.builder().initialDelay(Duration.ofSeconds(10)).build())
        .hasMessage("maxDelay must be >= initialDelay (PT10S), but was PT8S");
    assertThat(RetryPolicy.none().maxAttempts()).isEqualTo(1);
  }
}
