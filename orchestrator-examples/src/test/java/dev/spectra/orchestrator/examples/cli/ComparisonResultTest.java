package dev.spectra.orchestrator.examples.cli;

import static dev.spectra.orchestrator.examples.cli.Observations.quality;
import static dev.spectra.orchestrator.examples.cli.Observations.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spectra.orchestrator.Activity;
import dev.spectra.orchestrator.RunEvent.Repaired.Kind;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComparisonResultTest {
  @Test
  void strictLenientAndRepairedPlansAreCountedSeparately() {
    List<RunObservation> runs = List.of(
        run().observe(0, 1),                                              // clean: strict, lenient, obtained
        run().repaired(Activity.PLAN, Kind.LENIENT).observe(0, 2),        // fenced: lenient, obtained
        run().repaired(Activity.PLAN, Kind.LENIENT).repaired(Activity.PLAN, Kind.REPROMPT).observe(1, 1), // obtained only
        run().failed(Activity.PLAN, "ModelOutputException").observe(1, 2), // attempted, never obtained
        run().repaired(Activity.BUILD, Kind.CODE_UNWRAP).repaired(Activity.PLAN, Kind.RETRY).observe(2, 1), // plan strict
        run().failed(Activity.PLAN, "AuthenticationException").observe(2, 2)); // not about the reply: left out

    ComparisonResult r = ComparisonResult.of("chaos:small-local", SourceKind.SYNTHETIC, runs);

    assertThat(r.wellFormedStrict()).isEqualTo(new Rate(2, 5));
    assertThat(r.wellFormedLenient()).isEqualTo(new Rate(3, 5));
    assertThat(r.successAfterRepair()).isEqualTo(new Rate(4, 5));
    assertThat(r.runs()).isEqualTo(6);
    assertThat(r.runsSucceeded()).isEqualTo(4);
    assertThat(r.repairs()).isEqualTo(Map.of("LENIENT", 2, "REPROMPT", 1, "CODE_UNWRAP", 1, "RETRY", 1));
    assertThat(r.failures()).isEqualTo(Map.of("ModelOutputException", 1, "AuthenticationException", 1));
  }

  @Test
  void testsQualityTokensAndCostAreSummedOverRuns() {
    List<RunObservation> runs = List.of(
        run().tests(3, 1, quality(80, "B")).usage(1000, 200, "0.0010").observe(0, 1),
        run().tests(4, 0, quality(92, "A")).usage(3000, 400, "0.0030").observe(0, 2),
        run().tests(2, 2, quality(60, "D")).usage(2000, 400, "0.0020").observe(0, 3),
        run().testsSkipped().usage(0, 0, "0").observe(0, 4));

    ComparisonResult r = ComparisonResult.of("openai:gpt-4o-mini", SourceKind.REPLAYED, runs);

    assertThat(r.testsPassed()).isEqualTo(new Rate(9, 12));
    assertThat(r.qualityScore()).isCloseTo((80 + 92 + 60) / 3.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(r.qualityGrade()).isEqualTo("B");
    assertThat(r.tokens().inputTokens()).isEqualTo(6000);
    assertThat(r.tokens().outputTokens()).isEqualTo(1000);
    assertThat(r.tokensPerRun()).isEqualTo(1750.0);
    assertThat(r.cost().knownUsd()).isEqualByComparingTo("0.0060");
    assertThat(r.costPerRunUsd()).isEqualTo(0.0015);
  }

  @Test
  void anUnknownPriceMakesTheCostPerRunUnknownNotFree() {
    ComparisonResult r = ComparisonResult.of("ollama:x", SourceKind.LIVE,
        List.of(run().usage(10, 10, "0.5").observe(0, 1), run().usage(10, 10, null).observe(0, 2)));

    assertThat(r.cost().complete()).isFalse();
    assertThat(r.costPerRunUsd()).isNull();
  }

  @Test
  void latencyIsMeasuredForLiveSourcesOnlyWithNearestRankPercentiles() {
    List<RunObservation> runs = List.of(
        run().latencies(100, 300, 200, 900, 400).observe(0, 1),
        run().latencies(500, 600, 700, 800, 1000).observe(0, 2));

    ComparisonResult live = ComparisonResult.of("openai:gpt-4o-mini", SourceKind.LIVE, runs);
    ComparisonResult replayed = ComparisonResult.of("replay:demo", SourceKind.REPLAYED, runs);

    assertThat(live.latencyP50Millis()).isEqualTo(500.0);
    assertThat(live.latencyP95Millis()).isEqualTo(1000.0);
    assertThat(replayed.latencyP50Millis()).isNull();
    assertThat(replayed.latencyP95Millis()).isNull();
  }

  @Test
  void nothingMeasuredIsNotAZeroRate() {
    ComparisonResult r = ComparisonResult.of("chaos:clean", SourceKind.SYNTHETIC,
        List.of(run().failed(Activity.PLAN, "AuthenticationException").observe(0, 1)));

    assertThat(r.wellFormedStrict().rate()).isNull();
    assertThat(r.testsPassed().rate()).isNull();
    assertThat(r.qualityScore()).isNull();
    assertThat(r.runSuccess().rate()).isEqualTo(0.0);
  }

  @Test
  void percentilesRejectBadInput() {
    assertThatThrownBy(() -> ComparisonResult.percentileMillis(List.of(), 50))
        .hasMessage("durations must not be empty");
    assertThatThrownBy(() -> ComparisonResult.percentileMillis(List.of(Duration.ZERO), 0))
        .hasMessage("percentile must be within 1..100, but was 0");
    assertThat(ComparisonResult.percentileMillis(List.of(Duration.ofMillis(7)), 95)).isEqualTo(7.0);
  }

  @Test
  void aRateCannotCountMoreThanItsTotal() {
    assertThatThrownBy(() -> new Rate(3, 2)).hasMessage("a rate needs 0 <= count <= total, but was 3/2");
  }
}
