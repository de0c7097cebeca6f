package dev.spectra.orchestrator;

/** Test: runs the generated tests (and the quality gate, and the fix loop) against the workspace. */
@FunctionalInterface
public interface TestActivity {
  /**
   * Tests what Build wrote.
   *
   * @param plan the run's plan
   * @param build what this run's Build returned: a summary (paths, origins, usage) for an implementation that wants
   *     it. The files themselves are in {@code context.workspace()}, which is what the bundled tests read: a fix
   *     round rewrites files there, so the workspace, not this record, is the current truth. Kept in the signature so
   *     that existing implementations compile unchanged.
   * @param context the run's context
   */
  TestReport test(ArchitecturePlan plan, BuildResult build, RunContext context);
}
