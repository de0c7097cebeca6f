package dev.spectra.orchestrator.stack;

import dev.spectra.orchestrator.OrchestratorException;
import dev.spectra.orchestrator.internal.Checks;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The plan needs packages the stack cannot provide: not on the allow-list, or not installed for the chosen
 * toolchain. Raised before any test runs (it is never a fix round), and nothing is installed.
 */
public final class UnavailableDependencyException extends OrchestratorException {
  private static final long serialVersionUID = 1L;

  /** Why a dependency cannot be used. */
  public enum Reason {
    /** Not on the stack's allow-list. */
    UNKNOWN,
    /** On the allow-list, but the toolchain does not have it. */
    UNAVAILABLE
  }

  /**
   * One unusable dependency.
   *
   * @param name the name as the plan gave it
   * @param reason why it cannot be used
   * @param detail what to do about it
   */
  public record Problem(String name, Reason reason, String detail) {
    public Problem {
      Checks.notNull(name, "name");
      Checks.notNull(reason, "reason");
      detail = detail == null ? "" : detail;
    }
  }

  private final List<Problem> problems;

  /**
   * @param problems every unusable dependency
   * @param toolchain the toolchain they would have to be installed for, e.g. {@code /usr/bin/mvn}
   */
  public UnavailableDependencyException(List<Problem> problems, String toolchain) {
    super("the plan needs packages the stack cannot provide: "
        + problems.stream().map(p -> "\"" + p.name() + "\" (" + p.reason() + ": " + p.detail() + ")").collect(Collectors.joining(", "))
        + "; remove them from the plan and its code, or add them to the allow-list and install them for " + toolchain
        + " yourself (SPECTRA never installs packages)");
    this.problems = List.copyOf(problems);
  }

  /** Every unusable dependency. */
  public List<Problem> problems() {
    return problems;
  }
}
