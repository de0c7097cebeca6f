package dev.spectra.orchestrator;

import dev.spectra.orchestrator.internal.Checks;
import java.util.List;

/**
 * What Monitor saw.
 *
 * @param verdict HEALTHY (no errors), DEGRADED (some) or DOWN
 * @param probes one row per probed path
 * @param p50Millis median latency over all probes
 * @param p95Millis 95th percentile latency over all probes
 * @param errorRate errors over probes, 0 to 1
 * @param diagnosis the diagnoser's reading of the logs when DOWN, or {@code null}
 */
public record HealthReport(
    Verdict verdict, List<Probe> probes, double p50Millis, double p95Millis, double errorRate, Diagnosis diagnosis) {

  /** The health verdict. */
  public enum Verdict {
    HEALTHY, DEGRADED, DOWN, UNKNOWN
  }

  /**
   * Probes of one path.
   *
   * @param path the probed path
   * @param requests how many requests were sent
   * @param errors how many were 5xx, timed out or refused
   * @param statusCounts a text summary such as {@code 200x20}
   */
  public record Probe(String path, int requests, int errors, String statusCounts) {
    public Probe {
      Checks.notBlank(path, "path");
      statusCounts = statusCounts == null ? "" : statusCounts;
    }
  }

  /**
   * The diagnoser's reading of an unhealthy deployment.
   *
   * @param cause the likely cause in a sentence
   * @param evidence log lines that show it
   * @param suggestedFix what to change
   * @param files files at fault, if known
   */
  public record Diagnosis(String cause, List<String> evidence, String suggestedFix, List<String> files) {
    public Diagnosis {
      Checks.notBlank(cause, "cause");
      evidence = Checks.copy(evidence, "evidence");
      suggestedFix = suggestedFix == null ? "" : suggestedFix;
      files = Checks.copy(files, "files");
    }
  }

  public HealthReport {
    Checks.notNull(verdict, "verdict");
    probes = Checks.copy(probes, "probes");
    if (errorRate < 0 || errorRate > 1 || Double.isNaN(errorRate)) {
      throw new IllegalArgumentException("errorRate must be within 0..1, but was " + errorRate);
    }
  }

  /** The report for a run where nothing was deployed, so nothing could be probed. */
  public static HealthReport unknown() {
    return new HealthReport(Verdict.UNKNOWN, List.of(), 0, 0, 0, null);
  }
}
