package dev.spectra.orchestrator;

/** A plan that cannot be built as it is: a dependency cycle, a dangling dependency, a file the stack forbids. */
public class InvalidPlanException extends OrchestratorException {
  private static final long serialVersionUID = 1L;

  public InvalidPlanException(String message) {
    super(message);
  }

  @Override
  public FailureKind failureKind() {
    return FailureKind.INVALID_PLAN;
  }
}
