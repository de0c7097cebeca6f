package dev.spectra.orchestrator;

import dev.spectra.orchestrator.cost.BudgetAccount;
import dev.spectra.orchestrator.cost.CostLedger;
import dev.spectra.orchestrator.internal.engine.RunJournal;
import dev.spectra.orchestrator.internal.engine.RunSequencer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
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
 * One run of an {@link Orchestrator} on local threads: drives a {@link RunSequencer} through the activities on one
 * worker thread, and owns what the sequencer leaves out: the events, the wall-time timer, cancellation by interrupt,
 * the MDC, the journaled plan and report, and the undeploy at the end. {@link #stop} may come from any thread.
 */
final class LocalRun {
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

  private final Orchestrator config;
  final RunContext ctx;
  private final Instant startedAt;
  private final Object lock = new Object();
  private Thread worker; // guarded by lock: set while activities run
  private boolean interrupted; // guarded by lock: the worker was interrupted by stop()
  private volatile boolean wallTimeOver;
  private boolean planSaved; // the run's plan is in its journal folder (worker thread only)
  private final Observed observed = new Observed();

  /** What the report keeps of the run's events: each repair, and the retried HTTP attempts per model. */
  private static final class Observed implements RunListener {
    private final List<RunReport.Repair> repairs = new ArrayList<>();
    private final Map<String, Integer> retries = new TreeMap<>();

    @Override
    public synchronized void onEvent(RunEvent event) {
      if (event instanceof RunEvent.Repaired r) {
        repairs.add(RunReport.Repair.of(r));
      } else if (event instanceof RunEvent.Retrying r) {
        retries.merge(r.model(), 1, Integer::sum);
      }
    }

    synchronized List<RunReport.Repair> repairs() {
      return List.copyOf(repairs);
    }

    synchronized Map<String, Integer> retries() {
      return Map.copyOf(retries);
    }
  }

  LocalRun(Orchestrator config, String runId) {
    this.config = config;
    RunContext.Builder b = RunContext.builder()
        .clock(config.clock)
        .workspace(config.workspace)
        .budget(new BudgetAccount(config.budget, config.prices, config.clock))
        .ledger(new CostLedger())
        .listeners(config.listeners)
        .listener(observed)
        .cancellation(new AtomicBoolean())
        .allowUnisolatedCode(config.allowUnisolatedCode);
    if (runId != null) {
      b.runId(runId);
    }
    this.ctx = b.build();
    this.startedAt = config.clock.instant();
  }

  /** Runs from a request ({@code given == null}) or from a plan; {@code planJournaled} when resuming. */
  RunReport execute(ServiceRequest request, ArchitecturePlan given, boolean planJournaled) {
    return withMdc(() -> {
      planSaved = planJournaled;
      RunSequencer.Builder b = RunSequencer.builder().runId(ctx.runId()).stopAfter(config.stopAfter)
          .maxWallTime(config.budget.maxWallTime().orElse(null)).keepDeployed(config.keepDeployed);
      Optional.ofNullable(given).ifPresent(b::plan);
      if (config.testActivity == null) {
        b.without(Activity.TEST);
      }
      if (config.deployActivity == null) {
        b.without(Activity.DEPLOY);
      }
      if (config.monitorActivity == null) {
        b.without(Activity.MONITOR);
      }
      RunSequencer run = b.build();
      ctx.emit(new RunEvent.RunStarted(ctx.runId(), startedAt, run.planned()));
      LOG.info("run {} started: {}", ctx.runId(), run.planned());
      List<RunReport.ActivityRecord> records = new ArrayList<>();
      synchronized (lock) {
        worker = Thread.currentThread();
      }
      ScheduledFuture<?> timer = armWallTime();
      try {
        for (Optional<Activity> next = run.next(); next.isPresent(); next = run.next()) {
          Activity activity = next.get();
          bracket(activity, records, () -> step(run, activity, request));
        }
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
        run.toUndeploy().ifPresent(this::undeploy);
      }
      RunReport report = run.report(config.workspace.root().toString(), records, ctx.ledger(), startedAt,
          config.clock.instant(), request == null ? null : request.text(), observed.repairs(), observed.retries(),
          new RunReport.BudgetOvershoot(ctx.budget().overshootTokens(), ctx.budget().overshootUsd()));
      try {
        RunJournal.saveReport(config.workspace, ctx.runId(), report);
      } catch (RuntimeException e) {
        LOG.warn("run {}: cannot save the report: {}", ctx.runId(), e.toString());
      }
      ctx.emit(new RunEvent.RunFinished(ctx.runId(), config.clock.instant(), report));
      LOG.info("run {} finished: {}", ctx.runId(), report.outcome());
      return report;
    });
  }

  /** {@link #execute} on a new daemon thread; the handle's cancel stops the run. */
  RunHandle async(ServiceRequest request, ArchitecturePlan plan, boolean planJournaled) {
    CompletableFuture<RunReport> future = new CompletableFuture<>();
    Thread thread = new Thread(() -> {
      try {
        future.complete(execute(request, plan, planJournaled));
      } catch (Throwable t) {
        future.completeExceptionally(t);
      }
    }, "spectra-" + ctx.runId());
    thread.setDaemon(true);
    thread.start();
    return new RunHandle(ctx.runId(), future, () -> stop(false));
  }

  /** Plans only, inside the same ActivityStarted/ActivityFinished bracket as a run; rethrows what fails. */
  ArchitecturePlan planOnly(PlanActivity planner, ServiceRequest request) {
    return withMdc(() -> {
      ArchitecturePlan[] plan = new ArchitecturePlan[1];
      bracket(Activity.PLAN, null, () -> {
        plan[0] = planner.plan(request, ctx);
        if (plan[0] == null) {
          throw new IllegalStateException("the plan activity returned null instead of a plan");
        }
        plan[0].levels();
        return RunReport.Outcome.SUCCEEDED;
      });
      return plan[0];
    });
  }

  /** One activity: cancellation check, skip or call, and what the sequencer makes of it. Never throws. */
  private RunReport.Outcome step(RunSequencer run, Activity activity, ServiceRequest request) {
    RunSequencer.Finished finished;
    try {
      ctx.throwIfCancelled();
      if (run.runs(activity)) {
        finished = run.completed(activity, call(run, activity, request));
        if (activity == Activity.PLAN && !finished.endsRun()) {
          savePlanOnce(run.plan());
        }
      } else {
        finished = run.skipped(activity);
      }
    } catch (RuntimeException e) {
      finished = run.failed(activity, e, ctx.isCancelled(), wallTimeOver);
    }
    if (finished.note() != null) {
      ctx.note(activity, finished.note());
    }
    if (finished.endsRun()) {
      LOG.warn("run {} {} {}: {}", ctx.runId(), activity, finished.outcome(), finished.failure().message());
    }
    return finished.outcome();
  }

  private Object call(RunSequencer run, Activity activity, ServiceRequest request) {
    return switch (activity) {
      case PLAN -> config.requirePlanActivity().plan(request, ctx);
      case BUILD -> {
        savePlanOnce(run.plan());
        yield config.buildActivity.build(run.plan(), ctx);
      }
      case TEST -> config.testActivity.test(run.plan(), run.build(), ctx);
      case DEPLOY -> config.deployActivity.deploy(run.plan(), ctx);
      case MONITOR -> config.monitorActivity.monitor(run.plan(), run.deployment(), ctx);
    };
  }

  /** Journals the run's plan, once per run: after Plan, or before Build when the caller gave the plan. */
  private void savePlanOnce(ArchitecturePlan plan) {
    if (!planSaved) {
      RunJournal.savePlan(config.workspace, ctx.runId(), plan);
      planSaved = true;
    }
  }

  /** Emits ActivityStarted and ActivityFinished around {@code body}, and records the activity when asked. */
  private void bracket(Activity activity, List<RunReport.ActivityRecord> records, Supplier<RunReport.Outcome> body) {
    Instant start = config.clock.instant();
    ctx.emit(new RunEvent.ActivityStarted(ctx.runId(), start, activity));
    RunReport.Outcome outcome = RunReport.Outcome.FAILED;
    try {
      outcome = body.get();
    } finally {
      Instant end = config.clock.instant();
      if (records != null) {
        records.add(new RunReport.ActivityRecord(activity, outcome, start, Duration.between(start, end).toMillis()));
      }
      ctx.emit(new RunEvent.ActivityFinished(ctx.runId(), end, activity, outcome, Duration.between(start, end)));
    }
  }

  private void undeploy(Deployment deployment) {
    try {
      config.deployActivity.undeploy(deployment, ctx);
    } catch (RuntimeException e) {
      LOG.warn("run {}: undeploy failed: {}", ctx.runId(), e.toString());
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

  private ScheduledFuture<?> armWallTime() {
    Duration max = config.budget.maxWallTime().orElse(null);
    return max == null ? null : TIMER.schedule(() -> stop(true), max.toNanos(), TimeUnit.NANOSECONDS);
  }

  private <T> T withMdc(Supplier<T> body) {
    String previous = MDC.get(Orchestrator.MDC_RUN_ID);
    MDC.put(Orchestrator.MDC_RUN_ID, ctx.runId());
    try {
      return body.get();
    } finally {
      if (previous == null) {
        MDC.remove(Orchestrator.MDC_RUN_ID);
      } else {
        MDC.put(Orchestrator.MDC_RUN_ID, previous);
      }
    }
  }
}
