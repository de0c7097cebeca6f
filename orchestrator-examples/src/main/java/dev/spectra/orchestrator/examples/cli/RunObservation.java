package dev.spectra.orchestrator.examples.cli;

import dev.spectra.orchestrator.RunEvent;
import dev.spectra.orchestrator.RunReport;
import dev.spectra.orchestrator.internal.Checks;
import java.time.Duration;
import java.util.List;

/**
 * What one run of one request showed: its report, the repairs it needed, and how long each model call took.
 *
 * @param requestIndex 0-based index of the request in the suite
 * @param run 1-based run number for this request
 * @param report the run's report
 * @param repairs every {@link RunEvent.Repaired} event of the run, in order
 * @param callLatencies the wall time of each model call (empty when not measured: replayed or synthetic replies)
 */
record RunObservation(int requestIndex, int run, RunReport report, List<RunEvent.Repaired> repairs,
    List<Duration> callLatencies) {
  public RunObservation {
    Checks.nonNegative(requestIndex, "requestIndex");
    Checks.positive(run, "run");
    Checks.notNull(report, "report");
    repairs = Checks.copy(repairs, "repairs");
    callLatencies = Checks.copy(callLatencies, "callLatencies");
  }
}
