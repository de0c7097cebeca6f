package dev.spectra.orchestrator.examples.cli;

import static dev.spectra.orchestrator.examples.cli.Observations.quality;
import static dev.spectra.orchestrator.examples.cli.Observations.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spectra.orchestrator.Activity;
import dev.spectra.orchestrator.examples.cli.ReportHtmlTest.FakeSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens report.html in headless Chromium and reads the page Chromium built ({@code --dump-dom}): the verdict, the
 * intervals, the per-request matrix and the run links a reader sees, on a comparison with a clear winner and on one
 * whose intervals overlap.
 */
class ReportChromiumTest {
  @TempDir
  Path dir;

  @Test
  void aClearWinnerIsNamedWithItsInterval() throws Exception {
    Chromium.require();
    // gpt-4o-mini succeeds 10 of 10 times, mistral 2 of 10: the 95 % intervals (72-100 % and 6-51 %) do not overlap
    ComparisonReport report = compare("clear", 5,
        new FakeSource("openai:gpt-4o-mini", SourceKind.LIVE, (req, run) -> run().tests(4, 0, quality(90, "A"))
            .usage(4000, 1500, "0.0015").latencies(800)),
        new FakeSource("ollama:mistral", SourceKind.LIVE, (req, run) -> (run == 1
            ? run().tests(4, 0, quality(70, "C")) : run().failed(Activity.TEST, "TESTS_FAILED").tests(1, 3))
            .usage(6000, 2500, "0").latencies(2500)));

    String dom = Chromium.dumpDom(dir.resolve("clear/report.html"), dir);

    String verdict = text(element(dom, "section", "verdict"));
    assertThat(verdict).contains("Use openai:gpt-4o-mini", "10/10 (72\u2013100 %)", "ollama:mistral", "2/10 (6\u201351 %)",
        "do not overlap");
    assertThat(verdict).doesNotContain(Verdict.TOO_FEW_RUNS);
    assertThat(element(dom, "section", "verdict")).contains("class=\"clear\"");
    String matrix = text(element(dom, "table", "matrix"));
    assertThat(matrix).contains("1. A hello service", "2. A todo API", "5/5", "1/5");
    String summary = text(element(dom, "table", "summary"));
    assertThat(summary).contains("cost/successful run", "$0.0015", "$0.0000");
    assertThat(report.results().get(0).costPerSuccessUsd()).isEqualTo(0.0015);
    assertThat(dom).contains("id=\"chart-runSuccess-rate\"", "id=\"chart-latencyP50Millis\"")
        .as("identical values are not charted").doesNotContain("id=\"chart-wellFormedStrict-rate\"");
    assertThat(text(dom)).contains("Not charted, as every model has the same value");
  }

  @Test
  void overlappingIntervalsSayTooFewRunsToTell() throws Exception {
    Chromium.require();
    // 4/6 against 2/6: 30-90 % and 10-70 % overlap; the cheaper one per successful run is named, not declared the winner
    compare("overlap", 3,
        new FakeSource("openai:gpt-4o-mini", SourceKind.LIVE, (req, run) -> (run == 3
            ? run().failed(Activity.TEST, "TESTS_FAILED").tests(1, 1) : run().tests(2, 0)).usage(4000, 1500, "0.002")),
        new FakeSource("replay:local.json", SourceKind.REPLAYED, (req, run) -> (run == 1
            ? run().tests(2, 0) : run().failed(Activity.PLAN, "ModelOutputException")).usage(4000, 1500, "0.002")));

    String dom = Chromium.dumpDom(dir.resolve("overlap/report.html"), dir);

    String verdict = text(element(dom, "section", "verdict"));
    assertThat(verdict).contains(Verdict.TOO_FEW_RUNS + " openai:gpt-4o-mini, replay:local.json apart by success",
        "4/6 (30\u201390 %)", "2/6 (10\u201370 %)", "openai:gpt-4o-mini costs least per successful run ($0.0030 against $0.0060 for replay:local.json)",
        "More runs (--runs N)");
    assertThat(verdict).doesNotContain("Use ");
    assertThat(element(dom, "section", "verdict")).contains("class=\"open\"");
    String runs = text(element(dom, "table", "runs"));
    assertThat(runs).contains("ModelOutputException", "3.0 s");
    assertThat(text(element(dom, "table", "matrix"))).contains("2/3", "1/3");
  }

  private ComparisonReport compare(String name, int runs, RunSource... sources) throws Exception {
    Path suite = dir.resolve(name + "-requests.txt");
    Files.writeString(suite, "A hello service\nA todo API\n");
    Comparison.Builder b = Comparison.builder().suite(RequestSuite.read(suite)).runs(runs)
        .outputDirectory(dir.resolve(name)).clock(Clock.fixed(Observations.T0, ZoneOffset.UTC));
    for (RunSource s : sources) {
      b.source(s);
    }
    return b.build().run();
  }

  /** The outer HTML of the first {@code <tag id="id">} in the dumped DOM (these tags are not nested in themselves). */
  static String element(String dom, String tag, String id) {
    Matcher m = Pattern.compile("<" + tag + "\\b[^>]*\\bid=\"" + Pattern.quote(id) + "\"[^>]*>.*?</" + tag + ">", Pattern.DOTALL)
        .matcher(dom);
    assertThat(m.find()).as("<%s id=%s> in the rendered page", tag, id).isTrue();
    return m.group();
  }

  /** The text of serialized HTML: tags dropped, entities decoded, white space collapsed. */
  static String text(String html) {
    return html.replaceAll("(?s)<style.*?</style>", " ").replaceAll("<[^>]+>", " ").replace("&lt;", "<")
        .replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&")
        .replaceAll("\\s+", " ").strip();
  }
}
