package dev.spectra.orchestrator;

/** The run was cancelled; activities throw it from {@link RunContext#throwIfCancelled()}. */
public final class RunCancelledException extends OrchestratorException {
  private static final long serialVersionUID = 1L;

  public RunCancelledException(String runId) {
    super("run " + runId + " was cancelled");
  }

  @Override
  public FailureKind failureKind() {
    return FailureKind.CANCELLED;
  }
}
