package dev.spectra.orchestrator;

import java.util.concurrent.CompletableFuture;

/** A run started with {@link Orchestrator#runAsync}: its id, its report to come, and a way to cancel it. */
public final class RunHandle {
  private final String runId;
  private final CompletableFuture<RunReport> report;
  private final Runnable cancel;

  RunHandle(String runId, CompletableFuture<RunReport> report, Runnable cancel) {
    this.runId = runId;
    this.report = report;
    this.cancel = cancel;
  }

  public String runId() {
    return runId;
  }

  /** Completes with the report, whatever the outcome (a failed run completes normally with a FAILED report). */
  public CompletableFuture<RunReport> report() {
    return report;
  }

  /**
   * Asks the run to stop: the current activity stops at its next check, running children are killed, and the
   * report's outcome is CANCELLED. Finished files stay journaled, so the run can be resumed.
   */
  public void cancel() {
    cancel.run();
  }
}
