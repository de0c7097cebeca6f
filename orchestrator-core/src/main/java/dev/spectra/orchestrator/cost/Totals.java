package dev.spectra.orchestrator.cost;

import dev.spectra.orchestrator.Usage;

/**
 * Summed model calls.
 *
 * @param calls number of calls
 * @param usage summed tokens
 * @param cost summed USD (partly unknown if any call's price was)
 */
public record Totals(long calls, Usage usage, Cost cost) {
  /** No calls. */
  public static final Totals ZERO = new Totals(0, Usage.ZERO, Cost.ZERO);

  /** These totals plus one call. */
  public Totals plus(ModelCall call) {
    return new Totals(calls + 1, usage.plus(call.usage()), cost.plus(call.cost()));
  }
}
