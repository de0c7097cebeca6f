package dev.spectra.orchestrator.examples.cli;

import dev.spectra.orchestrator.GeneratedFile;
import dev.spectra.orchestrator.HealthReport;
import dev.spectra.orchestrator.QualityReport;
import dev.spectra.orchestrator.RunReport;
import dev.spectra.orchestrator.TestReport;
import dev.spectra.orchestrator.Usage;
import dev.spectra.orchestrator.cost.Cost;
import dev.spectra.orchestrator.cost.PriceTable;
import dev.spectra.orchestrator.cost.Totals;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints what a run did for a person: the generated tree, the test results, the quality grade, the health, the usage
 * and cost, and where the files are.
 */
final class ReportPrinter {
  private ReportPrinter() {}

  /**
   * @param pricedAs when not {@code null}, the run was replayed: nothing was spent, and the cost is shown only "as
   *     if" this model (e.g. {@code openai:gpt-4o-mini}) had answered
   */
  static void print(PrintWriter out, RunReport r, String pricedAs) {
    out.println();
    out.printf(Locale.ROOT, "Run %s %s in %.1f s%n", r.runId(), r.outcome(),
        Duration.between(r.startedAt(), r.finishedAt()).toMillis() / 1000.0);
    if (r.failure() != null) {
      out.println("  failed in " + r.failure().activity().name().toLowerCase(Locale.ROOT) + ": " + r.failure().type()
          + ": " + Errors.forCli(r.failure().message(), r.failure().hints(), Map.of()));
    }
    if (r.plan() != null) {
      out.println();
      out.println("Plan: " + r.plan().name() + " (" + r.plan().stack() + "), " + r.plan().files().size() + " files, "
          + r.plan().endpoints().size() + " endpoints");
    }
    if (r.build() != null) {
      out.println();
      out.println("Files:");
      tree(out, r.build().files());
    }
    TestReport t = r.test();
    if (t != null) {
      out.println();
      if (t.status() == TestReport.Status.SKIPPED) {
        out.println("Tests: skipped: " + t.skipReason());
      } else {
        out.printf(Locale.ROOT, "Tests: %s, %d passed, %d failed, %d errors (%d fix rounds)%s%n", t.status(),
            t.count(TestReport.Outcome.PASSED), t.count(TestReport.Outcome.FAILED), t.count(TestReport.Outcome.ERROR),
            t.fixRounds().size(), t.interpreter() == null ? "" : " with " + t.interpreter());
        t.tests().stream().filter(c -> c.outcome() == TestReport.Outcome.FAILED || c.outcome() == TestReport.Outcome.ERROR)
            .limit(10).forEach(c -> out.println("  " + c.outcome() + " " + c.name() + ": " + firstLine(c.message())));
      }
      QualityReport q = t.quality();
      if (q != null) {
        out.printf(Locale.ROOT, "Quality: %s (%.1f of 100, pass at %.0f)%s%n", q.grade(), q.score(), q.threshold(),
            q.passed() ? "" : " below the threshold");
        for (QualityReport.Check c : q.checks()) {
          out.printf(Locale.ROOT, "  %-22s %5.1f%s%n", c.name(), c.score(),
              c.findings().isEmpty() ? "" : "  e.g. " + c.findings().get(0).file() + ":" + c.findings().get(0).line() + " "
                  + c.findings().get(0).message());
        }
      }
    }
    if (r.deployment() != null && r.deployment().url() != null) {
      out.println();
      out.println("Deployed: " + r.deployment().url() + " (" + r.deployment().kind() + ", logs "
          + r.deployment().logsPath() + ")");
    }
    HealthReport h = r.health();
    if (h != null) {
      out.printf(Locale.ROOT, "Health: %s, p50 %.0f ms, p95 %.0f ms, error rate %.1f %%%n", h.verdict(), h.p50Millis(),
          h.p95Millis(), h.errorRate() * 100);
      if (h.diagnosis() != null) {
        out.println("  diagnosis: " + h.diagnosis().cause() + (h.diagnosis().suggestedFix().isEmpty() ? ""
            : "; fix: " + h.diagnosis().suggestedFix()));
      }
    }
    out.println();
    Totals total = r.total();
    Usage u = total.usage();
    out.printf(Locale.ROOT, "Usage: %d model calls, %,d input tokens (%,d cached), %,d output tokens%n", total.calls(),
        u.inputTokens(), u.cachedInputTokens(), u.outputTokens());
    for (Map.Entry<String, Totals> e : r.byModel().entrySet()) {
      out.printf(Locale.ROOT, "  %-32s %4d calls %,9d tokens%s%n", e.getKey(), e.getValue().calls(),
          e.getValue().usage().totalTokens(), pricedAs == null ? "  " + e.getValue().cost() : "");
    }
    if (pricedAs == null) {
      out.println("Cost: " + total.cost());
    } else {
      // replayed: nothing was spent; the figure is what these tokens would cost, and says so
      Cost at = PriceTable.defaults().cost(pricedAs, u);
      out.println("Cost: nothing spent (replayed); as if " + pricedAs.substring(pricedAs.indexOf(':') + 1) + ": " + at
          + " (" + pricedAs + " prices as of " + PriceTable.BUILT_IN_PRICES_AS_OF + ")");
    }
    RunReport.BudgetOvershoot over = r.budgetOvershoot();
    if (over.happened()) {
      out.printf(Locale.ROOT, "Budget overshoot: providers reported %,d tokens%s more than the budget had reserved"
          + " (it then admitted no new call until that was settled, and estimated later calls higher)%n", over.tokens(),
          over.usd().signum() > 0 ? " ($" + over.usd().toPlainString() + ")" : "");
    }
    out.println("Files are in " + r.workspace());
    out.flush();
  }

  /** The files as an indented tree, directories first by path order. */
  static void tree(PrintWriter out, List<GeneratedFile> files) {
    List<GeneratedFile> sorted = new ArrayList<>(files);
    sorted.sort((a, b) -> a.path().compareTo(b.path()));
    List<String> open = new ArrayList<>();
    for (GeneratedFile f : sorted) {
      String[] parts = f.path().split("/");
      int common = 0;
      while (common < open.size() && common < parts.length - 1 && open.get(common).equals(parts[common])) {
        common++;
      }
      while (open.size() > common) {
        open.remove(open.size() - 1);
      }
      for (int i = common; i < parts.length - 1; i++) {
        out.println("  " + "  ".repeat(i) + parts[i] + "/");
        open.add(parts[i]);
      }
      String name = parts[parts.length - 1];
      String indent = "  " + "  ".repeat(parts.length - 1);
      out.println(String.format(Locale.ROOT, "%s%-" + Math.max(1, 36 - indent.length()) + "s %-8s %s", indent, name,
          f.origin().name().toLowerCase(Locale.ROOT),
          f.attempts() == 0 ? "" : f.attempts() + (f.attempts() == 1 ? " attempt" : " attempts")).stripTrailing());
    }
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
