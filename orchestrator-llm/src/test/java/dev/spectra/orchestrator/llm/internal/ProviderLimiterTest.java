package dev.spectra.orchestrator.llm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spectra.orchestrator.llm.RateLimit;
import dev.spectra.orchestrator.llm.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ProviderLimiterTest {
  /** A clock that the sleeper moves forward. */
  static final class FakeTime extends Clock implements Sleeper {
    Instant now = Instant.parse("2026-11-25T10:00:00Z");
    final List<Duration> sleeps = new ArrayList<>();

    @Override
    public synchronized void sleep(Duration d) {
      sleeps.add(d);
      now = now.plus(d);
    }

    @Override
    public synchronized Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    synchronized void advance(Duration d) {
      now = now.plus(d);
    }
  }

  @Test
  void aPerMinuteLimitWaitsForTheOldestStartToLeaveTheWindow() throws InterruptedException {
    FakeTime time = new FakeTime();
    ProviderLimiter limiter = new ProviderLimiter(new RateLimit(10, 3), time, time);

    for (int i = 0; i < 3; i++) {
      limiter.acquire();
      limiter.release();
      time.advance(Duration.ofSeconds(10));
    }
    assertThat(time.sleeps).isEmpty();

    limiter.acquire();
    limiter.release();

    // starts at 0 s, 10 s, 20 s; now 30 s: the 4th may start when the first leaves the window at 60 s
    assertThat(time.sleeps).containsExactly(Duration.ofSeconds(30));
  }

  @Test
  void concurrencyIsBounded() throws Exception {
    ProviderLimiter limiter = new ProviderLimiter(RateLimit.concurrent(2), Clock.systemUTC(), Sleeper.SYSTEM);
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch twoInside = new CountDownLatch(2);
    ExecutorService pool = Executors.newFixedThreadPool(6);
    for (int i = 0; i < 6; i++) {
      pool.submit(() -> {
        limiter.acquire();
        try {
          most.accumulateAndGet(inside.incrementAndGet(), Math::max);
          twoInside.countDown();
          release.await();
        } finally {
          inside.decrementAndGet();
          limiter.release();
        }
        return null;
      });
    }
    assertThat(twoInside.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(limiter.inFlight()).isEqualTo(2);
    release.countDown();
    pool.shutdown();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    assertThat(most.get()).isEqualTo(2);
    assertThat(limiter.inFlight()).isZero();
  }
}
