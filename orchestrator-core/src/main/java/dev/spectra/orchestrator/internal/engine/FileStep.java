package dev.spectra.orchestrator.internal.engine;

import dev.spectra.orchestrator.Activity;
import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.FileSpec;
import dev.spectra.orchestrator.GeneratedFile;
import dev.spectra.orchestrator.RunCancelledException;
import dev.spectra.orchestrator.RunContext;
import dev.spectra.orchestrator.RunEvent;
import dev.spectra.orchestrator.Usage;
import dev.spectra.orchestrator.build.ChunkedBuild;
import dev.spectra.orchestrator.build.FileGenerationException;
import dev.spectra.orchestrator.build.FileGenerator;
import dev.spectra.orchestrator.build.FileRequest;
import dev.spectra.orchestrator.build.NonRetriable;
import dev.spectra.orchestrator.cost.BudgetExceededException;
import dev.spectra.orchestrator.cost.CostLedger;
import dev.spectra.orchestrator.cost.Totals;
import dev.spectra.orchestrator.internal.Checks;
import dev.spectra.orchestrator.stack.TargetStack;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds one file of a plan, on its own and from explicit inputs: the stack's producer writes it, or the generator
 * does in up to {@code maxAttempts} calls; then it is written atomically, journaled and announced
 * ({@code FileGenerated}). {@link ChunkedBuild} schedules these steps level by level; a durable workflow engine can
 * call one as an activity.
 *
 * <p>The generator gets a context whose ledger is a {@linkplain CostLedger#child() child} of the run's, so the
 * step knows its file's usage (every attempt's calls recorded with the file's path) without reading back the
 * run's shared ledger. The rules of attempts, cancellation and budget are {@link ChunkedBuild}'s. Stateless and
 * thread-safe.
 */
public final class FileStep {
  private static final Logger LOG = LoggerFactory.getLogger(FileStep.class);

  private final FileGenerator generator;
  private final TargetStack stack;
  private final int maxAttempts;

  private FileStep(FileGenerator generator, TargetStack stack, int maxAttempts) {
    this.generator = generator;
    this.stack = stack;
    this.maxAttempts = maxAttempts;
  }

  /**
   * A step that writes files with {@code stack}'s producers, or with {@code generator} in at most {@code maxAttempts}
   * calls.
   */
  public static FileStep of(FileGenerator generator, TargetStack stack, int maxAttempts) {
    return new FileStep(Checks.notNull(generator, "generator"), Checks.notNull(stack, "stack"),
        Checks.positive(maxAttempts, "maxAttempts"));
  }

  /**
   * Produces or generates {@code spec}'s file, writes it into {@code context.workspace()}, appends its entry to
   * {@code journal} (durably) and emits {@code FileGenerated}.
   *
   * @param dependencySignatures the {@linkplain #signatures signatures} of the file's direct dependencies, by path
   * @return the file as written, with its own usage and attempts
   * @throws FileGenerationException when the producer fails or the attempts run out
   * @throws RunCancelledException when the run is cancelled or the thread interrupted
   * @throws BudgetExceededException when the budget refuses a call (not retried)
   */
  public GeneratedFile run(ArchitecturePlan plan, FileSpec spec, Map<String, String> dependencySignatures,
      RunContext context, RunJournal.Appender journal) {
    Checks.notNull(plan, "plan");
    Checks.notNull(spec, "spec");
    Checks.notNull(dependencySignatures, "dependencySignatures");
    Checks.notNull(context, "context");
    Checks.notNull(journal, "journal");
    GeneratedFile file = produce(plan, spec, dependencySignatures, context);
    record(file, context, journal);
    return file;
  }

  /**
   * The first half of {@link #run}: produces or generates {@code spec}'s file, without writing it. For a driver that
   * must not hold the journal while the model works (a workflow engine whose file activities share one journal).
   *
   * @throws FileGenerationException when the producer fails or the attempts run out
   * @throws RunCancelledException when the run is cancelled or the thread interrupted
   * @throws BudgetExceededException when the budget refuses a call (not retried)
   */
  public GeneratedFile produce(ArchitecturePlan plan, FileSpec spec, Map<String, String> dependencySignatures,
      RunContext context) {
    Checks.notNull(plan, "plan");
    Checks.notNull(spec, "spec");
    Checks.notNull(dependencySignatures, "dependencySignatures");
    Checks.notNull(context, "context");
    context.throwIfCancelled();
    Optional<TargetStack.Producer> producer = stack.producerFor(spec, plan);
    return producer.isPresent() ? fromProducer(plan, spec, producer.get())
        : generate(plan, spec, dependencySignatures, context);
  }

  /**
   * The second half of {@link #run}: writes {@code file} atomically into {@code context.workspace()}, appends its
   * entry to {@code journal} (durably) and emits {@code FileGenerated}.
   *
   * @throws RunCancelledException when the thread is interrupted (the build is stopping)
   */
  public void record(GeneratedFile file, RunContext context, RunJournal.Appender journal) {
    Checks.notNull(file, "file");
    Checks.notNull(context, "context");
    Checks.notNull(journal, "journal");
    if (Thread.currentThread().isInterrupted()) {
      throw new RunCancelledException(context.runId()); // the build is stopping at once; NIO writes would fail anyway
    }
    context.workspace().write(file.path(), file.content());
    journal.append(RunJournal.Entry.of(file));
    context.emit(generated(context, file));
    LOG.debug("run {}: wrote {} ({}, {} attempts)", context.runId(), file.path(), file.origin(), file.attempts());
  }

  /** What a dependent file's prompt carries of a written file: the stack's signatures, empty when it has none. */
  public String signatures(String path, String content) {
    String signatures = stack.signatures(path, content);
    return signatures == null ? "" : signatures;
  }

  /** The {@code FileGenerated} event of {@code file}, stamped with the run's id and clock. */
  public static RunEvent.FileGenerated generated(RunContext context, GeneratedFile file) {
    return new RunEvent.FileGenerated(context.runId(), context.clock().instant(), file.path(), file.origin(),
        file.attempts(), file.usage());
  }

  private GeneratedFile fromProducer(ArchitecturePlan plan, FileSpec spec, TargetStack.Producer producer) {
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

  private GeneratedFile generate(ArchitecturePlan plan, FileSpec spec, Map<String, String> dependencySignatures,
      RunContext context) {
    String path = spec.path();
    String runId = context.runId();
    CostLedger own = context.ledger().child();
    RunContext fileContext = context.withLedger(own);
    String problem = "";
    RuntimeException lastError = null;
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      context.throwIfCancelled();
      if (attempt > 1) {
        context.emit(new RunEvent.Repaired(runId, context.clock().instant(), Activity.BUILD, path,
            RunEvent.Repaired.Kind.RETRY,
            List.of("attempt " + attempt + " of " + maxAttempts + " after: " + Checks.excerpt(problem, 300))));
      }
      String content;
      try {
        content = generator.generate(
            new FileRequest(plan, spec, dependencySignatures, stack.promptNotes(), attempt, problem), fileContext);
      } catch (RuntimeException e) {
        if (e instanceof RunCancelledException || e instanceof BudgetExceededException || e instanceof NonRetriable) {
          throw e;
        }
        if (context.isCancelled() || Thread.currentThread().isInterrupted()) {
          RunCancelledException cancelled = new RunCancelledException(runId);
          cancelled.addSuppressed(e);
          throw cancelled;
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
      Totals mine = own.byFile().getOrDefault(path, Totals.ZERO);
      // a generator that re-prompts makes several calls in one attempt: the file took as many attempts as calls
      return GeneratedFile.of(path, content, GeneratedFile.Origin.LLM, Math.max(attempt, (int) mine.calls()), mine.usage());
    }
    throw FileGenerationException.exhausted(path, maxAttempts, problem, lastError);
  }

  static String describe(RuntimeException e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + Checks.excerpt(message, 500));
  }
}
