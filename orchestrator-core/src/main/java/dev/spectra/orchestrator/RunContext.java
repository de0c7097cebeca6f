package dev.spectra.orchestrator;

import dev.spectra.orchestrator.cost.BudgetAccount;
import dev.spectra.orchestrator.cost.CostLedger;
import dev.spectra.orchestrator.internal.Checks;
import dev.spectra.orchestrator.workspace.Workspace;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every activity sees of its run: the run id, the clock, the workspace, the budget, the cost ledger, the
 * event sink and cancellation. Side channels go through here rather than through activity inputs and outputs, so
 * that a durable workflow engine can re-create a context around a replayed activity.
 *
 * <p>The orchestrator creates one per run; tests of a single activity build one with {@link #builder()}.
 */
public final class RunContext {
  private static final Logger LOG = LoggerFactory.getLogger(RunContext.class);

  private final String runId;
  private final Clock clock;
  private final Workspace workspace;
  private final BudgetAccount budget;
  private final CostLedger ledger;
  private final List<RunListener> listeners;
  private final AtomicBoolean cancelled;
  private final boolean unisolatedCodeAllowed;

  private RunContext(Builder b) {
    this.runId = b.runId == null ? newRunId() : b.runId;
    this.clock = b.clock;
    this.workspace = Checks.notNull(b.workspace, "workspace");
    this.budget = b.budget == null ? BudgetAccount.unlimited() : b.budget;
    this.ledger = b.ledger == null ? new CostLedger() : b.ledger;
    this.listeners = List.copyOf(b.listeners);
    this.cancelled = b.cancelled == null ? new AtomicBoolean() : b.cancelled;
    this.unisolatedCodeAllowed = b.unisolatedCodeAllowed;
  }

  private RunContext(RunContext base, CostLedger ledger) {
    this.runId = base.runId;
    this.clock = base.clock;
    this.workspace = base.workspace;
    this.budget = base.budget;
    this.ledger = ledger;
    this.listeners = base.listeners;
    this.cancelled = base.cancelled;
    this.unisolatedCodeAllowed = base.unisolatedCodeAllowed;
  }

  /** A fresh, sortable, path-safe run id such as {@code run-20261125-001500-3f9a2c}. */
  public static String newRunId() {
    String time = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
        .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.now());
    return "run-" + time + "-" + UUID.randomUUID().toString().substring(0, 6);
  }

  public static Builder builder() {
    return new Builder();
  }

  public String runId() {
    return runId;
  }

  public Clock clock() {
    return clock;
  }

  public Workspace workspace() {
    return workspace;
  }

  /** The run's budget account: reserve before a model call, settle after. */
  public BudgetAccount budget() {
    return budget;
  }

  /** The run's cost ledger: record every model call. */
  public CostLedger ledger() {
    return ledger;
  }

  /**
   * This context with another cost ledger: the same run id, clock, workspace, budget, listeners and cancellation.
   * With a {@linkplain CostLedger#child() child} ledger, a step learns what its own model calls used while the run's
   * ledger still records them.
   */
  public RunContext withLedger(CostLedger ledger) {
    return new RunContext(this, Checks.notNull(ledger, "ledger"));
  }

  /** Delivers an event to every listener; a failing listener is logged and skipped. */
  public void emit(RunEvent event) {
    for (RunListener l : listeners) {
      try {
        l.onEvent(event);
      } catch (RuntimeException e) {
        LOG.warn("run listener {} failed on {}; ignored", l, event.getClass().getSimpleName(), e);
      }
    }
  }

  /** Emits a {@link RunEvent.Note}. */
  public void note(Activity activity, String message) {
    emit(new RunEvent.Note(runId, clock.instant(), activity, message));
  }

  /**
   * True when the caller opted in to running generated code without isolation where bubblewrap is unusable (CLI:
   * {@code --no-isolation}); see {@link dev.spectra.orchestrator.sandbox.Sandbox}.
   */
  public boolean unisolatedCodeAllowed() {
    return unisolatedCodeAllowed;
  }

  /** True once the run was cancelled. */
  public boolean isCancelled() {
    return cancelled.get();
  }

  /** Throws {@link RunCancelledException} once the run was cancelled; also enforces the wall-time budget. */
  public void throwIfCancelled() {
    if (cancelled.get() || Thread.currentThread().isInterrupted()) {
      throw new RunCancelledException(runId);
    }
    budget.checkWallTime();
  }

  /** Cancels the run: activities stop at their next check. */
  public void cancel() {
    cancelled.set(true);
  }

  /** Builds a {@link RunContext}. Only the workspace is required. */
  public static final class Builder {
    private String runId;
    private Clock clock = Clock.systemUTC();
    private Workspace workspace;
    private BudgetAccount budget;
    private CostLedger ledger;
    private final List<RunListener> listeners = new ArrayList<>();
    private AtomicBoolean cancelled;
    private boolean unisolatedCodeAllowed;

    private Builder() {}

    /**
     * Lets the run's steps execute generated code WITHOUT isolation where bubblewrap is unusable (default false: such
     * steps are SKIPPED with an install hint). Every step that does so notes a warning, and the test report says so.
     */
    public Builder allowUnisolatedCode(boolean allow) {
      this.unisolatedCodeAllowed = allow;
      return this;
    }

    public Builder runId(String runId) {
      Checks.notBlank(runId, "runId");
      if (!runId.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,79}")) {
        throw new IllegalArgumentException(
            "runId must be 1-80 letters, digits, '.', '_' or '-' (it names a folder), but was \"" + runId + "\"");
      }
      this.runId = runId;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Checks.notNull(clock, "clock");
      return this;
    }

    public Builder workspace(Workspace workspace) {
      this.workspace = Checks.notNull(workspace, "workspace");
      return this;
    }

    public Builder budget(BudgetAccount budget) {
      this.budget = Checks.notNull(budget, "budget");
      return this;
    }

    public Builder ledger(CostLedger ledger) {
      this.ledger = Checks.notNull(ledger, "ledger");
      return this;
    }

    public Builder listener(RunListener listener) {
      listeners.add(Checks.notNull(listener, "listener"));
      return this;
    }

    public Builder listeners(List<RunListener> all) {
      Checks.copy(all, "listeners").forEach(this::listener);
      return this;
    }

    /** Shares a cancellation flag with the caller (the orchestrator's run handle). */
    public Builder cancellation(AtomicBoolean flag) {
      this.cancelled = Checks.notNull(flag, "flag");
      return this;
    }

    public RunContext build() {
      return new RunContext(this);
    }
  }
}
