package dev.spectra.orchestrator.temporal.internal;

import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.BuildResult;
import dev.spectra.orchestrator.DeployActivity;
import dev.spectra.orchestrator.Deployment;
import dev.spectra.orchestrator.FileSpec;
import dev.spectra.orchestrator.GeneratedFile;
import dev.spectra.orchestrator.HealthReport;
import dev.spectra.orchestrator.MonitorActivity;
import dev.spectra.orchestrator.OrchestratorException;
import dev.spectra.orchestrator.PlanActivity;
import dev.spectra.orchestrator.QualityReport;
import dev.spectra.orchestrator.RunCancelledException;
import dev.spectra.orchestrator.RunContext;
import dev.spectra.orchestrator.RunEvent;
import dev.spectra.orchestrator.RunListener;
import dev.spectra.orchestrator.RunReport;
import dev.spectra.orchestrator.ServiceRequest;
import dev.spectra.orchestrator.TestActivity;
import dev.spectra.orchestrator.TestReport;
import dev.spectra.orchestrator.Usage;
import dev.spectra.orchestrator.internal.engine.FileStep;
import dev.spectra.orchestrator.internal.engine.RunJournal;
import dev.spectra.orchestrator.cost.Budget;
import dev.spectra.orchestrator.cost.BudgetAccount;
import dev.spectra.orchestrator.cost.BudgetExceededException;
import dev.spectra.orchestrator.cost.CostLedger;
import dev.spectra.orchestrator.cost.ModelCall;
import dev.spectra.orchestrator.cost.PriceTable;
import dev.spectra.orchestrator.cost.Totals;
import dev.spectra.orchestrator.internal.AtomicFiles;
import dev.spectra.orchestrator.internal.Hashing;
import dev.spectra.orchestrator.internal.Json;
import dev.spectra.orchestrator.temporal.internal.Messages.DeployOutput;
import dev.spectra.orchestrator.temporal.internal.Messages.FailureInfo;
import dev.spectra.orchestrator.temporal.internal.Messages.FileInput;
import dev.spectra.orchestrator.temporal.internal.Messages.FileOutput;
import dev.spectra.orchestrator.temporal.internal.Messages.FinishInput;
import dev.spectra.orchestrator.temporal.internal.Messages.Limits;
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
import dev.spectra.orchestrator.workspace.Workspace;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The activities on one worker: each reads its inputs from the shared workspace by reference, runs core's activity
 * (or one {@link FileStep}) in a {@link RunContext} of its own, writes what it spent to the run's folder, and returns
 * references. One retry owner: an I/O failure, or the interrupt of a worker shutting down, is an infrastructure
 * failure that Temporal retries (as it retries an activity whose worker died); any other exception (a provider's
 * rejection after the gateway's own retries, a budget, an invalid plan, a file out of attempts, a bug) becomes a
 * non-retryable {@link ApplicationFailure} carrying the typed failure ({@link FailureInfo}).
 */
public final class Worker implements RunActivities {
  private static final Logger LOG = LoggerFactory.getLogger(Worker.class);
  /** One lock per journal in this JVM, so that parallel files of one run append one after the other. */
  private static final Map<Path, Object> JOURNAL_LOCKS = new ConcurrentHashMap<>();
  /** How long a file waits for its run's journal, held by a file on another worker. */
  private static final Duration JOURNAL_WAIT = Duration.ofSeconds(60);

  /** What a worker is configured with. */
  public record Config(Workspace workspace, PlanActivity plan, FileStep fileStep, TestActivity test,
      DeployActivity deploy, MonitorActivity monitor, PriceTable prices, List<RunListener> listeners,
      boolean allowUnisolatedCode, Spent fileWorstCase, String ownQueue, Clock clock, java.util.Set<String> models) {}

  private final Config config;

  public Worker(Config config) {
    this.config = config;
  }

  @Override
  public Profile prepare(RunInput input) {
    return guard(null, () -> {
      Workspace ws = workspace(input.workspace());
      if (input.budget().maxUsd() != null) {
        Budget limits = Budget.builder().maxUsd(input.budget().maxUsd()).build();
        for (String model : config.models()) {
          try {
            limits.requirePriced(model, config.prices());
          } catch (IllegalStateException e) {
            throw (BudgetExceededException) e.getCause(); // a USD budget over an unpriced model cannot be kept
          }
        }
      }
      PlanOutput given = null;
      if (input.planGiven()) {
        ArchitecturePlan plan = RunJournal.loadPlan(ws, input.runId()).orElseThrow(() -> new OrchestratorException(
            "run " + input.runId() + " has no journaled plan in workspace " + ws.root()));
        given = planOutput(ws, input.runId(), plan, Spent.ZERO);
      }
      return new Profile(config.test() != null, config.deploy() != null, config.monitor() != null,
          config.fileWorstCase(), given);
    });
  }

  @Override
  public PlanOutput plan(StepInput input) {
    RunContext ctx = context(input.runId(), input.remaining());
    return guard(ctx, () -> {
      ServiceRequest request = Json.MAPPER.readValue(read(ctx.workspace(), input.request()), ServiceRequest.class);
      ArchitecturePlan plan = config.plan().plan(request, ctx);
      if (plan == null) {
        throw new IllegalStateException("the plan activity returned null instead of a plan");
      }
      plan.levels(); // an invalid plan fails here, on the worker, not retried
      RunJournal.savePlan(ctx.workspace(), input.runId(), plan);
      saveLog(ctx, "plan");
      return planOutput(ctx.workspace(), input.runId(), plan, spent(ctx));
    });
  }

  @Override
  public FileOutput buildFile(FileInput input) {
    Workspace ws = workspace(input.workspace());
    // The journal is the run's, and the run's plan is the one the workflow holds by hash: a journaled file whose
    // content still hashes to its entry was built for this plan, and is returned without a model call.
    guard(null, () -> read(ws, input.plan()));
    Map<String, GeneratedFile> journaled = RunJournal.finishedFiles(ws, input.runId(), List.of(input.path()));
    if (journaled.containsKey(input.path())) {
      RunJournal.Entry entry = latestEntry(ws, input.runId(), input.path());
      LOG.info("run {}: {} is journaled already; no model call", input.runId(), input.path());
      return new FileOutput(input.path(), entry.sha256(), entry.origin(), entry.attempts(), true, Spent.ZERO);
    }
    RunContext ctx = context(input.runId(), Limits.NONE); // the workflow reserved this file's worst case
    return guard(ctx, () -> {
      ArchitecturePlan plan = loadPlan(ws, input.plan());
      FileSpec spec = plan.file(input.path()).orElseThrow(() -> new OrchestratorException(
          "file " + input.path() + " is not in the plan of run " + input.runId()));
      Map<String, String> signatures = new LinkedHashMap<>();
      for (String dependency : spec.dependsOn()) {
        String content = ws.read(dependency).orElseThrow(() -> new IllegalStateException("dependency " + dependency
            + " of " + spec.path() + " is not in the workspace; it is built in an earlier level"));
        signatures.put(dependency, config.fileStep().signatures(dependency, content));
      }
      GeneratedFile file = config.fileStep().produce(plan, spec, signatures, ctx);
      Path journal = RunJournal.journalFile(ws, input.runId()).toAbsolutePath().normalize();
      synchronized (JOURNAL_LOCKS.computeIfAbsent(journal, p -> new Object())) {
        try (RunJournal.Appender appender = openJournal(ws, input.runId())) {
          config.fileStep().record(file, ctx, appender);
        }
      }
      saveLog(ctx, "files/" + Hashing.sha256(input.path()).substring(0, 24));
      return new FileOutput(file.path(), file.sha256(), file.origin(), file.attempts(), false, spent(ctx));
    });
  }

  @Override
  public TestOutput test(StepInput input) {
    RunContext ctx = context(input.runId(), input.remaining());
    return guard(ctx, () -> {
      ArchitecturePlan plan = loadPlan(ctx.workspace(), input.plan());
      TestReport report = config.test().test(plan, journaledBuild(ctx.workspace(), input.runId(), plan, false), ctx);
      saveLog(ctx, "test");
      return new TestOutput(store(ctx.workspace(), input.runId(), "test-report.json", report), digest(report), spent(ctx));
    });
  }

  @Override
  public String pin() {
    return config.ownQueue();
  }

  @Override
  public DeployOutput deploy(StepInput input) {
    RunContext ctx = context(input.runId(), input.remaining());
    return guard(ctx, () -> {
      Deployment deployment = config.deploy().deploy(loadPlan(ctx.workspace(), input.plan()), ctx);
      saveLog(ctx, "deploy");
      return new DeployOutput(deployment, spent(ctx));
    });
  }

  @Override
  public MonitorOutput monitor(StepInput input, Deployment deployment) {
    RunContext ctx = context(input.runId(), input.remaining());
    return guard(ctx, () -> {
      HealthReport report = config.monitor().monitor(loadPlan(ctx.workspace(), input.plan()), deployment, ctx);
      saveLog(ctx, "monitor");
      return new MonitorOutput(store(ctx.workspace(), input.runId(), "health-report.json", report), digest(report),
          spent(ctx));
    });
  }

  @Override
  public void undeploy(UndeployInput input) {
    RunContext ctx = context(input.runId(), Limits.NONE);
    guard(ctx, () -> {
      config.deploy().undeploy(input.deployment(), ctx);
      return null;
    });
  }

  @Override
  public RunResult finish(FinishInput input) {
    return guard(null, () -> {
      Workspace ws = workspace(input.workspace());
      ArchitecturePlan plan = input.plan() == null ? null : loadPlan(ws, input.plan());
      BuildResult build = plan == null || !input.planned().contains("BUILD") ? null : journaledBuild(ws, input.runId(), plan, true);
      if (build != null && build.files().isEmpty() && input.activities().stream().noneMatch(s -> s.activity() == dev.spectra.orchestrator.Activity.BUILD)) {
        build = null;
      }
      TestReport test = input.test() == null ? null : Json.MAPPER.readValue(read(ws, input.test()), TestReport.class);
      HealthReport health = input.health() == null ? null : Json.MAPPER.readValue(read(ws, input.health()), HealthReport.class);
      StepLogs logs = StepLogs.read(ws.runDirectory(input.runId()).resolve("temporal"));
      List<RunReport.ActivityRecord> records = new ArrayList<>();
      for (Step s : input.activities()) {
        records.add(new RunReport.ActivityRecord(s.activity(), s.outcome(), Instant.ofEpochMilli(s.startedAtMillis()), s.millis()));
      }
      String request = input.request() == null ? null
          : Json.MAPPER.readValue(read(ws, input.request()), ServiceRequest.class).text();
      RunReport report = new RunReport(RunReport.SCHEMA_VERSION, input.runId(), input.outcome(), input.failure(),
          ws.root().toString(), records, plan, build, test, input.deployment(), health, logs.ledger.total(),
          logs.ledger.byActivity(), logs.ledger.byModel(), logs.ledger.byFile(), Instant.ofEpochMilli(input.startedAtMillis()),
          Instant.ofEpochMilli(input.finishedAtMillis()), request, logs.repairs, logs.retries);
      RunJournal.saveReport(ws, input.runId(), report);
      return new RunResult(ref(ws, RunJournal.runDirectory(ws, input.runId()).resolve("report.json")), input.outcome());
    });
  }

  // ---- the run's files

  /** The workspace the input names, which must be this worker's. */
  private Workspace workspace(String root) {
    Path asked = Path.of(root).toAbsolutePath().normalize();
    Path mine = config.workspace().root().toAbsolutePath().normalize();
    if (!asked.equals(mine)) {
      throw ApplicationFailure.newNonRetryableFailure("the run's workspace is " + asked + " but this worker serves " + mine
          + "; workers and the client share one workspace path (a shared volume): start the worker with --workspace "
          + asked, "WorkspaceMismatch");
    }
    return config.workspace();
  }

  private static Ref ref(Workspace ws, Path file) throws IOException {
    return new Ref(ws.root().relativize(file).toString(), Hashing.sha256(Files.readAllBytes(file)));
  }

  /** The payload a reference names, checked against its hash. */
  public static String read(Workspace ws, Ref ref) throws IOException {
    Path file = ws.root().resolve(ref.path()).normalize();
    if (!file.startsWith(ws.root())) {
      throw new OrchestratorException("reference " + ref.path() + " points outside the workspace");
    }
    byte[] bytes = Files.readAllBytes(file);
    if (!Hashing.sha256(bytes).equals(ref.sha256())) {
      throw new OrchestratorException(ref.path() + " changed since the run wrote it (its SHA-256 is not the one the"
          + " workflow holds); a run's plan and reports are not to be edited while it runs: start a new run");
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static ArchitecturePlan loadPlan(Workspace ws, Ref ref) throws IOException {
    return Json.MAPPER.readValue(read(ws, ref), ArchitecturePlan.class);
  }

  private static PlanOutput planOutput(Workspace ws, String runId, ArchitecturePlan plan, Spent spent) throws IOException {
    List<Node> nodes = plan.files().stream().map(f -> new Node(f.path(), f.kind(), f.priority(), f.dependsOn())).toList();
    return new PlanOutput(ref(ws, RunJournal.runDirectory(ws, runId).resolve("plan.json")), plan.name(), plan.stack(),
        plan.entrypoint(), nodes, spent);
  }

  private static Ref store(Workspace ws, String runId, String name, Object value) throws IOException {
    Path file = RunJournal.runDirectory(ws, runId).resolve(name);
    AtomicFiles.write(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value));
    return ref(ws, file);
  }

  /**
   * The plan's files as the journal has them (content from disk, origin, attempts and usage from the entry). For Test,
   * only files whose content still hashes to their entry; for the report ({@code afterTest}), every journaled file
   * with its content now (a fix round may have rewritten it, as a local run's workspace shows it).
   */
  private static BuildResult journaledBuild(Workspace ws, String runId, ArchitecturePlan plan, boolean afterTest)
      throws IOException {
    List<String> paths = plan.files().stream().map(FileSpec::path).toList();
    Map<String, GeneratedFile> unchanged = afterTest ? Map.of() : RunJournal.finishedFiles(ws, runId, paths);
    Map<String, RunJournal.Entry> latest = new LinkedHashMap<>();
    RunJournal.entries(ws, runId).forEach(e -> latest.put(e.path(), e));
    List<GeneratedFile> files = new ArrayList<>();
    Usage usage = Usage.ZERO;
    for (List<FileSpec> level : plan.levels()) {
      for (FileSpec spec : level) {
        RunJournal.Entry e = latest.get(spec.path());
        String content = e == null ? null
            : afterTest ? ws.read(spec.path()).orElse(null) : unchanged.containsKey(spec.path()) ? unchanged.get(spec.path()).content() : null;
        if (content != null) {
          files.add(new GeneratedFile(spec.path(), content, e.origin(), e.attempts(), e.usage(), Hashing.sha256(content)));
          usage = usage.plus(e.usage());
        }
      }
    }
    return new BuildResult(files, usage);
  }

  private static RunJournal.Entry latestEntry(Workspace ws, String runId, String path) {
    RunJournal.Entry latest = null;
    for (RunJournal.Entry e : RunJournal.entries(ws, runId)) {
      if (e.path().equals(path)) {
        latest = e;
      }
    }
    return latest;
  }

  /** Opens the run's journal, waiting while a file on another worker (another JVM) holds it. */
  private static RunJournal.Appender openJournal(Workspace ws, String runId) {
    long deadline = System.nanoTime() + JOURNAL_WAIT.toNanos();
    while (true) {
      try {
        return RunJournal.Appender.open(ws, runId);
      } catch (IllegalStateException locked) {
        if (System.nanoTime() > deadline) {
          throw locked;
        }
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new RunCancelledException(runId);
        }
      }
    }
  }

  // ---- digests: what the workflow's decisions need, without the bulk

  static TestReport digest(TestReport r) {
    List<TestReport.TestCase> tests = r.tests().stream().map(t -> new TestReport.TestCase(t.name(), t.outcome(), "")).toList();
    QualityReport quality = r.quality() == null ? null
        : new QualityReport(r.quality().score(), r.quality().grade(), r.quality().threshold(), List.of());
    List<TestReport.FixRound> rounds = r.fixRounds().stream()
        .map(f -> new TestReport.FixRound(f.round(), List.of(), List.of(), List.of(), f.usage())).toList();
    return new TestReport(r.status(), tests, quality, rounds, r.skipReason(), r.interpreter());
  }

  static HealthReport digest(HealthReport r) {
    HealthReport.Diagnosis d = r.diagnosis() == null ? null : new HealthReport.Diagnosis(
        r.diagnosis().cause().length() > 500 ? r.diagnosis().cause().substring(0, 500) : r.diagnosis().cause(),
        List.of(), "", List.of());
    return new HealthReport(r.verdict(), r.probes(), r.p50Millis(), r.p95Millis(), r.errorRate(), d);
  }

  // ---- contexts, usage and failures

  /** What a step's events and calls left: written to the run's folder, read back for the report. */
  record StepLog(List<ModelCall> calls, List<RunReport.Repair> repairs, Map<String, Integer> retries) {}

  /** Every step log of a run, merged. */
  static final class StepLogs {
    final CostLedger ledger = new CostLedger();
    final List<RunReport.Repair> repairs = new ArrayList<>();
    final Map<String, Integer> retries = new TreeMap<>();

    static StepLogs read(Path folder) throws IOException {
      StepLogs logs = new StepLogs();
      if (!Files.isDirectory(folder)) {
        return logs;
      }
      List<Path> files;
      try (var stream = Files.walk(folder)) {
        files = stream.filter(p -> p.toString().endsWith(".json")).sorted().toList();
      }
      for (Path f : files) {
        StepLog log = Json.MAPPER.readValue(Files.readString(f), StepLog.class);
        log.calls().forEach(logs.ledger::record);
        logs.repairs.addAll(log.repairs());
        log.retries().forEach((k, v) -> logs.retries.merge(k, v, Integer::sum));
      }
      logs.repairs.sort((a, b) -> a.at().compareTo(b.at()));
      return logs;
    }
  }

  /** Records the repairs and retries a step's events report. */
  private static final class Observed implements RunListener {
    final List<RunReport.Repair> repairs = new ArrayList<>();
    final Map<String, Integer> retries = new TreeMap<>();

    @Override
    public synchronized void onEvent(RunEvent event) {
      if (event instanceof RunEvent.Repaired r) {
        repairs.add(RunReport.Repair.of(r));
      } else if (event instanceof RunEvent.Retrying r) {
        retries.merge(r.model(), 1, Integer::sum);
      }
    }
  }

  private final Map<RunContext, Observed> observed = new ConcurrentHashMap<>();

  private RunContext context(String runId, Limits remaining) {
    Observed o = new Observed();
    RunContext ctx = RunContext.builder().runId(runId).clock(config.clock()).workspace(config.workspace())
        .budget(new BudgetAccount(budget(remaining), config.prices(), config.clock())).ledger(new CostLedger())
        .listeners(config.listeners()).listener(o).cancellation(new AtomicBoolean())
        .allowUnisolatedCode(config.allowUnisolatedCode()).build();
    observed.put(ctx, o);
    return ctx;
  }

  private static Budget budget(Limits l) {
    Budget.Builder b = Budget.builder();
    if (l.maxUsd() != null) {
      b.maxUsd(l.maxUsd());
    }
    if (l.maxTokens() != null) {
      b.maxTokens(l.maxTokens());
    }
    if (l.maxCalls() != null) {
      b.maxCalls(l.maxCalls());
    }
    if (l.maxWallTimeMillis() != null) {
      b.maxWallTime(Duration.ofMillis(l.maxWallTimeMillis()));
    }
    return b.build();
  }

  private void saveLog(RunContext ctx, String name) {
    Observed o = observed.get(ctx);
    StepLog log = new StepLog(ctx.ledger().calls(), o == null ? List.of() : List.copyOf(o.repairs),
        o == null ? Map.of() : Map.copyOf(o.retries));
    Path file = ctx.workspace().runDirectory(ctx.runId()).resolve("temporal").resolve(name + ".json");
    try {
      AtomicFiles.write(file, Json.MAPPER.writeValueAsString(log));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  static Spent spent(RunContext ctx) {
    Totals t = ctx.ledger().total();
    return new Spent(t.calls(), t.usage().totalTokens(), t.cost().knownUsd().toPlainString());
  }

  /** A body whose exceptions become the failures the workflow understands (see the class comment). */
  private <T> T guard(RunContext ctx, Body<T> body) {
    try {
      return body.run();
    } catch (ApplicationFailure e) {
      throw e;
    } catch (IOException e) {
      throw failure(new UncheckedIOException(e.getMessage(), e), ctx);
    } catch (RuntimeException e) {
      throw failure(e, ctx);
    } finally {
      if (ctx != null) {
        observed.remove(ctx);
      }
    }
  }

  private ApplicationFailure failure(RuntimeException e, RunContext ctx) {
    Spent spent = ctx == null ? Spent.ZERO : spent(ctx);
    if (ctx != null && spent.calls() > 0) {
      try {
        saveLog(ctx, "failed/" + ctx.runId() + "-" + System.nanoTime()); // paid for: the report counts it
      } catch (RuntimeException ignored) {
        LOG.debug("cannot record the usage of a failed step: {}", ignored.toString());
      }
    }
    String message = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
    // Infrastructure failures, which Temporal retries: I/O (a shared volume that hiccups), and a cancellation, which in
    // an activity is the thread's interrupt by a worker shutting down (an activity's context is never cancelled: a
    // cancelled workflow stops in the workflow). A worker that dies outright shows as a timeout, retried too.
    boolean infrastructure = e instanceof UncheckedIOException || e instanceof RunCancelledException;
    if (infrastructure) {
      LOG.warn("activity failed ({}); Temporal retries it: {}", e.getClass().getSimpleName(), message);
      return ApplicationFailure.newFailureWithCause(message, e.getClass().getName(), e,
          new FailureInfo(dev.spectra.orchestrator.FailureKind.ERROR, e.getClass().getSimpleName(), message, List.of(),
              null, false, spent));
    }
    // Everything else is the pipeline's own verdict (a provider's rejection after the gateway's retries, a budget, an
    // invalid plan, a file out of attempts) or a bug: retrying it would pay for the same calls again.
    OrchestratorException o = e instanceof OrchestratorException known ? known : null;
    FailureInfo info = new FailureInfo(o == null ? dev.spectra.orchestrator.FailureKind.ERROR : o.failureKind(),
        o == null ? e.getClass().getSimpleName() : o.failureType(), message, o == null ? List.of() : o.hints(),
        e instanceof BudgetExceededException b ? b.limit() : null, false, spent);
    return ApplicationFailure.newNonRetryableFailureWithCause(message, e.getClass().getName(), e, info);
  }

  @FunctionalInterface
  private interface Body<T> {
    T run() throws IOException;
  }
}
