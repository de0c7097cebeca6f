package dev.spectra.orchestrator.examples.cli;

import dev.spectra.orchestrator.RunEvent;
import dev.spectra.orchestrator.RunReport;
import dev.spectra.orchestrator.Usage;
import dev.spectra.orchestrator.cost.Cost;
import dev.spectra.orchestrator.internal.Checks;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * One row of the comparison's run table.
 *
 * @param model the model's label
 * @param requestIndex 0-based index of the request in the suite
 * @param run 1-based run number
 * @param runId the orchestrator's run id
 * @param outcome how the run ended
 * @param failureType the failure's type, or {@code null}
 * @param failureMessage the failure's message (shortened), or {@code null}
 * @param tokens the run's tokens
 * @param cost the run's cost
 * @param workspace where its files are
 * @param durationMillis how long the run took, or {@code null} when its report has no finish time
 * @param qualityScore the run's SPECTRA quality score (0 to 100), or {@code null} when not graded
 * @param qualityGrade the run's grade, or {@code null}
 * @param repairs the run's repaired replies by kind
 * @param report the run's report.json, relative to the comparison's folder when inside it, or {@code null}
 */
record RunSummary(String model, int requestIndex, int run, String runId, RunReport.Outcome outcome,
    String failureType, String failureMessage, Usage tokens, Cost cost, String workspace, Long durationMillis,
    Double qualityScore, String qualityGrade, Map<String, Integer> repairs, String report) {
  public RunSummary {
    Checks.notBlank(model, "model");
    Checks.notNull(outcome, "outcome");
    repairs = Map.copyOf(repairs == null ? Map.of() : repairs);
  }

  /** The row for one observed run of {@code model}, with its report's path relative to {@code comparisonFolder}. */
  public static RunSummary of(String model, RunObservation o, Path comparisonFolder) {
    RunReport r = o.report();
    RunReport.Failure f = r.failure();
    Long millis = r.startedAt() == null || r.finishedAt() == null ? null
        : Duration.between(r.startedAt(), r.finishedAt()).toMillis();
    var quality = r.test() == null ? null : r.test().quality();
    Map<String, Integer> repairs = new TreeMap<>();
    for (RunEvent.Repaired e : o.repairs()) {
      repairs.merge(e.kind().name(), 1, Integer::sum);
    }
    return new RunSummary(model, o.requestIndex(), o.run(), r.runId(), r.outcome(),
        f == null ? null : f.type(), f == null ? null : Checks.excerpt(f.message(), 300),
        r.total().usage(), r.total().cost(), r.workspace(), millis,
        quality == null ? null : quality.score(), quality == null ? null : quality.grade(), repairs,
        reportPath(r, comparisonFolder));
  }

  /** Where the run's report.json is: relative to the comparison's folder when inside it, else absolute. */
  private static String reportPath(RunReport r, Path comparisonFolder) {
    if (r.workspace() == null) {
      return null;
    }
    // the layout Workspace.runDirectory documents; computed here, since building a Workspace creates its root
    Path file = Path.of(r.workspace(), ".spectra", "runs", r.runId(), "report.json").toAbsolutePath().normalize();
    Path base = comparisonFolder.toAbsolutePath().normalize();
    return file.startsWith(base) ? base.relativize(file).toString().replace('\\', '/') : file.toString();
  }
}
