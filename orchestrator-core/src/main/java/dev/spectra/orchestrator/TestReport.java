package dev.spectra.orchestrator;

import dev.spectra.orchestrator.internal.Checks;
import java.util.List;

/**
 * The outcome of running the generated tests (and the quality gate), after any fix rounds.
 *
 * @param status overall verdict
 * @param tests every collected test, by name
 * @param quality the quality gate's report, or {@code null} when it did not run
 * @param fixRounds the fix rounds performed, in order
 * @param skipReason why the step was skipped (with an install hint), or {@code null}
 * @param interpreter the interpreter or tool used, with its version, or {@code null}
 */
public record TestReport(
    Status status,
    List<TestCase> tests,
    QualityReport quality,
    List<FixRound> fixRounds,
    String skipReason,
    String interpreter) {

  /** Overall verdict of the Test activity. */
  public enum Status {
    PASSED, FAILED, SKIPPED
  }

  /** One test's outcome. */
  public enum Outcome {
    PASSED, FAILED, ERROR, SKIPPED
  }

  /**
   * One collected test.
   *
   * @param name the test's id as the stack's runner names it, e.g. {@code tests/main_test.c::root}
   * @param outcome how it ended
   * @param message the failure message, empty when it passed
   */
  public record TestCase(String name, Outcome outcome, String message) {
    public TestCase {
      Checks.notBlank(name, "name");
      Checks.notNull(outcome, "outcome");
      message = message == null ? "" : message;
    }
  }

  /**
   * One round of the fix loop.
   *
   * @param round 1-based round number
   * @param failures the failures that started it
   * @param changedFiles the files the fixer rewrote
   * @param changedTests the test files it changed (listed because a test is changed only for an error inside it)
   * @param usage tokens spent in the round
   * @param refused changes the fix loop refused, each as {@code path: reason} (a test weakened or deleted, a file
   *     not at fault, a round that lowered the number of collected tests)
   */
  public record FixRound(
      int round, List<String> failures, List<String> changedFiles, List<String> changedTests, Usage usage, List<String> refused) {
    public FixRound {
      Checks.positive(round, "round");
      failures = Checks.copy(failures, "failures");
      changedFiles = Checks.copy(changedFiles, "changedFiles");
      changedTests = Checks.copy(changedTests, "changedTests");
      usage = usage == null ? Usage.ZERO : usage;
      refused = Checks.copy(refused, "refused");
    }

    /** A round in which nothing was refused. */
    public FixRound(int round, List<String> failures, List<String> changedFiles, List<String> changedTests, Usage usage) {
      this(round, failures, changedFiles, changedTests, usage, List.of());
    }
  }

  public TestReport {
    Checks.notNull(status, "status");
    tests = Checks.copy(tests, "tests");
    fixRounds = Checks.copy(fixRounds, "fixRounds");
    if (status == Status.SKIPPED && (skipReason == null || skipReason.isBlank())) {
      throw new IllegalArgumentException("a SKIPPED test report needs a skipReason with an install hint");
    }
  }

  /** A skipped step, with the reason and an install hint. */
  public static TestReport skipped(String reason) {
    return new TestReport(Status.SKIPPED, List.of(), null, List.of(), reason, null);
  }

  /** Number of tests with this outcome. */
  public long count(Outcome outcome) {
    return tests.stream().filter(t -> t.outcome() == outcome).count();
  }
}
