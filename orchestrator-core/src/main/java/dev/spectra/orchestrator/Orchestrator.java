package dev.spectra.orchestrator;

import dev.spectra.orchestrator.build.ChunkedBuild;
import dev.spectra.orchestrator.build.FileGenerator;
import dev.spectra.orchestrator.cost.Budget;
import dev.spectra.orchestrator.cost.PriceTable;
import dev.spectra.orchestrator.internal.Checks;
import dev.spectra.orchestrator.internal.engine.RunJournal;
import dev.spectra.orchestrator.internal.engine.RunSequencer;
import dev.spectra.orchestrator.stack.TargetStack;
import dev.spectra.orchestrator.workspace.Workspace;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

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
 *
 * <p>The decisions of a run (what comes next, what is skipped, what fails it) are a {@link RunSequencer}'s; an
 * orchestrator drives one on local threads, with the wall-time timer, cancellation and the run's journal.
 */
public final class Orchestrator {
  /** The MDC key holding the run id while a run works. */
  public static final String MDC_RUN_ID = "spectra.runId";

  final PlanActivity planActivity;
  final BuildActivity buildActivity;
  final TestActivity testActivity;
  final DeployActivity deployActivity;
  final MonitorActivity monitorActivity;
  final Workspace workspace;
  final Budget budget;
  final PriceTable prices;
  final Clock clock;
  final List<RunListener> listeners;
  final Activity stopAfter;
  final boolean keepDeployed;
  final boolean allowUnisolatedCode;

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
    return new LocalRun(this, null).execute(request, null, false);
  }

  /** Runs every activity on a request on a new thread; the handle cancels it. */
  public RunHandle runAsync(ServiceRequest request) {
    Checks.notNull(request, "request");
    return new LocalRun(this, null).async(request, null, false);
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
    return new LocalRun(this, null).planOnly(planner, request);
  }

  /**
   * Runs Build and the later activities on a plan the caller supplies (edited or approved).
   *
   * @throws IllegalStateException when this orchestrator stops after PLAN, so there is nothing to run
   */
  public RunReport build(ArchitecturePlan plan) {
    Checks.notNull(plan, "plan");
    requireWorkAfterPlan();
    return new LocalRun(this, null).execute(null, plan, false);
  }

  /** {@link #build(ArchitecturePlan)} on a new thread. */
  public RunHandle buildAsync(ArchitecturePlan plan) {
    Checks.notNull(plan, "plan");
    requireWorkAfterPlan();
    return new LocalRun(this, null).async(null, plan, false);
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
    return new LocalRun(this, runId).execute(null, plan, true);
  }

  private void requireWorkAfterPlan() {
    if (stopAfter == Activity.PLAN) {
      throw new IllegalStateException("this orchestrator stops after PLAN (Builder.stopAfter), so a run from a plan "
          + "has nothing to do; build it with stopAfter(BUILD) or later");
    }
  }

  PlanActivity requirePlanActivity() {
    if (planActivity == null) {
      throw new IllegalStateException("no plan activity configured; set Builder.planActivity or call build(plan)");
    }
    return planActivity;
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
