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
   * What was used since {@code before} (an earlier reading of a growing total): each count's difference, never below
   * zero, and cached input never above the input difference.
   */
  public Usage minus(Usage before) {
    long input = Math.max(0, inputTokens - before.inputTokens);
    return new Usage(input, Math.max(0, Math.min(cachedInputTokens - before.cachedInputTokens, input)),
        Math.max(0, outputTokens - before.outputTokens));
  }

  /** Input plus output tokens. */
  public long totalTokens() {
    return inputTokens + outputTokens;
  }
}
