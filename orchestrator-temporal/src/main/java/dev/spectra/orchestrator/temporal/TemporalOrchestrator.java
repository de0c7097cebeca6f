package dev.spectra.orchestrator.temporal;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.spectra.orchestrator.Activity;
import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.OrchestratorException;
import dev.spectra.orchestrator.RunContext;
import dev.spectra.orchestrator.RunReport;
import dev.spectra.orchestrator.ServiceRequest;
import dev.spectra.orchestrator.build.ChunkedBuild;
import dev.spectra.orchestrator.internal.engine.RunJournal;
import dev.spectra.orchestrator.cost.Budget;
import dev.spectra.orchestrator.internal.AtomicFiles;
import dev.spectra.orchestrator.internal.Checks;
import dev.spectra.orchestrator.internal.Hashing;
import dev.spectra.orchestrator.internal.Json;
import dev.spectra.orchestrator.temporal.internal.Messages.Limits;
import dev.spectra.orchestrator.temporal.internal.Messages.Ref;
import dev.spectra.orchestrator.temporal.internal.Messages.RunInput;
import dev.spectra.orchestrator.temporal.internal.Messages.RunResult;
import dev.spectra.orchestrator.temporal.internal.RunWorkflow;
import dev.spectra.orchestrator.temporal.internal.Worker;
import dev.spectra.orchestrator.workspace.Workspace;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Runs the pipeline as a durable Temporal workflow: the same {@link ServiceRequest} gives the same {@link RunReport}
 * as {@code Orchestrator.run}, while the activities run on any number of {@link SpectraWorker}s. A worker that dies
 * mid-run costs a timeout, not the run: its activities go to another worker, and no file already journaled is
 * generated (or paid for) again. See docs/scale-out.md.
 *
 * <pre>{@code
 * TemporalOrchestrator orchestrator = TemporalOrchestrator.builder(client)
 *     .workspace(Path.of("/shared/out"))
 *     .budget(Budget.builder().maxUsd("0.50").build())
 *     .build();
 * RunReport report = orchestrator.run(ServiceRequest.of("a todo service"));
 * }</pre>
 *
 * <p>The client writes the request into the workspace and reads the report from it: it sees the workspace at the
 * workers' path. Immutable and thread-safe.
 */
public final class TemporalOrchestrator {
  /** Default start-to-close timeout of Plan, Test, Deploy and Monitor. */
  public static final Duration DEFAULT_ACTIVITY_TIMEOUT = Duration.ofMinutes(15);
  /** Default start-to-close timeout of one file: how long a file of a dead worker waits before another takes it. */
  public static final Duration DEFAULT_FILE_TIMEOUT = Duration.ofMinutes(5);
  /** Default attempts of an activity that failed for an infrastructure reason (I/O, a lost worker). */
  public static final int DEFAULT_INFRASTRUCTURE_ATTEMPTS = 3;

  private final WorkflowClient client;
  private final String taskQueue;
  private final Workspace workspace;
  private final Budget budget;
  private final Activity stopAfter;
  private final boolean keepDeployed;
  private final int concurrency;
  private final Duration activityTimeout;
  private final Duration fileTimeout;
  private final int infrastructureAttempts;

  private TemporalOrchestrator(Builder b) {
    this.client = b.client;
    this.taskQueue = b.taskQueue;
    this.workspace = b.workspace;
    this.budget = b.budget;
    this.stopAfter = b.stopAfter;
    this.keepDeployed = b.keepDeployed;
    this.concurrency = b.concurrency;
    this.activityTimeout = b.activityTimeout;
    this.fileTimeout = b.fileTimeout;
    this.infrastructureAttempts = b.infrastructureAttempts;
  }

  public static Builder builder(WorkflowClient client) {
    return new Builder(client);
  }

  /** The shared workspace. */
  public Workspace workspace() {
    return workspace;
  }

  /**
   * Runs every activity on a request and waits for the report.
   *
   * @throws OrchestratorException when the workflow itself failed (not a run's failure: that is in the report)
   */
  public RunReport run(ServiceRequest request) {
    Checks.notNull(request, "request");
    String runId = RunContext.newRunId();
    Ref ref;
    try {
      ref = write(runId, "request.json", Json.MAPPER.writeValueAsString(request)); // the text and the preferred stack
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the request as JSON: " + e.getMessage(), e);
    }
    return execute(runId, ref, false);
  }

  /** Runs Build and the later activities on a plan the caller supplies. */
  public RunReport build(ArchitecturePlan plan) {
    Checks.notNull(plan, "plan");
    plan.levels();
    String runId = RunContext.newRunId();
    RunJournal.savePlan(workspace, runId, plan);
    return execute(runId, null, true);
  }

  /** The workflow id of a run: {@code spectra-<runId>}. */
  public static String workflowId(String runId) {
    return "spectra-" + runId;
  }

  private RunReport execute(String runId, Ref request, boolean planGiven) {
    RunInput input = new RunInput(runId, workspace.root().toAbsolutePath().normalize().toString(), request, planGiven,
        stopAfter, keepDeployed, limits(), concurrency, activityTimeout.toMillis(), fileTimeout.toMillis(),
        infrastructureAttempts);
    RunWorkflow workflow = client.newWorkflowStub(RunWorkflow.class,
        WorkflowOptions.newBuilder().setTaskQueue(taskQueue).setWorkflowId(workflowId(runId)).build());
    RunResult result;
    try {
      result = workflow.run(input);
    } catch (WorkflowException e) {
      Path saved = RunJournal.runDirectory(workspace, runId).resolve("report.json");
      if (e.getCause() instanceof CanceledFailure && Files.isRegularFile(saved)) {
        // Temporal closes a cancelled workflow as CANCELED even when it finished its clean-up: the report it wrote
        // before (outcome CANCELLED) is the run's.
        try {
          return RunReport.fromJson(Files.readString(saved));
        } catch (IOException io) {
          e.addSuppressed(io);
        }
      }
      throw new OrchestratorException("run " + runId + " (workflow " + workflowId(runId) + ") failed in Temporal: "
          + rootMessage(e), e);
    }
    try {
      return RunReport.fromJson(Worker.read(workspace, result.report()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the report of run " + runId + " from " + result.report().path()
          + ": " + e.getMessage() + "; the client must see the workers' workspace at the same path", e);
    }
  }

  /** The message of the innermost failure an activity reported (what went wrong), else the exception's own. */
  private static String rootMessage(Throwable e) {
    String message = e.getMessage();
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ApplicationFailure app) {
        message = app.getOriginalMessage();
      }
    }
    return message;
  }

  private Limits limits() {
    return new Limits(budget.maxUsd().map(u -> u.toPlainString()).orElse(null), budget.maxTokens().orElse(null),
        budget.maxCalls().orElse(null), budget.maxWallTime().map(Duration::toMillis).orElse(null));
  }

  private Ref write(String runId, String name, String text) {
    Path file = RunJournal.runDirectory(workspace, runId).resolve(name);
    try {
      AtomicFiles.write(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
    return new Ref(workspace.root().relativize(file).toString(), Hashing.sha256(text));
  }

  /** Builds a {@link TemporalOrchestrator}; the workspace is required. */
  public static final class Builder {
    private final WorkflowClient client;
    private String taskQueue = SpectraWorker.DEFAULT_TASK_QUEUE;
    private Workspace workspace;
    private Budget budget = Budget.unlimited();
    private Activity stopAfter = Activity.MONITOR;
    private boolean keepDeployed;
    private int concurrency = ChunkedBuild.DEFAULT_CONCURRENCY;
    private Duration activityTimeout = DEFAULT_ACTIVITY_TIMEOUT;
    private Duration fileTimeout = DEFAULT_FILE_TIMEOUT;
    private int infrastructureAttempts = DEFAULT_INFRASTRUCTURE_ATTEMPTS;

    private Builder(WorkflowClient client) {
      this.client = Checks.notNull(client, "client");
    }

    /** The workers' task queue (default {@value SpectraWorker#DEFAULT_TASK_QUEUE}). */
    public Builder taskQueue(String taskQueue) {
      this.taskQueue = Checks.notBlank(taskQueue, "taskQueue");
      return this;
    }

    /** The shared workspace, at the workers' path. */
    public Builder workspace(Path root) {
      return workspace(Workspace.at(Checks.notNull(root, "root")));
    }

    public Builder workspace(Workspace workspace) {
      this.workspace = Checks.notNull(workspace, "workspace");
      return this;
    }

    /** The run's budget, kept by the workflow across all workers. */
    public Builder budget(Budget budget) {
      this.budget = Checks.notNull(budget, "budget");
      return this;
    }

    /** The last activity to run (default MONITOR). */
    public Builder stopAfter(Activity last) {
      this.stopAfter = Checks.notNull(last, "last");
      return this;
    }

    /** Leaves the deployed service running after the run (default false). */
    public Builder keepDeployed(boolean keep) {
      this.keepDeployed = keep;
      return this;
    }

    /** Files in flight at once, across all workers (default {@value ChunkedBuild#DEFAULT_CONCURRENCY}). */
    public Builder concurrency(int concurrency) {
      this.concurrency = Checks.positive(concurrency, "concurrency");
      return this;
    }

    /** Start-to-close timeout of Plan, Test, Deploy and Monitor (default 15 minutes). */
    public Builder activityTimeout(Duration timeout) {
      this.activityTimeout = Checks.positive(Checks.notNull(timeout, "timeout"), "activityTimeout");
      return this;
    }

    /** Start-to-close timeout of one file's activity (default 5 minutes). */
    public Builder fileTimeout(Duration timeout) {
      this.fileTimeout = Checks.positive(Checks.notNull(timeout, "timeout"), "fileTimeout");
      return this;
    }

    /** Attempts of an activity that fails for an infrastructure reason (default 3; 1 = no retry). */
    public Builder infrastructureAttempts(int attempts) {
      this.infrastructureAttempts = Checks.positive(attempts, "infrastructureAttempts");
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalStateException when the workspace is missing, or stopAfter is PLAN (nothing to scale out)
     */
    public TemporalOrchestrator build() {
      if (workspace == null) {
        throw new IllegalStateException("workspace is required: call workspace(Path), the path every worker sees");
      }
      return new TemporalOrchestrator(this);
    }
  }
}
