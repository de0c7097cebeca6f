package dev.spectra.orchestrator;

import dev.spectra.orchestrator.internal.Checks;
import java.util.List;

/**
 * The SPECTRA grade of the generated code: scored checks with file and line, combined into a grade.
 *
 * @param score weighted score from 0 to 100
 * @param grade letter grade (A to F)
 * @param threshold the score needed to pass
 * @param checks each scored check
 */
public record QualityReport(double score, String grade, double threshold, List<Check> checks) {

  /**
   * One scored check, such as "type hints".
   *
   * @param name the check's id
   * @param score 0 to 100
   * @param weight its weight in the total
   * @param findings where it fell short
   */
  public record Check(String name, double score, double weight, List<Finding> findings) {
    public Check {
      Checks.notBlank(name, "name");
      findings = Checks.copy(findings, "findings");
    }
  }

  /**
   * A place a check fell short.
   *
   * @param file workspace-relative path
   * @param line 1-based line
   * @param message what is missing
   */
  public record Finding(String file, int line, String message) {
    public Finding {
      Checks.notBlank(file, "file");
      message = message == null ? "" : message;
    }
  }

  public QualityReport {
    if (score < 0 || score > 100 || Double.isNaN(score)) {
      throw new IllegalArgumentException("score must be within 0..100, but was " + score);
    }
    Checks.notBlank(grade, "grade");
    checks = Checks.copy(checks, "checks");
  }

  /** True when the score reaches the threshold. */
  public boolean passed() {
    return score >= threshold;
  }
}
