package dev.spectra.orchestrator.examples.compare;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code count} out of {@code total}, e.g. 7 plans well-formed out of 9 attempted.
 *
 * @param count how many met the criterion
 * @param total how many were counted; 0 when nothing could be measured
 */
@JsonIgnoreProperties(value = "rate", allowGetters = true)
public record Rate(int count, int total) {
  /** Nothing measured. */
  public static final Rate NONE = new Rate(0, 0);

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
}
