package dev.spectra.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spectra.orchestrator.cost.Budget;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cancellation and the wall-time limit. Activities block on latches that are never released; the timeouts on
 * {@code get} only keep a broken build from hanging, they assert nothing.
 */
class OrchestratorCancellationTest {
  private static final ServiceRequest REQUEST = ServiceRequest.of("hello service");

  @TempDir
  Path workspace;

  private final FakePipeline pipeline = new FakePipeline();
  private final CountDownLatch started = new CountDownLatch(1);
  private final CountDownLatch never = new CountDownLatch(1);

  /** A build that blocks until interrupted, then, like a good citizen, keeps the interrupt flag and gives up. */
  private BuildActivity blockingBuild() {
    return (plan, ctx) -> {
      pipeline.call(Activity.BUILD);
      started.countDown();
      try {
        never.await();
        throw new AssertionError("the latch is never released");
      } catch (InterruptedException e) {
        pipeline.log.add("build interrupted");
        Thread.currentThread().interrupt();
        throw new RunCancelledException(ctx.runId());
      }
    };
  }

  @Test
  void cancellingWhileAnActivityBlocksEndsTheRunCancelledWithoutLaterActivities() throws Exception {
    pipeline.build = blockingBuild();
    RunHandle handle = pipeline.builder(workspace).build().runAsync(REQUEST);
    assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

    handle.cancel();
    RunReport report = handle.report().get(30, TimeUnit.SECONDS);

    assertThat(report.runId()).isEqualTo(handle.runId());
    assertThat(report.outcome()).isEqualTo(RunReport.Outcome.CANCELLED);
    assertThat(report.failure().activity()).isEqualTo(Activity.BUILD);
    assertThat(report.failure().type()).isEqualTo("CANCELLED");
    assertThat(report.failure().message())
        .isEqualTo("run " + report.runId() + " was cancelled; resume(\"" + report.runId() + "\") continues it");
    assertThat(pipeline.log.stream().filter(l -> !l.startsWith("event:")))
        .containsExactly("call:PLAN", "call:BUILD", "build interrupted");
    assertThat(report.activity(Activity.BUILD).orElseThrow().outcome()).isEqualTo(RunReport.Outcome.CANCELLED);
    assertThat(report.activity(Activity.TEST)).isEmpty();
    assertThat(report.plan()).isNotNull();
    assertThat(pipeline.log.get(pipeline.log.size() - 1)).isEqualTo("event:RunFinished CANCELLED");
    // The activity left the interrupt flag set: the report must still be written.
    assertThat(workspace.resolve(".spectra/runs/" + report.runId() + "/report.json")).exists();
  }

  @Test
  void aServiceDeployedBeforeTheCancellationIsUndeployedOnAnUninterruptedThread() throws Exception {
    pipeline.monitor = (plan, deployment, ctx) -> {
      pipeline.call(Activity.MONITOR);
      started.countDown();
      try {
        never.await();
        throw new AssertionError("the latch is never released");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RunCancelledException(ctx.runId());
      }
    };
    pipeline.deploy = new DeployActivity() {
      @Override
      public Deployment deploy(ArchitecturePlan plan, RunContext ctx) {
        return new Deployment(Deployment.Kind.LOCAL_PROCESS, "http://127.0.0.1:1", "77", "");
      }

      @Override
      public void undeploy(Deployment deployment, RunContext ctx) {
        // A real undeploy waits for the process to exit: an interrupt left over from the cancellation would break it.
        pipeline.log.add("undeploy " + deployment.handle() + " interrupted=" + Thread.currentThread().isInterrupted());
      }
    };
    RunHandle handle = pipeline.builder(workspace).build().runAsync(REQUEST);
    assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

    handle.cancel();
    RunReport report = handle.report().get(30, TimeUnit.SECONDS);

    assertThat(report.outcome()).isEqualTo(RunReport.Outcome.CANCELLED);
    assertThat(report.failure().activity()).isEqualTo(Activity.MONITOR);
    assertThat(pipeline.log).contains("undeploy 77 interrupted=false");
  }

  @Test
  void anActivityThatOnlyPollsForCancellationStopsToo() throws Exception {
    pipeline.test = (plan, build, ctx) -> {
      pipeline.call(Activity.TEST);
      started.countDown();
      while (true) {
        ctx.throwIfCancelled();
        LockSupport.parkNanos(1_000_000);
      }
    };
    RunHandle handle = pipeline.builder(workspace).build().runAsync(REQUEST);
    assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

    handle.cancel();
    RunReport report = handle.report().get(30, TimeUnit.SECONDS);

    assertThat(report.outcome()).isEqualTo(RunReport.Outcome.CANCELLED);
    assertThat(report.failure().activity()).isEqualTo(Activity.TEST);
    assertThat(report.build()).isNotNull();
    assertThat(pipeline.log).doesNotContain("call:DEPLOY");
  }

  // The wall-time tests block in PLAN, the first activity: the limit is armed just before it, so however slow the
  // machine, the limit fires while PLAN runs and never during an activity the test did not mean to block.

  @Test
  void theWallTimeLimitFailsTheBlockedActivityAndLeavesTheCallerUninterrupted() {
    pipeline.plan = (request, ctx) -> {
      pipeline.call(Activity.PLAN);
      try {
        never.await();
        throw new AssertionError("the latch is never released");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("gave up");
      }
    };
    Orchestrator orchestrator = pipeline.builder(workspace)
        .budget(Budget.builder().maxWallTime(Duration.ofMillis(200)).build())
        .build();

    RunReport report = orchestrator.run(REQUEST);

    assertThat(report.outcome()).isEqualTo(RunReport.Outcome.FAILED);
    assertThat(report.failure()).isEqualTo(new RunReport.Failure(Activity.PLAN, "WALL_TIME",
        "wall-time budget of PT0.2S is over; raise Budget.Builder.maxWallTime or resume the run",
        List.of(new SettingHint(SettingHint.BUDGET_MAX_WALL_TIME, "Budget.Builder.maxWallTime", "PT0.2S"))));
    assertThat(report.activity(Activity.PLAN).orElseThrow().outcome()).isEqualTo(RunReport.Outcome.FAILED);
    assertThat(pipeline.log).doesNotContain("call:BUILD");
    assertThat(Thread.currentThread().isInterrupted()).as("the run's interrupt stays inside the run").isFalse();
    assertThat(workspace.resolve(".spectra/runs/" + report.runId() + "/report.json")).exists();
  }

  @Test
  void anActivityThatOverrunsTheWallTimeWithoutNoticingStopsTheNextOne() {
    pipeline.plan = (request, ctx) -> {
      pipeline.call(Activity.PLAN);
      while (!Thread.currentThread().isInterrupted()) {
        LockSupport.parkNanos(1_000_000);
      }
      return FakePipeline.plan(); // finishes as if nothing happened
    };
    RunReport report = pipeline.builder(workspace)
        .budget(Budget.builder().maxWallTime(Duration.ofMillis(200)).build())
        .build()
        .run(REQUEST);

    assertThat(report.failure().activity()).isEqualTo(Activity.BUILD);
    assertThat(report.failure().type()).isEqualTo("WALL_TIME");
    assertThat(report.activity(Activity.PLAN).orElseThrow().outcome()).isEqualTo(RunReport.Outcome.SUCCEEDED);
    assertThat(report.plan()).isEqualTo(FakePipeline.plan());
    assertThat(pipeline.log).doesNotContain("call:BUILD");
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  @Test
  void aRunThatEndsBeforeItsWallTimeIsNotDisturbedByIt() {
    RunReport report = pipeline.builder(workspace)
        .budget(Budget.builder().maxWallTime(Duration.ofMinutes(10)).build())
        .build()
        .run(REQUEST);

    assertThat(report.outcome()).isEqualTo(RunReport.Outcome.SUCCEEDED);
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  @Test
  void cancellingAFinishedRunChangesNothing() throws Exception {
    RunHandle handle = pipeline.builder(workspace).build().runAsync(REQUEST);
    RunReport report = handle.report().get(30, TimeUnit.SECONDS);
    handle.cancel();
    assertThat(report.outcome()).isEqualTo(RunReport.Outcome.SUCCEEDED);
    assertThat(handle.report().get()).isSameAs(report);
  }
}
