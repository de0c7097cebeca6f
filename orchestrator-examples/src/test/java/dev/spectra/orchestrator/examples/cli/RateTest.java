package dev.spectra.orchestrator.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RateTest {
  @Test
  void wilsonIntervalsMatchPublishedValues() {
    // reference values: Wilson score interval, z = 1.96 (e.g. Newcombe 1998, table I: 81/263 -> 0.2553..0.3662)
    assertThat(new Rate(81, 263).low()).isCloseTo(0.2553, within(1e-4));
    assertThat(new Rate(81, 263).high()).isCloseTo(0.3662, within(1e-4));
    assertThat(new Rate(2, 6).low()).isCloseTo(0.0968, within(1e-4));
    assertThat(new Rate(2, 6).high()).isCloseTo(0.7000, within(1e-4));
    assertThat(new Rate(0, 10).low()).isZero();
    assertThat(new Rate(0, 10).high()).isCloseTo(0.2775, within(1e-4));
    assertThat(new Rate(10, 10).high()).isEqualTo(1.0);
    assertThat(new Rate(10, 10).low()).isCloseTo(0.7225, within(1e-4));
  }

  @Test
  void twoOfSixAndFourOfSixOverlapButTenOfTenAndTwoOfTenDoNot() {
    assertThat(new Rate(2, 6).overlaps(new Rate(4, 6))).isTrue();
    assertThat(new Rate(4, 6).overlaps(new Rate(2, 6))).isTrue();
    assertThat(new Rate(10, 10).overlaps(new Rate(2, 10))).isFalse();
    assertThat(new Rate(2, 10).overlaps(new Rate(10, 10))).isFalse();
    assertThat(Rate.NONE.overlaps(new Rate(10, 10))).as("nothing measured tells nothing apart").isTrue();
    assertThat(Rate.NONE.low()).isNull();
  }
}
