package dev.spectra.orchestrator.llm;

/**
 * Limits on the calls one provider gets from this process: how many at once and how many per minute. Every
 * attempt counts, retries included.
 *
 * @param maxConcurrent calls in flight at once, at least 1
 * @param requestsPerMinute calls started in any 60-second window, at least 1, or {@link #UNLIMITED}
 */
public record RateLimit(int maxConcurrent, int requestsPerMinute) {
  /** No per-minute limit. */
  public static final int UNLIMITED = Integer.MAX_VALUE;

  /** OpenAI default: 8 at once, 500 a minute (the lowest paid tier's request limit). */
  public static final RateLimit OPENAI_DEFAULT = new RateLimit(8, 500);
  /** Ollama default: 2 at once (a local server queues the rest), no per-minute limit. */
  public static final RateLimit OLLAMA_DEFAULT = new RateLimit(2, UNLIMITED);
  /** Default for other providers: 4 at once, no per-minute limit. */
  public static final RateLimit OTHER_DEFAULT = new RateLimit(4, UNLIMITED);

  public RateLimit {
    if (maxConcurrent <= 0) {
      throw new IllegalArgumentException("maxConcurrent must be > 0, but was " + maxConcurrent);
    }
    if (requestsPerMinute <= 0) {
      throw new IllegalArgumentException("requestsPerMinute must be > 0, but was " + requestsPerMinute);
    }
  }

  /** A limit with no per-minute bound. */
  public static RateLimit concurrent(int maxConcurrent) {
    return new RateLimit(maxConcurrent, UNLIMITED);
  }

  /** The default limit of a provider id. */
  public static RateLimit defaultFor(String provider) {
    return switch (provider) {
      case ModelSpec.OPENAI -> OPENAI_DEFAULT;
      case ModelSpec.OLLAMA -> OLLAMA_DEFAULT;
      default -> OTHER_DEFAULT;
    };
  }
}
