package dev.spectra.orchestrator.cost;

import dev.spectra.orchestrator.FailureKind;
import dev.spectra.orchestrator.OrchestratorException;

/** A model call (or the run's wall time) would go over the {@link Budget}; the run stops with a partial report. */
public final class BudgetExceededException extends OrchestratorException {
  private static final long serialVersionUID = 1L;

  /** Which limit fired. */
  public enum Limit {
    USD, TOKENS, CALLS, WALL_TIME
  }

  private final Limit limit;

  public BudgetExceededException(Limit limit, String message) {
    super(message);
    this.limit = limit;
  }

  /** Which limit fired. */
  public Limit limit() {
    return limit;
  }

  /** {@link FailureKind#WALL_TIME} for the wall-time limit, else {@link FailureKind#BUDGET_EXCEEDED}. */
  @Override
  public FailureKind failureKind() {
    return limit == Limit.WALL_TIME ? FailureKind.WALL_TIME : FailureKind.BUDGET_EXCEEDED;
  }
}
