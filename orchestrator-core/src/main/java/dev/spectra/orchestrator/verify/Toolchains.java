package dev.spectra.orchestrator.verify;

import java.util.function.Supplier;

/** The interpreter given to a builder, or discovered once at first use (a failure is remembered too). */
final class Toolchains {
  private final PythonToolchain given;
  private final Supplier<PythonToolchain> discovery;
  private PythonToolchain found;
  private ToolchainUnavailableException missing;

  /** {@code given} may be {@code null} (discover); {@code discovery} may be {@code null} ({@link PythonToolchain#discover()}). */
  Toolchains(PythonToolchain given, Supplier<PythonToolchain> discovery) {
    this.given = given;
    this.discovery = discovery == null ? PythonToolchain::discover : discovery;
  }

  synchronized PythonToolchain get() {
    if (given != null) {
      return given;
    }
    if (found == null && missing == null) {
      try {
        found = discovery.get();
      } catch (ToolchainUnavailableException e) {
        missing = e;
      }
    }
    if (missing != null) {
      throw missing;
    }
    return found;
  }
}
