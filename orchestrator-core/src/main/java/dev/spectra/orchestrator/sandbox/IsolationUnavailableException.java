package dev.spectra.orchestrator.sandbox;

import dev.spectra.orchestrator.OrchestratorException;

/**
 * Generated code was about to run, but bubblewrap cannot make a sandbox here (not installed, or user namespaces are
 * off), and the caller did not opt in to running without isolation. Activities turn this into a SKIPPED step; the
 * message says how to install bubblewrap and how to opt in.
 */
public final class IsolationUnavailableException extends OrchestratorException {
  private static final long serialVersionUID = 1L;

  IsolationUnavailableException(String detail) {
    super(Sandbox.isolationHint(detail));
  }
}
