package dev.spectra.orchestrator;

/**
 * Build: writes every file of a plan into the run's workspace. The default is the chunked build engine
 * ({@code dev.spectra.orchestrator.build.ChunkedBuild}) over a {@code FileGenerator} and a stack profile.
 */
@FunctionalInterface
public interface BuildActivity {
  BuildResult build(ArchitecturePlan plan, RunContext context);
}
