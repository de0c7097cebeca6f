package dev.spectra.orchestrator.sandbox;

import java.util.List;

/**
 * What tests outside this package (the stacks' end-to-end tests) may ask about the sandbox's processes: whether a
 * process lives, what is left of a session, which children the sandbox still tracks. Test code only.
 */
public final class SandboxInspection {
  private SandboxInspection() {}

  /** True while the process exists and is not a zombie. */
  public static boolean alive(long pid) {
    return ProcTable.alive(pid);
  }

  /** The live processes of a session (empty once the sandbox killed it). */
  public static List<Long> sessionMembers(long sessionId) {
    return ProcTable.session(sessionId).stream().map(ProcTable.Proc::pid).toList();
  }

  /** The session id of a live process, or -1. */
  public static long sessionOf(long pid) {
    ProcTable.Proc p = ProcTable.process(pid);
    return p == null ? -1 : p.session();
  }

  /** The live processes of the recently started children's sessions (empty when every tree was killed). */
  public static List<Long> recentSessionMembers() {
    List<ProcTable.Proc> all = ProcTable.processes();
    return Supervisor.recentSessions().stream().flatMap(s -> ProcTable.members(all, s).stream()).map(ProcTable.Proc::pid).toList();
  }

  /** How many children the sandbox still supervises. */
  public static int liveChildren() {
    return Supervisor.live().size();
  }

  /** The sessions of recently started children, newest last. */
  public static List<Long> recentSessions() {
    return Supervisor.recentSessions();
  }

  /**
   * Makes this test JVM's class path visible (read-only) inside the sandbox, for tests whose children run Java
   * programs from the test classes; nothing else of the build (or of ~/.m2) becomes visible.
   */
  public static Sandbox.Builder withTestClassPath(Sandbox.Builder builder) {
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      if (!entry.isEmpty()) {
        builder.readOnly(java.nio.file.Path.of(entry).toAbsolutePath());
      }
    }
    return builder;
  }

  /**
   * bubblewrap can isolate children here, or the calling test is skipped with the install hint; under
   * {@code SPECTRA_REQUIRE_BWRAP=true} (CI) it fails instead.
   */
  public static void requireIsolation() {
    Sandbox.isolationProblem().ifPresent(problem -> {
      if ("true".equalsIgnoreCase(System.getenv("SPECTRA_REQUIRE_BWRAP"))) {
        org.junit.jupiter.api.Assertions.fail(problem + " (required by SPECTRA_REQUIRE_BWRAP=true)");
      }
      org.junit.jupiter.api.Assumptions.abort(problem);
    });
  }

  /** Host pids of living processes whose command line holds {@code token} (e.g. a unique {@code sleep} argument). */
  public static List<Long> processesWith(String token) {
    return SandboxAttackTest.processesWith(token);
  }

  /** True when the sandbox tracks process sessions (see {@link Sandbox#tracksSessions()}). */
  public static boolean tracksSessions() {
    return Sandbox.tracksSessions();
  }
}
