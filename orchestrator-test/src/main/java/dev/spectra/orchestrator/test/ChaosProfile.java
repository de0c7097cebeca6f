package dev.spectra.orchestrator.test;

import dev.spectra.orchestrator.internal.Checks;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * How often each {@link ChaosMode} happens, as a probability per call. Rates are in [0, 1] and sum to at most 1
 * (the modes are exclusive; the rest of the calls pass through untouched).
 *
 * @param rates the rate per mode; modes not in the map have rate 0
 */
public record ChaosProfile(Map<ChaosMode, Double> rates) {
  private static final double EPSILON = 1e-9;

  public ChaosProfile {
    Checks.notNull(rates, "rates");
    EnumMap<ChaosMode, Double> copy = new EnumMap<>(ChaosMode.class);
    double total = 0;
    for (Map.Entry<ChaosMode, Double> e : rates.entrySet()) {
      ChaosMode mode = Checks.notNull(e.getKey(), "mode");
      Double rate = e.getValue();
      if (rate == null || !(rate >= 0 && rate <= 1)) {
        throw new IllegalArgumentException("the rate of " + mode + " must be in [0, 1], but was " + rate);
      }
      if (rate > 0) {
        copy.put(mode, rate);
        total += rate;
      }
    }
    if (total > 1 + EPSILON) {
      throw new IllegalArgumentException("the rates must sum to at most 1 (the modes are exclusive per reply), but "
          + "they sum to " + total + ": " + copy);
    }
    rates = Collections.unmodifiableMap(copy);
  }

  /** No faults. */
  public static ChaosProfile none() {
    return new ChaosProfile(Map.of());
  }

  /**
   * A small local model (7B class) asked for JSON: fences 40 %, prose 20 %, trailing commas 10 %, truncation 10 %,
   * a missing field 10 %, HTTP 429 5 %.
   */
  public static ChaosProfile smallLocalModel() {
    return new ChaosProfile(Map.of(
        ChaosMode.FENCE, 0.40,
        ChaosMode.PROSE, 0.20,
        ChaosMode.TRAILING_COMMA, 0.10,
        ChaosMode.TRUNCATION, 0.10,
        ChaosMode.MISSING_FIELD, 0.10,
        ChaosMode.RATE_LIMIT, 0.05));
  }

  /**
   * A hosted model without constrained output: fences 5 %, prose 2 %, HTTP 429 3 %, HTTP 500 1 %, timeouts 1 %.
   */
  public static ChaosProfile hostedModel() {
    return new ChaosProfile(Map.of(
        ChaosMode.FENCE, 0.05,
        ChaosMode.PROSE, 0.02,
        ChaosMode.RATE_LIMIT, 0.03,
        ChaosMode.SERVER_ERROR, 0.01,
        ChaosMode.TIMEOUT, 0.01));
  }

  /** This profile with {@code mode} at {@code rate}. */
  public ChaosProfile with(ChaosMode mode, double rate) {
    Checks.notNull(mode, "mode");
    EnumMap<ChaosMode, Double> copy = new EnumMap<>(ChaosMode.class);
    copy.putAll(rates);
    copy.put(mode, rate);
    return new ChaosProfile(copy);
  }

  /** The rate of {@code mode} (0 when unset). */
  public double rate(ChaosMode mode) {
    return rates.getOrDefault(Checks.notNull(mode, "mode"), 0.0);
  }

  /** The sum of the rates: the share of calls that get a fault. */
  public double total() {
    double total = 0;
    for (double r : rates.values()) {
      total += r;
    }
    return total;
  }
}
