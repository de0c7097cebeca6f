package dev.spectra.orchestrator.stack;

import dev.spectra.orchestrator.OrchestratorException;
import java.util.List;

/**
 * No usable toolchain was found for a stack on this machine; the message lists every candidate tried and a one-line
 * install hint. The steps that need the toolchain are SKIPPED with that message, never passed.
 */
public final class ToolchainUnavailableException extends OrchestratorException {
  private static final long serialVersionUID = 1L;

  private final List<String> tried;

  /**
   * @param what what was looked for, e.g. {@code JDK 17 with Maven}
   * @param tried each candidate tried, with why it was not used
   * @param installHint what to install, in one line
   */
  public ToolchainUnavailableException(String what, List<String> tried, String installHint) {
    super("no " + what + " was found (tried: " + (tried.isEmpty() ? "nothing" : String.join("; ", tried)) + "); "
        + installHint);
    this.tried = List.copyOf(tried);
  }

  /** Each candidate tried, with why it was not used. */
  public List<String> tried() {
    return tried;
  }
}
