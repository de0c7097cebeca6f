package dev.spectra.orchestrator.examples.cli;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code count} out of {@code total}, e.g. 7 plans well-formed out of 9 attempted, with its 95 % Wilson score interval:
 * the range the true rate lies in with 95 % confidence, given so few trials. 2/6 ({@code 10 %..70 %}) and 4/6
 * ({@code 30 %..90 %}) overlap: those runs cannot tell the two apart.
 *
 * @param count how many met the criterion
 * @param total how many were counted; 0 when nothing could be measured
 */
@JsonIgnoreProperties(value = {"rate", "low", "high"}, allowGetters = true)
record Rate(int count, int total) {
  /** Nothing measured. */
  public static final Rate NONE = new Rate(0, 0);

  /** The normal quantile of a two-sided 95 % interval. */
  private static final double Z = 1.959963984540054;

  public Rate {
    if (total < 0 || count < 0 || count > total) {
      throw new IllegalArgumentException("a rate needs 0 <= count <= total, but was " + count + "/" + total);
    }
  }

  /** {@code count / total} from 0 to 1, or {@code null} when nothing was measured (shown as n/a). */
  @JsonProperty("rate")
  public Double rate() {
    return total == 0 ? null : (double) count / total;
  }

  /** The lower bound of the 95 % Wilson score interval, or {@code null} when nothing was measured. */
  @JsonProperty("low")
  public Double low() {
    if (total == 0) {
      return null;
    }
    return count == 0 ? 0.0 : Math.max(0.0, centre() - halfWidth());
  }

  /** The upper bound of the 95 % Wilson score interval, or {@code null} when nothing was measured. */
  @JsonProperty("high")
  public Double high() {
    if (total == 0) {
      return null;
    }
    return count == total ? 1.0 : Math.min(1.0, centre() + halfWidth());
  }

  /**
   * True when the two 95 % intervals share a point, so that these counts cannot say which rate is higher; also true when
   * either measured nothing.
   */
  public boolean overlaps(Rate other) {
    if (total == 0 || other.total == 0) {
      return true;
    }
    return low() <= other.high() && other.low() <= high();
  }

  private double centre() {
    double n = total;
    double p = count / n;
    return (p + Z * Z / (2 * n)) / (1 + Z * Z / n);
  }

  private double halfWidth() {
    double n = total;
    double p = count / n;
    return Z / (1 + Z * Z / n) * Math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n));
  }
}
