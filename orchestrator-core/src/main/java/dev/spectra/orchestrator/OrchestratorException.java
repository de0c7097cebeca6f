package dev.spectra.orchestrator;

/** The root of the library's exceptions. Messages say what was wrong and what to do; they never carry secrets. */
public class OrchestratorException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public OrchestratorException(String message) {
    super(message);
  }

  public OrchestratorException(String message, Throwable cause) {
    super(message, cause);
  }
}
