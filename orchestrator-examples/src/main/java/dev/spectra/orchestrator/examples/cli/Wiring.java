package dev.spectra.orchestrator.examples.cli;

import dev.spectra.orchestrator.Activity;
import dev.spectra.orchestrator.Orchestrator;
import dev.spectra.orchestrator.llm.ModelRouter;
import dev.spectra.orchestrator.llm.SpectraLlm;
import dev.spectra.orchestrator.stack.PythonFastApiProfile;
import dev.spectra.orchestrator.stack.StackProfile;
import java.nio.file.Path;

/** How the command line puts an orchestrator together from models: the same for generate, compare and demo. */
final class Wiring {
  static final StackProfile STACK = new PythonFastApiProfile();

  private Wiring() {}

  /**
   * An orchestrator builder whose model-backed activities run on the router's models, for the python-fastapi stack.
   *
   * @param deploy false to stop after Test (no service started, nothing monitored)
   */
  static Orchestrator.Builder orchestrator(ModelRouter router, Path workspace, boolean deploy) {
    Orchestrator.Builder b = SpectraLlm.orchestrator(router, STACK, workspace);
    if (!deploy) {
      b.stopAfter(Activity.TEST);
    }
    return b;
  }
}
