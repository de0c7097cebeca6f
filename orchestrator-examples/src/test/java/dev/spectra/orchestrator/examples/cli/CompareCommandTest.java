package dev.spectra.orchestrator.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** spectra compare offline: chaos profiles over the canned model, through the real orchestrator. */
class CompareCommandTest {
  @TempDir
  Path dir;

  @BeforeEach
  void suite() throws Exception {
    Files.writeString(dir.resolve("requests.txt"), "# one request\nA service that greets people by name\n");
  }

  @Test
  void twoChaosProfilesGiveDifferentFiguresAndAReportThatShowsThem() throws Exception {
    CliRun run = CliRun.run(Map.of(), dir, "compare", "--suite", "requests.txt", "--models", "chaos:clean,chaos:small-local",
        "--runs", "3", "--no-deploy", "--out", "cmp");

    assertThat(run.exitCode()).as(run.err()).isZero();
    ComparisonReport report = ComparisonReport.fromJson(Files.readString(dir.resolve("cmp/results.json")));
    ComparisonResult clean = report.results().get(0);
    ComparisonResult smallLocal = report.results().get(1);
    assertThat(clean.model()).isEqualTo("chaos:clean");
    assertThat(clean.source()).isEqualTo(SourceKind.SYNTHETIC);
    assertThat(clean.runs()).isEqualTo(3);
    assertThat(clean.runsSucceeded()).isEqualTo(3);
    assertThat(clean.wellFormedStrict()).isEqualTo(new Rate(3, 3));
    assertThat(clean.repairs()).doesNotContainKeys("LENIENT", "REPROMPT", "RETRY");
    assertThat(smallLocal.repairs()).isNotEmpty();
    assertThat(smallLocal.wellFormedStrict().rate()).isLessThan(1.0);
    assertThat(smallLocal.tokens()).isNotEqualTo(clean.tokens());
    assertThat(clean.latencyP50Millis()).isNull();
    assertThat(smallLocal.latencyP95Millis()).isNull();
    assertThat(clean.tokensPerRun()).isPositive();
    assertThat(clean.costPerRunUsd()).as("chaos sources have no price without --price-as").isNull();

    ReportPage page = ReportPage.read(dir.resolve("cmp"));
    page.assertSelfContained();
    assertThat(page.assertBarsEqualResults()).as("a bar pair per chart whose values differ").isEven().isPositive()
        .isLessThan(2 * ReportHtml.chartedMetrics().size());
    assertThat(run.out()).contains("chaos:clean", "chaos:small-local", "synthetic", "n/a (synthetic)",
        "compares repair robustness on a canned service", "Report:  " + dir.resolve("cmp/report.html"));
    assertThat(page.text()).contains("compares repair robustness on a canned service");
    assertThat(report.verdict().text()).contains("only chaos sources were compared");
    assertThat(report.runs()).allSatisfy(r -> {
      assertThat(r.report()).as("a link relative to the comparison's folder").startsWith("runs/");
      assertThat(dir.resolve("cmp").resolve(r.report())).as("the run's report.json").isRegularFile();
      assertThat(r.durationMillis()).isNotNull();
    });
    assertThat(run.errLines()).hasSize(6).allMatch(l -> l.matches("\\[\\d/6] chaos:[a-z-]+ request 1 run \\d: .*"));
  }

  @Test
  void aSeedGivesTheSameFiguresAgain() throws Exception {
    CliRun first = CliRun.run(Map.of(), dir, "compare", "--suite", "requests.txt", "--models", "chaos:small-local",
        "--no-deploy", "--seed", "7", "--out", "a");
    CliRun second = CliRun.run(Map.of(), dir, "compare", "--suite", "requests.txt", "--models", "chaos:small-local",
        "--no-deploy", "--seed", "7", "--out", "b");

    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(second.exitCode()).as(second.err()).isZero();
    ComparisonResult a = ComparisonReport.fromJson(Files.readString(dir.resolve("a/results.json"))).results().get(0);
    ComparisonResult b = ComparisonReport.fromJson(Files.readString(dir.resolve("b/results.json"))).results().get(0);
    assertThat(b.tokens()).isEqualTo(a.tokens());
    assertThat(b.repairs()).isEqualTo(a.repairs());
    assertThat(b.wellFormedLenient()).isEqualTo(a.wellFormedLenient());
  }

  @Test
  void priceAsPricesSyntheticSources() throws Exception {
    CliRun run = CliRun.run(Map.of(), dir, "compare", "--suite", "requests.txt", "--models", "chaos:clean", "--no-deploy",
        "--price-as", "openai:gpt-4o-mini", "--out", "cmp");

    assertThat(run.exitCode()).as(run.err()).isZero();
    ComparisonResult r = ComparisonReport.fromJson(Files.readString(dir.resolve("cmp/results.json"))).results().get(0);
    double expected = (r.tokens().inputTokens() * 0.15 + r.tokens().outputTokens() * 0.60) / 1_000_000;
    assertThat(r.costPerRunUsd()).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void noIsolationIsTakenByCompareTooAndWarnsOnlyWhereBubblewrapIsUnusable() throws Exception {
    CliRun run = CliRun.run(Map.of(), dir, "compare", "--suite", "requests.txt", "--models", "chaos:clean", "--no-deploy",
        "--no-isolation", "--out", "cmp");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(ComparisonReport.fromJson(Files.readString(dir.resolve("cmp/results.json"))).results()).hasSize(1);
    if (dev.spectra.orchestrator.sandbox.Sandbox.isolationProblem().isPresent()) {
      assertThat(run.err()).contains("spectra compare: WARNING: --no-isolation: generated code will run WITHOUT a sandbox");
    } else {
      assertThat(run.err()).doesNotContain("WITHOUT a sandbox");
    }
  }

  @Test
  void badModelsAndSuitesAreUsageErrors() {
    assertThat(CliRun.run(Map.of(), dir, "compare", "--suite", "requests.txt", "--models", "chaos:stormy").errLines())
        .singleElement().asString().startsWith("spectra compare: unknown chaos profile \"stormy\"; use one of [clean, hosted, small-local]");
    assertThat(CliRun.run(Map.of(), dir, "compare", "--suite", "requests.txt", "--models", "gpt-4o").exitCode())
        .isEqualTo(SpectraCli.EXIT_USAGE);
    assertThat(CliRun.run(Map.of(), dir, "compare", "--suite", "requests.txt", "--models", "mistral:7b").errLines())
        .singleElement().asString().contains("unknown model source \"mistral\"");
    assertThat(CliRun.run(Map.of(), dir, "compare", "--suite", "requests.txt", "--models", "chaos:clean,chaos:clean").errLines())
        .singleElement().asString().contains("model chaos:clean is listed twice");
    assertThat(CliRun.run(Map.of(), dir, "compare", "--suite", "nope.txt", "--models", "chaos:clean").errLines())
        .singleElement().asString().contains("nope.txt does not exist");
    assertThat(CliRun.run(Map.of(), dir, "compare", "--suite", "requests.txt", "--models", "replay:missing.json").exitCode())
        .isEqualTo(SpectraCli.EXIT_USAGE);
    assertThat(Files.exists(dir.resolve("out"))).isFalse();
  }
}
