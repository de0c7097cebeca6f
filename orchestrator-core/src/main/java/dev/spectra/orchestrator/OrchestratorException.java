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

  /**
   * The stable kind a {@link RunReport.Failure} records for this exception: by default the simple class name;
   * subclasses with finer kinds (a provider's rejected key versus its outage) say so, so that callers can decide
   * from the report alone (e.g. a command line's exit code) without the exception at hand.
   */
  public String failureType() {
    return getClass().getSimpleName();
  }

  /**
   * The coarse kind of failure this exception makes of a run ({@link FailureKind#ERROR} unless a subclass says
   * otherwise), next to the finer {@link #failureType()}.
   */
  public FailureKind failureKind() {
    return FailureKind.ERROR;
  }
}
