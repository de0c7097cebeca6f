package dev.spectra.orchestrator.temporal.internal;

import dev.spectra.orchestrator.Activity;
import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.BuildResult;
import dev.spectra.orchestrator.Deployment;
import dev.spectra.orchestrator.FailureKind;
import dev.spectra.orchestrator.FileSpec;
import dev.spectra.orchestrator.RunCancelledException;
import dev.spectra.orchestrator.internal.engine.RunSequencer;
import dev.spectra.orchestrator.SettingHint;
import dev.spectra.orchestrator.Usage;
import dev.spectra.orchestrator.cost.BudgetExceededException;
import dev.spectra.orchestrator.temporal.internal.Messages.DeployOutput;
import dev.spectra.orchestrator.temporal.internal.Messages.FailureInfo;
import dev.spectra.orchestrator.temporal.internal.Messages.FileInput;
import dev.spectra.orchestrator.temporal.internal.Messages.FileOutput;
import dev.spectra.orchestrator.temporal.internal.Messages.FinishInput;
import dev.spectra.orchestrator.temporal.internal.Messages.MonitorOutput;
import dev.spectra.orchestrator.temporal.internal.Messages.Node;
import dev.spectra.orchestrator.temporal.internal.Messages.PlanOutput;
import dev.spectra.orchestrator.temporal.internal.Messages.Profile;
import dev.spectra.orchestrator.temporal.internal.Messages.Ref;
import dev.spectra.orchestrator.temporal.internal.Messages.RunInput;
import dev.spectra.orchestrator.temporal.internal.Messages.RunResult;
import dev.spectra.orchestrator.temporal.internal.Messages.Spent;
import dev.spectra.orchestrator.temporal.internal.Messages.Step;
import dev.spectra.orchestrator.temporal.internal.Messages.StepInput;
import dev.spectra.orchestrator.temporal.internal.Messages.TestOutput;
import dev.spectra.orchestrator.temporal.internal.Messages.UndeployInput;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * The run as a workflow: drives core's {@link RunSequencer} exactly as the local runner does, calling each activity
 * through Temporal. Build is one activity per planned file, level by level, CRITICAL before NORMAL before LOW, at
 * most {@code concurrency} in flight across all workers, each file's worst case reserved in the workflow's
 * {@link WorkflowBudget} before it is scheduled. Only deterministic code: no I/O, no clock but the workflow's, no
 * threads; payloads stay in the workspace and the history holds references.
 */
public final class RunWorkflowImpl implements RunWorkflow {
  private static final Logger LOG = Workflow.getLogger(RunWorkflowImpl.class);

  private RunInput in;
  private WorkflowBudget budget;
  private RunActivities steps;
  private RunActivities files;
  private RunActivities pinned;
  private ActivityOptions options;
  private long startedAt;

  @Override
  public RunResult run(RunInput input) {
    this.in = input;
    this.startedAt = Workflow.currentTimeMillis();
    this.budget = new WorkflowBudget(input.budget());
    RetryOptions retry = RetryOptions.newBuilder().setInitialInterval(Duration.ofSeconds(1)).setBackoffCoefficient(2)
        .setMaximumInterval(Duration.ofSeconds(30)).setMaximumAttempts(input.infrastructureAttempts()).build();
    this.options = ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMillis(input.activityTimeoutMillis()))
        .setRetryOptions(retry).build();
    this.steps = Workflow.newActivityStub(RunActivities.class, options);
    this.files = Workflow.newActivityStub(RunActivities.class,
        options.toBuilder().setStartToCloseTimeout(Duration.ofMillis(input.fileTimeoutMillis())).build());

    RunSequencer.Builder b = RunSequencer.builder().runId(input.runId()).stopAfter(input.stopAfter())
        .keepDeployed(input.keepDeployed())
        .maxWallTime(input.budget().maxWallTimeMillis() == null ? null : Duration.ofMillis(input.budget().maxWallTimeMillis()));
    Profile profile = null;
    RuntimeException prepareFailure = null;
    try {
      profile = steps.prepare(input);
    } catch (ActivityFailure e) {
      prepareFailure = failure(e).exception;
    }
    ArchitecturePlan plan = null;
    Ref planRef = null;
    if (profile != null) {
      if (profile.plan() != null) {
        planRef = profile.plan().plan();
        plan = skeleton(profile.plan());
        b.plan(plan);
      }
      if (!profile.test()) {
        b.without(Activity.TEST);
      }
      if (!profile.deploy()) {
        b.without(Activity.DEPLOY);
      }
      if (!profile.monitor()) {
        b.without(Activity.MONITOR);
      }
    } else if (input.planGiven()) {
      b.plan(new ArchitecturePlan("unknown", "", "unknown", "unknown", List.of(new FileSpec("unknown", "", null, null, List.of())),
          List.of(), List.of()));
    }
    RunSequencer run = b.build();
    List<Step> records = new ArrayList<>();
    Ref testRef = null;
    Ref healthRef = null;
    for (Optional<Activity> next = run.next(); next.isPresent(); next = run.next()) {
      Activity activity = next.get();
      long t0 = Workflow.currentTimeMillis();
      RunSequencer.Finished finished;
      try {
        if (prepareFailure != null) {
          throw prepareFailure;
        }
        checkWallTime();
        if (!run.runs(activity)) {
          finished = run.skipped(activity);
        } else {
          Object result;
          switch (activity) {
            case PLAN -> {
              throwIfUsedUp();
              PlanOutput out = steps.plan(step(null));
              budget.charge(out.spent());
              planRef = out.plan();
              plan = skeleton(out);
              result = plan;
            }
            case BUILD -> result = build(plan, planRef, profile.fileWorstCase());
            case TEST -> {
              throwIfUsedUp();
              TestOutput out = steps.test(step(planRef));
              budget.charge(out.spent());
              testRef = out.report();
              result = out.digest();
            }
            case DEPLOY -> {
              throwIfUsedUp();
              String queue = steps.pin();
              pinned = Workflow.newActivityStub(RunActivities.class, options.toBuilder().setTaskQueue(queue).build());
              DeployOutput out = pinned.deploy(step(planRef));
              budget.charge(out.spent());
              result = out.deployment();
            }
            case MONITOR -> {
              throwIfUsedUp();
              MonitorOutput out = pinned.monitor(step(planRef), run.deployment());
              budget.charge(out.spent());
              healthRef = out.report();
              result = out.digest();
            }
            default -> throw new IllegalStateException("unknown activity " + activity);
          }
          finished = run.completed(activity, result);
        }
      } catch (ActivityFailure e) {
        Failed f = failure(e);
        if (activity != Activity.BUILD) {
          budget.charge(f.spent);
        }
        finished = run.failed(activity, f.exception, f.cancelled, false);
      } catch (CanceledFailure e) {
        finished = run.failed(activity, new RunCancelledException(in.runId()), true, false);
      } catch (RuntimeException e) {
        finished = run.failed(activity, e, false, false);
      }
      if (finished.endsRun()) {
        LOG.warn("run {} {} {}: {}", in.runId(), activity, finished.outcome(), finished.failure().message());
      }
      records.add(new Step(activity, finished.outcome(), t0, Workflow.currentTimeMillis() - t0));
    }
    Ref finalPlan = planRef;
    Ref finalTest = testRef;
    Ref finalHealth = healthRef;
    RunResult[] result = new RunResult[1];
    // Undeploy and the report run even when the workflow was cancelled.
    Workflow.newDetachedCancellationScope(() -> {
      run.toUndeploy().ifPresent(d -> {
        try {
          pinned.undeploy(new UndeployInput(in.runId(), in.workspace(), d));
        } catch (ActivityFailure e) {
          LOG.warn("run {}: undeploy failed: {}", in.runId(), e.toString());
        }
      });
      List<String> planned = run.planned().stream().map(Activity::name).toList();
      result[0] = steps.finish(new FinishInput(in.runId(), in.workspace(), in.request(), finalPlan, planned,
          run.outcome(), run.failure().map(f -> f.failure()).orElse(null), records, finalTest, run.deployment(),
          finalHealth, startedAt, Workflow.currentTimeMillis()));
    }).run();
    return result[0];
  }

  /**
   * Build: level by level (levels are barriers), in each level CRITICAL before NORMAL before LOW, then plan order,
   * with at most {@code concurrency} files in flight. A file's worst case is reserved before it is scheduled and
   * settled from its result. After a failure no new file starts; those in flight finish (they are paid for and get
   * journaled), then the first failure is thrown.
   */
  private BuildResult build(ArchitecturePlan plan, Ref planRef, Spent worstCase) {
    RuntimeException failure = null;
    for (List<FileSpec> level : plan.levels()) {
      Deque<FileSpec> pending = new ArrayDeque<>(level);
      List<Flight> inFlight = new ArrayList<>();
      while (!inFlight.isEmpty() || (failure == null && !pending.isEmpty())) {
        while (failure == null && inFlight.size() < in.concurrency() && !pending.isEmpty()) {
          try {
            checkWallTime();
            WorkflowBudget.Hold hold = budget.reserve(worstCase);
            FileSpec spec = pending.poll();
            Promise<FileOutput> promise = Async.function(files::buildFile,
                new FileInput(in.runId(), in.workspace(), planRef, spec.path()));
            inFlight.add(new Flight(hold, promise));
          } catch (BudgetExceededException e) {
            failure = e;
          }
        }
        if (inFlight.isEmpty()) {
          break;
        }
        Workflow.await(() -> inFlight.stream().anyMatch(f -> f.promise.isCompleted()));
        for (Iterator<Flight> it = inFlight.iterator(); it.hasNext(); ) {
          Flight flight = it.next();
          if (!flight.promise.isCompleted()) {
            continue;
          }
          it.remove();
          try {
            budget.settle(flight.hold, flight.promise.get().spent());
          } catch (ActivityFailure e) {
            Failed f = failure(e);
            budget.settle(flight.hold, f.spent);
            if (failure == null) {
              failure = f.exception;
            } else {
              failure.addSuppressed(f.exception);
            }
          }
        }
      }
      if (failure != null) {
        throw failure;
      }
    }
    return new BuildResult(List.of(), Usage.ZERO); // the files are in the journal; the report reads them there
  }

  private record Flight(WorkflowBudget.Hold hold, Promise<FileOutput> promise) {}

  private record Failed(RuntimeException exception, Spent spent, boolean cancelled) {}

  /** The typed failure an activity reported, and what it spent before it failed. */
  private Failed failure(ActivityFailure e) {
    Throwable cause = e.getCause();
    if (cause instanceof ApplicationFailure app) {
      FailureInfo info = app.getDetails().getSize() == 0 ? null : app.getDetails().get(FailureInfo.class);
      if (info == null) {
        return new Failed(new RemoteFailure(FailureKind.ERROR, simpleName(app.getType()), app.getOriginalMessage(),
            List.of()), Spent.ZERO, false);
      }
      Spent spent = info.spent() == null ? Spent.ZERO : info.spent();
      if (info.cancelled()) {
        return new Failed(new RunCancelledException(in.runId()), spent, true);
      }
      if (info.limit() != null) {
        return new Failed(new BudgetExceededException(info.limit(), info.message(), info.hints()), spent, false);
      }
      return new Failed(new RemoteFailure(info.kind(), info.type(), info.message(), info.hints()), spent, false);
    }
    if (cause instanceof TimeoutFailure) {
      return new Failed(new RemoteFailure(FailureKind.ERROR, "ACTIVITY_TIMEOUT", "activity " + e.getActivityType()
          + " timed out on every attempt (" + in.infrastructureAttempts() + "): its workers died or it runs longer than"
          + " the timeout; raise TemporalOrchestrator.Builder.activityTimeout, or start workers",
          List.of(SettingHint.of("temporal.activityTimeout", "TemporalOrchestrator.Builder.activityTimeout"))),
          Spent.ZERO, false);
    }
    if (cause instanceof CanceledFailure) {
      return new Failed(new RunCancelledException(in.runId()), Spent.ZERO, true);
    }
    return new Failed(new RemoteFailure(FailureKind.ERROR, cause == null ? "ActivityFailure" : cause.getClass().getSimpleName(),
        cause == null ? e.getMessage() : cause.getMessage(), List.of()), Spent.ZERO, false);
  }

  private static String simpleName(String type) {
    return type == null ? "ActivityFailure" : type.substring(type.lastIndexOf('.') + 1).replace('$', '.');
  }

  private StepInput step(Ref plan) {
    return new StepInput(in.runId(), in.workspace(), in.request(), plan, budget.remaining(remainingWallTime()));
  }

  private void throwIfUsedUp() {
    Optional<BudgetExceededException> usedUp = budget.usedUpFailure();
    if (usedUp.isPresent()) {
      throw usedUp.get();
    }
  }

  private Long remainingWallTime() {
    Long max = in.budget().maxWallTimeMillis();
    return max == null ? null : Math.max(1, max - (Workflow.currentTimeMillis() - startedAt));
  }

  private void checkWallTime() {
    Long max = in.budget().maxWallTimeMillis();
    long elapsed = Workflow.currentTimeMillis() - startedAt;
    if (max != null && elapsed > max) {
      throw new BudgetExceededException(BudgetExceededException.Limit.WALL_TIME, "wall-time budget of "
          + Duration.ofMillis(max) + " is over (" + Duration.ofMillis(elapsed) + " elapsed); raise"
          + " Budget.Builder.maxWallTime to continue", List.of(new SettingHint(SettingHint.BUDGET_MAX_WALL_TIME,
              "Budget.Builder.maxWallTime", Duration.ofMillis(max).toString())));
    }
  }

  /** The plan as the sequencer and the scheduler see it: its files' paths, kinds, priorities and dependencies. */
  static ArchitecturePlan skeleton(PlanOutput plan) {
    List<FileSpec> specs = new ArrayList<>();
    for (Node n : plan.files()) {
      specs.add(new FileSpec(n.path(), "", n.kind(), n.priority(), n.dependsOn()));
    }
    return new ArchitecturePlan(plan.name(), "", plan.stack(), plan.entrypoint(), specs, List.of(), List.of());
  }
}
