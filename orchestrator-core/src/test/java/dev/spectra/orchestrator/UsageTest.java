package dev.spectra.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UsageTest {
  @Test
  void minusIsWhatWasUsedSinceAnEarlierSnapshot() {
    Usage earlier = new Usage(100, 40, 30);
    Usage later = earlier.plus(new Usage(25, 5, 7));

    assertThat(later.minus(earlier)).isEqualTo(new Usage(25, 5, 7));
    assertThat(later.minus(later)).isEqualTo(Usage.ZERO);
    assertThat(later.minus(Usage.ZERO)).isEqualTo(later);
  }

  @Test
  void minusRefusesASnapshotThatIsNotEarlierNamingBoth() {
    assertThatThrownBy(() -> Usage.of(10, 10).minus(Usage.of(11, 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Usage[inputTokens=11").hasMessageContaining("Usage[inputTokens=10");
    assertThatThrownBy(() -> new Usage(10, 0, 10).minus(new Usage(5, 1, 0)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Usage.ZERO.minus(null)).isInstanceOf(NullPointerException.class);
  }
}
