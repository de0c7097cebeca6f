package dev.spectra.orchestrator;

import dev.spectra.orchestrator.internal.Checks;

/**
 * A deployed (or exported) service.
 *
 * @param kind how it was deployed
 * @param url base URL to probe, or {@code null} for an export
 * @param handle process id or other handle, as text
 * @param logsPath workspace-relative path of the captured logs (or of the export)
 */
public record Deployment(Kind kind, String url, String handle, String logsPath) {

  /** How a service was deployed. */
  public enum Kind {
    /** A child process on loopback. */
    LOCAL_PROCESS,
    /** Files and a deployment spec written to a directory; nothing runs. */
    EXPORTED,
    /** Not deployed (no deployer configured, or the step was skipped). */
    NONE
  }

  public Deployment {
    Checks.notNull(kind, "kind");
    handle = handle == null ? "" : handle;
    logsPath = logsPath == null ? "" : logsPath;
  }

  /** Nothing deployed. */
  public static Deployment none() {
    return new Deployment(Kind.NONE, null, "", "");
  }
}
