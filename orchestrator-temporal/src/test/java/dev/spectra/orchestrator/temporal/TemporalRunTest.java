package dev.spectra.orchestrator.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spectra.orchestrator.Activity;
import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.Endpoint;
import dev.spectra.orchestrator.FileKind;
import dev.spectra.orchestrator.FileSpec;
import dev.spectra.orchestrator.GeneratedFile;
import dev.spectra.orchestrator.HealthReport;
import dev.spectra.orchestrator.OrchestratorException;
import dev.spectra.orchestrator.Priority;
import dev.spectra.orchestrator.RunReport;
import dev.spectra.orchestrator.ServiceRequest;
import dev.spectra.orchestrator.TestReport;
import dev.spectra.orchestrator.Usage;
import dev.spectra.orchestrator.build.FileGenerator;
import dev.spectra.orchestrator.build.NonRetriable;
import dev.spectra.orchestrator.internal.engine.RunJournal;
import dev.spectra.orchestrator.cost.Budget;
import dev.spectra.orchestrator.cost.Cost;
import dev.spectra.orchestrator.cost.ModelCall;
import dev.spectra.orchestrator.sandbox.SandboxInspection;
import dev.spectra.orchestrator.stack.TextStack;
import dev.spectra.orchestrator.verify.FileFix;
import dev.spectra.orchestrator.verify.HttpMonitor;
import dev.spectra.orchestrator.verify.ProcessDeployer;
import dev.spectra.orchestrator.verify.StackTestActivity;
import dev.spectra.orchestrator.workspace.Workspace;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.WorkerOptions;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline as a Temporal workflow on the in-process test server (no network, no server installed): the whole
 * run, the fan-out, a worker killed mid-Build, a provider rejection, a budget over two workers, the history's size.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TemporalRunTest {
  static final String ROUTES = "service/routes.txt";
  static final String TESTS = "tests/test_routes.txt";
  /** The test server does not fall back from a dead worker's sticky queue: workers here keep no sticky queue. */
  static final WorkerOptions NO_STICKY = WorkerOptions.newBuilder().setStickyQueueScheduleToStartTimeout(Duration.ZERO).build();

  @TempDir Path dir;
  TestWorkflowEnvironment env;
  WorkflowClient client;
  final List<SpectraWorker> workers = new ArrayList<>();

  @BeforeEach
  void start() {
    env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
    client = env.getWorkflowClient();
  }

  @AfterEach
  void stop() {
    workers.forEach(SpectraWorker::close);
    env.close();
  }

  SpectraWorker.Builder worker(FileGenerator generator) {
    return SpectraWorker.builder(client).workspace(dir).stack(new TextStack()).fileGenerator(generator)
        .workerOptions(NO_STICKY);
  }

  SpectraWorker started(SpectraWorker.Builder b) {
    SpectraWorker w = b.build().start();
    workers.add(w);
    return w;
  }

  TemporalOrchestrator.Builder orchestrator() {
    return TemporalOrchestrator.builder(client).workspace(dir);
  }

  static ArchitecturePlan textPlan() {
    return new ArchitecturePlan("hello-routes", "Says hello", TextStack.ID, ROUTES,
        List.of(new FileSpec(ROUTES, "the routes", FileKind.SOURCE, Priority.CRITICAL, List.of()),
            new FileSpec(TESTS, "the tests", FileKind.TEST, Priority.NORMAL, List.of(ROUTES))),
        List.of(new Endpoint("GET", "/health", "health"), new Endpoint("GET", "/hello", "greets")), List.of());
  }

  /** {@code n} independent files (one level). */
  static ArchitecturePlan flatPlan(int n) {
    List<FileSpec> files = IntStream.range(0, n).mapToObj(i -> new FileSpec(String.format("service/f%02d.txt", i),
        "file " + i, FileKind.SOURCE, Priority.NORMAL, List.of())).toList();
    return new ArchitecturePlan("flat", "many files", TextStack.ID, files.get(0).path(), files, List.of(), List.of());
  }

  /** A generator that records one priced call per file in the context's ledger, as a model gateway does. */
  static String paid(String path, dev.spectra.orchestrator.RunContext ctx) {
    ctx.ledger().record(new ModelCall(Activity.BUILD, path, "test:model", "test:model", Usage.of(100, 50),
        Cost.usd(new BigDecimal("0.001"))));
    return "GET /" + path + " -> ok\n";
  }

  @Test
  void theWholePipelineRunsAsAWorkflowAndReportsLikeALocalRun() {
    SandboxInspection.requireIsolation(); // Test, Deploy and Monitor run the generated code under bubblewrap
    TextStack stack = new TextStack();
    AtomicInteger fixes = new AtomicInteger();
    SpectraWorker worker = started(worker((request, ctx) -> request.file().path().equals(ROUTES)
            ? "GET /health -> ok\nGET /hello -> helo\n" // the planted bug
            : "expect service/routes.txt GET /health -> ok\nexpect service/routes.txt GET /hello -> hello\n")
        .planActivity((request, ctx) -> textPlan())
        .testActivity(StackTestActivity.builder(stack).fixer((request, ctx) -> {
          fixes.incrementAndGet();
          return List.of(new FileFix(ROUTES, request.files().get(ROUTES).replace("helo", "hello"), "typo"));
        }).build())
        .deployActivity(ProcessDeployer.builder(stack).build())
        .monitorActivity(HttpMonitor.builder().build()));

    RunReport report = orchestrator().build().run(ServiceRequest.of("a hello service"));

    assertThat(report.failure()).isNull();
    assertThat(report.outcome()).isEqualTo(RunReport.Outcome.SUCCEEDED);
    assertThat(report.activities()).extracting(RunReport.ActivityRecord::activity).containsExactly(Activity.values());
    assertThat(report.request()).isEqualTo("a hello service");
    assertThat(report.plan()).isEqualTo(textPlan());
    assertThat(report.build().files()).extracting(GeneratedFile::path).containsExactly(ROUTES, TESTS);
    assertThat(report.test().status()).isEqualTo(TestReport.Status.PASSED);
    assertThat(report.test().fixRounds()).hasSize(1);
    assertThat(fixes).hasValue(1);
    assertThat(report.deployment().url()).startsWith("http://127.0.0.1:");
    assertThat(report.health().verdict()).as("the service started by Deploy's activity thread is alive for Monitor")
        .isEqualTo(HealthReport.Verdict.HEALTHY);
    assertThat(RunReport.fromJson(RunReport.fromJson(report.toJson()).toJson())).isEqualTo(report);
    assertThat(queuesOf(report.runId(), "Deploy", "Monitor", "Undeploy")).as("pinned to the deploying worker's own queue")
        .containsExactly(worker.ownTaskQueue(), worker.ownTaskQueue(), worker.ownTaskQueue());
    assertThat(queuesOf(report.runId(), "Plan", "BuildFile")).containsOnly(SpectraWorker.DEFAULT_TASK_QUEUE);
  }

  @Test
  void aWorkerOnAnotherWorkspaceRefusesTheRunByPath() throws Exception {
    Path elsewhere = java.nio.file.Files.createDirectories(dir.resolve("elsewhere"));
    started(SpectraWorker.builder(client).workspace(elsewhere).stack(new TextStack()).fileGenerator((r, c) -> "x")
        .workerOptions(NO_STICKY));

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> orchestrator().build().build(flatPlan(1)))
        .isInstanceOf(OrchestratorException.class)
        .hasMessageContaining("this worker serves " + elsewhere)
        .hasMessageContaining("start the worker with --workspace " + dir);
  }

  @Test
  void buildFansOutOneActivityPerFileUpToTheConcurrency() throws Exception {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    started(worker((request, ctx) -> {
      most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      inFlight.decrementAndGet();
      return "GET /x -> ok\n";
    }));

    RunReport report = orchestrator().concurrency(4).stopAfter(Activity.BUILD).build().build(flatPlan(12));

    assertThat(report.outcome()).isEqualTo(RunReport.Outcome.SUCCEEDED);
    assertThat(report.build().files()).hasSize(12).allMatch(f -> f.origin() == GeneratedFile.Origin.LLM);
    assertThat(most).as("files generated at once").hasValue(4);
    // The workflow code is deterministic: replaying the recorded history on fresh workflow code gives the same commands.
    io.temporal.testing.WorkflowReplayer.replayWorkflowExecution(
        client.fetchHistory(TemporalOrchestrator.workflowId(report.runId())), dev.spectra.orchestrator.temporal.internal.RunWorkflowImpl.class);
  }

  @Test
  void aWorkerKilledMidBuildIsReplacedAndNoJournaledFileIsRequestedAgain() throws Exception {
    ArchitecturePlan plan = flatPlan(6);
    CountDownLatch twoBlocked = new CountDownLatch(2);
    CountDownLatch never = new CountDownLatch(1);
    AtomicInteger firstCalls = new AtomicInteger();
    SpectraWorker a = started(worker((request, ctx) -> {
      if (firstCalls.incrementAndGet() <= 2) {
        return "GET /a -> ok\n";
      }
      twoBlocked.countDown();
      sleep(never); // in flight when the worker dies
      return "never";
    }));
    TemporalOrchestrator orchestrator = orchestrator().concurrency(2).stopAfter(Activity.BUILD)
        .fileTimeout(Duration.ofSeconds(3)).build();
    CompletableFuture<RunReport> run = CompletableFuture.supplyAsync(() -> orchestrator.build(plan));
    assertThat(twoBlocked.await(60, TimeUnit.SECONDS)).isTrue();
    String runId = runIdOf(dir);
    Set<String> journaledByA = RunJournal.entries(Workspace.at(dir), runId).stream().map(RunJournal.Entry::path)
        .collect(Collectors.toSet());
    a.close();
    workers.remove(a);

    Set<String> requestedFromB = ConcurrentHashMap.newKeySet();
    AtomicInteger callsOnB = new AtomicInteger();
    started(worker((request, ctx) -> {
      callsOnB.incrementAndGet();
      requestedFromB.add(request.file().path());
      return "GET /b -> ok\n";
    }));
    RunReport report = run.get(90, TimeUnit.SECONDS);

    assertThat(report.outcome()).isEqualTo(RunReport.Outcome.SUCCEEDED);
    assertThat(journaledByA).hasSize(2);
    Set<String> missing = plan.files().stream().map(FileSpec::path).filter(p -> !journaledByA.contains(p))
        .collect(Collectors.toSet());
    assertThat(requestedFromB).as("exactly the files without a journal entry").isEqualTo(missing);
    assertThat(callsOnB).as("one call per missing file, 0 for journaled ones").hasValue(4);
    assertThat(report.build().files()).hasSize(6);
  }

  @Test
  void aProviderRejectionIsNotRetriedByTemporal() {
    AtomicInteger calls = new AtomicInteger();
    started(worker((request, ctx) -> {
      calls.incrementAndGet();
      throw new Rejected();
    }));

    RunReport report = orchestrator().stopAfter(Activity.BUILD).build().build(flatPlan(1));

    assertThat(report.outcome()).isEqualTo(RunReport.Outcome.FAILED);
    assertThat(report.failure().type()).isEqualTo("PROVIDER_AUTH");
    assertThat(report.failure().message()).contains("401");
    assertThat(calls).as("one call: neither the file step nor Temporal retried it").hasValue(1);
    assertThat(attemptsOf(report.runId(), "BuildFile")).containsExactly(1);
  }

  @Test
  void anIoFailureIsRetriedByTemporalAndABugIsNot() {
    AtomicInteger plans = new AtomicInteger();
    started(worker((request, ctx) -> "GET /x -> ok\n").planActivity((request, ctx) -> {
      int call = plans.incrementAndGet();
      if (call == 1) {
        throw new java.io.UncheckedIOException(new java.io.IOException("stale NFS file handle"));
      }
      if (request.text().contains("bug")) {
        throw new IllegalStateException("a bug on call " + call);
      }
      return flatPlan(2);
    }));
    TemporalOrchestrator orchestrator = orchestrator().stopAfter(Activity.BUILD).build();

    RunReport retried = orchestrator.run(ServiceRequest.of("two files"));
    RunReport bug = orchestrator.run(ServiceRequest.of("a bug"));

    assertThat(retried.outcome()).isEqualTo(RunReport.Outcome.SUCCEEDED);
    assertThat(attemptsOf(retried.runId(), "Plan")).as("the history keeps the last attempt: the retry after the I/O"
        + " failure").containsExactly(2);
    assertThat(bug.failure().type()).isEqualTo("IllegalStateException");
    assertThat(bug.failure().message()).isEqualTo("a bug on call 3");
    assertThat(attemptsOf(bug.runId(), "Plan")).as("not retried").containsExactly(1);
    assertThat(plans).hasValue(3);
  }

  @Test
  void aCancelledWorkflowEndsTheRunCancelledAndStillWritesItsReport() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    started(worker((request, ctx) -> {
      entered.countDown();
      sleep(never);
      return "never";
    }));
    TemporalOrchestrator orchestrator = orchestrator().stopAfter(Activity.BUILD).build();
    CompletableFuture<RunReport> run = CompletableFuture.supplyAsync(() -> orchestrator.build(flatPlan(3)));
    assertThat(entered.await(60, TimeUnit.SECONDS)).isTrue();

    client.newUntypedWorkflowStub(TemporalOrchestrator.workflowId(runIdOf(dir))).cancel();
    RunReport report = run.get(60, TimeUnit.SECONDS);

    assertThat(report.outcome()).isEqualTo(RunReport.Outcome.CANCELLED);
    assertThat(report.failure().type()).isEqualTo("CANCELLED");
    assertThat(report.activities()).extracting(RunReport.ActivityRecord::activity).containsExactly(Activity.BUILD);
    assertThat(RunJournal.runDirectory(Workspace.at(dir), report.runId()).resolve("report.json")).isRegularFile();
  }

  @Test
  void theBudgetHoldsAcrossTwoWorkers() {
    Map<String, AtomicInteger> byWorker = new ConcurrentHashMap<>();
    for (String name : List.of("one", "two")) {
      byWorker.put(name, new AtomicInteger());
      started(worker((request, ctx) -> {
        byWorker.get(name).incrementAndGet();
        sleep(200);
        return paid(request.file().path(), ctx);
      }).name(name).maxAttempts(1));
    }

    RunReport report = orchestrator().concurrency(4).stopAfter(Activity.BUILD)
        .budget(Budget.builder().maxCalls(5).build()).build().build(flatPlan(12));

    assertThat(report.failure().type()).isEqualTo("BUDGET_EXCEEDED");
    assertThat(report.failure().message()).contains("call budget of 5");
    int total = byWorker.values().stream().mapToInt(AtomicInteger::get).sum();
    assertThat(total).as("model calls on both workers together").isEqualTo(5);
    assertThat(report.build().files()).hasSize(5);
    assertThat(report.total().calls()).isEqualTo(5);
  }

  @Test
  void theHistoryOfA50FileRunStaysSmallAndGrowsLinearly() {
    started(worker((request, ctx) -> "GET /x -> ok\n" + "x".repeat(20_000)));
    TemporalOrchestrator orchestrator = orchestrator().concurrency(8).stopAfter(Activity.BUILD).build();

    RunReport ten = orchestrator.build(flatPlan(10));
    RunReport fifty = orchestrator.build(flatPlan(50));

    long small = historyBytes(ten.runId());
    long large = historyBytes(fifty.runId());
    assertThat(fifty.build().files()).hasSize(50);
    System.out.printf("history: 10 files %d bytes, 50 files %d bytes, %d bytes per file%n", small, large, (large - small) / 40);
    assertThat(large).as("docs/scale-out.md: a 50-file run's history is under 150 KB, whatever the files' size")
        .isLessThan(150_000);
    assertThat((large - small) / 40).as("bytes per file: constant, no file content, no plan").isLessThan(2_500);
  }

  // ---- helpers

  /** A provider's 401, as orchestrator-llm's ProviderException is: typed, and not to be retried. */
  static final class Rejected extends OrchestratorException implements NonRetriable {
    Rejected() {
      super("openai rejected the key (HTTP 401); set OPENAI_API_KEY");
    }

    @Override
    public String failureType() {
      return "PROVIDER_AUTH";
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static void sleep(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static String runIdOf(Path workspace) throws Exception {
    try (var runs = java.nio.file.Files.list(workspace.resolve(".spectra/runs"))) {
      return runs.map(p -> p.getFileName().toString()).findFirst().orElseThrow();
    }
  }

  long historyBytes(String runId) {
    return client.fetchHistory(TemporalOrchestrator.workflowId(runId)).getHistory().getSerializedSize();
  }

  /** The task queue of each scheduled activity of these types, in order. */
  List<String> queuesOf(String runId, String... activityTypes) {
    List<String> types = List.of(activityTypes);
    List<String> queues = new ArrayList<>();
    for (HistoryEvent e : client.fetchHistory(TemporalOrchestrator.workflowId(runId)).getHistory().getEventsList()) {
      if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED
          && types.contains(e.getActivityTaskScheduledEventAttributes().getActivityType().getName())) {
        queues.add(e.getActivityTaskScheduledEventAttributes().getTaskQueue().getName());
      }
    }
    return queues;
  }

  /** The attempt number of each started activity of this type (the history records an activity's last attempt). */
  List<Integer> attemptsOf(String runId, String activityType) {
    List<HistoryEvent> events = client.fetchHistory(TemporalOrchestrator.workflowId(runId)).getHistory().getEventsList();
    List<Integer> attempts = new ArrayList<>();
    Map<Long, String> types = new java.util.HashMap<>();
    for (HistoryEvent e : events) {
      if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) {
        types.put(e.getEventId(), e.getActivityTaskScheduledEventAttributes().getActivityType().getName());
      } else if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED) {
        var a = e.getActivityTaskStartedEventAttributes();
        if (activityType.equals(types.get(a.getScheduledEventId()))) {
          attempts.add(a.getAttempt());
        }
      }
    }
    return Collections.unmodifiableList(attempts);
  }
}
