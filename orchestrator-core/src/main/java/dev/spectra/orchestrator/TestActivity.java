package dev.spectra.orchestrator;

/** Test: runs the generated tests (and the quality gate, and the fix loop) against the workspace. */
@FunctionalInterface
public interface TestActivity {
  TestReport test(ArchitecturePlan plan, BuildResult build, RunContext context);
}
