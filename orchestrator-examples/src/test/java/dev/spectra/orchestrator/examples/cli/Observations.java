package dev.spectra.orchestrator.examples.cli;

import dev.spectra.orchestrator.Activity;
import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.FileSpec;
import dev.spectra.orchestrator.QualityReport;
import dev.spectra.orchestrator.RunEvent;
import dev.spectra.orchestrator.RunReport;
import dev.spectra.orchestrator.TestReport;
import dev.spectra.orchestrator.Usage;
import dev.spectra.orchestrator.cost.Cost;
import dev.spectra.orchestrator.cost.Totals;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds run observations by hand, for tests of the figures and the page. */
final class Observations {
  static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
  static final ArchitecturePlan PLAN = new ArchitecturePlan("hello", "says hello", "python-fastapi", "app.main:app",
      List.of(FileSpec.of("app/main.py", "the app")), List.of(), List.of("fastapi"));

  private RunReport.Outcome outcome = RunReport.Outcome.SUCCEEDED;
  private RunReport.Failure failure;
  private boolean plan = true;
  private TestReport test;
  private Usage usage = Usage.ZERO;
  private Cost cost = Cost.ZERO;
  private final List<RunEvent.Repaired> repairs = new ArrayList<>();
  private final List<Duration> latencies = new ArrayList<>();

  static Observations run() {
    return new Observations();
  }

  Observations failed(Activity activity, String type) {
    outcome = RunReport.Outcome.FAILED;
    failure = new RunReport.Failure(activity, type, type + " happened");
    plan = activity != Activity.PLAN;
    return this;
  }

  Observations repaired(Activity activity, RunEvent.Repaired.Kind kind) {
    repairs.add(new RunEvent.Repaired("run-1", T0, activity, "", kind, List.of("fence")));
    return this;
  }

  Observations tests(int passed, int failed) {
    return tests(passed, failed, null);
  }

  Observations tests(int passed, int failed, QualityReport quality) {
    List<TestReport.TestCase> cases = new ArrayList<>();
    for (int i = 0; i < passed; i++) {
      cases.add(new TestReport.TestCase("tests/test_main.py::test_ok_" + i, TestReport.Outcome.PASSED, ""));
    }
    for (int i = 0; i < failed; i++) {
      cases.add(new TestReport.TestCase("tests/test_main.py::test_bad_" + i, TestReport.Outcome.FAILED, "assert 1 == 2"));
    }
    test = new TestReport(failed == 0 ? TestReport.Status.PASSED : TestReport.Status.FAILED, cases, quality, List.of(), null,
        "/usr/bin/python3 (3.11)");
    return this;
  }

  Observations testsSkipped() {
    test = TestReport.skipped("no Python with pytest found; apt-get install python3-pytest");
    return this;
  }

  Observations usage(long in, long out, String usd) {
    usage = Usage.of(in, out);
    cost = usd == null ? Cost.UNKNOWN : Cost.usd(new BigDecimal(usd));
    return this;
  }

  Observations latencies(long... millis) {
    for (long m : millis) {
      latencies.add(Duration.ofMillis(m));
    }
    return this;
  }

  static QualityReport quality(double score, String grade) {
    return new QualityReport(score, grade, 70, List.of());
  }

  RunObservation observe(int requestIndex, int run) {
    RunReport report = new RunReport(RunReport.SCHEMA_VERSION, "run-" + requestIndex + "-" + run, outcome, failure,
        "/tmp/ws", List.of(), plan ? PLAN : null, null, test, null, null, new Totals(1, usage, cost), Map.of(), Map.of(),
        Map.of(), T0, T0.plusSeconds(3), "a request", List.of(), Map.of());
    return new RunObservation(requestIndex, run, report, repairs, latencies);
  }
}
