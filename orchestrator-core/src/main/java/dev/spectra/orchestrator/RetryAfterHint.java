package dev.spectra.orchestrator;

import java.time.Duration;

/**
 * Carries a provider's "retry after" hint through an exception chain. A rate-limit exception (for example
 * LangChain4j's {@code RateLimitException}) that has a {@code RetryAfterHint} as its cause or as a suppressed
 * exception tells the retry policy how long to wait at least. The test kit's chaos model and the LLM layer's
 * HTTP client both attach one; {@link #find(Throwable)} reads it.
 */
public final class RetryAfterHint extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final Duration retryAfter;

  public RetryAfterHint(Duration retryAfter) {
    super("retry after " + retryAfter.toMillis() + " ms", null, false, false);
    if (retryAfter.isNegative()) {
      throw new IllegalArgumentException("retryAfter must be >= 0, but was " + retryAfter);
    }
    this.retryAfter = retryAfter;
  }

  /** How long the provider asked to wait. */
  public Duration retryAfter() {
    return retryAfter;
  }

  /** The hint in {@code error}'s cause chain or among its suppressed exceptions, or {@code null}. */
  public static RetryAfterHint find(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof RetryAfterHint hint) {
        return hint;
      }
      for (Throwable s : t.getSuppressed()) {
        if (s instanceof RetryAfterHint hint) {
          return hint;
        }
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }
}
