package dev.spectra.orchestrator.examples.cli;

import static dev.spectra.orchestrator.examples.cli.Observations.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spectra.orchestrator.Activity;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerdictTest {
  /** {@code succeeded} of {@code runs} runs of one request, each costing {@code usd} (null: unknown price). */
  static ComparisonResult model(String label, SourceKind kind, int succeeded, int runs, String usd, long latency) {
    List<RunObservation> obs = new ArrayList<>();
    for (int i = 1; i <= runs; i++) {
      Observations o = i <= succeeded ? run() : run().failed(Activity.TEST, "TESTS_FAILED");
      obs.add(o.usage(100, 100, usd).latencies(latency).observe(0, i));
    }
    return ComparisonResult.of(label, kind, obs);
  }

  @Test
  void aWinnerWhoseIntervalIsAboveTheRestIsClear() {
    Verdict v = Verdict.of(List.of(
        model("ollama:mistral", SourceKind.LIVE, 2, 10, "0", 900),
        model("openai:gpt-4o-mini", SourceKind.LIVE, 10, 10, "0.01", 700)));

    assertThat(v.clear()).isTrue();
    assertThat(v.leader()).isEqualTo("openai:gpt-4o-mini");
    assertThat(v.decidedBy()).isEqualTo("success");
    assertThat(v.text()).startsWith("Use openai:gpt-4o-mini").contains("ollama:mistral, with 2/10");
  }

  @Test
  void overlappingIntervalsAreTooFewRunsAndCostPerSuccessRanksTheTiedModels() {
    Verdict v = Verdict.of(List.of(
        model("a", SourceKind.LIVE, 4, 6, "0.010", 500),
        model("b", SourceKind.LIVE, 2, 6, "0.001", 500)));

    assertThat(v.clear()).isFalse();
    assertThat(v.tied()).containsExactly("a", "b");
    assertThat(v.text()).startsWith(Verdict.TOO_FEW_RUNS + " a, b apart by success");
    // a: 0.06 / 4 = 0.015 per success; b: 0.006 / 2 = 0.003: b costs less per working service
    assertThat(v.leader()).as("success cannot separate them, so cost per success does").isEqualTo("b");
    assertThat(v.decidedBy()).isEqualTo("cost per successful run");
    assertThat(v.text()).contains("b costs least per successful run ($0.0030 against $0.0150 for a)");
  }

  @Test
  void withEqualSuccessTheCheaperPerSuccessLeadsThenTheFaster() {
    Verdict cheaper = Verdict.of(List.of(
        model("a", SourceKind.LIVE, 3, 4, "0.02", 500),
        model("b", SourceKind.LIVE, 3, 4, "0.01", 900)));
    Verdict faster = Verdict.of(List.of(
        model("a", SourceKind.LIVE, 3, 4, "0.01", 900),
        model("b", SourceKind.LIVE, 3, 4, "0.01", 500)));

    assertThat(cheaper.leader()).isEqualTo("b");
    assertThat(cheaper.decidedBy()).isEqualTo("cost per successful run");
    assertThat(cheaper.text()).contains("b costs least per successful run ($0.0133 against $0.0267 for a)");
    assertThat(faster.leader()).isEqualTo("b");
    assertThat(faster.decidedBy()).isEqualTo("latency");
    assertThat(faster.text()).contains("b answers fastest (p50 500 ms against 900 ms for a)");
    Verdict even = Verdict.of(List.of(
        model("a", SourceKind.REPLAYED, 2, 4, null, 0),
        model("b", SourceKind.REPLAYED, 3, 4, null, 0)));
    assertThat(even.leader()).as("nothing but the success count left").isEqualTo("b");
    assertThat(even.decidedBy()).isEqualTo("nothing");
    assertThat(even.text()).contains("do not separate them either");
  }

  @Test
  void chaosSourcesAreNotRankedAgainstRealModels() {
    Verdict v = Verdict.of(List.of(
        model("chaos:clean", SourceKind.SYNTHETIC, 10, 10, "0", 0),
        model("openai:gpt-4o-mini", SourceKind.LIVE, 3, 10, "0.01", 700),
        model("ollama:mistral", SourceKind.LIVE, 9, 10, "0", 700)));

    assertThat(v.leader()).isEqualTo("ollama:mistral");
    assertThat(v.text()).doesNotContain("chaos:clean");
    Verdict only = Verdict.of(List.of(model("chaos:clean", SourceKind.SYNTHETIC, 10, 10, "0", 0)));
    assertThat(only.text()).contains("only chaos sources were compared", "repair robustness on a canned service");
  }
}
