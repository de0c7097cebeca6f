package dev.spectra.orchestrator.examples.compare;

import dev.spectra.orchestrator.internal.Checks;
import java.util.ArrayList;
import java.util.List;

/** The comparison as a plain-text table for a terminal: one row per model, the same figures and labels as the page. */
public final class ReportText {
  private ReportText() {}

  /** The table, with a header line; columns are padded to their widest cell. */
  public static String table(ComparisonReport report) {
    Checks.notNull(report, "report");
    List<String[]> rows = new ArrayList<>();
    List<String> header = new ArrayList<>(List.of("model", "source", "runs"));
    ReportHtml.CHARTS.forEach(c -> header.add(c.column()));
    rows.add(header.toArray(String[]::new));
    for (ComparisonResult r : report.results()) {
      List<String> row = new ArrayList<>(List.of(r.model(), r.source().label(), Integer.toString(r.runs())));
      ReportHtml.CHARTS.forEach(c -> row.add(c.label(r)));
      rows.add(row.toArray(String[]::new));
    }
    int[] widths = new int[header.size()];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    StringBuilder b = new StringBuilder();
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        b.append(i == 0 ? "" : "  ").append(i == row.length - 1 ? row[i] : String.format("%-" + widths[i] + "s", row[i]));
      }
      b.append('\n');
    }
    return b.toString();
  }
}
