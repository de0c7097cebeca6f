package dev.spectra.orchestrator.cost;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A USD amount that may be partly unknown: a model without a known price never counts as free.
 *
 * @param knownUsd the sum of the parts whose price is known
 * @param complete false when some part's price was unknown, so {@code knownUsd} is a lower bound
 */
public record Cost(BigDecimal knownUsd, boolean complete) {
  /** Nothing spent. */
  public static final Cost ZERO = new Cost(BigDecimal.ZERO, true);
  /** Spent on a model whose price is unknown. */
  public static final Cost UNKNOWN = new Cost(BigDecimal.ZERO, false);

  public Cost {
    knownUsd = knownUsd == null ? BigDecimal.ZERO : knownUsd;
  }

  /** A fully known amount. */
  public static Cost usd(BigDecimal usd) {
    return new Cost(usd, true);
  }

  /** The sum; unknown parts stay unknown. */
  public Cost plus(Cost other) {
    return new Cost(knownUsd.add(other.knownUsd), complete && other.complete);
  }

  /** True when every part's price was known. */
  @JsonIgnore
  public boolean isKnown() {
    return complete;
  }

  /** {@code $0.0123}, {@code >= $0.0123 (some prices unknown)} or {@code unknown}. */
  @Override
  public String toString() {
    String usd = "$" + knownUsd.setScale(4, RoundingMode.HALF_UP).toPlainString();
    if (complete) {
      return usd;
    }
    return knownUsd.signum() == 0 ? "unknown" : ">= " + usd + " (some prices unknown)";
  }
}
