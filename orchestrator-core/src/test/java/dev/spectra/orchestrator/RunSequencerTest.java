package dev.spectra.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spectra.orchestrator.cost.BudgetExceededException;
import dev.spectra.orchestrator.cost.CostLedger;
import dev.spectra.orchestrator.internal.engine.RunSequencer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The run sequencer alone: no threads, no files, no clock; each test drives it as a workflow engine would. */
class RunSequencerTest {
  private static final ArchitecturePlan PLAN = FakePipeline.plan();
  private static final BuildResult BUILT = new BuildResult(
      List.of(GeneratedFile.of("app/main.py", "app = 1\n", GeneratedFile.Origin.LLM, 1, Usage.of(10, 20))), Usage.of(10, 20));
  private static final TestReport PASSED = new TestReport(TestReport.Status.PASSED,
      List.of(new TestReport.TestCase("tests/test_main.py::test_health", TestReport.Outcome.PASSED, "")), null,
      List.of(), null, "fake 1.0");
  private static final Deployment DEPLOYED = new Deployment(Deployment.Kind.LOCAL_PROCESS, "http://127.0.0.1:1", "4242", "log");
  private static final HealthReport HEALTHY = new HealthReport(HealthReport.Verdict.HEALTHY,
      List.of(new HealthReport.Probe("/health", 20, 0, "200x20")), 3.5, 9.25, 0, null);

  private static RunSequencer.Builder sequencer() {
    return RunSequencer.builder().runId("run-1");
  }

  /** The result each activity returns in a run where everything works. */
  private static Object success(Activity activity) {
    return switch (activity) {
      case PLAN -> PLAN;
      case BUILD -> BUILT;
      case TEST -> PASSED;
      case DEPLOY -> DEPLOYED;
      case MONITOR -> HEALTHY;
    };
  }

  /** Drives the sequencer to its end; {@code results} gives each called activity's result. Returns what happened. */
  private static List<String> drive(RunSequencer run, Function<Activity, Object> results) {
    List<String> log = new ArrayList<>();
    for (Optional<Activity> next = run.next(); next.isPresent(); next = run.next()) {
      Activity a = next.get();
      RunSequencer.Finished f = run.runs(a) ? run.completed(a, results.apply(a)) : run.skipped(a);
      log.add(a + " " + f.outcome() + (f.note() == null ? "" : " (" + f.note() + ")"));
    }
    return log;
  }

  @Test
  void aRunGoesThroughTheFiveActivitiesInOrderAndSucceeds() {
    RunSequencer run = sequencer().build();

    assertThat(run.planned()).containsExactly(Activity.values());
    assertThat(drive(run, RunSequencerTest::success)).containsExactly(
        "PLAN SUCCEEDED", "BUILD SUCCEEDED", "TEST SUCCEEDED", "DEPLOY SUCCEEDED", "MONITOR SUCCEEDED");
    assertThat(run.outcome()).isEqualTo(RunReport.Outcome.SUCCEEDED);
    assertThat(run.failure()).isEmpty();
    assertThat(run.plan()).isEqualTo(PLAN);
    assertThat(run.build()).isEqualTo(BUILT);
    assertThat(run.deployment()).isEqualTo(DEPLOYED);
    assertThat(run.toUndeploy()).contains(DEPLOYED);
    assertThat(run.next()).isEmpty();
  }

  @Test
  void aGivenPlanStartsAtBuildAndStopAfterEndsTheRunThere() {
    RunSequencer run = sequencer().plan(PLAN).stopAfter(Activity.TEST).build();

    assertThat(run.planned()).containsExactly(Activity.BUILD, Activity.TEST);
    assertThat(run.plan()).isEqualTo(PLAN);
    assertThat(drive(run, RunSequencerTest::success)).containsExactly("BUILD SUCCEEDED", "TEST SUCCEEDED");
    assertThat(run.toUndeploy()).isEmpty();
  }

  @Test
  void activitiesWithoutAnImplementationAreSkippedAndMonitorWithoutADeploymentToo() {
    RunSequencer run = sequencer().without(Activity.TEST).without(Activity.DEPLOY).build();
    List<Activity> called = new ArrayList<>();

    List<String> log = drive(run, a -> {
      called.add(a);
      return success(a);
    });

    assertThat(called).containsExactly(Activity.PLAN, Activity.BUILD);
    assertThat(log).containsExactly("PLAN SUCCEEDED", "BUILD SUCCEEDED", "TEST SKIPPED", "DEPLOY SKIPPED", "MONITOR SKIPPED");
    assertThat(run.outcome()).isEqualTo(RunReport.Outcome.SUCCEEDED);
  }

  @Test
  void aSkippedTestReportAndADeploymentOfKindNoneAreSkippedAndNothingIsMonitoredOrUndeployed() {
    RunSequencer run = sequencer().build();

    List<String> log = drive(run, a -> switch (a) {
      case TEST -> TestReport.skipped("no python3 on PATH; install python3");
      case DEPLOY -> Deployment.none();
      default -> success(a);
    });

    assertThat(log).containsExactly("PLAN SUCCEEDED", "BUILD SUCCEEDED",
        "TEST SKIPPED (skipped: no python3 on PATH; install python3)", "DEPLOY SKIPPED", "MONITOR SKIPPED");
    assertThat(run.toUndeploy()).isEmpty();
  }

  @Test
  void failingTestsFailTheRunAsTestsFailedWithTodaysDetailAndNothingRunsAfter() {
    RunSequencer run = sequencer().build();
    TestReport failing = new TestReport(TestReport.Status.FAILED, List.of(
        new TestReport.TestCase("t::a", TestReport.Outcome.PASSED, ""),
        new TestReport.TestCase("t::b", TestReport.Outcome.FAILED, "assert 1 == 2"),
        new TestReport.TestCase("t::c", TestReport.Outcome.ERROR, "ImportError")),
        new QualityReport(55, "D", 70, List.of()), List.of(), null, "fake 1.0");

    List<String> log = drive(run, a -> a == Activity.TEST ? failing : success(a));

    assertThat(log).containsExactly("PLAN SUCCEEDED", "BUILD SUCCEEDED", "TEST FAILED");
    assertThat(run.outcome()).isEqualTo(RunReport.Outcome.FAILED);
    RunSequencer.Finished failure = run.failure().orElseThrow();
    assertThat(failure.failureKind()).isEqualTo(FailureKind.TESTS_FAILED);
    assertThat(failure.failure()).isEqualTo(new RunReport.Failure(Activity.TEST, "TESTS_FAILED",
        "2 of 3 tests failed after 0 fix rounds; quality D (55 < 70.0)"));
    assertThat(run.toUndeploy()).isEmpty();
  }

  @Test
  void aDownServiceFailsTheRunAsUnhealthyAndIsStillUndeployed() {
    RunSequencer run = sequencer().build();
    HealthReport down = new HealthReport(HealthReport.Verdict.DOWN, List.of(), 0, 0, 1,
        new HealthReport.Diagnosis("the app crashed on import", List.of(), "fix the import", List.of()));

    drive(run, a -> a == Activity.MONITOR ? down : success(a));

    assertThat(run.failure().orElseThrow().failureKind()).isEqualTo(FailureKind.UNHEALTHY);
    assertThat(run.failure().orElseThrow().failure()).isEqualTo(new RunReport.Failure(Activity.MONITOR, "UNHEALTHY",
        "the deployed service is DOWN: the app crashed on import"));
    assertThat(run.toUndeploy()).contains(DEPLOYED);
  }

  @Test
  void keepDeployedLeavesTheServiceRunning() {
    RunSequencer run = sequencer().keepDeployed(true).build();
    drive(run, RunSequencerTest::success);
    assertThat(run.toUndeploy()).isEmpty();
  }

  /** Fails TEST (after PLAN and BUILD succeeded) with {@code e}; returns the finished TEST. */
  private static RunSequencer.Finished failTest(RunSequencer run, RuntimeException e, boolean cancelled, boolean wallTimeOver) {
    run.next();
    run.completed(Activity.PLAN, PLAN);
    run.next();
    run.completed(Activity.BUILD, BUILT);
    run.next();
    RunSequencer.Finished finished = run.failed(Activity.TEST, e, cancelled, wallTimeOver);
    assertThat(run.next()).isEmpty();
    return finished;
  }

  @Test
  void anExceptionBecomesAFailureNamedByItsSimpleClassNameOfKindError() {
    RunSequencer run = sequencer().build();
    RunSequencer.Finished f = failTest(run, new IllegalStateException("TEST broke"), false, false);

    assertThat(f.outcome()).isEqualTo(RunReport.Outcome.FAILED);
    assertThat(f.failureKind()).isEqualTo(FailureKind.ERROR);
    assertThat(f.failure()).isEqualTo(new RunReport.Failure(Activity.TEST, "IllegalStateException", "TEST broke"));
    assertThat(run.outcome()).isEqualTo(RunReport.Outcome.FAILED);
  }

  @Test
  void anExceptionWithoutMessageIsNamedByItsClassAndALongMessageIsCut() {
    RunSequencer.Finished f = failTest(sequencer().build(), new UnsupportedOperationException(), false, false);
    assertThat(f.failure().message()).isEqualTo("java.lang.UnsupportedOperationException");

    RunSequencer.Finished longOne = failTest(sequencer().build(), new IllegalStateException("x".repeat(5000)), false, false);
    assertThat(longOne.failure().message()).hasSizeLessThan(2100).startsWith("xxxx");
  }

  /** A provider's exception as orchestrator-llm has one: a finer failure type and the PROVIDER kind. */
  private static final class FakeProviderException extends OrchestratorException {
    FakeProviderException() {
      super("the key was rejected (401)");
    }

    @Override
    public String failureType() {
      return "PROVIDER_AUTH";
    }

    @Override
    public FailureKind failureKind() {
      return FailureKind.PROVIDER;
    }
  }

  @Test
  void anOrchestratorExceptionGivesItsOwnFailureTypeAndKind() {
    RunSequencer.Finished provider = failTest(sequencer().build(), new FakeProviderException(), false, false);
    assertThat(provider.failureKind()).isEqualTo(FailureKind.PROVIDER);
    assertThat(provider.failure()).isEqualTo(new RunReport.Failure(Activity.TEST, "PROVIDER_AUTH", "the key was rejected (401)"));

    RunSequencer.Finished invalid = failTest(sequencer().build(), new InvalidPlanException("cycle a -> a"), false, false);
    assertThat(invalid.failureKind()).isEqualTo(FailureKind.INVALID_PLAN);
    assertThat(invalid.failure().type()).isEqualTo("InvalidPlanException");
  }

  @Test
  void aUsedUpBudgetIsBudgetExceededWithTheBudgetsMessage() {
    RunSequencer.Finished f = failTest(sequencer().build(),
        new BudgetExceededException(BudgetExceededException.Limit.CALLS, "call budget of 3 model calls is used up"), false, false);

    assertThat(f.outcome()).isEqualTo(RunReport.Outcome.FAILED);
    assertThat(f.failureKind()).isEqualTo(FailureKind.BUDGET_EXCEEDED);
    assertThat(f.failure()).isEqualTo(new RunReport.Failure(Activity.TEST, "BUDGET_EXCEEDED", "call budget of 3 model calls is used up"));
  }

  @Test
  void aCancellationIsCancelledEvenWhenTheActivityFailedWithAConsequenceOfIt() {
    RunSequencer.Finished thrown = failTest(sequencer().build(), new RunCancelledException("run-1"), false, false);
    RunSequencer.Finished consequence = failTest(sequencer().build(),
        new UncheckedIOException(new IOException("interrupted read")), true, false);

    for (RunSequencer.Finished f : List.of(thrown, consequence)) {
      assertThat(f.outcome()).isEqualTo(RunReport.Outcome.CANCELLED);
      assertThat(f.failureKind()).isEqualTo(FailureKind.CANCELLED);
      assertThat(f.failure()).isEqualTo(new RunReport.Failure(Activity.TEST, "CANCELLED",
          "run run-1 was cancelled; resume(\"run-1\") continues it"));
    }
  }

  @Test
  void theWallTimeLimitFailsTheRunAsWallTimeNotAsCancelled() {
    RunSequencer run = sequencer().maxWallTime(Duration.ofMillis(200)).build();
    RunSequencer.Finished byTimer = failTest(run, new RunCancelledException("run-1"), true, true);
    RunSequencer.Finished byBudget = failTest(sequencer().build(),
        new BudgetExceededException(BudgetExceededException.Limit.WALL_TIME, "wall time"), false, false);

    assertThat(byTimer.outcome()).isEqualTo(RunReport.Outcome.FAILED);
    assertThat(byTimer.failureKind()).isEqualTo(FailureKind.WALL_TIME);
    assertThat(byTimer.failure()).isEqualTo(new RunReport.Failure(Activity.TEST, "WALL_TIME",
        "wall-time budget of PT0.2S is over; raise Budget.Builder.maxWallTime or resume the run",
        List.of(new SettingHint(SettingHint.BUDGET_MAX_WALL_TIME, "Budget.Builder.maxWallTime", "PT0.2S"))));
    assertThat(byBudget.failureKind()).isEqualTo(FailureKind.WALL_TIME);
    assertThat(byBudget.failure().message()).isEqualTo("wall-time budget of ? is over; raise Budget.Builder.maxWallTime or resume the run");
  }

  @Test
  void aNullResultFailsTheActivity() {
    RunSequencer run = sequencer().build();
    run.next();
    run.completed(Activity.PLAN, PLAN);
    run.next();

    RunSequencer.Finished f = run.completed(Activity.BUILD, null);

    assertThat(f.failure()).isEqualTo(new RunReport.Failure(Activity.BUILD, "IllegalStateException",
        "the build activity returned null; an activity returns a result or throws"));
    assertThat(run.next()).isEmpty();
  }

  @Test
  void aPlanWithACycleFailsPlanAsAnInvalidPlan() {
    ArchitecturePlan cyclic = PLAN.withFiles(List.of(
        new FileSpec("a.py", "a", FileKind.SOURCE, Priority.NORMAL, List.of("b.py")),
        new FileSpec("b.py", "b", FileKind.SOURCE, Priority.NORMAL, List.of("a.py"))));
    RunSequencer run = sequencer().build();
    run.next();

    RunSequencer.Finished f = run.completed(Activity.PLAN, cyclic);

    assertThat(f.failureKind()).isEqualTo(FailureKind.INVALID_PLAN);
    assertThat(f.failure().type()).isEqualTo("InvalidPlanException");
    assertThat(f.failure().message()).contains("a.py -> b.py -> a.py");
    assertThat(run.plan()).isEqualTo(cyclic);
    assertThat(run.next()).isEmpty();
  }

  @Test
  void aFailedBuildKeepsTheFilesItAttachedToItsException() {
    RunSequencer run = sequencer().build();
    run.next();
    run.completed(Activity.PLAN, PLAN);
    run.next();
    BudgetExceededException e = BuildResult.attachPartial(
        new BudgetExceededException(BudgetExceededException.Limit.CALLS, "used up"), BUILT);

    run.failed(Activity.BUILD, e, false, false);

    assertThat(run.build()).isEqualTo(BUILT);
    assertThat(run.report("/ws", List.of(), new CostLedger(), Instant.EPOCH, Instant.EPOCH).build()).isEqualTo(BUILT);
  }

  @Test
  void aFailedBuildWithoutAttachedFilesHasNoBuildResult() {
    RunSequencer run = sequencer().plan(PLAN).build();
    run.next();
    run.failed(Activity.BUILD, new IllegalStateException("journal locked"), false, false);
    assertThat(run.build()).isNull();
  }

  @Test
  void aResultThatCannotBeStoredFailsItsActivityAfterCompletion() {
    RunSequencer run = sequencer().build();
    run.next();
    assertThat(run.completed(Activity.PLAN, PLAN).endsRun()).isFalse();

    RunSequencer.Finished f = run.failed(Activity.PLAN, new UncheckedIOException(new IOException("disk full")), false, false);

    assertThat(f.failure().activity()).isEqualTo(Activity.PLAN);
    assertThat(f.failure().type()).isEqualTo("UncheckedIOException");
    assertThat(run.next()).isEmpty();
  }

  @Test
  void theReportHoldsWhatTheRunDidAndTheLedgersTotals() {
    RunSequencer run = sequencer().build();
    drive(run, RunSequencerTest::success);
    CostLedger ledger = new CostLedger();
    ledger.record(FakePipeline.modelCall(Activity.PLAN, "", 1_000, 300));
    List<RunReport.ActivityRecord> records = List.of(
        new RunReport.ActivityRecord(Activity.PLAN, RunReport.Outcome.SUCCEEDED, Instant.EPOCH, 5));

    RunReport report = run.report("/ws", records, ledger, Instant.EPOCH, Instant.EPOCH.plusSeconds(1));

    assertThat(report.runId()).isEqualTo("run-1");
    assertThat(report.outcome()).isEqualTo(RunReport.Outcome.SUCCEEDED);
    assertThat(report.activities()).isEqualTo(records);
    assertThat(report.plan()).isEqualTo(PLAN);
    assertThat(report.build()).isEqualTo(BUILT);
    assertThat(report.test()).isEqualTo(PASSED);
    assertThat(report.deployment()).isEqualTo(DEPLOYED);
    assertThat(report.health()).isEqualTo(HEALTHY);
    assertThat(report.total()).isEqualTo(ledger.total());
    assertThat(report.byActivity()).isEqualTo(ledger.byActivity());
    assertThat(report.finishedAt()).isEqualTo(Instant.EPOCH.plusSeconds(1));
  }

  @Test
  void callsOutOfOrderAreRefusedNamingTheActivityInProgress() {
    RunSequencer run = sequencer().build();
    assertThatThrownBy(() -> run.completed(Activity.PLAN, PLAN)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("call next() first");
    run.next();
    assertThatThrownBy(run::next).isInstanceOf(IllegalStateException.class).hasMessageStartingWith("PLAN is not finished");
    assertThatThrownBy(() -> run.completed(Activity.BUILD, BUILT)).isInstanceOf(IllegalStateException.class)
        .hasMessage("BUILD is not the activity in progress (PLAN is); call next() first");
    assertThatThrownBy(() -> run.completed(Activity.PLAN, BUILT)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PLAN returns ArchitecturePlan, but the result was dev.spectra.orchestrator.BuildResult");
    assertThatThrownBy(() -> run.skipped(Activity.PLAN)).isInstanceOf(IllegalStateException.class)
        .hasMessage("PLAN is to be called, not skipped");
  }

  @Test
  void theBuilderRefusesWhatCannotRun() {
    assertThatThrownBy(() -> RunSequencer.builder().build()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("runId is required");
    assertThatThrownBy(() -> sequencer().without(Activity.BUILD)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("but was BUILD");
    assertThatThrownBy(() -> sequencer().plan(PLAN).stopAfter(Activity.PLAN).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("nothing to do");
  }
}
