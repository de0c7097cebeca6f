package dev.spectra.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spectra.orchestrator.cost.BudgetExceededException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.MDC;

class OrchestratorPipelineTest {
  private static final ServiceRequest REQUEST = ServiceRequest.of("A hello service with GET /health {{not a template}}");

  @TempDir
  Path workspace;

  private final FakePipeline pipeline = new FakePipeline();

  @Test
  void aFullRunCallsTheActivitiesInOrderBetweenTheirEventsAndUndeploysAfterMonitor() throws Exception {
    RunReport report = pipeline.builder(workspace).build().run(REQUEST);

    assertThat(pipeline.log).containsExactly(
        "event:RunStarted [PLAN, BUILD, TEST, DEPLOY, MONITOR]",
        "event:ActivityStarted PLAN", "call:PLAN", "event:ActivityFinished PLAN SUCCEEDED",
        "event:ActivityStarted BUILD", "call:BUILD", "event:ActivityFinished BUILD SUCCEEDED",
        "event:ActivityStarted TEST", "call:TEST", "event:ActivityFinished TEST SUCCEEDED",
        "event:ActivityStarted DEPLOY", "call:DEPLOY", "event:ActivityFinished DEPLOY SUCCEEDED",
        "event:ActivityStarted MONITOR", "call:MONITOR", "event:ActivityFinished MONITOR SUCCEEDED",
        "call:undeploy 4242",
        "event:RunFinished SUCCEEDED");
    assertThat(report.outcome()).isEqualTo(RunReport.Outcome.SUCCEEDED);
    assertThat(report.succeeded()).isTrue();
    assertThat(report.failure()).isNull();
    assertThat(report.activities()).extracting(RunReport.ActivityRecord::activity).containsExactly(Activity.values());
    assertThat(report.activities()).extracting(RunReport.ActivityRecord::outcome).containsOnly(RunReport.Outcome.SUCCEEDED);
    assertThat(report.plan()).isEqualTo(FakePipeline.plan());
    assertThat(report.build().files()).hasSize(4);
    assertThat(report.test().status()).isEqualTo(TestReport.Status.PASSED);
    assertThat(report.deployment().handle()).isEqualTo("4242");
    assertThat(report.health().verdict()).isEqualTo(HealthReport.Verdict.HEALTHY);
    assertThat(report.workspace()).isEqualTo(workspace.toRealPath().toString());
    assertThat(pipeline.events).extracting(RunEvent::runId).containsOnly(report.runId());
    assertThat(((RunEvent.RunFinished) pipeline.events.get(pipeline.events.size() - 1)).report()).isEqualTo(report);
    // Cost: one plan call and one call per file, all on gpt-4o-mini.
    assertThat(report.total().calls()).isEqualTo(5);
    assertThat(report.byActivity().get(Activity.PLAN).calls()).isEqualTo(1);
    assertThat(report.byActivity().get(Activity.BUILD).calls()).isEqualTo(4);
    assertThat(report.byModel()).containsOnlyKeys("gpt-4o-mini-2024-07-18");
    assertThat(report.byFile()).containsOnlyKeys("requirements.txt", "app/__init__.py", "app/main.py", "tests/test_main.py");
    assertThat(workspace.resolve("app/main.py")).hasContent("# app/main.py");
    assertThat(workspace.resolve(".spectra/runs/" + report.runId() + "/report.json")).exists();
  }

  @ParameterizedTest
  @EnumSource(Activity.class)
  void aFailureStopsTheRunWithTheTypedFailureAndEverythingDoneBeforeIt(Activity failing) {
    pipeline.failures.put(failing, new IllegalStateException(failing + " broke"));
    RunReport report = pipeline.builder(workspace).build().run(REQUEST);

    assertThat(report.outcome()).isEqualTo(RunReport.Outcome.FAILED);
    assertThat(report.failure()).isEqualTo(new RunReport.Failure(failing, "IllegalStateException", failing + " broke"));
    List<Activity> upToFailing = Arrays.asList(Activity.values()).subList(0, failing.ordinal() + 1);
    List<String> expectedCalls = new ArrayList<>(upToFailing.stream().map(a -> "call:" + a).toList());
    if (failing == Activity.MONITOR) {
      expectedCalls.add("call:undeploy 4242"); // what was deployed is stopped even when Monitor fails
    }
    assertThat(pipeline.log.stream().filter(l -> l.startsWith("call:"))).containsExactlyElementsOf(expectedCalls);
    assertThat(report.activities()).extracting(RunReport.ActivityRecord::activity).containsExactlyElementsOf(upToFailing);
    assertThat(report.activity(failing).orElseThrow().outcome()).isEqualTo(RunReport.Outcome.FAILED);
    assertThat(report.activities().subList(0, failing.ordinal()))
        .allMatch(a -> a.outcome() == RunReport.Outcome.SUCCEEDED);
    assertThat(report.plan() != null).isEqualTo(failing.compareTo(Activity.PLAN) > 0);
    assertThat(report.build() != null).isEqualTo(failing.compareTo(Activity.BUILD) > 0);
    assertThat(report.test() != null).isEqualTo(failing.compareTo(Activity.TEST) > 0);
    assertThat(report.deployment() != null).isEqualTo(failing.compareTo(Activity.DEPLOY) > 0);
    assertThat(report.health()).isNull();
    assertThat(report.total().calls()).isEqualTo(failing == Activity.PLAN ? 0 : failing == Activity.BUILD ? 1 : 5);
    assertThat(pipeline.log.subList(pipeline.log.size() - 2, pipeline.log.size()))
        .containsExactly(
            failing == Activity.MONITOR ? "call:undeploy 4242" : "event:ActivityFinished " + failing + " FAILED",
            "event:RunFinished FAILED");
  }

  @Test
  void failingTestsFailTheRunAtTestAndMarkTheActivityFailed() {
    pipeline.test = (plan, build, ctx) -> new TestReport(TestReport.Status.FAILED,
        List.of(new TestReport.TestCase("t::a", TestReport.Outcome.PASSED, ""),
            new TestReport.TestCase("t::b", TestReport.Outcome.FAILED, "assert 500 == 200")),
        new QualityReport(55, "D", 70, List.of()),
        List.of(new TestReport.FixRound(1, List.of("t::b"), List.of("app/main.py"), List.of(), Usage.of(1, 1)),
            new TestReport.FixRound(2, List.of("t::b"), List.of("app/main.py"), List.of(), Usage.of(1, 1))),
        null, "python3");
    RunReport report = pipeline.builder(workspace).build().run(REQUEST);

    assertThat(report.outcome()).isEqualTo(RunReport.Outcome.FAILED);
    assertThat(report.failure()).isEqualTo(new RunReport.Failure(Activity.TEST, "TESTS_FAILED",
        "1 of 2 tests failed after 2 fix rounds; quality D (55 < 70.0)"));
    assertThat(report.activity(Activity.TEST).orElseThrow().outcome()).isEqualTo(RunReport.Outcome.FAILED);
    assertThat(pipeline.log).contains("event:ActivityFinished TEST FAILED").doesNotContain("call:DEPLOY");
    assertThat(report.test().tests()).hasSize(2);
  }

  @Test
  void aDownServiceFailsTheRunAtMonitorAndIsStillUndeployed() {
    pipeline.monitor = (plan, deployment, ctx) -> new HealthReport(HealthReport.Verdict.DOWN, List.of(), 0, 0, 1,
        new HealthReport.Diagnosis("the app crashed on import", List.of("ImportError: x"), "fix the import", List.of()));
    RunReport report = pipeline.builder(workspace).build().run(REQUEST);

    assertThat(report.failure()).isEqualTo(new RunReport.Failure(Activity.MONITOR, "UNHEALTHY",
        "the deployed service is DOWN: the app crashed on import"));
    assertThat(report.activity(Activity.MONITOR).orElseThrow().outcome()).isEqualTo(RunReport.Outcome.FAILED);
    assertThat(report.health().verdict()).isEqualTo(HealthReport.Verdict.DOWN);
    assertThat(pipeline.log).contains("call:undeploy 4242");
  }

  @Test
  void skippedTestsLetTheRunGoOnWithANote() {
    pipeline.test = (plan, build, ctx) -> TestReport.skipped("no python3 with fastapi; apt-get install python3-fastapi");
    RunReport report = pipeline.builder(workspace).build().run(REQUEST);

    assertThat(report.outcome()).isEqualTo(RunReport.Outcome.SUCCEEDED);
    assertThat(report.activity(Activity.TEST).orElseThrow().outcome()).isEqualTo(RunReport.Outcome.SKIPPED);
    assertThat(pipeline.events).filteredOn(RunEvent.Note.class::isInstance)
        .extracting(e -> ((RunEvent.Note) e).message())
        .containsExactly("skipped: no python3 with fastapi; apt-get install python3-fastapi");
    assertThat(pipeline.log).contains("call:MONITOR");
  }

  @Test
  void stopAfterEndsTheRunAtThatActivity() {
    RunReport report = pipeline.builder(workspace).stopAfter(Activity.TEST).build().run(REQUEST);

    assertThat(report.outcome()).isEqualTo(RunReport.Outcome.SUCCEEDED);
    assertThat(pipeline.log.stream().filter(l -> l.startsWith("call:"))).containsExactly("call:PLAN", "call:BUILD", "call:TEST");
    assertThat(pipeline.log.get(0)).isEqualTo("event:RunStarted [PLAN, BUILD, TEST]");
    assertThat(report.activities()).extracting(RunReport.ActivityRecord::activity)
        .containsExactly(Activity.PLAN, Activity.BUILD, Activity.TEST);
    assertThat(report.deployment()).isNull();
  }

  @Test
  void keepDeployedLeavesTheServiceRunning() {
    RunReport report = pipeline.builder(workspace).keepDeployed(true).build().run(REQUEST);

    assertThat(report.outcome()).isEqualTo(RunReport.Outcome.SUCCEEDED);
    assertThat(pipeline.log).contains("call:MONITOR").noneMatch(l -> l.startsWith("call:undeploy"));
    assertThat(report.deployment().url()).isEqualTo("http://127.0.0.1:1");
  }

  @Test
  void nothingDeployedMeansNothingToMonitorOrUndeploy() {
    pipeline.deploy = (plan, ctx) -> Deployment.none();
    RunReport report = pipeline.builder(workspace).build().run(REQUEST);

    assertThat(report.outcome()).isEqualTo(RunReport.Outcome.SUCCEEDED);
    assertThat(report.activity(Activity.DEPLOY).orElseThrow().outcome()).isEqualTo(RunReport.Outcome.SKIPPED);
    assertThat(report.activity(Activity.MONITOR).orElseThrow().outcome()).isEqualTo(RunReport.Outcome.SKIPPED);
    assertThat(pipeline.log).doesNotContain("call:MONITOR").noneMatch(l -> l.startsWith("call:undeploy"));
  }

  @Test
  void theRunIdIsInTheMdcDuringActivitiesAndTheCallersValueIsBackAfter() {
    AtomicReference<String> inPlan = new AtomicReference<>();
    AtomicReference<String> inMonitor = new AtomicReference<>();
    PlanActivity plan = pipeline.plan;
    MonitorActivity monitor = pipeline.monitor;
    pipeline.plan = (r, ctx) -> {
      inPlan.set(MDC.get(Orchestrator.MDC_RUN_ID));
      return plan.plan(r, ctx);
    };
    pipeline.monitor = (p, d, ctx) -> {
      inMonitor.set(MDC.get(Orchestrator.MDC_RUN_ID));
      return monitor.monitor(p, d, ctx);
    };
    Orchestrator orchestrator = pipeline.builder(workspace).build();

    RunReport report = orchestrator.run(REQUEST);
    assertThat(inPlan.get()).isEqualTo(report.runId());
    assertThat(inMonitor.get()).isEqualTo(report.runId());
    assertThat(MDC.get(Orchestrator.MDC_RUN_ID)).isNull();

    MDC.put(Orchestrator.MDC_RUN_ID, "outer");
    try {
      RunReport second = orchestrator.run(REQUEST);
      assertThat(inPlan.get()).isEqualTo(second.runId()).isNotEqualTo(report.runId());
      assertThat(MDC.get(Orchestrator.MDC_RUN_ID)).isEqualTo("outer");
    } finally {
      MDC.remove(Orchestrator.MDC_RUN_ID);
    }
  }

  @Test
  void aThrowingListenerDoesNotBreakTheRunNorStarveTheOthers() {
    RunReport report = Orchestrator.builder()
        .workspace(workspace)
        .listener(event -> {
          throw new IllegalStateException("listener bug");
        })
        .planActivity(pipeline.plan)
        .buildActivity(pipeline.build)
        .testActivity(pipeline.test)
        .deployActivity(pipeline.deploy)
        .monitorActivity(pipeline.monitor)
        .listener(pipeline.listener())
        .build()
        .run(REQUEST);

    assertThat(report.outcome()).isEqualTo(RunReport.Outcome.SUCCEEDED);
    assertThat(pipeline.events).hasSize(12);
    assertThat(pipeline.events.get(11)).isInstanceOf(RunEvent.RunFinished.class);
  }

  @Test
  void anActivityReturningNullFailsWithAClearMessage() {
    pipeline.build = (plan, ctx) -> null;
    RunReport report = pipeline.builder(workspace).build().run(REQUEST);

    assertThat(report.failure()).isEqualTo(new RunReport.Failure(Activity.BUILD, "IllegalStateException",
        "the build activity returned null; an activity returns a result or throws"));
    assertThat(pipeline.log).doesNotContain("call:TEST");
  }

  @Test
  void anExceededBudgetIsReportedAsSuch() {
    pipeline.failures.put(Activity.BUILD, new BudgetExceededException(BudgetExceededException.Limit.CALLS,
        "call budget of 3 model calls is used up (3 made, 0 in flight); raise Budget.Builder.maxCalls to continue"));
    RunReport report = pipeline.builder(workspace).build().run(REQUEST);

    assertThat(report.outcome()).isEqualTo(RunReport.Outcome.FAILED);
    assertThat(report.failure()).isEqualTo(new RunReport.Failure(Activity.BUILD, "BUDGET_EXCEEDED",
        "call budget of 3 model calls is used up (3 made, 0 in flight); raise Budget.Builder.maxCalls to continue"));
  }

  @Test
  void theDefaultPlanActivityIsRequiredForARunFromARequest() throws Exception {
    RunReport report = Orchestrator.builder().workspace(workspace).buildActivity(pipeline.build).build().run(REQUEST);

    assertThat(report.failure()).isEqualTo(new RunReport.Failure(Activity.PLAN, "IllegalStateException",
        "no plan activity configured; set Builder.planActivity or call build(plan)"));
    assertThat(Files.exists(workspace.resolve("app"))).isFalse();
  }
}
