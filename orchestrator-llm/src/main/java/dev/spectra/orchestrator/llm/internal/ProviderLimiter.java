package dev.spectra.orchestrator.llm.internal;

import dev.spectra.orchestrator.llm.RateLimit;
import dev.spectra.orchestrator.llm.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Semaphore;

/**
 * Bounds the calls to one provider: at most {@code maxConcurrent} in flight and at most {@code requestsPerMinute}
 * started in any 60-second window (a sliding window of start times). Shared by every model of the provider.
 */
public final class ProviderLimiter {
  private static final Duration WINDOW = Duration.ofMinutes(1);

  private final RateLimit limit;
  private final Semaphore inFlight;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Deque<Instant> starts = new ArrayDeque<>();

  public ProviderLimiter(RateLimit limit, Clock clock, Sleeper sleeper) {
    this.limit = limit;
    this.inFlight = new Semaphore(limit.maxConcurrent(), true);
    this.clock = clock;
    this.sleeper = sleeper;
  }

  public RateLimit limit() {
    return limit;
  }

  /** Waits for a free slot and, under a per-minute limit, for room in the window. Pair with {@link #release()}. */
  public void acquire() throws InterruptedException {
    inFlight.acquire();
    try {
      awaitWindow();
    } catch (InterruptedException | RuntimeException e) {
      inFlight.release();
      throw e;
    }
  }

  /** Frees the slot taken by {@link #acquire()}. */
  public void release() {
    inFlight.release();
  }

  /** Calls in flight now. */
  public int inFlight() {
    return limit.maxConcurrent() - inFlight.availablePermits();
  }

  private void awaitWindow() throws InterruptedException {
    if (limit.requestsPerMinute() == RateLimit.UNLIMITED) {
      return;
    }
    while (true) {
      Duration wait;
      synchronized (starts) {
        Instant now = clock.instant();
        while (!starts.isEmpty() && !starts.peekFirst().plus(WINDOW).isAfter(now)) {
          starts.removeFirst();
        }
        if (starts.size() < limit.requestsPerMinute()) {
          starts.addLast(now);
          return;
        }
        wait = Duration.between(now, starts.peekFirst().plus(WINDOW));
      }
      sleeper.sleep(wait.isZero() ? Duration.ofMillis(1) : wait);
    }
  }
}
