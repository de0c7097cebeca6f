package dev.spectra.orchestrator.examples.cli;

import dev.spectra.orchestrator.internal.Checks;
import java.util.ArrayList;
import java.util.List;

/**
 * The comparison for a terminal: the verdict, then the page's summary table (one row per model, the same figures and
 * labels).
 */
final class ReportText {
  private ReportText() {}

  /** The verdict and the table, with a header line; columns are padded to their widest cell. */
  public static String table(ComparisonReport report) {
    Checks.notNull(report, "report");
    List<String[]> rows = new ArrayList<>();
    List<String> header = new ArrayList<>();
    ReportHtml.SUMMARY.forEach(c -> header.add(c.name()));
    rows.add(header.toArray(String[]::new));
    for (ComparisonResult r : report.results()) {
      List<String> row = new ArrayList<>();
      ReportHtml.SUMMARY.forEach(c -> row.add(c.value().apply(r)));
      rows.add(row.toArray(String[]::new));
    }
    int[] widths = new int[header.size()];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    StringBuilder b = new StringBuilder("Verdict: ").append(report.verdict().text()).append("\n\n");
    for (ComparisonResult r : report.results()) {
      if (r.note() != null) {
        b.append("Note on ").append(r.model()).append(": ").append(r.note()).append('\n');
      }
    }
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        b.append(i == 0 ? "" : "  ").append(i == row.length - 1 ? row[i] : String.format("%-" + widths[i] + "s", row[i]));
      }
      b.append('\n');
    }
    return b.toString();
  }
}
