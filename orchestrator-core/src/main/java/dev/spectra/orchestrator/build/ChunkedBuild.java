package dev.spectra.orchestrator.build;

import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.BuildActivity;
import dev.spectra.orchestrator.BuildResult;
import dev.spectra.orchestrator.RunContext;
import dev.spectra.orchestrator.internal.Checks;
import dev.spectra.orchestrator.internal.engine.FileStep;
import dev.spectra.orchestrator.internal.engine.RunJournal;
import dev.spectra.orchestrator.stack.TargetStack;

/**
 * The chunked build engine: writes every file of a plan into the run's workspace, one generator call per
 * model-written file, and journals each finished file so that a resumed run never pays twice for it.
 *
 * <pre>{@code
 * BuildActivity build = ChunkedBuild.builder()
 *     .generator(fileGenerator)       // model-written files
 *     .stack(stack)                    // templates, config generators, signatures
 *     .concurrency(4)
 *     .maxAttempts(3)
 *     .build();
 * BuildResult result = build.build(plan, context);
 * }</pre>
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li><b>Order.</b> Files are built in the dependency levels of {@link ArchitecturePlan#levels()}; a level starts
 *       when the previous one has finished (levels are barriers). Inside a level files start CRITICAL before NORMAL
 *       before LOW, then in plan order, with at most {@code concurrency} generations in flight.
 *   <li><b>Templates and config.</b> A file for which the {@link TargetStack} has a
 *       {@link TargetStack.Producer Producer} is written by it, without a generator call (origin TEMPLATE or
 *       CONFIG, 0 attempts).
 *   <li><b>Prompts stay flat.</b> A file's {@link FileRequest} carries the plan, its own spec, the stack's notes and
 *       the {@linkplain TargetStack#signatures signatures} of its direct dependencies, computed from what was
 *       written for them.
 *   <li><b>Attempts.</b> A generator exception or an empty (blank or null) reply is retried, up to
 *       {@code maxAttempts} calls, with {@link FileRequest#attempt()} incremented and
 *       {@link FileRequest#previousProblem()} saying what was wrong. A file that exhausts its attempts fails the build
 *       with a {@link FileGenerationException} naming it and the last problem; the generations already in flight
 *       are allowed to finish and are journaled (they are paid for), no new one starts.
 *   <li><b>Budget.</b> A {@code BudgetExceededException} is not retried: no new generation starts, the ones in
 *       flight (they hold reservations and are paid for) finish and are journaled, then the build rethrows it. So
 *       with a budget of N calls exactly N files are generated, and a resume generates none of them again.
 *   <li><b>Stop at once.</b> {@code RunCancelledException} and exceptions marked {@link NonRetriable} are not
 *       retried: the build interrupts the generations in flight, waits for them to end and rethrows the exception.
 *       The context's cancellation is checked before each file and between attempts.
 *   <li><b>Usage.</b> Generators record their model calls in {@link RunContext#ledger()} with the file's path.
 *       Each file's generator calls get a context with a {@linkplain dev.spectra.orchestrator.cost.CostLedger#child()
 *       child} ledger of the run's, so a file's usage is what its own calls recorded with its path, retries
 *       included; the run's ledger records them too. {@link BuildResult#usage()} is the sum over the files built
 *       (resumed files cost nothing).
 *   <li><b>Journal and resume.</b> After a file is written atomically its entry (path, SHA-256, origin, attempts,
 *       usage) is appended to the run's {@linkplain RunJournal journal} and synced to disk. A build reads the
 *       journal of {@link RunContext#runId()} first: a file with an entry whose content on disk still hashes to the
 *       journaled SHA-256 is not generated again (origin RESUMED, 0 attempts); every other file is.
 *   <li><b>Events.</b> {@code BuildPlanned} once, {@code FileStarted} before each file that is produced or
 *       generated, {@code Repaired} (kind RETRY) before each retry, {@code FileGenerated} for every file including
 *       resumed ones.
 *   <li><b>Failure.</b> A build that fails attaches the files it finished (written and journaled, resumed ones
 *       included) to the exception it throws ({@link BuildResult#partialOf}), so a run report keeps them; the
 *       exception's type is the one the rules above name.
 *   <li><b>Steps.</b> Each file is built by a {@link FileStep} (producer or generator, attempts, write, journal,
 *       {@code FileGenerated}); the build orders, bounds and stops the steps.
 *   <li><b>Threads.</b> Generations run on a pool of {@code concurrency} threads owned by the build, each with the
 *       caller's SLF4J MDC (so the run id is in every log line); the worker that produced a file also writes and
 *       journals it. The calling thread dispatches and emits {@code FileStarted}. The pool is shut down before
 *       {@code build} returns. Listeners get {@code FileGenerated} and {@code Repaired} on worker threads.
 * </ul>
 *
 * <p>A {@code ChunkedBuild} is immutable and may serve many runs at once, though not two builds of the same run id
 * (the second fails: the journal is locked).
 */
public final class ChunkedBuild implements BuildActivity, dev.spectra.orchestrator.ModelBacked {
  /** Default number of files generated at once. */
  public static final int DEFAULT_CONCURRENCY = 4;
  /** Default number of generator calls per file before the build fails. */
  public static final int DEFAULT_MAX_ATTEMPTS = 3;

  private final TargetStack stack;
  private final FileStep step;
  private final int concurrency;
  private final int maxAttempts;
  private final java.util.Set<String> models;

  private ChunkedBuild(Builder b) {
    this.stack = b.stack;
    this.models = dev.spectra.orchestrator.ModelBacked.of(b.generator);
    this.step = FileStep.of(b.generator, b.stack, b.maxAttempts);
    this.concurrency = b.concurrency;
    this.maxAttempts = b.maxAttempts;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The models of its generator, when that calls models, so that a USD budget checks their prices up front. */
  @Override
  public java.util.Set<String> models() {
    return models;
  }

  /** How many files are generated at once at most. */
  public int concurrency() {
    return concurrency;
  }

  /** How many generator calls a file may take. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /**
   * Builds every file of {@code plan} into {@code context.workspace()}.
   *
   * @throws dev.spectra.orchestrator.InvalidPlanException when the plan has a cycle or a dangling dependency, or
   *     a file inside {@code .spectra/}
   * @throws FileGenerationException when a file cannot be written
   * @throws dev.spectra.orchestrator.RunCancelledException when the run is cancelled
   * @throws dev.spectra.orchestrator.cost.BudgetExceededException when the budget stops the run
   */
  @Override
  public BuildResult build(ArchitecturePlan plan, RunContext context) {
    Checks.notNull(plan, "plan");
    Checks.notNull(context, "context");
    return new BuildScheduler(step, concurrency, plan, context).run();
  }

  @Override
  public String toString() {
    return "ChunkedBuild{stack=" + stack.id() + ", concurrency=" + concurrency + ", maxAttempts=" + maxAttempts + "}";
  }

  /** Builds a {@link ChunkedBuild}; the generator and the stack are required. */
  public static final class Builder {
    private FileGenerator generator;
    private TargetStack stack;
    private int concurrency = DEFAULT_CONCURRENCY;
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;

    private Builder() {}

    /** Writes the model-generated files. */
    public Builder generator(FileGenerator generator) {
      this.generator = Checks.notNull(generator, "generator");
      return this;
    }

    /** The stack profile: templates, config generators, signatures, prompt notes. */
    public Builder stack(TargetStack stack) {
      this.stack = Checks.notNull(stack, "stack");
      return this;
    }

    /** At most this many generations in flight (default {@value ChunkedBuild#DEFAULT_CONCURRENCY}). */
    public Builder concurrency(int concurrency) {
      this.concurrency = Checks.positive(concurrency, "concurrency");
      return this;
    }

    /** Generator calls per file before the build fails (default {@value ChunkedBuild#DEFAULT_MAX_ATTEMPTS}). */
    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = Checks.positive(maxAttempts, "maxAttempts");
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws NullPointerException when the generator or the stack is missing
     */
    public ChunkedBuild build() {
      Checks.notNull(generator, "generator");
      Checks.notNull(stack, "stack");
      return new ChunkedBuild(this);
    }
  }
}
