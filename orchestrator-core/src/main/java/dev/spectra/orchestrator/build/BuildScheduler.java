package dev.spectra.orchestrator.build;

import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.BuildResult;
import dev.spectra.orchestrator.FileSpec;
import dev.spectra.orchestrator.GeneratedFile;
import dev.spectra.orchestrator.RunCancelledException;
import dev.spectra.orchestrator.RunContext;
import dev.spectra.orchestrator.RunEvent;
import dev.spectra.orchestrator.Usage;
import dev.spectra.orchestrator.cost.BudgetExceededException;
import dev.spectra.orchestrator.internal.engine.FileStep;
import dev.spectra.orchestrator.internal.engine.RunJournal;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * One build of one plan, the state of a {@link ChunkedBuild#build} call: orders the files (levels, then priority),
 * skips those a resumed run finished, and runs a {@link FileStep} per file on a pool of {@code concurrency} workers.
 * The calling thread (the dispatcher) emits {@code FileStarted} before each hand-off and refills a slot as soon as a
 * worker returns; a worker's step writes and journals its file, so the durable I/O of one file overlaps the
 * generation of the others. A failed build attaches the files it finished to its exception
 * ({@link BuildResult#attachPartial}).
 */
final class BuildScheduler {
  private static final Logger LOG = LoggerFactory.getLogger(BuildScheduler.class);
  /** How often the dispatcher re-checks cancellation while it waits for a generation. */
  private static final long POLL_MILLIS = 50;
  /** How long a stopping build waits for interrupted generations to end before it returns anyway. */
  private static final Duration STOP_GRACE = Duration.ofSeconds(30);

  private final FileStep step;
  private final int concurrency;
  private final ArchitecturePlan plan;
  private final RunContext ctx;
  private final String runId;
  private final Map<String, String> mdc;
  /** Every file finished in this build (written and journaled, or resumed), by path; workers add theirs. */
  private final Map<String, GeneratedFile> finished = new ConcurrentHashMap<>();
  /** Signatures of finished files, computed once each when a dependent needs them. */
  private final Map<String, String> signatures = new ConcurrentHashMap<>();

  BuildScheduler(FileStep step, int concurrency, ArchitecturePlan plan, RunContext ctx) {
    this.step = step;
    this.concurrency = concurrency;
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
      Map<String, GeneratedFile> resumed = RunJournal.finishedFiles(ctx.workspace(), runId,
          plan.files().stream().map(FileSpec::path).toList());
      ctx.emit(new RunEvent.BuildPlanned(runId, ctx.clock().instant(), plan.files().size(), levels.size(), resumed.size()));
      LOG.info("run {}: building {} files in {} levels, {} already finished, concurrency {}",
          runId, plan.files().size(), levels.size(), resumed.size(), concurrency);
      ExecutorService pool = Executors.newFixedThreadPool(concurrency, threadFactory());
      boolean completed = false;
      try {
        for (int i = 0; i < levels.size(); i++) {
          runLevel(i, levels.get(i), resumed, pool, journal);
        }
        completed = true;
      } catch (InterruptedException e) {
        throw withPartial(cancelled(e), levels, pool);
      } catch (RuntimeException e) {
        boolean stopSignal = e instanceof RunCancelledException || e instanceof BudgetExceededException;
        if (!stopSignal && (ctx.isCancelled() || Thread.currentThread().isInterrupted())) {
          throw withPartial(cancelled(e), levels, pool); // a failure caused by the cancellation itself
        }
        throw withPartial(e, levels, pool);
      } finally {
        if (completed) {
          pool.shutdown(); // idle: every task has returned
        } else if (!pool.isTerminated()) {
          stop(pool); // an Error: withPartial did not stop the pool
        }
      }
      return result(levels);
    }
  }

  private void runLevel(int index, List<FileSpec> level, Map<String, GeneratedFile> resumed, ExecutorService pool,
      RunJournal.Appender journal) throws InterruptedException {
    Deque<FileSpec> pending = new ArrayDeque<>();
    for (FileSpec spec : level) {
      GeneratedFile done = resumed.get(spec.path());
      if (done == null) {
        pending.add(spec);
      } else {
        finished.put(done.path(), done);
        ctx.emit(FileStep.generated(ctx, done));
      }
    }
    CompletionService<GeneratedFile> completions = new ExecutorCompletionService<>(pool);
    int inFlight = 0;
    RuntimeException failed = null;
    while (inFlight > 0 || (failed == null && !pending.isEmpty())) {
      while (failed == null && inFlight < concurrency && !pending.isEmpty()) {
        ctx.throwIfCancelled();
        FileSpec spec = pending.poll();
        Map<String, String> dependencySignatures = dependencySignatures(spec);
        ctx.emit(new RunEvent.FileStarted(runId, ctx.clock().instant(), spec.path(), index));
        completions.submit(() -> onWorker(spec, dependencySignatures, journal));
        inFlight++;
      }
      Future<GeneratedFile> next = completions.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
      if (next == null) {
        ctx.throwIfCancelled();
        continue;
      }
      inFlight--;
      try {
        next.get();
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
    }
    if (failed != null) {
      throw failed;
    }
  }

  /** Runs on a worker: the file's step, with the caller's MDC; a finished file is recorded at once. */
  private GeneratedFile onWorker(FileSpec spec, Map<String, String> dependencySignatures, RunJournal.Appender journal) {
    if (mdc == null) {
      MDC.clear();
    } else {
      MDC.setContextMap(mdc);
    }
    try {
      GeneratedFile file = step.run(plan, spec, dependencySignatures, ctx, journal);
      finished.put(file.path(), file);
      return file;
    } finally {
      MDC.clear();
    }
  }

  /** The signatures of {@code spec}'s dependencies; they are in earlier levels, so finished. */
  private Map<String, String> dependencySignatures(FileSpec spec) {
    Map<String, String> result = new LinkedHashMap<>();
    for (String dependency : spec.dependsOn()) {
      GeneratedFile file = finished.get(dependency);
      if (file == null) {
        throw new IllegalStateException("dependency " + dependency + " of " + spec.path() + " was not built before it");
      }
      result.put(dependency, signatures.computeIfAbsent(dependency, d -> step.signatures(d, file.content())));
    }
    return result;
  }

  /** The finished files in level order, and their summed usage (resumed files cost nothing). */
  private BuildResult finishedFiles(List<List<FileSpec>> levels) {
    List<GeneratedFile> files = new ArrayList<>();
    Usage usage = Usage.ZERO;
    for (List<FileSpec> level : levels) {
      for (FileSpec spec : level) {
        GeneratedFile file = finished.get(spec.path());
        if (file != null) {
          files.add(file);
          usage = usage.plus(file.usage());
        }
      }
    }
    return new BuildResult(files, usage);
  }

  private BuildResult result(List<List<FileSpec>> levels) {
    BuildResult result = finishedFiles(levels);
    LOG.info("run {}: built {} files: {} generated, {} from templates, {} from config, {} resumed", runId,
        result.files().size(), result.count(GeneratedFile.Origin.LLM), result.count(GeneratedFile.Origin.TEMPLATE),
        result.count(GeneratedFile.Origin.CONFIG), result.count(GeneratedFile.Origin.RESUMED));
    return result;
  }

  /**
   * Stops the workers (interrupting the generations in flight and waiting for them), then attaches the files
   * finished so far to {@code failure}: they are written and journaled, so the run's report keeps them.
   */
  private RuntimeException withPartial(RuntimeException failure, List<List<FileSpec>> levels, ExecutorService pool) {
    stop(pool);
    BuildResult partial = finishedFiles(levels);
    return partial.files().isEmpty() ? failure : BuildResult.attachPartial(failure, partial);
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
}
