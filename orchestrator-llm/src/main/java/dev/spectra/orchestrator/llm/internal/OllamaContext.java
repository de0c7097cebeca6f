package dev.spectra.orchestrator.llm.internal;

import dev.spectra.orchestrator.llm.ModelSpec;

/**
 * Ollama's context window: a prompt longer than {@code num_ctx} is cut silently, the first cause of "local models
 * fail". The gateway sends {@code num_ctx} of at least 1.25 x (estimated prompt + output limit), rounded up to a
 * multiple of 1024 and kept within the configured bounds, warns when the estimate reaches it, and compares
 * Ollama's {@code prompt_eval_count} with it afterwards.
 */
public final class OllamaContext {
  /** Head room over the estimate. */
  static final double HEADROOM = 1.25;
  /** A reported prompt count at or above this share of {@code num_ctx} means the prompt was probably cut. */
  static final double CUT_SHARE = 0.95;
  /** A reported count below this share of the estimate is not a real count (Ollama's prompt cache). */
  static final double LOW_SHARE = 0.5;

  private OllamaContext() {}

  /** What a reported prompt count says. */
  public enum Verdict {
    /** The prompt fit. */
    FIT,
    /** The count reached 95 % of {@code num_ctx}: the prompt was probably cut. */
    CUT,
    /** No count, or one far below the estimate (prompt cache): nothing can be said; never reported as cut. */
    UNKNOWN
  }

  /** {@code num_ctx} for a call: {@code ceil(1.25 x (prompt + output))} rounded up to 1024, within [min, max]. */
  public static int numCtx(long estimatedPrompt, int maxOutput, int min, int max) {
    double needed = Math.ceil(HEADROOM * (estimatedPrompt + maxOutput));
    long rounded = (long) Math.ceil(needed / 1024.0) * 1024;
    return (int) Math.max(min, Math.min(max, rounded));
  }

  /** The verdict on Ollama's {@code prompt_eval_count} ({@code null} when absent). */
  public static Verdict check(long estimatedPrompt, Integer reportedPrompt, int numCtx) {
    if (reportedPrompt == null || reportedPrompt <= 0 || reportedPrompt < LOW_SHARE * estimatedPrompt) {
      return Verdict.UNKNOWN;
    }
    return reportedPrompt >= CUT_SHARE * numCtx ? Verdict.CUT : Verdict.FIT;
  }

  static String tooSmallWarning(ModelSpec spec, String file, long prompt, int maxOutput, int numCtx) {
    return "context window risk on " + spec.key() + (file.isEmpty() ? "" : " for " + file) + ": the prompt is about "
        + prompt + " tokens plus up to " + maxOutput + " output tokens, which reaches num_ctx " + numCtx
        + " (the configured maximum); Ollama cuts what does not fit. Use a model with a larger window and raise"
        + " LlmConfig.Builder.ollamaContext, or split the request";
  }

  static String cutWarning(ModelSpec spec, String file, int reported, int numCtx) {
    return "prompt probably cut on " + spec.key() + (file.isEmpty() ? "" : " for " + file) + ": Ollama evaluated "
        + reported + " prompt tokens of num_ctx " + numCtx + " (95 % or more); raise LlmConfig.Builder.ollamaContext"
        + " or use a model with a larger window";
  }
}
