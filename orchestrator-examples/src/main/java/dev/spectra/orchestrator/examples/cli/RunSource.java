package dev.spectra.orchestrator.examples.cli;

import dev.spectra.orchestrator.ServiceRequest;
import java.nio.file.Path;

/**
 * One compared model: runs a request through the orchestrator and observes the run. The command line makes one per
 * {@code --models} entry (a live provider, a replayed cassette, or a chaos profile over a base model).
 */
interface RunSource {
  /** The model as the user named it, e.g. {@code ollama:mistral}; the report's row label. */
  String label();

  /** Where the replies come from. */
  SourceKind kind();

  /**
   * What this source's figures measure when it is not simply a model answering the requests, e.g. that a chaos profile
   * over a canned model compares repair robustness on one canned service; {@code null} (the default) for a plain model.
   */
  default String note() {
    return null;
  }

  /**
   * Runs the request once in a fresh workspace and returns what was observed. A failed run is an observation with a
   * failed report, not an exception.
   *
   * @param requestIndex 0-based index of the request in the suite
   * @param run 1-based run number
   * @throws RuntimeException only when the source itself cannot work (bad configuration); the comparison stops
   */
  RunObservation run(ServiceRequest request, int requestIndex, int run, Path workspace);
}
