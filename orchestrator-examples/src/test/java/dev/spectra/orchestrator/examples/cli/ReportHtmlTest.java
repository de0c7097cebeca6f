package dev.spectra.orchestrator.examples.cli;

import static dev.spectra.orchestrator.examples.cli.Observations.quality;
import static dev.spectra.orchestrator.examples.cli.Observations.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spectra.orchestrator.Activity;
import dev.spectra.orchestrator.RunEvent.Repaired.Kind;
import dev.spectra.orchestrator.ServiceRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

class ReportHtmlTest {
  @TempDir
  Path dir;

  /** A source whose runs are made up by a function of (request index, run). */
  record FakeSource(String label, SourceKind kind, BiFunction<Integer, Integer, Observations> runs) implements RunSource {
    @Override
    public RunObservation run(ServiceRequest request, int requestIndex, int run, Path workspace) {
      return runs.apply(requestIndex, run).observe(requestIndex, run);
    }
  }

  static ComparisonReport compare(Path out, String suiteText) throws Exception {
    Path suite = out.resolveSibling(out.getFileName() + "-requests.txt");
    Files.writeString(suite, suiteText);
    return Comparison.builder()
        .suite(RequestSuite.read(suite))
        .source(new FakeSource("openai:gpt-4o-mini", SourceKind.LIVE, (req, run) -> run()
            .tests(5, run - 1, quality(88, "B")).usage(4000, 1500, "0.0015").latencies(700 + run * 10L, 1800)))
        .source(new FakeSource("replay:demo", SourceKind.REPLAYED, (req, run) -> run()
            .tests(5, 0, quality(93.5, "A")).usage(3900, 1400, "0.00143").latencies(1)))
        .source(new FakeSource("chaos:small-local", SourceKind.SYNTHETIC, (req, run) -> (run == 2
            ? run().failed(Activity.PLAN, "ModelOutputException")
            : run().repaired(Activity.PLAN, Kind.LENIENT).tests(3, 2, quality(61, "D"))).usage(5000, 2500, null)))
        .runs(3)
        .outputDirectory(out)
        .clock(Clock.fixed(Observations.T0, ZoneOffset.UTC))
        .build()
        .run();
  }

  @Test
  void thePageIsWellFormedSelfContainedAndItsChartsShowResultsJson() throws Exception {
    ComparisonReport report = compare(dir.resolve("cmp"), "# suite\nA hello service\n\nA todo API with <b>bold</b> & {{x}} 'quotes'\n");

    ReportPage page = ReportPage.read(dir.resolve("cmp"));

    page.assertSelfContained();
    int bars = page.assertBarsEqualResults();
    long charted = ReportHtml.CHARTS.stream().filter(c -> ReportHtml.differs(c, report.results())).count();
    assertThat(bars).isEqualTo(charted * 3);
    assertThat(charted).as("charts whose values differ in this fixture").isGreaterThanOrEqualTo(5);
    assertThat(ComparisonReport.fromJson(ReportPage.read(dir.resolve("cmp"), "results.json"))).isEqualTo(report);
    assertThat(page.text()).contains("A todo API with <b>bold</b> & {{x}} 'quotes'");
    assertThat(page.document.getElementsByTagName("b").getLength()).isZero();
  }

  @Test
  void replayedAndSyntheticSourcesAreLabelledAndTheirLatencyIsNotApplicable() throws Exception {
    compare(dir.resolve("cmp"), "A hello service\n");

    ReportPage page = ReportPage.read(dir.resolve("cmp"));

    for (Element bar : page.bars()) {
      if (bar.getAttribute("data-metric").startsWith("latency")) {
        boolean live = bar.getAttribute("data-model").equals("openai:gpt-4o-mini");
        assertThat(bar.getAttribute("data-value")).as(bar.getAttribute("data-model"))
            .matches(live ? "[0-9.]+" : "n/a");
      }
    }
    assertThat(page.text()).contains("n/a (replayed)", "n/a (synthetic)", "replay:demo (replayed)",
        "chaos:small-local (synthetic)", "openai:gpt-4o-mini (live)");
    assertThat(page.resultValue("openai:gpt-4o-mini", "latencyP95Millis").asDouble()).isEqualTo(1800.0);
    assertThat(page.resultValue("replay:demo", "latencyP50Millis").isNull()).isTrue();
  }

  @Test
  void theFiguresDifferWhereTheRunsDiffered() throws Exception {
    ComparisonReport report = compare(dir.resolve("cmp"), "one\ntwo\n");

    List<ComparisonResult> r = report.results();
    assertThat(r).extracting(ComparisonResult::model).containsExactly("openai:gpt-4o-mini", "replay:demo", "chaos:small-local");
    assertThat(r.get(2).wellFormedStrict()).isEqualTo(new Rate(0, 6));
    assertThat(r.get(2).wellFormedLenient()).isEqualTo(new Rate(4, 6));
    assertThat(r.get(2).costPerRunUsd()).isNull();
    assertThat(r.get(0).testsPassed()).isEqualTo(new Rate(30, 36));
    assertThat(report.runs()).hasSize(18);
    assertThat(Files.isDirectory(dir.resolve("cmp"))).isTrue();
  }

  @Test
  void theSameReportAlwaysGivesTheSamePage() throws Exception {
    ComparisonReport report = compare(dir.resolve("cmp"), "one\n");

    assertThat(ReportHtml.render(report)).isEqualTo(ReportPage.read(dir.resolve("cmp"), "report.html"));
  }
}
