package dev.spectra.orchestrator.stack.java;

import static org.junit.jupiter.api.Assertions.fail;

import dev.spectra.orchestrator.sandbox.SandboxInspection;
import dev.spectra.orchestrator.stack.ToolchainUnavailableException;
import org.junit.jupiter.api.Assumptions;

/**
 * The java-spring-boot stack for tests that run Maven and the JVM: one instance, so one JDK and Maven discovery and
 * ONE shared pre-resolved repository ({@link MavenRepository#defaultLocation()}; the first test on a machine downloads
 * it, every later test and run reuses it offline). Without a JDK and Maven, or without network for that first download,
 * such a test is skipped with the hint, unless {@code SPECTRA_REQUIRE_JAVA=true} or {@code -Dspectra.requireJava=true}
 * (CI sets it), in which case it fails.
 *
 * <p>Public (and in this module's test jar) so that the examples' end-to-end tests skip or fail the same way.
 */
public final class JavaSupport {
  public static final boolean REQUIRED = "true".equalsIgnoreCase(System.getenv("SPECTRA_REQUIRE_JAVA"))
      || Boolean.getBoolean("spectra.requireJava");

  private static final JavaSpringBootStack STACK = JavaSpringBootStack.builder().build();
  private static ToolchainUnavailableException missing;
  private static boolean found;

  private JavaSupport() {}

  /**
   * The stack with its toolchain found and its repository prepared, or the calling test is skipped (or failed, when
   * required); likewise when bubblewrap, which every run of generated code needs, is unusable.
   */
  public static synchronized JavaSpringBootStack stack() {
    if (!found && missing == null) {
      try {
        STACK.discoverToolchain();
        found = true;
      } catch (ToolchainUnavailableException e) {
        missing = e;
        System.err.println("[spectra] Java-stack tests " + (REQUIRED ? "FAIL" : "are SKIPPED") + ": " + e.getMessage());
      }
    }
    if (found) {
      SandboxInspection.requireIsolation();
      return STACK;
    }
    String message = "Java toolchain missing: " + missing.getMessage();
    if (REQUIRED) {
      fail(message + " (required by SPECTRA_REQUIRE_JAVA / spectra.requireJava)");
    }
    Assumptions.abort(message);
    throw new AssertionError("unreachable");
  }

  /** The toolchain of {@link #stack()}. */
  static JavaStackToolchain toolchain() {
    return (JavaStackToolchain) stack().discoverToolchain();
  }
}
