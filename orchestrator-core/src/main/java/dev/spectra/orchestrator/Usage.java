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

  /** Input plus output tokens. */
  public long totalTokens() {
    return inputTokens + outputTokens;
  }
}
