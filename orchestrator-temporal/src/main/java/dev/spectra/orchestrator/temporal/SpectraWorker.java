package dev.spectra.orchestrator.temporal;

import dev.spectra.orchestrator.DeployActivity;
import dev.spectra.orchestrator.ModelBacked;
import dev.spectra.orchestrator.MonitorActivity;
import dev.spectra.orchestrator.PlanActivity;
import dev.spectra.orchestrator.RunListener;
import dev.spectra.orchestrator.TestActivity;
import dev.spectra.orchestrator.Usage;
import dev.spectra.orchestrator.build.ChunkedBuild;
import dev.spectra.orchestrator.build.FileGenerator;
import dev.spectra.orchestrator.internal.engine.FileStep;
import dev.spectra.orchestrator.cost.Price;
import dev.spectra.orchestrator.cost.PriceTable;
import dev.spectra.orchestrator.internal.Checks;
import dev.spectra.orchestrator.stack.TargetStack;
import dev.spectra.orchestrator.temporal.internal.Messages.Spent;
import dev.spectra.orchestrator.temporal.internal.RunWorkflowImpl;
import dev.spectra.orchestrator.temporal.internal.Worker;
import dev.spectra.orchestrator.workspace.Workspace;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A Temporal worker for {@link TemporalOrchestrator} runs: it runs the run's workflow and its activities (Plan, one
 * activity per planned file, Test, Deploy, Monitor) with the activities it is given, on the run's task queue, and
 * Deploy and Monitor on a queue of its own, so that a service and its monitor stay on the machine that started it.
 * Start any number, on any machines that see the workspace at the same path (a shared volume); each must be
 * configured alike.
 *
 * <pre>{@code
 * WorkflowClient client = WorkflowClient.newInstance(WorkflowServiceStubs.newLocalServiceStubs());
 * SpectraWorker worker = SpectraWorker.builder(client)
 *     .workspace(Path.of("/shared/out"))
 *     .planActivity(llm.planner(stack))
 *     .fileGenerator(llm.fileGenerator())
 *     .stack(stack)
 *     .build()
 *     .start();
 * }</pre>
 */
public final class SpectraWorker implements AutoCloseable {
  /** The task queue runs and workers use unless told otherwise. */
  public static final String DEFAULT_TASK_QUEUE = "spectra";
  /** Input tokens reserved per model call of a file (the prompt: the plan's summary, the file's spec, signatures). */
  public static final long DEFAULT_INPUT_TOKENS_PER_CALL = 8_192;
  /** Output tokens reserved per model call of a file: orchestrator-llm's default output limit for Build. */
  public static final long DEFAULT_OUTPUT_TOKENS_PER_CALL = 4_096;

  private final WorkerFactory factory;
  private final String taskQueue;
  private final String ownTaskQueue;

  private SpectraWorker(WorkerFactory factory, String taskQueue, String ownTaskQueue) {
    this.factory = factory;
    this.taskQueue = taskQueue;
    this.ownTaskQueue = ownTaskQueue;
  }

  public static Builder builder(WorkflowClient client) {
    return new Builder(client);
  }

  /** The run's task queue this worker polls. */
  public String taskQueue() {
    return taskQueue;
  }

  /** This worker's own task queue, where the Deploy and Monitor of the runs it deployed go. */
  public String ownTaskQueue() {
    return ownTaskQueue;
  }

  /** Starts polling; returns this. */
  public SpectraWorker start() {
    factory.start();
    return this;
  }

  /**
   * Stops at once: activities in flight are interrupted and their results lost; Temporal gives them to another
   * worker after their timeout (a file already journaled is not generated again).
   */
  @Override
  public void close() {
    factory.shutdownNow();
    factory.awaitTermination(30, TimeUnit.SECONDS);
  }

  /** Builds a {@link SpectraWorker}; a workspace, a file generator and a stack are required. */
  public static final class Builder {
    private final WorkflowClient client;
    private String taskQueue = DEFAULT_TASK_QUEUE;
    private String name;
    private Workspace workspace;
    private PlanActivity planActivity;
    private FileGenerator fileGenerator;
    private TargetStack stack;
    private int maxAttempts = ChunkedBuild.DEFAULT_MAX_ATTEMPTS;
    private TestActivity testActivity;
    private DeployActivity deployActivity;
    private MonitorActivity monitorActivity;
    private PriceTable prices = PriceTable.defaults();
    private final List<RunListener> listeners = new ArrayList<>();
    private boolean allowUnisolatedCode;
    private long inputTokensPerCall = DEFAULT_INPUT_TOKENS_PER_CALL;
    private long outputTokensPerCall = DEFAULT_OUTPUT_TOKENS_PER_CALL;
    private WorkerOptions workerOptions = WorkerOptions.getDefaultInstance();

    private Builder(WorkflowClient client) {
      this.client = Checks.notNull(client, "client");
    }

    /** The runs' task queue (default {@value SpectraWorker#DEFAULT_TASK_QUEUE}). */
    public Builder taskQueue(String taskQueue) {
      this.taskQueue = Checks.notBlank(taskQueue, "taskQueue");
      return this;
    }

    /** This worker's name, in its own queue's name (default: a random id). */
    public Builder name(String name) {
      this.name = Checks.notBlank(name, "name");
      return this;
    }

    /** The shared workspace; every worker and the client see it at this path. */
    public Builder workspace(Path root) {
      return workspace(Workspace.at(Checks.notNull(root, "root")));
    }

    public Builder workspace(Workspace workspace) {
      this.workspace = Checks.notNull(workspace, "workspace");
      return this;
    }

    public Builder planActivity(PlanActivity planActivity) {
      this.planActivity = Checks.notNull(planActivity, "planActivity");
      return this;
    }

    public Builder fileGenerator(FileGenerator fileGenerator) {
      this.fileGenerator = Checks.notNull(fileGenerator, "fileGenerator");
      return this;
    }

    public Builder stack(TargetStack stack) {
      this.stack = Checks.notNull(stack, "stack");
      return this;
    }

    /** Generator calls per file (default {@value ChunkedBuild#DEFAULT_MAX_ATTEMPTS}). */
    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = Checks.positive(maxAttempts, "maxAttempts");
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

    public Builder prices(PriceTable prices) {
      this.prices = Checks.notNull(prices, "prices");
      return this;
    }

    /** Gets the events of the activities this worker runs. */
    public Builder listener(RunListener listener) {
      this.listeners.add(Checks.notNull(listener, "listener"));
      return this;
    }

    /** See {@code Orchestrator.Builder.allowUnisolatedCode} and docs/security.md. */
    public Builder allowUnisolatedCode(boolean allow) {
      this.allowUnisolatedCode = allow;
      return this;
    }

    /**
     * The worst case of one model call of a file, which the run's budget reserves {@code maxAttempts} times before it
     * schedules the file (defaults {@value SpectraWorker#DEFAULT_INPUT_TOKENS_PER_CALL} and
     * {@value SpectraWorker#DEFAULT_OUTPUT_TOKENS_PER_CALL}). A file whose calls use more is recorded as an overshoot.
     */
    public Builder fileCallWorstCase(long inputTokens, long outputTokens) {
      this.inputTokensPerCall = Checks.nonNegative(inputTokens, "inputTokens");
      this.outputTokensPerCall = Checks.positive(outputTokens, "outputTokens");
      return this;
    }

    /** Temporal's worker options (concurrency, pollers...). */
    public Builder workerOptions(WorkerOptions options) {
      this.workerOptions = Checks.notNull(options, "options");
      return this;
    }

    /**
     * Registers the workflow and the activities on the run's queue and on this worker's own queue; {@link #start}s
     * nothing.
     *
     * @throws IllegalStateException naming what is missing
     */
    public SpectraWorker build() {
      if (workspace == null || fileGenerator == null || stack == null) {
        throw new IllegalStateException("a worker needs a workspace, a fileGenerator and a stack; missing: "
            + String.join(", ", missing()));
      }
      String own = taskQueue + "@" + (name == null ? UUID.randomUUID().toString() : name);
      Worker activities = new Worker(new Worker.Config(workspace, planActivity, FileStep.of(fileGenerator, stack, maxAttempts),
          testActivity, deployActivity, monitorActivity, prices, List.copyOf(listeners), allowUnisolatedCode,
          fileWorstCase(), own, Clock.systemUTC(), models()));
      WorkerFactory factory = WorkerFactory.newInstance(client);
      io.temporal.worker.Worker shared = factory.newWorker(taskQueue, workerOptions);
      shared.registerWorkflowImplementationTypes(RunWorkflowImpl.class);
      shared.registerActivitiesImplementations(activities);
      factory.newWorker(own, workerOptions).registerActivitiesImplementations(activities);
      return new SpectraWorker(factory, taskQueue, own);
    }

    private List<String> missing() {
      List<String> m = new ArrayList<>();
      if (workspace == null) {
        m.add("workspace");
      }
      if (fileGenerator == null) {
        m.add("fileGenerator");
      }
      if (stack == null) {
        m.add("stack");
      }
      return m;
    }

    private Set<String> models() {
      Set<String> models = new LinkedHashSet<>();
      for (Object c : new Object[] {planActivity, fileGenerator, testActivity, deployActivity, monitorActivity}) {
        models.addAll(ModelBacked.of(c));
      }
      return models;
    }

    /** Every attempt at the worst case, priced at the dearest of the generator's models (0 USD when unpriced). */
    private Spent fileWorstCase() {
      BigDecimal usd = BigDecimal.ZERO;
      for (String model : ModelBacked.of(fileGenerator)) {
        BigDecimal one = prices.lookup(model).map((Price p) -> p.cost(Usage.of(inputTokensPerCall, outputTokensPerCall)))
            .orElse(BigDecimal.ZERO);
        usd = usd.max(one);
      }
      return new Spent(maxAttempts, maxAttempts * (inputTokensPerCall + outputTokensPerCall),
          usd.multiply(BigDecimal.valueOf(maxAttempts)).toPlainString());
    }
  }
}
