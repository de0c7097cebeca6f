package dev.spectra.orchestrator.stack.python;

import dev.spectra.orchestrator.stack.ToolchainUnavailableException;
import dev.spectra.orchestrator.sandbox.SandboxInspection;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * The Python toolchain for tests that need it. Without it such a test is skipped (aborted, with the install hint in
 * the message), unless {@code SPECTRA_REQUIRE_PYTHON=true} or {@code -Dspectra.requirePython=true}, in which case it
 * fails: CI sets that switch so that a missing toolchain cannot pass as skipped.
 *
 * <p>{@code -Dspectra.test.pythonCandidates=/a/python3,/b/python3} replaces the default candidates, e.g. to see what a
 * machine without the packages reports ({@code -Dspectra.test.pythonCandidates=/nonexistent}).
 *
 * <p>Public (and in core's test jar) so that the examples' end-to-end tests skip or fail the same way.
 */
public final class PythonSupport {
  public static final boolean REQUIRED = "true".equalsIgnoreCase(System.getenv("SPECTRA_REQUIRE_PYTHON"))
      || Boolean.getBoolean("spectra.requirePython");

  private static PythonToolchain found;
  private static ToolchainUnavailableException missing;

  private PythonSupport() {}

  /**
   * The toolchain, or the calling test is skipped (or failed, when required); likewise when bubblewrap, which every
   * run of generated Python needs, is unusable ({@code SPECTRA_REQUIRE_BWRAP}).
   */
  public static synchronized PythonToolchain python() {
    if (found == null && missing == null) {
      try {
        found = PythonToolchain.discover(candidates());
      } catch (ToolchainUnavailableException e) {
        missing = e;
        System.err.println("[spectra] Python-stack tests " + (REQUIRED ? "FAIL" : "are SKIPPED") + ": " + e.getMessage());
      }
    }
    if (found != null) {
      SandboxInspection.requireIsolation(); // generated Python runs only under bubblewrap
      return found;
    }
    String message = "Python toolchain missing: " + missing.getMessage();
    if (REQUIRED) {
      fail(message + " (required by SPECTRA_REQUIRE_PYTHON / spectra.requirePython)");
    }
    Assumptions.abort(message);
    throw new AssertionError("unreachable");
  }

  /** The python-fastapi stack on the test interpreter (or the calling test is skipped). */
  public static PythonFastApiStack stack() {
    return PythonFastApiStack.builder().python(python()).build();
  }

  /** The python-fastapi stack on the test interpreter with this quality gate. */
  public static PythonFastApiStack stack(QualityGate gate) {
    return PythonFastApiStack.builder().python(python()).qualityGate(gate).build();
  }

  /** A python-fastapi stack that finds no interpreter: its only candidate does not exist. */
  public static PythonFastApiStack withoutPython() {
    return PythonFastApiStack.builder()
        .pythonCandidates(List.of(new PythonToolchain.Candidate("system", java.nio.file.Path.of("/nonexistent/python3"))))
        .build();
  }

  /** The sandbox tracks process sessions (Linux with util-linux setsid), or the calling test is skipped. */
  public static void requireSessions() {
    if (!SandboxInspection.tracksSessions()) {
      String message = "process-tree tests need Linux /proc and util-linux setsid; install util-linux";
      if (REQUIRED) {
        fail(message);
      }
      Assumptions.abort(message);
    }
  }

  public static List<PythonToolchain.Candidate> candidates() {
    String list = System.getProperty("spectra.test.pythonCandidates");
    if (list == null || list.isBlank()) {
      return PythonToolchain.defaultCandidates();
    }
    List<PythonToolchain.Candidate> out = new ArrayList<>();
    for (String p : list.split(",")) {
      out.add(new PythonToolchain.Candidate("spectra.test.pythonCandidates", Path.of(p.strip()).toAbsolutePath()));
    }
    return out;
  }
}
