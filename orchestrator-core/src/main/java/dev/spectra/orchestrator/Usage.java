package dev.spectra.orchestrator;

import dev.spectra.orchestrator.internal.Checks;

/**
 * Token usage of one or more model calls.
 *
 * @param inputTokens prompt tokens, cached ones included
 * @param cachedInputTokens the part of {@code inputTokens} served from the provider's prompt cache
 * @param outputTokens completion tokens
 */
public record Usage(long inputTokens, long cachedInputTokens, long outputTokens) {
  /** No tokens. */
  public static final Usage ZERO = new Usage(0, 0, 0);

  public Usage {
    Checks.nonNegative(inputTokens, "inputTokens");
    Checks.nonNegative(cachedInputTokens, "cachedInputTokens");
    Checks.nonNegative(outputTokens, "outputTokens");
    if (cachedInputTokens > inputTokens) {
      throw new IllegalArgumentException(
          "cachedInputTokens must be <= inputTokens (" + inputTokens + "), but was " + cachedInputTokens);
    }
  }

  /** Usage of a call without cached tokens. */
  public static Usage of(long inputTokens, long outputTokens) {
    return new Usage(inputTokens, 0, outputTokens);
  }

  /** The sum of this and {@code other}. */
  public Usage plus(Usage other) {
    return new Usage(
        Math.addExact(inputTokens, other.inputTokens),
        Math.addExact(cachedInputTokens, other.cachedInputTokens),
        Math.addExact(outputTokens, other.outputTokens));
  }

  /**
   * This minus {@code earlier}: what was used since a snapshot {@code earlier} of a growing total.
   *
   * @throws IllegalArgumentException when {@code earlier} is larger in any count, so it cannot be an earlier snapshot
   */
  public Usage minus(Usage earlier) {
    Checks.notNull(earlier, "earlier");
    if (earlier.inputTokens > inputTokens || earlier.cachedInputTokens > cachedInputTokens
        || earlier.outputTokens > outputTokens) {
      throw new IllegalArgumentException("cannot subtract " + earlier + " from " + this
          + ": it is larger in some count, so it is not an earlier snapshot of this total");
    }
    return new Usage(inputTokens - earlier.inputTokens, cachedInputTokens - earlier.cachedInputTokens,
        outputTokens - earlier.outputTokens);
  }

  /** Input plus output tokens. */
  public long totalTokens() {
    return inputTokens + outputTokens;
  }
}
