package dev.spectra.orchestrator.verify;

import dev.spectra.orchestrator.internal.Checks;
import java.time.Duration;

/** Precondition for the limits of this package. */
final class Durations {
  private Durations() {}

  /** {@code d}, when it is positive; the message names the parameter and the bad value. */
  static Duration positive(Duration d, String name) {
    Checks.notNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be > 0, but was " + d);
    }
    return d;
  }
}
