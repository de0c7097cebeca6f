package dev.spectra.orchestrator.examples.compare;

import dev.spectra.orchestrator.internal.Checks;
import java.math.RoundingMode;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Renders a {@link ComparisonReport} as one self-contained HTML page with inline SVG bar charts: no script, no
 * external style sheet, font or image, nothing fetched from the network. The page is also well-formed XML, so that
 * tools (and tests) can parse it.
 *
 * <p>Every bar is an SVG {@code rect} carrying {@code data-model}, {@code data-metric} (the field's path in
 * {@code results.json}, e.g. {@code wellFormedStrict.rate}) and {@code data-value} (the same number as in
 * results.json, or {@code n/a}), so that a chart can be checked against the data it claims to show.
 *
 * <p>A pure function of the report: the same report always gives the same page.
 */
public final class ReportHtml {
  private static final String[] PALETTE = {
      "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"};
  private static final int LABEL_WIDTH = 230;
  private static final int BAR_AREA = 400;
  private static final int ROW = 30;
  private static final int WIDTH = LABEL_WIDTH + BAR_AREA + 130;

  /** The charts of the page, in order; {@code path} is the field's path in a results.json result. */
  static final List<Chart> CHARTS = List.of(
      Chart.rate("runSuccess.rate", "Runs succeeded", "succeeded", "runs whose outcome was SUCCEEDED, out of runs made",
          ComparisonResult::runSuccess),
      Chart.rate("wellFormedStrict.rate", "Plan well-formed on the first try (strict)", "strict",
          "the first plan reply was valid JSON and validated with no repair at all", ComparisonResult::wellFormedStrict),
      Chart.rate("wellFormedLenient.rate", "Plan well-formed on the first try (lenient)", "lenient",
          "the first plan reply was accepted after lenient extraction (ModelJson), without a re-prompt",
          ComparisonResult::wellFormedLenient),
      Chart.rate("successAfterRepair.rate", "Plan obtained after repair", "after repair",
          "a valid plan was obtained at all, re-prompts with the listed errors included", ComparisonResult::successAfterRepair),
      Chart.rate("testsPassed.rate", "Generated tests passed", "tests passed",
          "tests passed out of tests run, after the fix loop; runs whose Test step was skipped count nothing",
          ComparisonResult::testsPassed),
      new Chart("qualityScore", "Quality score", "quality", "mean SPECTRA quality score from 0 to 100; the median run's grade in brackets",
          ComparisonResult::qualityScore, r -> 100.0,
          (r, v) -> fixed(v, 1) + (r.qualityGrade() == null ? "" : " (" + r.qualityGrade() + ")"), r -> "n/a (not graded)"),
      new Chart("tokensPerRun", "Tokens per run", "tokens/run", "input plus output tokens, mean over runs",
          ComparisonResult::tokensPerRun, null, (r, v) -> String.format(Locale.ROOT, "%,.0f", v), r -> "n/a"),
      new Chart("costPerRunUsd", "Cost per run (USD)", "cost/run", "mean USD per run at the price table's prices",
          ComparisonResult::costPerRunUsd, null,
          (r, v) -> "$" + new java.math.BigDecimal(v).setScale(4, RoundingMode.HALF_UP).toPlainString(),
          r -> r.runs() == 0 ? "n/a" : "unknown price"),
      new Chart("latencyP50Millis", "Model call latency p50 (ms)", "p50", "median wall time of one model call; live sources only",
          ComparisonResult::latencyP50Millis, null, (r, v) -> fixed(v, 0) + " ms", ReportHtml::latencyMissing),
      new Chart("latencyP95Millis", "Model call latency p95 (ms)", "p95", "95th percentile wall time of one model call; live sources only",
          ComparisonResult::latencyP95Millis, null, (r, v) -> fixed(v, 0) + " ms", ReportHtml::latencyMissing));

  private ReportHtml() {}

  /** The field paths (in a results.json result) that the page charts, in page order. */
  public static List<String> chartedMetrics() {
    return CHARTS.stream().map(Chart::path).toList();
  }

  /** The page for this report. */
  public static String render(ComparisonReport report) {
    Checks.notNull(report, "report");
    StringBuilder h = new StringBuilder(16_384);
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
        .append("<title>SPECTRA model comparison</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
    h.append("<h1>SPECTRA model comparison</h1>\n<p class=\"meta\">Suite <code>").append(esc(report.suite()))
        .append("</code>: ").append(report.requests().size()).append(report.requests().size() == 1 ? " request" : " requests")
        .append(" \u00d7 ").append(report.runsPerRequest()).append(report.runsPerRequest() == 1 ? " run" : " runs")
        .append(" per model; finished ")
        .append(esc(DateTimeFormatter.ISO_LOCAL_DATE_TIME.withZone(ZoneOffset.UTC).format(report.createdAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS))))
        .append(" UTC.</p>\n");
    requests(h, report);
    summary(h, report);
    for (Chart chart : CHARTS) {
      chart(h, chart, report.results());
    }
    runs(h, report);
    h.append("<p class=\"meta\">Replayed and synthetic sources do not call a model over the network: their latency is shown"
        + " as n/a. The plan is the typed reply measured for well-formedness.</p>\n");
    h.append("</body>\n</html>\n");
    return h.toString();
  }

  private static void requests(StringBuilder h, ComparisonReport report) {
    h.append("<h2>Requests</h2>\n<ol class=\"requests\">\n");
    for (String r : report.requests()) {
      h.append("<li>").append(esc(r)).append("</li>\n");
    }
    h.append("</ol>\n");
  }

  private static void summary(StringBuilder h, ComparisonReport report) {
    h.append("<h2>Summary</h2>\n<table class=\"summary\">\n<thead><tr><th>model</th><th>source</th><th>runs</th>");
    for (Chart c : CHARTS) {
      h.append("<th title=\"").append(esc(c.title())).append("\">").append(esc(c.column())).append("</th>");
    }
    h.append("<th>tokens</th><th>cost</th><th>repairs</th><th>failures</th></tr></thead>\n<tbody>\n");
    List<ComparisonResult> results = report.results();
    for (int i = 0; i < results.size(); i++) {
      ComparisonResult r = results.get(i);
      h.append("<tr><td><span class=\"swatch\" style=\"background:").append(colour(i)).append("\"></span>")
          .append(esc(r.model())).append("</td><td><span class=\"badge ").append(r.source().label()).append("\">")
          .append(r.source().label()).append("</span></td><td>").append(r.runs()).append("</td>");
      for (Chart c : CHARTS) {
        h.append("<td>").append(esc(c.label(r))).append("</td>");
      }
      h.append("<td>").append(String.format(Locale.ROOT, "%,d in, %,d out", r.tokens().inputTokens(), r.tokens().outputTokens()))
          .append("</td>")
          .append("<td>").append(esc(r.cost().toString())).append("</td>")
          .append("<td>").append(esc(counts(r.repairs()))).append("</td>")
          .append("<td>").append(esc(counts(r.failures()))).append("</td></tr>\n");
    }
    h.append("</tbody>\n</table>\n");
  }

  private static void chart(StringBuilder h, Chart chart, List<ComparisonResult> results) {
    double max = 0;
    for (ComparisonResult r : results) {
      Double v = chart.value().apply(r);
      max = v == null ? max : Math.max(max, v);
    }
    Function<ComparisonResult, Double> scale = chart.scaleMax();
    int height = Math.max(1, results.size()) * ROW + 10;
    h.append("<section class=\"chart\" id=\"chart-").append(esc(chart.path().replace('.', '-'))).append("\">\n<h3>")
        .append(esc(chart.title())).append("</h3>\n<p class=\"hint\">").append(esc(chart.hint())).append("</p>\n")
        .append("<svg class=\"bars\" width=\"").append(WIDTH).append("\" height=\"").append(height)
        .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height).append("\" role=\"img\" aria-label=\"")
        .append(esc(chart.title())).append("\">\n");
    for (int i = 0; i < results.size(); i++) {
      ComparisonResult r = results.get(i);
      Double v = chart.value().apply(r);
      double full = scale == null ? max : scale.apply(r);
      int y = 5 + i * ROW;
      int w = v == null || full <= 0 ? 0 : (int) Math.round(Math.min(1.0, v / full) * BAR_AREA);
      h.append("<text x=\"").append(LABEL_WIDTH - 8).append("\" y=\"").append(y + 18)
          .append("\" text-anchor=\"end\" class=\"label\">").append(esc(r.model())).append(" (").append(r.source().label())
          .append(")</text>\n");
      h.append("<rect x=\"").append(LABEL_WIDTH).append("\" y=\"").append(y + 3).append("\" width=\"").append(w)
          .append("\" height=\"").append(ROW - 8).append("\" fill=\"").append(colour(i)).append('"')
          .append(v == null ? " class=\"na\"" : "")
          .append(" data-model=\"").append(esc(r.model())).append("\" data-metric=\"").append(esc(chart.path()))
          .append("\" data-value=\"").append(v == null ? "n/a" : Double.toString(v)).append("\"><title>")
          .append(esc(r.model() + ": " + chart.label(r))).append("</title></rect>\n");
      h.append("<text x=\"").append(LABEL_WIDTH + w + 6).append("\" y=\"").append(y + 18).append("\" class=\"value")
          .append(v == null ? " na" : "").append("\">").append(esc(chart.label(r))).append("</text>\n");
    }
    h.append("</svg>\n</section>\n");
  }

  private static void runs(StringBuilder h, ComparisonReport report) {
    h.append("<h2>Runs</h2>\n<table class=\"runs\">\n<thead><tr><th>model</th><th>request</th><th>run</th><th>outcome</th>")
        .append("<th>failure</th><th>tokens</th><th>cost</th><th>workspace</th></tr></thead>\n<tbody>\n");
    for (RunSummary s : report.runs()) {
      h.append("<tr class=\"").append(s.outcome().name().toLowerCase(Locale.ROOT)).append("\"><td>").append(esc(s.model()))
          .append("</td><td>").append(s.requestIndex() + 1).append("</td><td>").append(s.run()).append("</td><td>")
          .append(s.outcome()).append("</td><td>")
          .append(s.failureType() == null ? "" : esc(s.failureType() + ": " + s.failureMessage())).append("</td><td>")
          .append(s.tokens() == null ? 0 : s.tokens().totalTokens()).append("</td><td>")
          .append(s.cost() == null ? "" : esc(s.cost().toString())).append("</td><td><code>")
          .append(s.workspace() == null ? "" : esc(s.workspace())).append("</code></td></tr>\n");
    }
    h.append("</tbody>\n</table>\n");
  }

  private static String latencyMissing(ComparisonResult r) {
    return r.source() == SourceKind.LIVE ? "n/a (no model call)" : "n/a (" + r.source().label() + ")";
  }

  private static String counts(Map<String, Integer> counts) {
    if (counts.isEmpty()) {
      return "none";
    }
    StringBuilder b = new StringBuilder();
    counts.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append(' ').append(v));
    return b.toString();
  }

  private static String colour(int i) {
    return PALETTE[i % PALETTE.length];
  }

  private static String fixed(double v, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  /** Escapes text for an XML/HTML text node or a double-quoted attribute; drops characters XML cannot hold. */
  static String esc(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> {
          if (c >= 0x20 || c == '\n' || c == '\t' || c == '\r') {
            if (c != 0xFFFE && c != 0xFFFF) {
              b.append(c);
            }
          }
        }
      }
    }
    return b.toString();
  }

  /**
   * One bar chart.
   *
   * @param path the field's path in a results.json result, written as {@code data-metric}
   * @param title the chart's heading
   * @param column the short heading of its column in the summary table
   * @param hint what the figure means
   * @param value the figure, or {@code null} for n/a
   * @param scaleMax the value a full-width bar stands for, or {@code null} for the largest value shown
   * @param format the label of a present value
   * @param missing the label of an absent value
   */
  record Chart(String path, String title, String column, String hint, Function<ComparisonResult, Double> value,
      Function<ComparisonResult, Double> scaleMax, java.util.function.BiFunction<ComparisonResult, Double, String> format,
      Function<ComparisonResult, String> missing) {

    static Chart rate(String path, String title, String column, String hint, Function<ComparisonResult, Rate> rate) {
      return new Chart(path, title, column, hint, r -> rate.apply(r).rate(), r -> 1.0,
          (r, v) -> fixed(v * 100, 1) + " % (" + rate.apply(r).count() + "/" + rate.apply(r).total() + ")",
          r -> "n/a (nothing measured)");
    }

    String label(ComparisonResult r) {
      Double v = value.apply(r);
      return v == null ? missing.apply(r) : format.apply(r, v);
    }
  }

  private static final String CSS = String.join("\n",
      "body { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; margin: 24px 32px; color: #222;"
          + " background: #fff; }",
      "h1 { font-size: 24px; margin-bottom: 4px; }",
      "h2 { font-size: 19px; margin-top: 28px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }",
      "h3 { font-size: 15px; margin: 18px 0 2px; }",
      ".meta, .hint { color: #555; font-size: 13px; margin: 2px 0 6px; }",
      "table { border-collapse: collapse; font-size: 12px; }",
      "th, td { border: 1px solid #ddd; padding: 4px 6px; text-align: left; vertical-align: top; }",
      "th { background: #f4f4f4; }",
      "tr.failed td { background: #fdf0f0; }",
      ".swatch { display: inline-block; width: 10px; height: 10px; margin-right: 6px; border-radius: 2px; }",
      ".badge { border-radius: 3px; padding: 1px 5px; font-size: 11px; color: #fff; }",
      ".badge.live { background: #2b7a2b; }",
      ".badge.replayed { background: #555fa8; }",
      ".badge.synthetic { background: #8a5a00; }",
      "svg.bars text { font-size: 12px; fill: #222; }",
      "svg.bars text.na { fill: #888; font-style: italic; }",
      "code { font-size: 12px; }",
      "");
}
