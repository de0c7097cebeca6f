package dev.spectra.orchestrator.build;

import dev.spectra.orchestrator.Activity;
import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.BuildResult;
import dev.spectra.orchestrator.FileSpec;
import dev.spectra.orchestrator.GeneratedFile;
import dev.spectra.orchestrator.RunCancelledException;
import dev.spectra.orchestrator.RunContext;
import dev.spectra.orchestrator.RunEvent;
import dev.spectra.orchestrator.Usage;
import dev.spectra.orchestrator.cost.BudgetExceededException;
import dev.spectra.orchestrator.cost.Totals;
import dev.spectra.orchestrator.internal.Checks;
import dev.spectra.orchestrator.internal.Hashing;
import dev.spectra.orchestrator.stack.TargetStack;
import dev.spectra.orchestrator.workspace.UnsafePathException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One build of one plan: the state of a {@link ChunkedBuild#build} call. The calling thread (the dispatcher) hands
 * files to a pool of {@code concurrency} workers level by level, emitting {@code FileStarted} before each hand-off,
 * and refills a slot as soon as a worker returns. A worker produces its file, writes it, journals it and emits
 * {@code FileGenerated} before it returns, so the durable I/O of one file overlaps the generation of the others.
 */
final class BuildExecution {
  private static final Logger LOG = LoggerFactory.getLogger(BuildExecution.class);
  /** How often the dispatcher re-checks cancellation while it waits for a generation. */
  private static final long POLL_MILLIS = 50;
  /** How long a stopping build waits for interrupted generations to end before it returns anyway. */
  private static final Duration STOP_GRACE = Duration.ofSeconds(30);

  private final FileGenerator generator;
  private final TargetStack stack;
  private final int concurrency;
  private final int maxAttempts;
  private final ArchitecturePlan plan;
  private final RunContext ctx;
  private final String runId;
  private final Map<String, String> mdc;
  /** Content written (or verified on resume) per path; read by workers for their dependencies' signatures. */
  private final Map<String, String> contents = new ConcurrentHashMap<>();
  private final Map<String, String> signatures = new ConcurrentHashMap<>();

  BuildExecution(FileGenerator generator, TargetStack stack, int concurrency, int maxAttempts, ArchitecturePlan plan,
      RunContext ctx) {
    this.generator = generator;
    this.stack = stack;
    this.concurrency = concurrency;
    this.maxAttempts = maxAttempts;
    this.plan = plan;
    this.ctx = ctx;
    this.runId = ctx.runId();
    this.mdc = MDC.getCopyOfContextMap();
  }

  BuildResult run() {
    List<List<FileSpec>> levels = plan.levels();
    plan.files().forEach(f -> ctx.workspace().exists(f.path())); // refuses a hostile path before any model call
    ctx.throwIfCancelled();
    try (RunJournal.Appender journal = RunJournal.Appender.open(ctx.workspace(), runId)) {
      Map<String, GeneratedFile> resumed = finishedOnDisk();
      ctx.emit(new RunEvent.BuildPlanned(runId, ctx.clock().instant(), plan.files().size(), levels.size(), resumed.size()));
      LOG.info("run {}: building {} files in {} levels, {} already finished, concurrency {}",
          runId, plan.files().size(), levels.size(), resumed.size(), concurrency);
      Map<String, GeneratedFile> built = new HashMap<>();
      ExecutorService pool = Executors.newFixedThreadPool(concurrency, threadFactory());
      boolean completed = false;
      try {
        for (int i = 0; i < levels.size(); i++) {
          runLevel(i, levels.get(i), resumed, built, pool, journal);
        }
        completed = true;
      } catch (InterruptedException e) {
        throw cancelled(e);
      } catch (RuntimeException e) {
        boolean stopSignal = e instanceof RunCancelledException || e instanceof BudgetExceededException;
        if (!stopSignal && (ctx.isCancelled() || Thread.currentThread().isInterrupted())) {
          throw cancelled(e); // a failure caused by the cancellation itself
        }
        throw e;
      } finally {
        if (completed) {
          pool.shutdown(); // idle: every task has returned
        } else {
          stop(pool);
        }
      }
      return result(levels, built);
    }
  }

  private void runLevel(int index, List<FileSpec> level, Map<String, GeneratedFile> resumed,
      Map<String, GeneratedFile> built, ExecutorService pool, RunJournal.Appender journal) throws InterruptedException {
    Deque<FileSpec> pending = new ArrayDeque<>();
    for (FileSpec spec : level) {
      GeneratedFile done = resumed.get(spec.path());
      if (done == null) {
        pending.add(spec);
      } else {
        contents.put(done.path(), done.content());
        built.put(done.path(), done);
        emitGenerated(done);
      }
    }
    CompletionService<GeneratedFile> completions = new ExecutorCompletionService<>(pool);
    int inFlight = 0;
    RuntimeException failed = null;
    while (inFlight > 0 || (failed == null && !pending.isEmpty())) {
      while (failed == null && inFlight < concurrency && !pending.isEmpty()) {
        ctx.throwIfCancelled();
        FileSpec spec = pending.poll();
        ctx.emit(new RunEvent.FileStarted(runId, ctx.clock().instant(), spec.path(), index));
        completions.submit(() -> produce(spec, journal));
        inFlight++;
      }
      Future<GeneratedFile> next = completions.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
      if (next == null) {
        ctx.throwIfCancelled();
        continue;
      }
      inFlight--;
      GeneratedFile file;
      try {
        file = next.get();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException f && drains(f)) {
          // Start nothing new, but let the generations in flight finish: they are paid for and get journaled.
          if (failed == null) {
            failed = f;
          } else if (failed != f) {
            failed.addSuppressed(f);
          }
          continue;
        }
        throw asUnchecked(e.getCause());
      }
      built.put(file.path(), file);
    }
    if (failed != null) {
      throw failed;
    }
  }

  /** Writes a produced file atomically, then journals it durably, then announces it. */
  private GeneratedFile finish(GeneratedFile file, RunJournal.Appender journal) {
    if (Thread.currentThread().isInterrupted()) {
      throw new RunCancelledException(runId); // the build is stopping at once; NIO writes would fail anyway
    }
    ctx.workspace().write(file.path(), file.content());
    journal.append(RunJournal.Entry.of(file));
    contents.put(file.path(), file.content());
    emitGenerated(file);
    LOG.debug("run {}: wrote {} ({}, {} attempts)", runId, file.path(), file.origin(), file.attempts());
    return file;
  }

  /** Runs on a worker: the file from the stack's producer or from the generator, written and journaled. */
  private GeneratedFile produce(FileSpec spec, RunJournal.Appender journal) {
    if (mdc == null) {
      MDC.clear();
    } else {
      MDC.setContextMap(mdc);
    }
    try {
      ctx.throwIfCancelled();
      Optional<TargetStack.Producer> producer = stack.producerFor(spec, plan);
      return finish(producer.isPresent() ? fromProducer(spec, producer.get()) : generate(spec), journal);
    } finally {
      MDC.clear();
    }
  }

  private GeneratedFile fromProducer(FileSpec spec, TargetStack.Producer producer) {
    GeneratedFile.Origin origin = producer.origin();
    if (origin != GeneratedFile.Origin.TEMPLATE && origin != GeneratedFile.Origin.CONFIG) {
      throw FileGenerationException.producerFailed(spec.path(), "its origin is " + origin + ", not TEMPLATE or CONFIG", null);
    }
    String content;
    try {
      content = producer.produce(plan, spec);
    } catch (RuntimeException e) {
      throw FileGenerationException.producerFailed(spec.path(), describe(e), e);
    }
    if (content == null) {
      throw FileGenerationException.producerFailed(spec.path(), "it returned null", null);
    }
    return GeneratedFile.of(spec.path(), content, origin, 0, Usage.ZERO);
  }

  private GeneratedFile generate(FileSpec spec) {
    String path = spec.path();
    Totals before = ctx.ledger().byFile().getOrDefault(path, Totals.ZERO);
    Map<String, String> dependencySignatures = dependencySignatures(spec);
    String problem = "";
    RuntimeException lastError = null;
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      ctx.throwIfCancelled();
      if (attempt > 1) {
        ctx.emit(new RunEvent.Repaired(runId, ctx.clock().instant(), Activity.BUILD, path, RunEvent.Repaired.Kind.RETRY,
            List.of("attempt " + attempt + " of " + maxAttempts + " after: " + Checks.excerpt(problem, 300))));
      }
      String content;
      try {
        content = generator.generate(
            new FileRequest(plan, spec, dependencySignatures, stack.promptNotes(), attempt, problem), ctx);
      } catch (RuntimeException e) {
        if (stopsTheBuild(e)) {
          throw e;
        }
        if (ctx.isCancelled() || Thread.currentThread().isInterrupted()) {
          throw cancelled(e);
        }
        problem = describe(e);
        lastError = e;
        LOG.debug("run {}: {} attempt {} of {} failed: {}", runId, path, attempt, maxAttempts, problem);
        continue;
      }
      if (content == null || content.isBlank()) {
        problem = content == null ? "the generator returned no content (null)"
            : "the generator returned an empty reply (" + content.length() + " whitespace characters)";
        lastError = null;
        LOG.debug("run {}: {} attempt {} of {}: {}", runId, path, attempt, maxAttempts, problem);
        continue;
      }
      return GeneratedFile.of(path, content, GeneratedFile.Origin.LLM, attempt, usageSince(path, before));
    }
    throw FileGenerationException.exhausted(path, maxAttempts, problem, lastError);
  }

  private Map<String, String> dependencySignatures(FileSpec spec) {
    Map<String, String> result = new LinkedHashMap<>();
    for (String dependency : spec.dependsOn()) {
      String signature = signatures.get(dependency);
      if (signature == null) {
        String content = contents.get(dependency);
        if (content == null) {
          throw new IllegalStateException("dependency " + dependency + " of " + spec.path() + " was not built before it");
        }
        signature = stack.signatures(dependency, content);
        signature = signature == null ? "" : signature;
        signatures.put(dependency, signature);
      }
      result.put(dependency, signature);
    }
    return result;
  }

  /** What the ledger recorded for {@code path} since {@code before}: every attempt's calls. */
  private Usage usageSince(String path, Totals before) {
    Usage now = ctx.ledger().byFile().getOrDefault(path, Totals.ZERO).usage();
    Usage was = before.usage();
    return new Usage(now.inputTokens() - was.inputTokens(), now.cachedInputTokens() - was.cachedInputTokens(),
        now.outputTokens() - was.outputTokens());
  }

  /** The files of the plan with a journal entry whose content on disk still hashes to the journaled SHA-256. */
  private Map<String, GeneratedFile> finishedOnDisk() {
    Map<String, RunJournal.Entry> latest = new HashMap<>();
    RunJournal.entries(ctx.workspace(), runId).forEach(e -> latest.put(e.path(), e));
    Map<String, GeneratedFile> finished = new HashMap<>();
    for (FileSpec spec : plan.files()) {
      RunJournal.Entry entry = latest.get(spec.path());
      if (entry == null) {
        continue;
      }
      String content = readForResume(spec.path());
      if (content != null && Hashing.sha256(content).equals(entry.sha256())) {
        finished.put(spec.path(), new GeneratedFile(spec.path(), content, GeneratedFile.Origin.RESUMED, 0, Usage.ZERO,
            entry.sha256()));
      } else {
        LOG.info("run {}: {} is {} since it was journaled; it will be generated again", runId, spec.path(),
            content == null ? "missing or unreadable" : "changed");
      }
    }
    return finished;
  }

  /** The file's text, or {@code null} when it is missing or cannot be read as UTF-8 text (then it is rebuilt). */
  private String readForResume(String path) {
    try {
      return ctx.workspace().read(path).orElse(null);
    } catch (UncheckedIOException | UnsafePathException e) {
      LOG.warn("run {}: cannot read {} to check it against the journal ({}); it will be generated again",
          runId, path, e.getMessage());
      return null;
    }
  }

  private BuildResult result(List<List<FileSpec>> levels, Map<String, GeneratedFile> built) {
    List<GeneratedFile> files = new ArrayList<>();
    Usage usage = Usage.ZERO;
    for (List<FileSpec> level : levels) {
      for (FileSpec spec : level) {
        GeneratedFile file = built.get(spec.path());
        files.add(file);
        usage = usage.plus(file.usage());
      }
    }
    BuildResult result = new BuildResult(files, usage);
    LOG.info("run {}: built {} files: {} generated, {} from templates, {} from config, {} resumed", runId,
        files.size(), result.count(GeneratedFile.Origin.LLM), result.count(GeneratedFile.Origin.TEMPLATE),
        result.count(GeneratedFile.Origin.CONFIG), result.count(GeneratedFile.Origin.RESUMED));
    return result;
  }

  /** Interrupts the generations in flight and waits for them to end. */
  private void stop(ExecutorService pool) {
    // This thread may carry the interrupt that cancelled the run; it has become a RunCancelledException. Clear it
    // so that we can wait here, and so that the caller can still write its report (NIO writes fail when interrupted).
    Thread.interrupted();
    pool.shutdownNow();
    try {
      if (!pool.awaitTermination(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("run {}: generations still running {} after the build stopped; their results are dropped",
            runId, STOP_GRACE);
      }
    } catch (InterruptedException e) {
      LOG.warn("run {}: interrupted while waiting for the generations in flight to stop", runId);
    }
  }

  private void emitGenerated(GeneratedFile file) {
    ctx.emit(new RunEvent.FileGenerated(runId, ctx.clock().instant(), file.path(), file.origin(), file.attempts(),
        file.usage()));
  }

  private ThreadFactory threadFactory() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "spectra-build-" + runId + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * Failures after which the generations already in flight are let finish (and journaled: they are paid for) before
   * the build fails: a file out of attempts, or a used-up budget (the calls in flight hold reservations and will be
   * paid for). A cancellation or a non-retriable error (a rejected key: the calls in flight fail too) interrupts them.
   */
  private static boolean drains(RuntimeException e) {
    return e instanceof FileGenerationException || e instanceof BudgetExceededException;
  }

  private static boolean stopsTheBuild(RuntimeException e) {
    return e instanceof RunCancelledException || e instanceof BudgetExceededException || e instanceof NonRetriable;
  }

  private RunCancelledException cancelled(Exception cause) {
    RunCancelledException e = new RunCancelledException(runId);
    e.addSuppressed(cause);
    return e;
  }

  private static RuntimeException asUnchecked(Throwable t) {
    if (t instanceof RuntimeException r) {
      return r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new IllegalStateException("file generation failed: " + t, t);
  }

  private static String describe(RuntimeException e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + Checks.excerpt(message, 500));
  }
}
