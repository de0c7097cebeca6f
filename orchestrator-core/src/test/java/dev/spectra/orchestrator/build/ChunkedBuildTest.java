package dev.spectra.orchestrator.build;

import static dev.spectra.orchestrator.build.Plans.file;
import static dev.spectra.orchestrator.build.Plans.plan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.spectra.orchestrator.Activity;
import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.BuildResult;
import dev.spectra.orchestrator.FileSpec;
import dev.spectra.orchestrator.GeneratedFile;
import dev.spectra.orchestrator.InvalidPlanException;
import dev.spectra.orchestrator.Orchestrator;
import dev.spectra.orchestrator.OrchestratorException;
import dev.spectra.orchestrator.Priority;
import dev.spectra.orchestrator.RunCancelledException;
import dev.spectra.orchestrator.RunContext;
import dev.spectra.orchestrator.RunEvent;
import dev.spectra.orchestrator.RunReport;
import dev.spectra.orchestrator.Usage;
import dev.spectra.orchestrator.cost.Cost;
import dev.spectra.orchestrator.cost.ModelCall;
import dev.spectra.orchestrator.internal.Hashing;
import dev.spectra.orchestrator.internal.engine.RunJournal;
import dev.spectra.orchestrator.workspace.UnsafePathException;
import dev.spectra.orchestrator.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.MDC;

class ChunkedBuildTest {
  @TempDir
  Path dir;

  private final FakeStack stack = new FakeStack();
  private final Recorder recorder = new Recorder();

  private RunContext context() {
    return RunContext.builder().runId("run-test").workspace(Workspace.at(dir)).listener(recorder).build();
  }

  private ChunkedBuild engine(FileGenerator generator, int concurrency) {
    return ChunkedBuild.builder().generator(generator).stack(stack).concurrency(concurrency).build();
  }

  private static String content(String path) {
    return "def f_" + path.replaceAll("[^A-Za-z0-9]", "_") + "() -> None:\n    pass\n";
  }

  @Test
  void buildsLevelByLevelAndCriticalBeforeNormalBeforeLowInsideALevel() {
    ArchitecturePlan plan = plan(
        file("a.py", Priority.LOW),
        file("b.py", Priority.CRITICAL),
        file("c.py", Priority.NORMAL),
        file("e.py", Priority.LOW, "b.py", "c.py"),
        file("d.py", Priority.CRITICAL, "a.py"),
        file("f.py", Priority.NORMAL, "d.py"));
    List<String> calls = new CopyOnWriteArrayList<>();
    BuildResult result = engine((request, ctx) -> {
      calls.add(request.file().path());
      return content(request.file().path());
    }, 1).build(plan, context());

    assertThat(calls).containsExactly("b.py", "c.py", "a.py", "d.py", "e.py", "f.py");
    assertThat(result.files()).extracting(GeneratedFile::path).containsExactly("b.py", "c.py", "a.py", "d.py", "e.py", "f.py");
    assertThat(recorder.of(RunEvent.FileStarted.class)).extracting(RunEvent.FileStarted::path, RunEvent.FileStarted::level)
        .containsExactly(
            tuple("b.py", 0), tuple("c.py", 0),
            tuple("a.py", 0), tuple("d.py", 1),
            tuple("e.py", 1), tuple("f.py", 2));
  }

  @Test
  void inParallelFilesStartInPriorityOrderAndALevelStartsOnlyAfterThePreviousOneFinished() {
    List<FileSpec> files = new ArrayList<>();
    Priority[] priorities = {Priority.LOW, Priority.NORMAL, Priority.CRITICAL};
    for (int i = 0; i < 9; i++) {
      files.add(file("l0/f" + i + ".py", priorities[i % 3]));
    }
    for (int i = 0; i < 9; i++) {
      files.add(file("l1/f" + i + ".py", priorities[i % 3], "l0/f" + i + ".py"));
    }
    List<String> violations = new CopyOnWriteArrayList<>();
    engine((request, ctx) -> {
      for (String dependency : request.file().dependsOn()) {
        if (!Files.exists(dir.resolve(dependency))) {
          violations.add(request.file().path() + " started before " + dependency + " was written");
        }
      }
      return content(request.file().path());
    }, 4).build(plan(files), context());

    assertThat(violations).isEmpty();
    List<RunEvent> events = recorder.events;
    List<String> started = recorder.of(RunEvent.FileStarted.class).stream().map(RunEvent.FileStarted::path).collect(Collectors.toList());
    assertThat(started).containsExactly(
        "l0/f2.py", "l0/f5.py", "l0/f8.py", "l0/f1.py", "l0/f4.py", "l0/f7.py", "l0/f0.py", "l0/f3.py", "l0/f6.py",
        "l1/f2.py", "l1/f5.py", "l1/f8.py", "l1/f1.py", "l1/f4.py", "l1/f7.py", "l1/f0.py", "l1/f3.py", "l1/f6.py");
    int firstLevel1Start = -1;
    int lastLevel0Done = -1;
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i) instanceof RunEvent.FileStarted s && s.level() == 1 && firstLevel1Start < 0) {
        firstLevel1Start = i;
      }
      if (events.get(i) instanceof RunEvent.FileGenerated g && g.path().startsWith("l0/")) {
        lastLevel0Done = i;
      }
    }
    assertThat(lastLevel0Done).isLessThan(firstLevel1Start);
  }

  @ParameterizedTest(name = "concurrency {0}, level width {1}")
  @CsvSource({"2, 8", "4, 12", "8, 16"})
  void aLevelWiderThanTheLimitRunsExactlyConcurrencyGenerationsAtOnce(int concurrency, int width) {
    // Each generation waits at a barrier for `concurrency` parties: the level can only pass if that many are in
    // flight together, and the counter shows whether more ever were.
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger maxInFlight = new AtomicInteger();
    CyclicBarrier barrier = new CyclicBarrier(concurrency);
    BuildResult result = engine((request, ctx) -> {
      int now = inFlight.incrementAndGet();
      maxInFlight.accumulateAndGet(now, Math::max);
      try {
        barrier.await(20, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException("fewer than " + concurrency + " generations in flight together: " + e, e);
      } finally {
        inFlight.decrementAndGet();
      }
      return content(request.file().path());
    }, concurrency).build(Plans.layered(width, concurrency), context());

    assertThat(maxInFlight.get()).isEqualTo(concurrency);
    assertThat(result.files()).hasSize(width + concurrency).allMatch(f -> f.attempts() == 1);
    // The engine emits FileStarted before it hands a file to a worker and FileGenerated after it took the result
    // back, both on the dispatching thread: started minus generated is exactly what it admitted, without any race.
    int admitted = 0;
    int maxAdmitted = 0;
    for (RunEvent event : recorder.events) {
      if (event instanceof RunEvent.FileStarted) {
        maxAdmitted = Math.max(maxAdmitted, ++admitted);
      } else if (event instanceof RunEvent.FileGenerated) {
        admitted--;
      }
    }
    assertThat(maxAdmitted).isEqualTo(concurrency);
  }

  @Test
  void aFileRequestCarriesTheSignaturesOfItsDirectDependenciesAndTheStackNotes() {
    ArchitecturePlan plan = plan(
        file("app/models.py"),
        file("app/util.py"),
        file("app/main.py", "app/util.py", "app/models.py"));
    Map<String, FileRequest> requests = new ConcurrentHashMap<>();
    engine((request, ctx) -> {
      requests.put(request.file().path(), request);
      switch (request.file().path()) {
        case "app/models.py":
          return "import pydantic\n\nclass Item(pydantic.BaseModel):\n    name: str\n";
        case "app/util.py":
          return "def slug(text: str) -> str:\n    return text.lower()\n\ndef _private() -> None:\n    pass\n";
        default:
          return "from app.util import slug\n";
      }
    }, 2).build(plan, context());

    FileRequest main = requests.get("app/main.py");
    assertThat(main.dependencySignatures()).containsExactly(
        Map.entry("app/util.py", "def slug(text: str) -> str:\ndef _private() -> None:"),
        Map.entry("app/models.py", "class Item(pydantic.BaseModel):"));
    assertThat(main.stackNotes()).isEqualTo(FakeStack.NOTES);
    assertThat(main.attempt()).isEqualTo(1);
    assertThat(main.previousProblem()).isEmpty();
    assertThat(main.plan()).isSameAs(plan);
    assertThat(requests.get("app/util.py").dependencySignatures()).isEmpty();
  }

  @Test
  void templateAndConfigFilesAreProducedWithoutGeneratorCalls() throws Exception {
    ArchitecturePlan plan = plan(
        file("requirements.txt"),
        file("app/__init__.py"),
        file("app/main.py", "app/__init__.py"));
    List<String> calls = new CopyOnWriteArrayList<>();
    BuildResult result = engine((request, ctx) -> {
      calls.add(request.file().path());
      return "app = object()\n";
    }, 4).build(plan, context());

    assertThat(calls).containsExactly("app/main.py");
    assertThat(stack.produced.get()).isEqualTo(2);
    assertThat(result.file("requirements.txt").orElseThrow().origin()).isEqualTo(GeneratedFile.Origin.CONFIG);
    assertThat(result.file("app/__init__.py").orElseThrow().origin()).isEqualTo(GeneratedFile.Origin.TEMPLATE);
    assertThat(result.file("app/main.py").orElseThrow().origin()).isEqualTo(GeneratedFile.Origin.LLM);
    assertThat(result.file("requirements.txt").orElseThrow().attempts()).isZero();
    assertThat(Files.readString(dir.resolve("requirements.txt"))).isEqualTo("fastapi\nuvicorn\n");
    assertThat(Files.readString(dir.resolve("app/__init__.py"))).isEqualTo("\"\"\"Package app/__init__.py.\"\"\"\n");
    assertThat(RunJournal.entries(Workspace.at(dir), "run-test"))
        .extracting(RunJournal.Entry::path, RunJournal.Entry::origin, RunJournal.Entry::attempts)
        .containsExactlyInAnyOrder(
            tuple("requirements.txt", GeneratedFile.Origin.CONFIG, 0),
            tuple("app/__init__.py", GeneratedFile.Origin.TEMPLATE, 0),
            tuple("app/main.py", GeneratedFile.Origin.LLM, 1));
    assertThat(result.count(GeneratedFile.Origin.LLM)).isEqualTo(1);
  }

  @Test
  void writesEveryFileAndJournalsItsHashAndEmitsTheBuildEvents() throws Exception {
    ArchitecturePlan plan = Plans.layered(3, 2);
    BuildResult result = engine((request, ctx) -> content(request.file().path()), 2).build(plan, context());

    assertThat(result.files()).hasSize(5);
    for (GeneratedFile f : result.files()) {
      assertThat(Files.readString(dir.resolve(f.path()))).isEqualTo(content(f.path()));
      assertThat(f.sha256()).isEqualTo(Hashing.sha256(content(f.path())));
    }
    assertThat(RunJournal.entries(Workspace.at(dir), "run-test"))
        .extracting(RunJournal.Entry::path, RunJournal.Entry::sha256)
        .containsExactlyInAnyOrderElementsOf(result.files().stream()
            .map(f -> tuple(f.path(), f.sha256())).collect(Collectors.toList()));
    assertThat(recorder.of(RunEvent.BuildPlanned.class)).singleElement()
        .satisfies(p -> {
          assertThat(p.files()).isEqualTo(5);
          assertThat(p.levels()).isEqualTo(2);
          assertThat(p.alreadyFinished()).isZero();
        });
    assertThat(recorder.of(RunEvent.FileStarted.class)).hasSize(5);
    assertThat(recorder.of(RunEvent.FileGenerated.class)).extracting(RunEvent.FileGenerated::path)
        .containsExactlyInAnyOrder("l0/f0.py", "l0/f1.py", "l0/f2.py", "l1/f0.py", "l1/f1.py");
    assertThat(recorder.events).allMatch(e -> e.runId().equals("run-test"));
  }

  @Test
  void retriesAnExceptionAndAnEmptyReplyWithTheAttemptNumberAndThePreviousProblem() {
    List<FileRequest> requests = new CopyOnWriteArrayList<>();
    BuildResult result = engine((request, ctx) -> {
      requests.add(request);
      switch (request.attempt()) {
        case 1:
          throw new IllegalStateException("model said no");
        case 2:
          return "  \n\t";
        default:
          return "x = 1\n";
      }
    }, 1).build(plan(file("x.py")), context());

    assertThat(requests).extracting(FileRequest::attempt).containsExactly(1, 2, 3);
    assertThat(requests.get(0).previousProblem()).isEmpty();
    assertThat(requests.get(1).previousProblem()).isEqualTo("IllegalStateException: model said no");
    assertThat(requests.get(2).previousProblem()).contains("empty reply");
    GeneratedFile x = result.file("x.py").orElseThrow();
    assertThat(x.attempts()).isEqualTo(3);
    assertThat(x.content()).isEqualTo("x = 1\n");
    assertThat(recorder.of(RunEvent.Repaired.class)).hasSize(2)
        .allMatch(r -> r.kind() == RunEvent.Repaired.Kind.RETRY && r.file().equals("x.py") && r.activity() == Activity.BUILD);
    assertThat(recorder.of(RunEvent.FileGenerated.class)).singleElement().extracting(RunEvent.FileGenerated::attempts).isEqualTo(3);
  }

  @Test
  void aFileThatExhaustsItsAttemptsFailsTheBuildNamingItAndItsLastProblem() {
    AtomicInteger calls = new AtomicInteger();
    ChunkedBuild engine = ChunkedBuild.builder().stack(stack).maxAttempts(2).concurrency(1).generator((request, ctx) -> {
      calls.incrementAndGet();
      if (request.file().path().equals("bad.py")) {
        throw new IllegalStateException("boom " + request.attempt());
      }
      return content(request.file().path());
    }).build();
    ArchitecturePlan plan = plan(file("bad.py", Priority.CRITICAL), file("ok1.py"), file("ok2.py"), file("later.py", "ok1.py"));

    assertThatThrownBy(() -> engine.build(plan, context()))
        .isInstanceOfSatisfying(FileGenerationException.class, e -> {
          assertThat(e.path()).isEqualTo("bad.py");
          assertThat(e.attempts()).isEqualTo(2);
          assertThat(e.lastProblem()).isEqualTo("IllegalStateException: boom 2");
          assertThat(e.getCause()).hasMessage("boom 2");
        })
        .hasMessage("file bad.py could not be generated in 2 attempts; last problem: IllegalStateException: boom 2; "
            + "check the model and its prompt, raise ChunkedBuild.Builder.maxAttempts, then resume the run");
    // Concurrency 1 and CRITICAL first: nothing else had started, and nothing new starts after the failure.
    assertThat(calls.get()).isEqualTo(2);
    assertThat(dir.resolve("bad.py")).doesNotExist();
    assertThat(dir.resolve("ok1.py")).doesNotExist();
  }

  @Test
  void generationsInFlightWhenAFileExhaustsItsAttemptsFinishAndAreJournaled() {
    CountDownLatch othersStarted = new CountDownLatch(3);
    AtomicInteger laterCalls = new AtomicInteger();
    ChunkedBuild engine = ChunkedBuild.builder().stack(stack).maxAttempts(1).concurrency(4).generator((request, ctx) -> {
      String path = request.file().path();
      if (path.equals("later.py")) {
        laterCalls.incrementAndGet();
      }
      if (path.equals("bad.py")) {
        await(othersStarted);
        throw new IllegalStateException("unusable reply");
      }
      othersStarted.countDown();
      return content(path);
    }).build();
    ArchitecturePlan plan = plan(file("bad.py", Priority.CRITICAL), file("ok1.py"), file("ok2.py"), file("ok3.py"),
        file("later.py", "ok1.py"));

    assertThatThrownBy(() -> engine.build(plan, context())).isInstanceOf(FileGenerationException.class)
        .hasMessageContaining("bad.py").hasMessageContaining("unusable reply");
    assertThat(RunJournal.entries(Workspace.at(dir), "run-test")).extracting(RunJournal.Entry::path)
        .containsExactlyInAnyOrder("ok1.py", "ok2.py", "ok3.py");
    assertThat(laterCalls.get()).isZero();
  }

  /** A generator's fatal error: retrying the same file cannot help. */
  static final class AccessDenied extends OrchestratorException implements NonRetriable {
    private static final long serialVersionUID = 1L;

    AccessDenied() {
      super("401: the API key was rejected");
    }
  }

  @Test
  void aNonRetriableExceptionStopsTheBuildAtOnceAndInterruptsTheGenerationsInFlight() {
    CountDownLatch slowStarted = new CountDownLatch(1);
    AtomicBoolean slowInterrupted = new AtomicBoolean();
    AtomicInteger fatalCalls = new AtomicInteger();
    AccessDenied denied = new AccessDenied();
    ChunkedBuild engine = engine((request, ctx) -> {
      if (request.file().path().equals("slow.py")) {
        slowStarted.countDown();
        try {
          new CountDownLatch(1).await();
        } catch (InterruptedException e) {
          slowInterrupted.set(true);
          Thread.currentThread().interrupt();
        }
        return "too late\n";
      }
      fatalCalls.incrementAndGet();
      await(slowStarted);
      throw denied;
    }, 2);
    ArchitecturePlan plan = plan(file("slow.py", Priority.CRITICAL), file("fatal.py"), file("never.py", Priority.LOW));

    assertThatThrownBy(() -> engine.build(plan, context())).isSameAs(denied);
    assertThat(fatalCalls.get()).isEqualTo(1);
    assertThat(slowInterrupted).isTrue();
    assertThat(dir.resolve("slow.py")).doesNotExist();
    assertThat(dir.resolve("never.py")).doesNotExist();
    assertThat(RunJournal.entries(Workspace.at(dir), "run-test")).isEmpty();
  }

  @Test
  void cancellingTheRunStopsBeforeTheNextFile() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    RunContext context = context();
    ChunkedBuild engine = engine((request, ctx) -> {
      if (calls.incrementAndGet() == 3) {
        ctx.cancel();
      }
      return content(request.file().path());
    }, 1);

    assertThatThrownBy(() -> engine.build(Plans.layered(4, 4), context)).isInstanceOf(RunCancelledException.class);
    assertThat(calls.get()).isEqualTo(3);
    // The third generation had finished: it is kept and journaled, so a resume does not pay for it again.
    assertThat(RunJournal.entries(context.workspace(), "run-test")).hasSize(3);
  }

  @Test
  void cancellingTheRunInterruptsABlockedGenerationAndTheBuildReturns() throws Exception {
    CountDownLatch started = new CountDownLatch(2);
    AtomicInteger interrupted = new AtomicInteger();
    RunContext context = context();
    ChunkedBuild engine = engine((request, ctx) -> {
      started.countDown();
      try {
        Thread.sleep(TimeUnit.MINUTES.toMillis(10));
      } catch (InterruptedException e) {
        interrupted.incrementAndGet();
        throw new IllegalStateException("interrupted", e);
      }
      return "never\n";
    }, 2);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread builder = new Thread(() -> {
      try {
        engine.build(Plans.layered(5), context);
      } catch (Throwable t) {
        thrown.set(t);
      }
    });
    builder.start();
    assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();
    context.cancel();
    builder.join(TimeUnit.SECONDS.toMillis(30));

    assertThat(builder.isAlive()).isFalse();
    assertThat(thrown.get()).isInstanceOf(RunCancelledException.class);
    assertThat(interrupted.get()).isEqualTo(2);
    assertThat(RunJournal.entries(context.workspace(), "run-test")).isEmpty();
  }

  @Test
  void aRunHandleCancelsABuildThroughTheOrchestratorAndTheReportSaysCancelled() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    Orchestrator orchestrator = Orchestrator.builder().workspace(dir).stack(stack).concurrency(2)
        .fileGenerator((request, ctx) -> {
          started.countDown();
          try {
            Thread.sleep(TimeUnit.MINUTES.toMillis(10));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
          }
          return "never\n";
        }).build();
    var handle = orchestrator.buildAsync(Plans.layered(3));
    assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();
    handle.cancel();
    RunReport report = handle.report().get(30, TimeUnit.SECONDS);

    assertThat(report.outcome()).isEqualTo(RunReport.Outcome.CANCELLED);
    assertThat(report.failure().type()).isEqualTo("CANCELLED");
    assertThat(report.failure().activity()).isEqualTo(Activity.BUILD);
    assertThat(RunJournal.runDirectory(orchestrator.workspace(), report.runId()).resolve("report.json")).exists();
  }

  @Test
  void aFilesUsageIsWhatTheLedgerRecordedForItAcrossAttempts() {
    ChunkedBuild engine = engine((request, ctx) -> {
      String path = request.file().path();
      if (path.equals("a.py")) {
        Usage usage = request.attempt() == 1 ? Usage.of(10, 5) : new Usage(20, 4, 7);
        ctx.ledger().record(new ModelCall(Activity.BUILD, path, "fake:model", null, usage, Cost.UNKNOWN));
        if (request.attempt() == 1) {
          throw new IllegalStateException("truncated reply");
        }
      } else {
        ctx.ledger().record(new ModelCall(Activity.BUILD, path, "fake:model", null, Usage.of(100, 50), Cost.UNKNOWN));
        // A call without a file (say, a shared summary) does not count against any file.
        ctx.ledger().record(new ModelCall(Activity.BUILD, "", "fake:model", null, Usage.of(1000, 1000), Cost.UNKNOWN));
      }
      return content(path);
    }, 2);
    RunContext context = context();
    BuildResult result = engine.build(plan(file("a.py"), file("b.py"), file("__init__.py")), context);

    assertThat(result.file("a.py").orElseThrow().usage()).isEqualTo(new Usage(30, 4, 12));
    assertThat(result.file("b.py").orElseThrow().usage()).isEqualTo(Usage.of(100, 50));
    assertThat(result.file("__init__.py").orElseThrow().usage()).isEqualTo(Usage.ZERO);
    assertThat(result.usage()).isEqualTo(new Usage(130, 4, 62));
    assertThat(RunJournal.entries(context.workspace(), "run-test")).filteredOn(e -> e.path().equals("a.py"))
        .singleElement().extracting(RunJournal.Entry::usage, RunJournal.Entry::attempts)
        .containsExactly(new Usage(30, 4, 12), 2);
    assertThat(recorder.of(RunEvent.FileGenerated.class)).filteredOn(e -> e.path().equals("b.py"))
        .singleElement().extracting(RunEvent.FileGenerated::usage).isEqualTo(Usage.of(100, 50));
  }

  @Test
  void aCycleOrADanglingDependencyIsRejectedNamingTheFilesBeforeAnythingIsGenerated() {
    AtomicInteger calls = new AtomicInteger();
    ChunkedBuild engine = engine((request, ctx) -> {
      calls.incrementAndGet();
      return "x\n";
    }, 2);
    ArchitecturePlan cycle = plan(file("base.py"), file("a.py", "b.py", "base.py"), file("b.py", "c.py"), file("c.py", "a.py"));
    ArchitecturePlan dangling = plan(file("a.py"), file("b.py", "a.py", "missing.py"), file("c.py", "gone.py"));

    assertThatThrownBy(() -> engine.build(cycle, context())).isInstanceOf(InvalidPlanException.class)
        .hasMessage("plan has a dependency cycle: a.py -> b.py -> c.py -> a.py; "
            + "break the cycle by removing one of these dependsOn entries");
    assertThatThrownBy(() -> engine.build(dangling, context())).isInstanceOf(InvalidPlanException.class)
        .hasMessage("plan has dependencies on files it does not contain: b.py -> missing.py, c.py -> gone.py; "
            + "add those files to the plan or remove them from dependsOn");
    assertThat(calls.get()).isZero();
    assertThat(dir.resolve("base.py")).doesNotExist();
    assertThat(dir.resolve(".spectra")).doesNotExist();
  }

  @Test
  void workerThreadsCarryTheCallersMdcAndTheRunIdThroughTheOrchestrator() {
    Map<String, String> mdcByFile = new ConcurrentHashMap<>();
    Map<String, String> threadByFile = new ConcurrentHashMap<>();
    Orchestrator orchestrator = Orchestrator.builder().workspace(dir).stack(stack).concurrency(3)
        .fileGenerator((request, ctx) -> {
          mdcByFile.put(request.file().path(), String.valueOf(MDC.get(Orchestrator.MDC_RUN_ID)) + "/" + MDC.get("tenant"));
          threadByFile.put(request.file().path(), Thread.currentThread().getName());
          return content(request.file().path());
        }).build();
    RunReport report;
    MDC.put("tenant", "acme");
    try {
      report = orchestrator.build(Plans.layered(6));
    } finally {
      MDC.remove("tenant");
    }

    assertThat(report.outcome()).isEqualTo(RunReport.Outcome.SUCCEEDED);
    assertThat(mdcByFile).hasSize(6).allSatisfy((path, mdc) -> assertThat(mdc).isEqualTo(report.runId() + "/acme"));
    assertThat(threadByFile).allSatisfy((path, name) -> assertThat(name).startsWith("spectra-build-" + report.runId() + "-"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({".spectra/runs/run-test/journal.jsonl, RESERVED_FOLDER", "../outside.py, PARENT_SEGMENT",
      "app/nul.py, RESERVED_NAME"})
  void aPathTheWorkspaceRefusesFailsTheBuildBeforeAnyModelCall(String path, UnsafePathException.Rule rule) {
    AtomicInteger calls = new AtomicInteger();
    ChunkedBuild engine = engine((request, ctx) -> {
      calls.incrementAndGet();
      return "x\n";
    }, 2);
    // The bad file is last, in the last level: the workspace is asked about every path before anything starts.
    ArchitecturePlan plan = plan(file("app.py"), file("b.py"), file(path, "app.py"));

    assertThatThrownBy(() -> engine.build(plan, context())).isInstanceOfSatisfying(UnsafePathException.class,
        e -> assertThat(e.rule()).isEqualTo(rule)).hasMessageContaining(path);
    assertThat(calls.get()).isZero();
    assertThat(dir.resolve("app.py")).doesNotExist();
  }

  @Test
  void aFailingTemplateFailsTheBuildNamingTheFile() {
    ChunkedBuild engine = ChunkedBuild.builder().generator((r, c) -> "x\n").stack(new dev.spectra.orchestrator.stack.BuildOnlyStack() {
      @Override
      public String id() {
        return "broken";
      }

      @Override
      public java.util.Optional<Producer> producerFor(FileSpec file, ArchitecturePlan plan) {
        return java.util.Optional.of(new Producer() {
          @Override
          public GeneratedFile.Origin origin() {
            return GeneratedFile.Origin.TEMPLATE;
          }

          @Override
          public String produce(ArchitecturePlan p, FileSpec f) {
            throw new IllegalArgumentException("no template for " + f.path());
          }
        });
      }

      @Override
      public String signatures(String path, String content) {
        return "";
      }

      @Override
      public String promptNotes() {
        return "";
      }
    }).build();

    assertThatThrownBy(() -> engine.build(plan(file("setup.cfg")), context()))
        .isInstanceOfSatisfying(FileGenerationException.class, e -> assertThat(e.attempts()).isZero())
        .hasMessage("file setup.cfg could not be produced by the stack profile's template or config generator: "
            + "IllegalArgumentException: no template for setup.cfg; this is a bug of the stack profile");
  }

  @Test
  void theBuilderValidatesItsSettings() {
    assertThatThrownBy(() -> ChunkedBuild.builder().concurrency(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("concurrency must be > 0, but was 0");
    assertThatThrownBy(() -> ChunkedBuild.builder().maxAttempts(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxAttempts must be > 0, but was -1");
    assertThatThrownBy(() -> ChunkedBuild.builder().stack(stack).build()).isInstanceOf(NullPointerException.class)
        .hasMessage("generator == null");
    assertThatThrownBy(() -> ChunkedBuild.builder().generator((r, c) -> "").build()).isInstanceOf(NullPointerException.class)
        .hasMessage("stack == null");
    ChunkedBuild defaults = ChunkedBuild.builder().generator((r, c) -> "").stack(stack).build();
    assertThat(defaults.concurrency()).isEqualTo(ChunkedBuild.DEFAULT_CONCURRENCY).isEqualTo(4);
    assertThat(defaults.maxAttempts()).isEqualTo(ChunkedBuild.DEFAULT_MAX_ATTEMPTS).isEqualTo(3);
  }

  static void await(CountDownLatch latch) {
    try {
      if (!latch.await(20, TimeUnit.SECONDS)) {
        throw new IllegalStateException("latch not released in 20 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
