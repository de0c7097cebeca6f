package dev.spectra.orchestrator;

import dev.spectra.orchestrator.build.ChunkedBuild;
import dev.spectra.orchestrator.build.FileGenerator;
import dev.spectra.orchestrator.build.RunJournal;
import dev.spectra.orchestrator.cost.Budget;
import dev.spectra.orchestrator.cost.BudgetAccount;
import dev.spectra.orchestrator.cost.BudgetExceededException;
import dev.spectra.orchestrator.cost.CostLedger;
import dev.spectra.orchestrator.cost.PriceTable;
import dev.spectra.orchestrator.internal.Checks;
import dev.spectra.orchestrator.internal.Hashing;
import dev.spectra.orchestrator.stack.TargetStack;
import dev.spectra.orchestrator.workspace.Workspace;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs the five activities (Plan, Build, Test, Deploy, Monitor) of a service request and returns a
 * {@link RunReport}, even when a step fails.
 *
 * <pre>{@code
 * Orchestrator orchestrator = Orchestrator.builder()
 *     .planActivity(planner)
 *     .fileGenerator(generator)
 *     .stack(stack)
 *     .workspace(Path.of("out/hello"))
 *     .budget(Budget.builder().maxUsd("0.10").build())
 *     .listener(event -> System.out.println(event))
 *     .build();
 * RunReport report = orchestrator.run(ServiceRequest.of("Hello World service"));
 * }</pre>
 *
 * <p>Step-wise use: {@link #plan(ServiceRequest)} alone, then {@link #build(ArchitecturePlan)} on a plan the
 * caller may have edited or approved. {@link #resume(String)} continues a run whose process died, generating
 * exactly the files without a finished journal entry. An orchestrator is immutable and thread-safe; every run has
 * its own context, and the run id is in the SLF4J MDC under {@value #MDC_RUN_ID} while a run works.
 */
public final class Orchestrator {
  /** The MDC key holding the run id while a run works. */
  public static final String MDC_RUN_ID = "spectra.runId";

  private static final Logger LOG = LoggerFactory.getLogger(Orchestrator.class);
  private static final ScheduledThreadPoolExecutor TIMER = newTimer();

  private static ScheduledThreadPoolExecutor newTimer() {
    ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "spectra-wall-time");
      t.setDaemon(true);
      return t;
    });
    timer.setRemoveOnCancelPolicy(true); // a finished run's timer must not linger until its deadline
    return timer;
  }

  private final PlanActivity planActivity;
  private final BuildActivity buildActivity;
  private final TestActivity testActivity;
  private final DeployActivity deployActivity;
  private final MonitorActivity monitorActivity;
  private final Workspace workspace;
  private final Budget budget;
  private final PriceTable prices;
  private final Clock clock;
  private final List<RunListener> listeners;
  private final Activity stopAfter;
  private final boolean keepDeployed;
  private final boolean allowUnisolatedCode;

  private Orchestrator(Builder b, BuildActivity buildActivity) {
    this.planActivity = b.planActivity;
    this.buildActivity = buildActivity;
    this.testActivity = b.testActivity;
    this.deployActivity = b.deployActivity;
    this.monitorActivity = b.monitorActivity;
    this.workspace = b.workspace;
    this.budget = b.budget;
    this.prices = b.prices;
    this.clock = b.clock;
    this.listeners = List.copyOf(b.listeners);
    this.stopAfter = b.stopAfter;
    this.keepDeployed = b.keepDeployed;
    this.allowUnisolatedCode = b.allowUnisolatedCode;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The workspace runs write into. */
  public Workspace workspace() {
    return workspace;
  }

  /** Runs every activity on a request, on the calling thread. */
  public RunReport run(ServiceRequest request) {
    Checks.notNull(request, "request");
    return newRun(null).execute(request, null);
  }

  /** Runs every activity on a request on a new thread; the handle cancels it. */
  public RunHandle runAsync(ServiceRequest request) {
    Checks.notNull(request, "request");
    return async(newRun(null), request, null);
  }

  /**
   * Plans only, for a caller who reviews or edits the plan before {@link #build(ArchitecturePlan)}. Emits
   * ActivityStarted and ActivityFinished for PLAN (no RunStarted: the run that builds the plan has its own id).
   *
   * @throws OrchestratorException (or the planner's own exception) when planning fails
   * @throws InvalidPlanException when the plan's files have a dangling dependency or a cycle
   */
  public ArchitecturePlan plan(ServiceRequest request) {
    Checks.notNull(request, "request");
    PlanActivity planner = requirePlanActivity();
    Run run = newRun(null);
    RunContext ctx = run.ctx;
    return run.withMdc(() -> {
      Instant start = clock.instant();
      ctx.emit(new RunEvent.ActivityStarted(ctx.runId(), start, Activity.PLAN));
      RunReport.Outcome outcome = RunReport.Outcome.FAILED;
      try {
        ArchitecturePlan plan = planner.plan(request, ctx);
        if (plan == null) {
          throw new IllegalStateException("the plan activity returned null instead of a plan");
        }
        plan.levels();
        outcome = RunReport.Outcome.SUCCEEDED;
        return plan;
      } finally {
        Instant end = clock.instant();
        ctx.emit(new RunEvent.ActivityFinished(ctx.runId(), end, Activity.PLAN, outcome, Duration.between(start, end)));
      }
    });
  }

  /**
   * Runs Build and the later activities on a plan the caller supplies (edited or approved).
   *
   * @throws IllegalStateException when this orchestrator stops after PLAN, so there is nothing to run
   */
  public RunReport build(ArchitecturePlan plan) {
    Checks.notNull(plan, "plan");
    requireWorkAfterPlan();
    return newRun(null).execute(null, plan);
  }

  /** {@link #build(ArchitecturePlan)} on a new thread. */
  public RunHandle buildAsync(ArchitecturePlan plan) {
    Checks.notNull(plan, "plan");
    requireWorkAfterPlan();
    return async(newRun(null), null, plan);
  }

  /**
   * Continues a run from its journal in this workspace: files on disk are re-hashed, and exactly the files without a
   * matching finished entry are generated; then the later activities run.
   *
   * @throws IllegalArgumentException when the workspace has no journal for {@code runId}
   */
  public RunReport resume(String runId) {
    Checks.notBlank(runId, "runId");
    requireWorkAfterPlan();
    ArchitecturePlan plan = RunJournal.loadPlan(workspace, runId).orElseThrow(() -> new IllegalArgumentException(
        "no journaled plan for run " + runId + " in workspace " + workspace.root() + "; list runs under .spectra/runs"));
    return newRun(runId).execute(null, plan);
  }

  private void requireWorkAfterPlan() {
    if (stopAfter == Activity.PLAN) {
      throw new IllegalStateException("this orchestrator stops after PLAN (Builder.stopAfter), so a run from a plan "
          + "has nothing to do; build it with stopAfter(BUILD) or later");
    }
  }

  private RunHandle async(Run run, ServiceRequest request, ArchitecturePlan plan) {
    CompletableFuture<RunReport> future = new CompletableFuture<>();
    Thread thread = new Thread(() -> {
      try {
        future.complete(run.execute(request, plan));
      } catch (Throwable t) {
        future.completeExceptionally(t);
      }
    }, "spectra-" + run.ctx.runId());
    thread.setDaemon(true);
    thread.start();
    return new RunHandle(run.ctx.runId(), future, () -> run.stop(false));
  }

  private Run newRun(String runId) {
    AtomicBoolean cancelled = new AtomicBoolean();
    RunContext.Builder b = RunContext.builder()
        .clock(clock)
        .workspace(workspace)
        .budget(new BudgetAccount(budget, prices, clock))
        .ledger(new CostLedger())
        .listeners(listeners)
        .cancellation(cancelled)
        .allowUnisolatedCode(allowUnisolatedCode);
    if (runId != null) {
      b.runId(runId);
    }
    return new Run(b.build());
  }

  private PlanActivity requirePlanActivity() {
    if (planActivity == null) {
      throw new IllegalStateException("no plan activity configured; set Builder.planActivity or call build(plan)");
    }
    return planActivity;
  }

  /** One run's state. Activities run on one worker thread; {@link #stop} may come from any thread. */
  private final class Run {
    final RunContext ctx;
    final Instant startedAt;
    final List<RunReport.ActivityRecord> records = new ArrayList<>();
    private final Object lock = new Object();
    private Thread worker; // guarded by lock: set while activities run
    private boolean interrupted; // guarded by lock: the worker was interrupted by stop()
    private volatile boolean wallTimeOver;
    RunReport.Outcome outcome = RunReport.Outcome.SUCCEEDED;
    RunReport.Failure failure;
    ArchitecturePlan plan;
    BuildResult build;
    TestReport test;
    Deployment deployment;
    HealthReport health;

    Run(RunContext ctx) {
      this.ctx = ctx;
      this.startedAt = clock.instant();
    }

    <T> T withMdc(Supplier<T> body) {
      String previous = MDC.get(MDC_RUN_ID);
      MDC.put(MDC_RUN_ID, ctx.runId());
      try {
        return body.get();
      } finally {
        if (previous == null) {
          MDC.remove(MDC_RUN_ID);
        } else {
          MDC.put(MDC_RUN_ID, previous);
        }
      }
    }

    /**
     * Cancels the run (for the wall-time limit when {@code wallTime}): the current activity sees it at its next
     * check, and the worker is interrupted while activities still run. Once they are over, a wall-time stop is
     * ignored and a cancellation only marks the context.
     */
    void stop(boolean wallTime) {
      synchronized (lock) {
        if (wallTime) {
          if (worker == null) {
            return;
          }
          wallTimeOver = true;
        }
        ctx.cancel();
        if (worker != null) {
          interrupted = true;
          worker.interrupt();
        }
      }
    }

    RunReport execute(ServiceRequest request, ArchitecturePlan given) {
      return withMdc(() -> {
        List<Activity> planned = activitiesToRun(given != null);
        ctx.emit(new RunEvent.RunStarted(ctx.runId(), startedAt, planned));
        LOG.info("run {} started: {}", ctx.runId(), planned);
        plan = given;
        synchronized (lock) {
          worker = Thread.currentThread();
        }
        ScheduledFuture<?> timer = armWallTime();
        try {
          runActivities(planned, request);
        } finally {
          if (timer != null) {
            timer.cancel(false);
          }
          synchronized (lock) {
            worker = null;
            if (interrupted) {
              Thread.interrupted(); // our own interrupt must not break the undeploy, the report or the caller
            }
          }
          undeploy();
        }
        RunReport report = report();
        try {
          RunJournal.saveReport(workspace, ctx.runId(), report);
        } catch (RuntimeException e) {
          LOG.warn("run {}: cannot save the report: {}", ctx.runId(), e.toString());
        }
        ctx.emit(new RunEvent.RunFinished(ctx.runId(), clock.instant(), report));
        LOG.info("run {} finished: {}", ctx.runId(), outcome);
        return report;
      });
    }

    private ScheduledFuture<?> armWallTime() {
      Duration max = budget.maxWallTime().orElse(null);
      if (max == null) {
        return null;
      }
      return TIMER.schedule(() -> stop(true), max.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void runActivities(List<Activity> planned, ServiceRequest request) {
      for (Activity activity : planned) {
        Instant start = clock.instant();
        ctx.emit(new RunEvent.ActivityStarted(ctx.runId(), start, activity));
        RunReport.Outcome activityOutcome;
        try {
          ctx.throwIfCancelled();
          activityOutcome = runOne(activity, request);
          failure = verdictFailure(activity);
          if (failure != null) {
            activityOutcome = RunReport.Outcome.FAILED;
            outcome = RunReport.Outcome.FAILED;
          }
        } catch (RuntimeException e) {
          activityOutcome = cancelled(e) && !wallTimeOver ? RunReport.Outcome.CANCELLED : RunReport.Outcome.FAILED;
          failure = failureOf(activity, e);
          outcome = activityOutcome;
          if (activity == Activity.BUILD && build == null) {
            build = journaledBuild();
          }
          LOG.warn("run {} {} {}: {}", ctx.runId(), activity, activityOutcome, failure.message());
        }
        Instant end = clock.instant();
        records.add(new RunReport.ActivityRecord(activity, activityOutcome, start, Duration.between(start, end).toMillis()));
        ctx.emit(new RunEvent.ActivityFinished(ctx.runId(), end, activity, activityOutcome, Duration.between(start, end)));
        if (failure != null) {
          return;
        }
      }
    }

    private void undeploy() {
      if (deployment == null || deployment.kind() == Deployment.Kind.NONE || deployActivity == null || keepDeployed) {
        return;
      }
      try {
        deployActivity.undeploy(deployment, ctx);
      } catch (RuntimeException e) {
        LOG.warn("run {}: undeploy failed: {}", ctx.runId(), e.toString());
      }
    }

    private RunReport.Outcome runOne(Activity activity, ServiceRequest request) {
      switch (activity) {
        case PLAN -> {
          plan = returned(activity, requirePlanActivity().plan(request, ctx));
          plan.levels();
          RunJournal.savePlan(workspace, ctx.runId(), plan);
        }
        case BUILD -> {
          RunJournal.savePlan(workspace, ctx.runId(), plan);
          build = returned(activity, buildActivity.build(plan, ctx));
        }
        case TEST -> {
          if (testActivity == null) {
            return RunReport.Outcome.SKIPPED;
          }
          test = returned(activity, testActivity.test(plan, build, ctx));
          if (test.status() == TestReport.Status.SKIPPED) {
            ctx.note(Activity.TEST, "skipped: " + test.skipReason());
            return RunReport.Outcome.SKIPPED;
          }
        }
        case DEPLOY -> {
          if (deployActivity == null) {
            return RunReport.Outcome.SKIPPED;
          }
          deployment = returned(activity, deployActivity.deploy(plan, ctx));
          if (deployment.kind() == Deployment.Kind.NONE) {
            return RunReport.Outcome.SKIPPED;
          }
        }
        case MONITOR -> {
          if (monitorActivity == null || deployment == null || deployment.url() == null) {
            return RunReport.Outcome.SKIPPED;
          }
          health = returned(activity, monitorActivity.monitor(plan, deployment, ctx));
        }
        default -> throw new IllegalStateException("unknown activity " + activity);
      }
      return RunReport.Outcome.SUCCEEDED;
    }

    private <T> T returned(Activity activity, T result) {
      if (result == null) {
        throw new IllegalStateException("the " + activity.name().toLowerCase(Locale.ROOT)
            + " activity returned null; an activity returns a result or throws");
      }
      return result;
    }

    /**
     * The files a failed or cancelled Build finished, from its journal: paid for and on disk, so the report keeps
     * them (a file whose content no longer matches its entry is left out; resume generates it again).
     */
    private BuildResult journaledBuild() {
      try {
        Map<String, RunJournal.Entry> latest = new LinkedHashMap<>();
        RunJournal.entries(workspace, ctx.runId()).forEach(e -> latest.put(e.path(), e));
        List<GeneratedFile> files = new ArrayList<>();
        Usage usage = Usage.ZERO;
        for (RunJournal.Entry e : latest.values()) {
          Optional<String> content = workspace.read(e.path());
          if (content.isPresent() && Hashing.sha256(content.get()).equals(e.sha256())) {
            files.add(new GeneratedFile(e.path(), content.get(), e.origin(), e.attempts(), e.usage(), e.sha256()));
            usage = usage.plus(e.usage());
          }
        }
        return files.isEmpty() ? null : new BuildResult(files, usage);
      } catch (RuntimeException e) {
        LOG.warn("run {}: cannot read the finished files from the journal: {}", ctx.runId(), e.toString());
        return null;
      }
    }

    /** A finished activity whose result says the run cannot go on well: failing tests, a DOWN service. */
    private RunReport.Failure verdictFailure(Activity activity) {
      if (activity == Activity.TEST && test != null && test.status() == TestReport.Status.FAILED) {
        long failed = test.count(TestReport.Outcome.FAILED) + test.count(TestReport.Outcome.ERROR);
        String quality = test.quality() != null && !test.quality().passed()
            ? "; quality " + test.quality().grade() + " (" + Math.round(test.quality().score()) + " < " + test.quality().threshold() + ")" : "";
        return new RunReport.Failure(Activity.TEST, "TESTS_FAILED",
            failed + " of " + test.tests().size() + " tests failed after " + test.fixRounds().size() + " fix rounds" + quality);
      }
      if (activity == Activity.MONITOR && health != null && health.verdict() == HealthReport.Verdict.DOWN) {
        String cause = health.diagnosis() == null ? "" : ": " + health.diagnosis().cause();
        return new RunReport.Failure(Activity.MONITOR, "UNHEALTHY", "the deployed service is DOWN" + cause);
      }
      return null;
    }

    private boolean cancelled(RuntimeException e) {
      return e instanceof RunCancelledException || ctx.isCancelled();
    }

    private RunReport.Failure failureOf(Activity activity, RuntimeException e) {
      if (wallTimeOver || (e instanceof BudgetExceededException b && b.limit() == BudgetExceededException.Limit.WALL_TIME)) {
        return new RunReport.Failure(activity, "WALL_TIME",
            "wall-time budget of " + budget.maxWallTime().map(Duration::toString).orElse("?") + " is over; raise maxWallTime or resume the run");
      }
      if (e instanceof BudgetExceededException b) {
        return new RunReport.Failure(activity, "BUDGET_EXCEEDED", b.getMessage());
      }
      if (cancelled(e)) {
        return new RunReport.Failure(activity, "CANCELLED", "run " + ctx.runId() + " was cancelled; resume(\"" + ctx.runId() + "\") continues it");
      }
      String message = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
      String type = e instanceof OrchestratorException o ? o.failureType() : e.getClass().getSimpleName();
      return new RunReport.Failure(activity, type, Checks.excerpt(message, 2000));
    }

    private RunReport report() {
      CostLedger ledger = ctx.ledger();
      return new RunReport(RunReport.SCHEMA_VERSION, ctx.runId(), outcome, failure, workspace.root().toString(), records,
          plan, build, test, deployment, health, ledger.total(), ledger.byActivity(), ledger.byModel(), ledger.byFile(),
          startedAt, clock.instant());
    }
  }

  private List<Activity> activitiesToRun(boolean fromPlan) {
    List<Activity> list = new ArrayList<>();
    for (Activity a : Activity.values()) {
      if (fromPlan && a == Activity.PLAN) {
        continue;
      }
      list.add(a);
      if (a == stopAfter) {
        break;
      }
    }
    return list;
  }

  /** Builds an {@link Orchestrator}; validates at {@link #build()}. */
  public static final class Builder {
    private PlanActivity planActivity;
    private BuildActivity buildActivity;
    private FileGenerator fileGenerator;
    private TargetStack stack;
    private int concurrency = ChunkedBuild.DEFAULT_CONCURRENCY;
    private TestActivity testActivity;
    private DeployActivity deployActivity;
    private MonitorActivity monitorActivity;
    private Workspace workspace;
    private Budget budget = Budget.unlimited();
    private PriceTable prices = PriceTable.defaults();
    private Clock clock = Clock.systemUTC();
    private final List<RunListener> listeners = new ArrayList<>();
    private Activity stopAfter = Activity.MONITOR;
    private boolean keepDeployed;
    private boolean allowUnisolatedCode;

    private Builder() {}

    public Builder planActivity(PlanActivity planActivity) {
      this.planActivity = Checks.notNull(planActivity, "planActivity");
      return this;
    }

    /** A custom Build activity; by default the chunked engine runs over {@link #fileGenerator} and {@link #stack}. */
    public Builder buildActivity(BuildActivity buildActivity) {
      this.buildActivity = Checks.notNull(buildActivity, "buildActivity");
      return this;
    }

    /** The generator of model-written files, for the default chunked Build. */
    public Builder fileGenerator(FileGenerator fileGenerator) {
      this.fileGenerator = Checks.notNull(fileGenerator, "fileGenerator");
      return this;
    }

    /** The stack profile, for the default chunked Build (templates, config generators, signatures). */
    public Builder stack(TargetStack stack) {
      this.stack = Checks.notNull(stack, "stack");
      return this;
    }

    /** How many files the default chunked Build generates at once (default {@value ChunkedBuild#DEFAULT_CONCURRENCY}). */
    public Builder concurrency(int concurrency) {
      this.concurrency = Checks.positive(concurrency, "concurrency");
      return this;
    }

    public Builder testActivity(TestActivity testActivity) {
      this.testActivity = Checks.notNull(testActivity, "testActivity");
      return this;
    }

    public Builder deployActivity(DeployActivity deployActivity) {
      this.deployActivity = Checks.notNull(deployActivity, "deployActivity");
      return this;
    }

    public Builder monitorActivity(MonitorActivity monitorActivity) {
      this.monitorActivity = Checks.notNull(monitorActivity, "monitorActivity");
      return this;
    }

    public Builder workspace(Workspace workspace) {
      this.workspace = Checks.notNull(workspace, "workspace");
      return this;
    }

    public Builder workspace(Path root) {
      return workspace(Workspace.at(Checks.notNull(root, "root")));
    }

    public Builder budget(Budget budget) {
      this.budget = Checks.notNull(budget, "budget");
      return this;
    }

    public Builder prices(PriceTable prices) {
      this.prices = Checks.notNull(prices, "prices");
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Checks.notNull(clock, "clock");
      return this;
    }

    public Builder listener(RunListener listener) {
      this.listeners.add(Checks.notNull(listener, "listener"));
      return this;
    }

    /** The last activity to run (default MONITOR); e.g. TEST for a run without deployment. */
    public Builder stopAfter(Activity last) {
      this.stopAfter = Checks.notNull(last, "last");
      return this;
    }

    /**
     * Runs generated code (tests, the service) WITHOUT isolation where bubblewrap is unusable (default false: those
     * steps are SKIPPED with an install hint). Generated code can then read what this JVM's user can read and reach
     * the network; each step warns, and the test report records it. See docs/security.md.
     */
    public Builder allowUnisolatedCode(boolean allow) {
      this.allowUnisolatedCode = allow;
      return this;
    }

    /** Leaves the deployed service running after the run (default false: it is stopped after Monitor). */
    public Builder keepDeployed(boolean keep) {
      this.keepDeployed = keep;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalStateException naming what is missing or inconsistent
     */
    public Orchestrator build() {
      if (workspace == null) {
        throw new IllegalStateException("workspace is required: call workspace(Path)");
      }
      if (buildActivity != null && (fileGenerator != null || stack != null)) {
        throw new IllegalStateException("set either buildActivity or fileGenerator+stack, not both");
      }
      if (buildActivity == null && (fileGenerator == null || stack == null)) {
        throw new IllegalStateException("Build needs a fileGenerator and a stack (or a custom buildActivity); missing: "
            + (fileGenerator == null ? (stack == null ? "fileGenerator, stack" : "fileGenerator") : "stack"));
      }
      BuildActivity build = buildActivity != null ? buildActivity
          : ChunkedBuild.builder().generator(fileGenerator).stack(stack).concurrency(concurrency).build();
      Set<String> models = new LinkedHashSet<>();
      for (Object component : new Object[] {planActivity, build, fileGenerator, testActivity, deployActivity, monitorActivity}) {
        models.addAll(ModelBacked.of(component));
      }
      for (String model : models) {
        budget.requirePriced(model, prices);
      }
      return new Orchestrator(this, build);
    }
  }
}
