package dev.spectra.orchestrator.examples.compare;

import dev.spectra.orchestrator.RunReport;
import dev.spectra.orchestrator.Usage;
import dev.spectra.orchestrator.cost.Cost;
import dev.spectra.orchestrator.internal.Checks;

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
 */
public record RunSummary(String model, int requestIndex, int run, String runId, RunReport.Outcome outcome,
    String failureType, String failureMessage, Usage tokens, Cost cost, String workspace) {
  public RunSummary {
    Checks.notBlank(model, "model");
    Checks.notNull(outcome, "outcome");
  }

  /** The row for one observed run of {@code model}. */
  public static RunSummary of(String model, RunObservation o) {
    RunReport r = o.report();
    RunReport.Failure f = r.failure();
    return new RunSummary(model, o.requestIndex(), o.run(), r.runId(), r.outcome(),
        f == null ? null : f.type(), f == null ? null : Checks.excerpt(f.message(), 300),
        r.total().usage(), r.total().cost(), r.workspace());
  }
}
