package dev.spectra.orchestrator.examples.demo;

import static org.junit.jupiter.api.Assertions.fail;

import dev.spectra.orchestrator.verify.PythonToolchain;
import dev.spectra.orchestrator.verify.ToolchainUnavailableException;
import org.junit.jupiter.api.Assumptions;

/**
 * The Python toolchain for the demo's tests: without it they are skipped with the install hint, unless
 * {@code SPECTRA_REQUIRE_PYTHON=true} (as CI sets it) or {@code -Dspectra.requirePython=true}, which makes them fail.
 */
final class DemoPython {
  static final boolean REQUIRED = "true".equalsIgnoreCase(System.getenv("SPECTRA_REQUIRE_PYTHON"))
      || Boolean.getBoolean("spectra.requirePython");

  private DemoPython() {}

  /** Skips (or fails, when required) the calling test without Python for the stack. */
  static void require() {
    try {
      PythonToolchain.discover(PythonToolchain.defaultCandidates());
    } catch (ToolchainUnavailableException e) {
      String message = "the demo runs Test, Deploy and Monitor on Python: " + e.getMessage();
      if (REQUIRED) {
        fail(message + " (required by SPECTRA_REQUIRE_PYTHON / spectra.requirePython)");
      }
      Assumptions.abort(message);
    }
  }
}
