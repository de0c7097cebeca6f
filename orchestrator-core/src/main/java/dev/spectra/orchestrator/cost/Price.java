package dev.spectra.orchestrator.cost;

import dev.spectra.orchestrator.Usage;
import dev.spectra.orchestrator.internal.Checks;
import java.math.BigDecimal;
import java.math.MathContext;

/**
 * USD per one million tokens.
 *
 * @param input uncached input tokens
 * @param cachedInput input tokens served from the provider's prompt cache
 * @param output output tokens
 */
public record Price(BigDecimal input, BigDecimal cachedInput, BigDecimal output) {
  /** Free, as for a local model. */
  public static final Price FREE = new Price(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);

  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

  public Price {
    check(input, "input");
    check(cachedInput, "cachedInput");
    check(output, "output");
  }

  private static void check(BigDecimal v, String name) {
    Checks.notNull(v, name);
    if (v.signum() < 0) {
      throw new IllegalArgumentException(name + " price must be >= 0, but was " + v);
    }
  }

  /** A price from decimal strings such as {@code "0.15"}. */
  public static Price of(String input, String cachedInput, String output) {
    return new Price(new BigDecimal(input), new BigDecimal(cachedInput), new BigDecimal(output));
  }

  /** The exact USD cost of this usage. */
  public BigDecimal cost(Usage usage) {
    BigDecimal uncached = BigDecimal.valueOf(usage.inputTokens() - usage.cachedInputTokens()).multiply(input);
    BigDecimal cached = BigDecimal.valueOf(usage.cachedInputTokens()).multiply(cachedInput);
    BigDecimal out = BigDecimal.valueOf(usage.outputTokens()).multiply(output);
    return uncached.add(cached).add(out).divide(MILLION, MathContext.UNLIMITED);
  }
}
