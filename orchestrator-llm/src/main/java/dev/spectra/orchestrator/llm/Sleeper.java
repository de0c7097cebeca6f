package dev.spectra.orchestrator.llm;

import java.time.Duration;

/**
 * Waits between retries and for rate limits. The default sleeps the calling thread; tests inject one that records
 * the waits (and may advance a fake clock) so that no test depends on wall time.
 */
@FunctionalInterface
public interface Sleeper {
  /** The sleeper that blocks the calling thread. */
  Sleeper SYSTEM = duration -> Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);

  /** Waits {@code duration}; an interrupt ends the wait early. */
  void sleep(Duration duration) throws InterruptedException;
}
