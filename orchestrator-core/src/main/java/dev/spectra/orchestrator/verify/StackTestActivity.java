package dev.spectra.orchestrator.verify;

import dev.spectra.orchestrator.Activity;
import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.BuildResult;
import dev.spectra.orchestrator.ModelBacked;
import dev.spectra.orchestrator.RunContext;
import dev.spectra.orchestrator.TestActivity;
import dev.spectra.orchestrator.TestReport;
import dev.spectra.orchestrator.internal.Checks;
import dev.spectra.orchestrator.internal.engine.RunJournal;
import dev.spectra.orchestrator.sandbox.Sandbox;
import dev.spectra.orchestrator.stack.TargetStack;
import dev.spectra.orchestrator.stack.Toolchain;
import dev.spectra.orchestrator.stack.ToolchainUnavailableException;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The Test activity of any {@link TargetStack}: runs the generated tests with the stack's {@link Toolchain} in the
 * workspace (sandboxed, with a wall-clock limit), grades the code with the toolchain's quality gate, and while tests
 * fail or the grade is below its threshold, lets a {@link FileFixer} rewrite the files at fault and runs again, for at
 * most {@link Builder#maxRounds rounds}.
 *
 * <p>Before any test runs, the plan's dependencies are checked against the stack's allow-list and the toolchain
 * ({@link dev.spectra.orchestrator.stack.UnavailableDependencyException}; nothing is installed). Without a usable
 * toolchain the report is SKIPPED with the stack's install hint, never passed.
 *
 * <p>The fix loop's guards: only files found at fault (the innermost non-test frame of a failure first, then the
 * failing test's planned dependencies, then files with quality findings) may change; a test file may change only for
 * an error inside it, and never so that its tests or asserts decrease; a round after which fewer tests are collected
 * is reverted. Every round is in the report ({@link TestReport.FixRound}, refusals included), in the run's
 * {@code fix-rounds.jsonl} journal and in a {@code Note} event.
 *
 * <pre>{@code
 * TestActivity test = StackTestActivity.builder(stack)
 *     .fixer(fileFixer)                  // from orchestrator-llm
 *     .maxRounds(2)
 *     .build();
 * }</pre>
 */
public final class StackTestActivity implements TestActivity, ModelBacked {
  /** Fix rounds by default. */
  public static final int DEFAULT_ROUNDS = 2;

  /** Fix rounds in which a LOW-priority file may still be rewritten, by default. */
  public static final int DEFAULT_LOW_PRIORITY_ROUNDS = 1;

  /** The wall-clock limit of one test run, by default. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

  final TargetStack stack;
  final Toolchains toolchains;
  final FileFixer fixer;
  final int maxRounds;
  final int lowPriorityRounds;
  final Duration timeout;
  final boolean qualityGate;

  private StackTestActivity(Builder b) {
    this.stack = b.stack;
    this.toolchains = new Toolchains(b.stack);
    this.fixer = b.fixer;
    this.maxRounds = b.maxRounds;
    this.lowPriorityRounds = Math.min(b.lowPriorityRounds, b.maxRounds);
    this.timeout = b.timeout;
    this.qualityGate = b.qualityGate;
  }

  /** The models of its fixer, when that calls models, so that a USD budget can check their prices up front. */
  @Override
  public Set<String> models() {
    return ModelBacked.of(fixer);
  }

  /** A builder for the tests of this stack's services. */
  public static Builder builder(TargetStack stack) {
    return new Builder(stack);
  }

  @Override
  public TestReport test(ArchitecturePlan plan, BuildResult build, RunContext context) {
    Checks.notNull(plan, "plan");
    Checks.notNull(context, "context");
    Toolchain toolchain;
    try {
      toolchain = toolchains.get();
    } catch (ToolchainUnavailableException e) {
      context.note(Activity.TEST, "SKIPPED: " + e.getMessage());
      return TestReport.skipped(e.getMessage());
    }
    context.note(Activity.TEST, stack.id() + " toolchain: " + toolchain.description());
    java.util.Optional<String> isolation = Sandbox.isolationProblem();
    if (isolation.isPresent() && !context.unisolatedCodeAllowed()) {
      context.note(Activity.TEST, "SKIPPED: " + isolation.get());
      return TestReport.skipped(isolation.get());
    }
    isolation.ifPresent(problem -> context.note(Activity.TEST, UNISOLATED_WARNING));
    Sandbox sandbox = toolchain.sandbox(context.workspace().root()).allowWithoutIsolation(context.unisolatedCodeAllowed())
        .writable(RunJournal.runDirectory(context.workspace(), context.runId()).resolve("test")).build();
    List<String> ignored = toolchain.checkDependencies(plan, stack.allowedDependencies(), sandbox);
    ignored.forEach(note -> context.note(Activity.TEST, note));
    TestReport report = new FixLoop(this, plan, context, toolchain, sandbox).run();
    if (isolation.isEmpty()) {
      return report;
    }
    return new TestReport(report.status(), report.tests(), report.quality(), report.fixRounds(), report.skipReason(),
        report.interpreter() + "; " + UNISOLATED);
  }

  /** What the report's toolchain line says after tests ran without isolation. */
  static final String UNISOLATED = "NOT ISOLATED: generated code ran without bubblewrap (opted in)";

  /** The warning noted by every step that runs generated code without isolation. */
  public static final String UNISOLATED_WARNING = "WARNING: bubblewrap is unusable and isolation was waived (--no-isolation):"
      + " generated code runs WITHOUT a sandbox and can read what this user can read, reach the network, and outlive"
      + " the JVM";

  /** Builds a {@link StackTestActivity}. Every setting has a default. */
  public static final class Builder {
    private final TargetStack stack;
    private FileFixer fixer;
    private int maxRounds = DEFAULT_ROUNDS;
    private int lowPriorityRounds = DEFAULT_LOW_PRIORITY_ROUNDS;
    private Duration timeout = DEFAULT_TIMEOUT;
    private boolean qualityGate = true;

    private Builder(TargetStack stack) {
      this.stack = Checks.notNull(stack, "stack");
    }

    /** The fixer of failing files (default none: no fix rounds). */
    public Builder fixer(FileFixer fixer) {
      this.fixer = Checks.notNull(fixer, "fixer");
      return this;
    }

    /** At most this many fix rounds (default {@value #DEFAULT_ROUNDS}; 0 for none). */
    public Builder maxRounds(int rounds) {
      if (rounds < 0 || rounds > 10) {
        throw new IllegalArgumentException("maxRounds must be within 0..10, but was " + rounds);
      }
      this.maxRounds = rounds;
      return this;
    }

    /** In how many of the rounds a LOW-priority file may be rewritten (default {@value #DEFAULT_LOW_PRIORITY_ROUNDS}). */
    public Builder lowPriorityRounds(int rounds) {
      if (rounds < 0) {
        throw new IllegalArgumentException("lowPriorityRounds must be >= 0, but was " + rounds);
      }
      this.lowPriorityRounds = rounds;
      return this;
    }

    /** The wall-clock limit of one test run (default 2 minutes); the process tree is killed at the limit. */
    public Builder timeout(Duration timeout) {
      this.timeout = Checks.positive(timeout, "timeout");
      return this;
    }

    /** Runs no quality gate: the report's quality is {@code null} and only the tests decide. */
    public Builder withoutQualityGate() {
      this.qualityGate = false;
      return this;
    }

    public StackTestActivity build() {
      return new StackTestActivity(this);
    }
  }
}
