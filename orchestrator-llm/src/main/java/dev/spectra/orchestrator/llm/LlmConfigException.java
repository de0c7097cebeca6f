package dev.spectra.orchestrator.llm;

import dev.spectra.orchestrator.OrchestratorException;

/** A model setting is missing or malformed; the message names the setting, where it came from, and the fix. */
public final class LlmConfigException extends OrchestratorException {
  private static final long serialVersionUID = 1L;

  /** An error whose message says what is wrong, where the value came from, and what to set. */
  public LlmConfigException(String message) {
    super(message);
  }
}
