package dev.spectra.orchestrator.llm;

import java.time.Duration;
import java.util.Objects;

/**
 * How transient provider failures (429, 5xx, timeouts, refused connections) are retried: exponential backoff
 * with jitter, honouring the provider's {@code Retry-After} (seconds or HTTP date) or {@code retry-after-ms} up to
 * {@link #maxRetryAfter()}. Client errors (400, 401, 403, 404) are never retried. LangChain4j's own retries are
 * switched off, so every attempt is seen and counted here.
 *
 * <p>The wait before retry {@code n} (1-based) is {@code min(maxDelay, initialDelay * 2^(n-1))}, scaled by a random
 * factor in {@code [1 - jitter, 1 + jitter]}, and never less than the provider's retry-after hint. A hint longer
 * than {@link #maxRetryAfter()} fails the call at once instead of waiting.
 *
 * <pre>{@code
 * RetryPolicy policy = RetryPolicy.builder().maxAttempts(6).maxRetryAfter(Duration.ofSeconds(30)).build();
 * }</pre>
 */
public final class RetryPolicy {
  /** Default attempts per call, the first included. */
  public static final int DEFAULT_MAX_ATTEMPTS = 5;
  /** Default wait before the first retry. */
  public static final Duration DEFAULT_INITIAL_DELAY = Duration.ofMillis(500);
  /** Default longest backoff wait. */
  public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(8);
  /** Default longest retry-after hint that is honoured. */
  public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofSeconds(60);
  /** Default retries of a call that timed out: one, so a stalled provider costs at most two timeouts. */
  public static final int DEFAULT_MAX_TIMEOUT_RETRIES = 1;
  /** Default jitter: the backoff varies by up to 25 % either way. */
  public static final double DEFAULT_JITTER = 0.25;

  private static final RetryPolicy DEFAULTS = builder().build();

  private final int maxAttempts;
  private final Duration initialDelay;
  private final Duration maxDelay;
  private final Duration maxRetryAfter;
  private final double jitter;
  private final int maxTimeoutRetries;

  private RetryPolicy(Builder b) {
    this.maxAttempts = b.maxAttempts;
    this.initialDelay = b.initialDelay;
    this.maxDelay = b.maxDelay;
    this.maxRetryAfter = b.maxRetryAfter;
    this.jitter = b.jitter;
    this.maxTimeoutRetries = b.maxTimeoutRetries;
  }

  /** The defaults. */
  public static RetryPolicy ofDefaults() {
    return DEFAULTS;
  }

  /** A single attempt: no retry. */
  public static RetryPolicy none() {
    return builder().maxAttempts(1).build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this policy's settings. */
  public Builder toBuilder() {
    return new Builder().maxAttempts(maxAttempts).initialDelay(initialDelay).maxDelay(maxDelay)
        .maxRetryAfter(maxRetryAfter).jitter(jitter).maxTimeoutRetries(maxTimeoutRetries);
  }

  /** Attempts per call, the first included. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** The wait before the first retry, before jitter. */
  public Duration initialDelay() {
    return initialDelay;
  }

  /** The longest backoff wait, before jitter. */
  public Duration maxDelay() {
    return maxDelay;
  }

  /** The longest retry-after hint that is waited for. */
  public Duration maxRetryAfter() {
    return maxRetryAfter;
  }

  /**
   * How often a call that timed out (no complete response within the timeout, headers or body) is retried, within
   * {@link #maxAttempts()}: waiting out a stalled provider again and again is the slowest way to fail.
   */
  public int maxTimeoutRetries() {
    return maxTimeoutRetries;
  }

  /** Relative jitter of the backoff, 0 to 1. */
  public double jitter() {
    return jitter;
  }

  /**
   * The wait before retry number {@code retry} (1-based).
   *
   * @param retryAfter the provider's hint, or {@code null}
   * @param random a value in {@code [0, 1)} that picks the jitter
   */
  public Duration delay(int retry, Duration retryAfter, double random) {
    if (retry <= 0) {
      throw new IllegalArgumentException("retry must be > 0, but was " + retry);
    }
    double base = Math.min(maxDelay.toMillis(), initialDelay.toMillis() * Math.pow(2, Math.min(retry - 1, 30)));
    double factor = 1 + jitter * (2 * random - 1);
    Duration backoff = Duration.ofMillis(Math.round(base * factor));
    return retryAfter != null && retryAfter.compareTo(backoff) > 0 ? retryAfter : backoff;
  }

  @Override
  public String toString() {
    return "RetryPolicy{maxAttempts=" + maxAttempts + ", initialDelay=" + initialDelay + ", maxDelay=" + maxDelay
        + ", maxRetryAfter=" + maxRetryAfter + ", jitter=" + jitter + ", maxTimeoutRetries=" + maxTimeoutRetries + "}";
  }

  /** Builds a {@link RetryPolicy}. */
  public static final class Builder {
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private Duration initialDelay = DEFAULT_INITIAL_DELAY;
    private Duration maxDelay = DEFAULT_MAX_DELAY;
    private Duration maxRetryAfter = DEFAULT_MAX_RETRY_AFTER;
    private double jitter = DEFAULT_JITTER;
    private int maxTimeoutRetries = DEFAULT_MAX_TIMEOUT_RETRIES;

    private Builder() {}

    /** Retries of a call that timed out (default {@value #DEFAULT_MAX_TIMEOUT_RETRIES}; 0 for none). */
    public Builder maxTimeoutRetries(int retries) {
      if (retries < 0) {
        throw new IllegalArgumentException("maxTimeoutRetries must be >= 0, but was " + retries);
      }
      this.maxTimeoutRetries = retries;
      return this;
    }

    /** Attempts per call, the first included; 1 means no retry. */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts <= 0) {
        throw new IllegalArgumentException("maxAttempts must be > 0, but was " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /** The wait before the first retry (default 500 ms). */
    public Builder initialDelay(Duration initialDelay) {
      this.initialDelay = nonNegative(initialDelay, "initialDelay");
      return this;
    }

    /** The longest backoff wait (default 8 s), at least the initial delay. */
    public Builder maxDelay(Duration maxDelay) {
      this.maxDelay = nonNegative(maxDelay, "maxDelay");
      return this;
    }

    /** The longest retry-after hint that is waited for; a longer one fails the call with a rate-limit error. */
    public Builder maxRetryAfter(Duration maxRetryAfter) {
      this.maxRetryAfter = nonNegative(maxRetryAfter, "maxRetryAfter");
      return this;
    }

    /** Relative jitter of the backoff, 0 (none) to 1. */
    public Builder jitter(double jitter) {
      if (!(jitter >= 0 && jitter <= 1)) {
        throw new IllegalArgumentException("jitter must be within 0..1, but was " + jitter);
      }
      this.jitter = jitter;
      return this;
    }

    /** The policy; fails with an {@link IllegalArgumentException} when maxDelay is shorter than initialDelay. */
    public RetryPolicy build() {
      if (maxDelay.compareTo(initialDelay) < 0) {
        throw new IllegalArgumentException(
            "maxDelay must be >= initialDelay (" + initialDelay + "), but was " + maxDelay);
      }
      return new RetryPolicy(this);
    }

    private static Duration nonNegative(Duration d, String name) {
      Objects.requireNonNull(d, () -> name + " == null");
      if (d.isNegative()) {
        throw new IllegalArgumentException(name + " must be >= 0, but was " + d);
      }
      return d;
    }
  }
}
