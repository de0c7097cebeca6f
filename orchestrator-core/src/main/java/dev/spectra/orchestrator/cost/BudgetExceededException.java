package dev.spectra.orchestrator.cost;

import dev.spectra.orchestrator.FailureKind;
import dev.spectra.orchestrator.OrchestratorException;
import dev.spectra.orchestrator.SettingHint;
import java.util.List;

/**
 * A model call (or the run's wall time) would go over the {@link Budget}, or a USD budget cannot be enforced because a
 * model has no price; the run stops with a partial report. {@link #hints()} name the limit to raise or the price to add.
 */
public final class BudgetExceededException extends OrchestratorException {
  private static final long serialVersionUID = 1L;

  /** Which limit fired. */
  public enum Limit {
    USD, TOKENS, CALLS, WALL_TIME
  }

  private final Limit limit;

  public BudgetExceededException(Limit limit, String message) {
    this(limit, message, List.of());
  }

  /** An exception whose message names the {@code hints} (the limit to raise, a price to add). */
  public BudgetExceededException(Limit limit, String message, List<SettingHint> hints) {
    super(message, hints);
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
