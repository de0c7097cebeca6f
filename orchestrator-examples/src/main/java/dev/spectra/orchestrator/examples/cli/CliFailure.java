package dev.spectra.orchestrator.examples.cli;

/**
 * A command failed in a way the user should read as one line on standard error, with the process exit code.
 * {@link #usage} is bad usage or configuration (exit {@value SpectraCli#EXIT_USAGE}); {@link #failed} is any other
 * failed run (exit {@value SpectraCli#EXIT_FAILED}).
 */
final class CliFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  private CliFailure(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  /** Bad usage or configuration: the user must change the command, a flag or the environment. */
  static CliFailure usage(String message) {
    return new CliFailure(SpectraCli.EXIT_USAGE, message, null);
  }

  /** Bad usage or configuration caused by {@code cause}. */
  static CliFailure usage(String message, Throwable cause) {
    return new CliFailure(SpectraCli.EXIT_USAGE, message, cause);
  }

  /** A run that failed for another reason. */
  static CliFailure failed(String message) {
    return new CliFailure(SpectraCli.EXIT_FAILED, message, null);
  }

  int exitCode() {
    return exitCode;
  }
}
