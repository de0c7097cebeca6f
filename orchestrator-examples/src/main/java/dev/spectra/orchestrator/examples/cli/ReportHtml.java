package dev.spectra.orchestrator.examples.cli;

import dev.spectra.orchestrator.internal.Checks;
import java.math.RoundingMode;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
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
final class ReportHtml {
  private static final String[] PALETTE = {
      "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"};
  private static final int LABEL_WIDTH = 230;
  private static final int BAR_AREA = 400;
  private static final int ROW = 30;
  private static final int WIDTH = LABEL_WIDTH + BAR_AREA + 130;

  /** The charts of the page, in order; {@code path} is the field's path in a results.json result. */
  static final List<Chart> CHARTS = List.of(
      Chart.rate("runSuccess.rate", "Runs succeeded", "runs whose outcome was SUCCEEDED, out of runs made; the whisker is"
          + " the 95 % Wilson interval", ComparisonResult::runSuccess),
      new Chart("costPerSuccessUsd", "Cost per successful run (USD)", "USD over all runs, failed ones included,"
          + " divided by the runs that succeeded", ComparisonResult::costPerSuccessUsd, null, (r, v) -> Verdict.usd(v),
          ReportHtml::costMissing),
      new Chart("latencyP50Millis", "Model call latency p50 (ms)", "median wall time of one model call; live sources only",
          ComparisonResult::latencyP50Millis, null, (r, v) -> fixed(v, 0) + " ms", ReportHtml::latencyMissing),
      Chart.rate("wellFormedStrict.rate", "Plan well-formed on the first try (strict)",
          "the first plan reply was valid JSON and validated with no repair at all", ComparisonResult::wellFormedStrict),
      Chart.rate("successAfterRepair.rate", "Plan obtained after repair",
          "a valid plan was obtained at all, re-prompts with the listed errors included", ComparisonResult::successAfterRepair),
      Chart.rate("testsPassed.rate", "Generated tests passed",
          "tests passed out of tests run, after the fix loop; runs whose Test step was skipped count nothing",
          ComparisonResult::testsPassed),
      new Chart("qualityScore", "Quality score", "mean SPECTRA quality score from 0 to 100; the median run's grade in"
          + " brackets", ComparisonResult::qualityScore, r -> 100.0,
          (r, v) -> fixed(v, 1) + (r.qualityGrade() == null ? "" : " (" + r.qualityGrade() + ")"), r -> "n/a (not graded)"));

  /** The summary table's columns (the page's and the terminal's), in order. */
  static final List<Column> SUMMARY = List.of(
      new Column("model", ComparisonResult::model),
      new Column("source", r -> r.source().label()),
      new Column("succeeded (95 % interval)", r -> Verdict.success(r)),
      new Column("cost/successful run", r -> CHARTS.get(1).label(r)),
      new Column("latency p50", r -> CHARTS.get(2).label(r)),
      new Column("quality", r -> CHARTS.get(6).label(r)),
      new Column("tests passed", r -> Verdict.interval(r.testsPassed())),
      new Column("repairs", r -> counts(r.repairs())),
      new Column("failures", r -> counts(r.failures())));

  private ReportHtml() {}

  /** The field paths (in a results.json result) that the page may chart, in page order. */
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
    verdict(h, report);
    summary(h, report);
    matrix(h, report);
    List<String> same = new java.util.ArrayList<>();
    for (Chart chart : CHARTS) {
      if (differs(chart, report.results())) {
        chart(h, chart, report.results());
      } else {
        same.add(chart.title());
      }
    }
    if (!same.isEmpty()) {
      h.append("<p class=\"meta\" id=\"charts-left-out\">Not charted, as every model has the same value (see the summary): ")
          .append(esc(String.join("; ", same))).append(".</p>\n");
    }
    runs(h, report);
    h.append("<p class=\"meta\">Replayed and synthetic sources do not call a model over the network: their latency is shown"
        + " as n/a. The plan is the typed reply measured for well-formedness.</p>\n");
    h.append("</body>\n</html>\n");
    return h.toString();
  }

  private static void verdict(StringBuilder h, ComparisonReport report) {
    Verdict v = report.verdict();
    h.append("<section id=\"verdict\" class=\"").append(v.clear() ? "clear" : "open").append("\">\n<h2>Verdict for <code>")
        .append(esc(report.suite())).append("</code></h2>\n<p class=\"verdict\">").append(esc(v.text())).append("</p>\n")
        .append("<p class=\"hint\">Ranked by runs succeeded, then cost per successful run, then model-call latency."
            + " Intervals are 95 % Wilson score intervals; where they overlap, the runs cannot say which model succeeds"
            + " more often.</p>\n");
    List<ComparisonResult> noted = report.results().stream().filter(r -> r.note() != null).toList();
    if (!noted.isEmpty()) {
      h.append("<ul class=\"notes\">\n");
      for (ComparisonResult r : noted) {
        h.append("<li><code>").append(esc(r.model())).append("</code>: ").append(esc(r.note())).append("</li>\n");
      }
      h.append("</ul>\n");
    }
    h.append("</section>\n");
  }

  private static void summary(StringBuilder h, ComparisonReport report) {
    h.append("<h2>Summary</h2>\n<table class=\"summary\" id=\"summary\">\n<thead><tr>");
    for (Column c : SUMMARY) {
      h.append("<th>").append(esc(c.name())).append("</th>");
    }
    h.append("</tr></thead>\n<tbody>\n");
    List<ComparisonResult> results = report.results();
    for (int i = 0; i < results.size(); i++) {
      ComparisonResult r = results.get(i);
      h.append("<tr data-model=\"").append(esc(r.model())).append("\">");
      for (Column c : SUMMARY) {
        h.append("<td>");
        if (c == SUMMARY.get(0)) {
          h.append("<span class=\"swatch\" style=\"background:").append(colour(i)).append("\"></span>");
        }
        if (c == SUMMARY.get(1)) {
          h.append("<span class=\"badge ").append(r.source().label()).append("\">").append(esc(c.value().apply(r)))
              .append("</span>");
        } else {
          h.append(esc(c.value().apply(r)));
        }
        h.append("</td>");
      }
      h.append("</tr>\n");
    }
    h.append("</tbody>\n</table>\n");
  }

  private static void matrix(StringBuilder h, ComparisonReport report) {
    h.append("<h2>Runs succeeded per request</h2>\n<table class=\"matrix\" id=\"matrix\">\n<thead><tr><th>request</th>");
    for (ComparisonResult r : report.results()) {
      h.append("<th>").append(esc(r.model())).append("</th>");
    }
    h.append("</tr></thead>\n<tbody>\n");
    for (int i = 0; i < report.requests().size(); i++) {
      h.append("<tr><td>").append(i + 1).append(". ").append(esc(report.requests().get(i))).append("</td>");
      for (ComparisonResult r : report.results()) {
        Rate rate = i < r.perRequest().size() ? r.perRequest().get(i) : Rate.NONE;
        h.append("<td data-model=\"").append(esc(r.model())).append("\" data-request=\"").append(i + 1).append("\">")
            .append(rate.total() == 0 ? "n/a" : rate.count() + "/" + rate.total()).append("</td>");
      }
      h.append("</tr>\n");
    }
    h.append("</tbody>\n</table>\n");
  }

  /** True when the chart would show at least two different values (an absent value counts as one). */
  static boolean differs(Chart chart, List<ComparisonResult> results) {
    return results.stream().map(r -> chart.value().apply(r)).distinct().count() > 1;
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
      Rate rate = chart.rate() == null ? null : chart.rate().apply(r);
      int labelX = LABEL_WIDTH + w + 6;
      if (rate != null && rate.total() > 0) {
        int lo = (int) Math.round(rate.low() * BAR_AREA) + LABEL_WIDTH;
        int hi = (int) Math.round(rate.high() * BAR_AREA) + LABEL_WIDTH;
        int mid = y + 3 + (ROW - 8) / 2;
        h.append("<line x1=\"").append(lo).append("\" y1=\"").append(mid).append("\" x2=\"").append(hi).append("\" y2=\"")
            .append(mid).append("\" class=\"interval\" data-model=\"").append(esc(r.model())).append("\" data-low=\"")
            .append(rate.low()).append("\" data-high=\"").append(rate.high()).append("\"/>\n");
        labelX = Math.max(labelX, hi + 6);
      }
      h.append("<text x=\"").append(labelX).append("\" y=\"").append(y + 18).append("\" class=\"value")
          .append(v == null ? " na" : "").append("\">").append(esc(chart.label(r))).append("</text>\n");
    }
    h.append("</svg>\n</section>\n");
  }

  private static void runs(StringBuilder h, ComparisonReport report) {
    h.append("<h2>Runs</h2>\n<table class=\"runs\" id=\"runs\">\n<thead><tr><th>model</th><th>request</th><th>run</th>")
        .append("<th>outcome</th><th>duration</th><th>quality</th><th>repairs</th><th>tokens</th><th>cost</th>")
        .append("<th>report</th></tr></thead>\n<tbody>\n");
    for (RunSummary s : report.runs()) {
      h.append("<tr class=\"").append(s.outcome().name().toLowerCase(Locale.ROOT)).append("\"><td>").append(esc(s.model()))
          .append("</td><td>").append(s.requestIndex() + 1).append("</td><td>").append(s.run()).append("</td><td>")
          .append(s.outcome())
          .append(s.failureType() == null ? "" : "<br/><span class=\"failure\">" + esc(s.failureType() + ": " + s.failureMessage()) + "</span>")
          .append("</td><td>").append(s.durationMillis() == null ? "n/a" : fixed(s.durationMillis() / 1000.0, 1) + " s")
          .append("</td><td>").append(s.qualityScore() == null ? "n/a" : fixed(s.qualityScore(), 1)
              + (s.qualityGrade() == null ? "" : " (" + esc(s.qualityGrade()) + ")"))
          .append("</td><td>").append(esc(counts(s.repairs())))
          .append("</td><td>").append(s.tokens() == null ? 0 : s.tokens().totalTokens()).append("</td><td>")
          .append(s.cost() == null ? "" : esc(s.cost().toString())).append("</td><td>");
      if (s.report() == null) {
        h.append("n/a");
      } else if (isRelative(s.report())) {
        h.append("<a href=\"").append(esc(s.report())).append("\">report.json</a>");
      } else {
        h.append("<code>").append(esc(s.report())).append("</code>");
      }
      h.append("</td></tr>\n");
    }
    h.append("</tbody>\n</table>\n");
  }

  /** A path inside the comparison's folder: a link from the page that never leaves it. */
  private static boolean isRelative(String path) {
    return !path.startsWith("/") && !path.contains(":") && !path.startsWith("..");
  }

  private static String costMissing(ComparisonResult r) {
    if (r.runs() == 0) {
      return "n/a";
    }
    return r.runsSucceeded() == 0 ? "n/a (no run succeeded)" : "unknown price";
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
   * @param hint what the figure means
   * @param value the figure, or {@code null} for n/a
   * @param scaleMax the value a full-width bar stands for, or {@code null} for the largest value shown
   * @param format the label of a present value
   * @param missing the label of an absent value
   * @param rate the rate behind the value, whose interval is drawn, or {@code null}
   */
  record Chart(String path, String title, String hint, Function<ComparisonResult, Double> value,
      Function<ComparisonResult, Double> scaleMax, java.util.function.BiFunction<ComparisonResult, Double, String> format,
      Function<ComparisonResult, String> missing, Function<ComparisonResult, Rate> rate) {

    Chart(String path, String title, String hint, Function<ComparisonResult, Double> value,
        Function<ComparisonResult, Double> scaleMax, java.util.function.BiFunction<ComparisonResult, Double, String> format,
        Function<ComparisonResult, String> missing) {
      this(path, title, hint, value, scaleMax, format, missing, null);
    }

    static Chart rate(String path, String title, String hint, Function<ComparisonResult, Rate> rate) {
      return new Chart(path, title, hint, r -> rate.apply(r).rate(), r -> 1.0,
          (r, v) -> fixed(v * 100, 1) + " % (" + Verdict.interval(rate.apply(r)) + ")",
          r -> "n/a (nothing measured)", rate);
    }

    String label(ComparisonResult r) {
      Double v = value.apply(r);
      return v == null ? missing.apply(r) : format.apply(r, v);
    }
  }

  /**
   * One column of the summary table.
   *
   * @param name its heading
   * @param value its cell for a model
   */
  record Column(String name, Function<ComparisonResult, String> value) {}

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
      "#verdict { border: 1px solid #ccc; border-radius: 4px; padding: 4px 14px 8px; margin: 16px 0; }",
      "#verdict.clear { border-color: #2b7a2b; background: #f2faf2; }",
      "#verdict.open { border-color: #b58900; background: #fdf8ea; }",
      "p.verdict { font-size: 15px; margin: 6px 0; }",
      "svg.bars line.interval { stroke: #222; stroke-width: 2; }",
      ".failure { color: #a33; }",
      "");
}
