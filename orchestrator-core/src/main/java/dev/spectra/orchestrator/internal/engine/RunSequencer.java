package dev.spectra.orchestrator.internal.engine;

import dev.spectra.orchestrator.Activity;
import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.BuildResult;
import dev.spectra.orchestrator.Deployment;
import dev.spectra.orchestrator.FailureKind;
import dev.spectra.orchestrator.HealthReport;
import dev.spectra.orchestrator.InvalidPlanException;
import dev.spectra.orchestrator.OrchestratorException;
import dev.spectra.orchestrator.RunCancelledException;
import dev.spectra.orchestrator.RunReport;
import dev.spectra.orchestrator.SettingHint;
import dev.spectra.orchestrator.TestReport;
import dev.spectra.orchestrator.cost.BudgetExceededException;
import dev.spectra.orchestrator.cost.CostLedger;
import dev.spectra.orchestrator.internal.Checks;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The decisions of one run, and nothing else: which activity comes next, which is skipped, what an activity's
 * result means for the run (failing tests, a DOWN service), and how an exception becomes the run's failure. It
 * has no threads, no timer, no clock and no I/O: inputs in, decisions out. {@code Orchestrator} drives it on local
 * threads; a durable workflow engine can drive the same steps, calling each activity as it likes.
 *
 * <pre>{@code
 * RunSequencer run = RunSequencer.builder().runId(context.runId()).without(Activity.DEPLOY).build();
 * for (Optional<Activity> next = run.next(); next.isPresent(); next = run.next()) {
 *   Activity activity = next.get();
 *   try {
 *     if (run.runs(activity)) {
 *       run.completed(activity, call(activity, run)); // call(...) runs the activity on run.plan(), run.build() ...
 *     } else {
 *       run.skipped(activity);
 *     }
 *   } catch (RuntimeException e) {
 *     run.failed(activity, e, context.isCancelled(), false);
 *   }
 * }
 * RunReport report = run.report(workspace, records, context.ledger(), startedAt, finishedAt);
 * }</pre>
 *
 * <p>Rules: activities run in the order PLAN, BUILD, TEST, DEPLOY, MONITOR, without PLAN when the run starts from a
 * given plan, up to {@link Builder#stopAfter}. An activity without an implementation ({@link Builder#without}) is
 * SKIPPED, as are Monitor without a deployed URL, a Test whose report is SKIPPED and a Deployment of kind NONE. The
 * first failure ends the run. A sequencer is not thread-safe: one driver calls it.
 */
public final class RunSequencer {
  private final String runId;
  private final List<Activity> planned;
  private final Set<Activity> without;
  private final Duration maxWallTime;
  private final boolean keepDeployed;
  private int position = -1;
  private boolean current; // the activity at position was handed out and is not finished yet
  private RunReport.Outcome outcome = RunReport.Outcome.SUCCEEDED;
  private Finished failure;
  private ArchitecturePlan plan;
  private BuildResult build;
  private TestReport test;
  private Deployment deployment;
  private HealthReport health;

  private RunSequencer(Builder b) {
    this.runId = b.runId;
    this.without = b.without.isEmpty() ? EnumSet.noneOf(Activity.class) : EnumSet.copyOf(b.without);
    this.maxWallTime = b.maxWallTime;
    this.keepDeployed = b.keepDeployed;
    this.plan = b.plan;
    List<Activity> list = new ArrayList<>();
    for (Activity a : Activity.values()) {
      if (a == Activity.PLAN && b.plan != null) {
        continue;
      }
      list.add(a);
      if (a == b.stopAfter) {
        break;
      }
    }
    this.planned = List.copyOf(list);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** How one activity ended, as the driver reports and logs it. */
  public record Finished(Activity activity, RunReport.Outcome outcome, FailureKind failureKind,
      RunReport.Failure failure, String note) {
    /** True when this activity ends the run with a failure (or a cancellation). */
    public boolean endsRun() {
      return failure != null;
    }
  }

  /** The activities this run goes through, in order (what {@code RunStarted} announces). */
  public List<Activity> planned() {
    return planned;
  }

  /**
   * The next activity to start, or empty when the run is over (every planned activity finished, or one failed).
   *
   * @throws IllegalStateException when the activity handed out last is not finished yet
   */
  public Optional<Activity> next() {
    if (current) {
      throw new IllegalStateException(planned.get(position) + " is not finished; call completed, skipped or failed");
    }
    if (failure != null || position + 1 >= planned.size()) {
      return Optional.empty();
    }
    position++;
    current = true;
    return Optional.of(planned.get(position));
  }

  /**
   * Whether {@code activity} (the one {@link #next()} handed out) is called, or skipped without a call: an activity
   * without an implementation, or Monitor when nothing was deployed at a URL.
   */
  public boolean runs(Activity activity) {
    requireCurrent(activity, false);
    return switch (activity) {
      case PLAN, BUILD -> true;
      case TEST, DEPLOY -> !without.contains(activity);
      case MONITOR -> !without.contains(activity) && deployment != null && deployment.url() != null;
    };
  }

  /** Finishes {@code activity} as SKIPPED; allowed only when {@link #runs} says it is not called. */
  public Finished skipped(Activity activity) {
    if (runs(activity)) {
      throw new IllegalStateException(activity + " is to be called, not skipped");
    }
    current = false;
    return new Finished(activity, RunReport.Outcome.SKIPPED, null, null, null);
  }

  /**
   * Finishes {@code activity} with what it returned, and decides what that means: a null result or an invalid plan
   * fails the run, failing tests fail it ({@code TESTS_FAILED}), a DOWN service fails it ({@code UNHEALTHY}), a
   * skipped test report or a Deployment of kind NONE is SKIPPED.
   *
   * @param result an {@link ArchitecturePlan}, {@link BuildResult}, {@link TestReport}, {@link Deployment} or
   *     {@link HealthReport}, as the activity returns
   * @throws IllegalArgumentException when {@code result} is not of the activity's result type
   */
  public Finished completed(Activity activity, Object result) {
    requireCurrent(activity, false);
    if (result == null) {
      return fail(activity, RunReport.Outcome.FAILED, FailureKind.ERROR, "IllegalStateException", "the "
          + activity.name().toLowerCase(Locale.ROOT) + " activity returned null; an activity returns a result or throws");
    }
    Class<?> type = switch (activity) {
      case PLAN -> ArchitecturePlan.class;
      case BUILD -> BuildResult.class;
      case TEST -> TestReport.class;
      case DEPLOY -> Deployment.class;
      case MONITOR -> HealthReport.class;
    };
    if (!type.isInstance(result)) {
      throw new IllegalArgumentException(activity + " returns " + type.getSimpleName() + ", but the result was "
          + result.getClass().getName());
    }
    current = false;
    switch (activity) {
      case PLAN -> {
        plan = (ArchitecturePlan) result;
        try {
          plan.levels();
        } catch (InvalidPlanException e) {
          return failed(activity, e, false, false);
        }
      }
      case BUILD -> build = (BuildResult) result;
      case TEST -> {
        test = (TestReport) result;
        if (test.status() == TestReport.Status.SKIPPED) {
          return new Finished(activity, RunReport.Outcome.SKIPPED, null, null, "skipped: " + test.skipReason());
        }
        if (test.status() == TestReport.Status.FAILED) {
          return fail(activity, RunReport.Outcome.FAILED, FailureKind.TESTS_FAILED, "TESTS_FAILED", testsFailed(test));
        }
      }
      case DEPLOY -> {
        deployment = (Deployment) result;
        if (deployment.kind() == Deployment.Kind.NONE) {
          return new Finished(activity, RunReport.Outcome.SKIPPED, null, null, null);
        }
      }
      case MONITOR -> {
        health = (HealthReport) result;
        if (health.verdict() == HealthReport.Verdict.DOWN) {
          String cause = health.diagnosis() == null ? "" : ": " + health.diagnosis().cause();
          return fail(activity, RunReport.Outcome.FAILED, FailureKind.UNHEALTHY, "UNHEALTHY",
              "the deployed service is DOWN" + cause);
        }
      }
    }
    return new Finished(activity, RunReport.Outcome.SUCCEEDED, null, null, null);
  }

  /**
   * Finishes {@code activity} with the exception it threw (also after {@link #completed}, when storing its result
   * failed). A failed Build keeps the files it finished ({@link BuildResult#partialOf}).
   *
   * @param cancelled whether the run was cancelled (the exception may be a consequence, e.g. an interrupted read)
   * @param wallTimeOver whether the cancellation came from the wall-time limit
   */
  public Finished failed(Activity activity, RuntimeException exception, boolean cancelled, boolean wallTimeOver) {
    Checks.notNull(exception, "exception");
    requireCurrent(activity, true);
    if (activity == Activity.BUILD && build == null) {
      build = BuildResult.partialOf(exception).orElse(null);
    }
    boolean stopped = cancelled || exception instanceof RunCancelledException;
    RunReport.Outcome activityOutcome = stopped && !wallTimeOver ? RunReport.Outcome.CANCELLED : RunReport.Outcome.FAILED;
    if (wallTimeOver || (exception instanceof BudgetExceededException b && b.limit() == BudgetExceededException.Limit.WALL_TIME)) {
      return fail(activity, activityOutcome, FailureKind.WALL_TIME, "WALL_TIME", "wall-time budget of "
          + (maxWallTime == null ? "?" : maxWallTime.toString()) + " is over; raise Budget.Builder.maxWallTime or resume"
          + " the run", List.of(new SettingHint(SettingHint.BUDGET_MAX_WALL_TIME, "Budget.Builder.maxWallTime",
              maxWallTime == null ? null : maxWallTime.toString())));
    }
    if (exception instanceof BudgetExceededException b) {
      return fail(activity, activityOutcome, FailureKind.BUDGET_EXCEEDED, "BUDGET_EXCEEDED", b.getMessage(), b.hints());
    }
    if (stopped) {
      return fail(activity, activityOutcome, FailureKind.CANCELLED, "CANCELLED",
          "run " + runId + " was cancelled; resume(\"" + runId + "\") continues it");
    }
    String message = exception.getMessage() == null ? exception.getClass().getName() : exception.getMessage();
    OrchestratorException known = exception instanceof OrchestratorException o ? o : null;
    return fail(activity, activityOutcome, known == null ? FailureKind.ERROR : known.failureKind(),
        known == null ? exception.getClass().getSimpleName() : known.failureType(), Checks.excerpt(message, 2000),
        known == null ? List.of() : known.hints());
  }

  /** The deployment to stop once the run is over, unless it is to be kept or nothing was deployed. */
  public Optional<Deployment> toUndeploy() {
    if (deployment == null || deployment.kind() == Deployment.Kind.NONE || keepDeployed || without.contains(Activity.DEPLOY)) {
      return Optional.empty();
    }
    return Optional.of(deployment);
  }

  /** The run's plan: the given one, or Plan's result; {@code null} before. */
  public ArchitecturePlan plan() {
    return plan;
  }

  /** What Build wrote (or finished before it failed); {@code null} before. */
  public BuildResult build() {
    return build;
  }

  /** The deployment, or {@code null}. */
  public Deployment deployment() {
    return deployment;
  }

  /** How the run ends (so far). */
  public RunReport.Outcome outcome() {
    return outcome;
  }

  /** The failure that ended the run, if any. */
  public Optional<Finished> failure() {
    return Optional.ofNullable(failure);
  }

  /**
   * The report of the run so far.
   *
   * @param workspace the workspace's absolute path
   * @param activities the driver's record of each finished activity, with its timing
   * @param ledger the run's cost ledger
   */
  public RunReport report(String workspace, List<RunReport.ActivityRecord> activities, CostLedger ledger,
      Instant startedAt, Instant finishedAt) {
    return report(workspace, activities, ledger, startedAt, finishedAt, null, List.of(), Map.of());
  }

  /**
   * The report of the run so far, with what the driver observed of its events.
   *
   * @param request the request's text, or {@code null} for a run from a given plan
   * @param repairs the repairs the run's events reported, in order
   * @param retries the retried HTTP attempts per model
   */
  public RunReport report(String workspace, List<RunReport.ActivityRecord> activities, CostLedger ledger,
      Instant startedAt, Instant finishedAt, String request, List<RunReport.Repair> repairs, Map<String, Integer> retries) {
    return report(workspace, activities, ledger, startedAt, finishedAt, request, repairs, retries,
        RunReport.BudgetOvershoot.NONE);
  }

  /**
   * The report of the run so far, with what the driver observed of its events and of its budget.
   *
   * @param budgetOvershoot how far reported usage went beyond the budget's reservations
   */
  public RunReport report(String workspace, List<RunReport.ActivityRecord> activities, CostLedger ledger,
      Instant startedAt, Instant finishedAt, String request, List<RunReport.Repair> repairs, Map<String, Integer> retries,
      RunReport.BudgetOvershoot budgetOvershoot) {
    return new RunReport(RunReport.SCHEMA_VERSION, runId, outcome, failure == null ? null : failure.failure(),
        workspace, activities, plan, build, test, deployment, health, ledger.total(), ledger.byActivity(),
        ledger.byModel(), ledger.byFile(), startedAt, finishedAt, request, repairs, retries, budgetOvershoot);
  }

  private Finished fail(Activity activity, RunReport.Outcome activityOutcome, FailureKind kind, String type,
      String message) {
    return fail(activity, activityOutcome, kind, type, message, List.of());
  }

  private Finished fail(Activity activity, RunReport.Outcome activityOutcome, FailureKind kind, String type,
      String message, List<SettingHint> hints) {
    current = false;
    outcome = activityOutcome;
    failure = new Finished(activity, activityOutcome, kind, new RunReport.Failure(activity, type, message, hints), null);
    return failure;
  }

  private void requireCurrent(Activity activity, boolean orJustFinished) {
    Checks.notNull(activity, "activity");
    boolean isCurrent = position >= 0 && planned.get(position) == activity;
    if (!isCurrent || (!current && !(orJustFinished && failure == null))) {
      throw new IllegalStateException(activity + " is not the activity in progress"
          + (position < 0 || !current ? "" : " (" + planned.get(position) + " is)") + "; call next() first");
    }
  }


  private static String testsFailed(TestReport test) {
    long failed = test.count(TestReport.Outcome.FAILED) + test.count(TestReport.Outcome.ERROR);
    String quality = test.quality() != null && !test.quality().passed()
        ? "; quality " + test.quality().grade() + " (" + Math.round(test.quality().score()) + " < "
            + test.quality().threshold() + ")" : "";
    return failed + " of " + test.tests().size() + " tests failed after " + test.fixRounds().size() + " fix rounds"
        + quality;
  }

  /** Builds a {@link RunSequencer}; only the run id is required. */
  public static final class Builder {
    private String runId;
    private ArchitecturePlan plan;
    private Activity stopAfter = Activity.MONITOR;
    private final Set<Activity> without = EnumSet.noneOf(Activity.class);
    private Duration maxWallTime;
    private boolean keepDeployed;

    private Builder() {}

    /** The run's id, named in a cancelled run's failure. */
    public Builder runId(String runId) {
      this.runId = Checks.notBlank(runId, "runId");
      return this;
    }

    /** A plan given by the caller (build or resume): the run starts at BUILD. */
    public Builder plan(ArchitecturePlan plan) {
      this.plan = Checks.notNull(plan, "plan");
      return this;
    }

    /** The last activity to run (default MONITOR). */
    public Builder stopAfter(Activity last) {
      this.stopAfter = Checks.notNull(last, "last");
      return this;
    }

    /**
     * An activity with no implementation: it is SKIPPED. Only TEST, DEPLOY and MONITOR may be missing.
     *
     * @throws IllegalArgumentException for PLAN or BUILD
     */
    public Builder without(Activity activity) {
      Checks.notNull(activity, "activity");
      if (activity == Activity.PLAN || activity == Activity.BUILD) {
        throw new IllegalArgumentException("only TEST, DEPLOY and MONITOR can be skipped for want of an "
            + "implementation, but was " + activity + "; a run from a given plan starts at BUILD (see plan(...))");
      }
      without.add(activity);
      return this;
    }

    /** The wall-time budget, named in a WALL_TIME failure's message. */
    public Builder maxWallTime(Duration maxWallTime) {
      this.maxWallTime = maxWallTime;
      return this;
    }

    /** Leaves the deployed service running after the run (default false). */
    public Builder keepDeployed(boolean keep) {
      this.keepDeployed = keep;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalStateException when the run id is missing, or a given plan leaves nothing to do
     */
    public RunSequencer build() {
      if (runId == null) {
        throw new IllegalStateException("runId is required: call runId(String)");
      }
      if (plan != null && stopAfter == Activity.PLAN) {
        throw new IllegalStateException("a run from a given plan starts at BUILD, but stopAfter is PLAN: nothing to do");
      }
      return new RunSequencer(this);
    }
  }
}
