package dev.spectra.orchestrator.verify;

import dev.spectra.orchestrator.sandbox.Sandbox;
import dev.spectra.orchestrator.Activity;
import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.BuildResult;
import dev.spectra.orchestrator.ModelBacked;
import dev.spectra.orchestrator.RunContext;
import dev.spectra.orchestrator.TestActivity;
import dev.spectra.orchestrator.TestReport;
import dev.spectra.orchestrator.internal.Checks;
import dev.spectra.orchestrator.stack.StackProfile;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The Test activity of the python-fastapi stack: runs the generated tests with {@code <python> -m pytest
 * --junitxml=...} in the workspace (sandboxed, with a wall-clock limit), grades the code with the {@link QualityGate},
 * and while tests fail or the grade is below its threshold, lets a {@link FileFixer} rewrite the files at fault and
 * runs again, for at most {@link Builder#maxRounds rounds}.
 *
 * <p>Before any test runs, the plan's dependencies are checked against the allow-list and the interpreter
 * ({@link UnavailableDependencyException}; nothing is installed). Without a usable interpreter the report is
 * SKIPPED with an install hint, never passed.
 *
 * <p>The fix loop's guards: only files found at fault (innermost non-test traceback frame first, then the failing
 * test's planned dependencies, then files with quality findings) may change; a test file may change only for an
 * error inside it, and never so that its test functions or asserts decrease; a round after which pytest collects
 * fewer tests is reverted. Every round is in the report ({@link TestReport.FixRound}, refusals included), in the
 * run's {@code fix-rounds.jsonl} journal and in a {@code Note} event.
 *
 * <pre>{@code
 * TestActivity test = PytestActivity.builder()
 *     .fixer(fileFixer)                  // from orchestrator-llm
 *     .maxRounds(2)
 *     .qualityGate(QualityGate.builder().threshold(70).build())
 *     .allowedDependencies(Set.of("fastapi", "pydantic", "uvicorn", "httpx", "pytest"))
 *     .build();
 * }</pre>
 */
public final class PytestActivity implements TestActivity, ModelBacked {
  /** Fix rounds by default. */
  public static final int DEFAULT_ROUNDS = 2;

  /** Fix rounds in which a LOW-priority file may still be rewritten, by default. */
  public static final int DEFAULT_LOW_PRIORITY_ROUNDS = 1;

  /** The wall-clock limit of one pytest run, by default. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

  /** The packages the python-fastapi stack can provide by default (distribution names). */
  public static final Set<String> DEFAULT_ALLOWED_DEPENDENCIES = Set.of("fastapi", "pydantic", "starlette", "uvicorn", "httpx", "pytest");

  final Toolchains toolchains;
  final FileFixer fixer;
  final int maxRounds;
  final int lowPriorityRounds;
  final Duration timeout;
  final QualityGate qualityGate;
  final Set<String> allowedDependencies;
  final String stackNotes;

  private PytestActivity(Builder b) {
    this.toolchains = new Toolchains(b.python, b.discovery);
    this.fixer = b.fixer;
    this.maxRounds = b.maxRounds;
    this.lowPriorityRounds = Math.min(b.lowPriorityRounds, b.maxRounds);
    this.timeout = b.timeout;
    this.qualityGate = b.qualityGate;
    this.allowedDependencies = Set.copyOf(b.allowedDependencies);
    this.stackNotes = b.stackNotes;
  }

  /** The models of its fixer, when that calls models, so that a USD budget can check their prices up front. */
  @Override
  public Set<String> models() {
    return ModelBacked.of(fixer);
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public TestReport test(ArchitecturePlan plan, BuildResult build, RunContext context) {
    Checks.notNull(plan, "plan");
    Checks.notNull(context, "context");
    PythonToolchain python;
    try {
      python = toolchains.get();
    } catch (ToolchainUnavailableException e) {
      context.note(Activity.TEST, "SKIPPED: " + e.getMessage());
      return TestReport.skipped(e.getMessage());
    }
    context.note(Activity.TEST, "python: " + python.description());
    Sandbox sandbox = PythonToolchain.sandbox(context.workspace().root()).build();
    java.util.List<String> ignored = DependencyGuard.check(plan.dependencies(), allowedDependencies, python, sandbox);
    if (!ignored.isEmpty()) {
      context.note(Activity.TEST, "plan lists standard-library modules as dependencies (ignored): " + ignored);
    }
    return new FixLoop(this, plan, context, python, sandbox).run();
  }

  /** Builds a {@link PytestActivity}. Every setting has a default. */
  public static final class Builder {
    private PythonToolchain python;
    private FileFixer fixer;
    private int maxRounds = DEFAULT_ROUNDS;
    private int lowPriorityRounds = DEFAULT_LOW_PRIORITY_ROUNDS;
    private Duration timeout = DEFAULT_TIMEOUT;
    private QualityGate qualityGate = QualityGate.ofDefaults();
    private final Set<String> allowedDependencies = new LinkedHashSet<>(DEFAULT_ALLOWED_DEPENDENCIES);
    private String stackNotes = "";
    private Supplier<PythonToolchain> discovery;

    private Builder() {}

    /** Replaces {@link PythonToolchain#discover()}; for tests. */
    Builder discovery(Supplier<PythonToolchain> discovery) {
      this.discovery = Checks.notNull(discovery, "discovery");
      return this;
    }

    /** The interpreter to use (default: {@link PythonToolchain#discover()} at first use). */
    public Builder python(PythonToolchain python) {
      this.python = Checks.notNull(python, "python");
      return this;
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

    /** The wall-clock limit of one pytest run (default 2 minutes); the process tree is killed at the limit. */
    public Builder timeout(Duration timeout) {
      this.timeout = Checks.positive(timeout, "timeout");
      return this;
    }

    /** The quality gate (default {@link QualityGate#ofDefaults()}). */
    public Builder qualityGate(QualityGate gate) {
      this.qualityGate = Checks.notNull(gate, "gate");
      return this;
    }

    /** Runs no quality gate: the report's quality is {@code null} and only the tests decide. */
    public Builder withoutQualityGate() {
      this.qualityGate = null;
      return this;
    }

    /**
     * The distributions a plan may depend on (replaces the default {@link #DEFAULT_ALLOWED_DEPENDENCIES}); an empty
     * set allows any distribution the interpreter has.
     */
    public Builder allowedDependencies(Set<String> names) {
      Checks.notNull(names, "names");
      allowedDependencies.clear();
      for (String n : names) {
        allowedDependencies.add(Checks.notBlank(n, "allowed dependency"));
      }
      return this;
    }

    /** Takes the stack profile's {@link StackProfile#allowedDependencies() allow-list} and prompt notes. */
    public Builder stack(StackProfile stack) {
      Checks.notNull(stack, "stack");
      allowedDependencies(stack.allowedDependencies());
      return stackNotes(stack.promptNotes());
    }

    /** The stack's rules, passed to the fixer with every request (the interpreter's versions are added). */
    public Builder stackNotes(String notes) {
      this.stackNotes = Checks.notNull(notes, "notes");
      return this;
    }

    public PytestActivity build() {
      return new PytestActivity(this);
    }
  }
}
