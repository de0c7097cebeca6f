package dev.spectra.orchestrator;

import dev.spectra.orchestrator.internal.Checks;
import java.io.Serializable;

/**
 * A setting that an {@link OrchestratorException} names as the thing to change, so that each front end can name it in
 * its own terms. The exception's message names it as a library user sets it ({@link #javaName}, e.g.
 * {@code Budget.Builder.maxUsd}); a command line finds the {@link #key} and says its own flag or environment variable
 * instead (see {@link OrchestratorException#message(java.util.function.Function)}).
 *
 * <pre>{@code
 * catch (OrchestratorException e) {
 *   String line = e.message(hint -> hint.key().equals(SettingHint.BUDGET_MAX_USD) ? "--budget-usd" : null);
 * }
 * }</pre>
 *
 * @param key a stable id of the setting, e.g. {@link #BUDGET_MAX_USD} or {@code SPECTRA_PROVIDER}
 * @param javaName how the message names it, e.g. {@code Budget.Builder.maxUsd}; it appears in the message verbatim
 * @param value the value in force, as text, or {@code null} when unset or not to be shown (never a secret)
 */
public record SettingHint(String key, String javaName, String value) implements Serializable {
  /** {@code Budget.Builder.maxUsd}. */
  public static final String BUDGET_MAX_USD = "budget.maxUsd";
  /** {@code Budget.Builder.maxTokens}. */
  public static final String BUDGET_MAX_TOKENS = "budget.maxTokens";
  /** {@code Budget.Builder.maxCalls}. */
  public static final String BUDGET_MAX_CALLS = "budget.maxCalls";
  /** {@code Budget.Builder.maxWallTime}. */
  public static final String BUDGET_MAX_WALL_TIME = "budget.maxWallTime";
  /** A model's price ({@code PriceTable.Builder.put}); the value is the {@code provider:model} without a price. */
  public static final String PRICE = "prices.put";
  /** {@code Orchestrator.Builder.concurrency}: files generated at once. */
  public static final String CONCURRENCY = "orchestrator.concurrency";
  /** {@code Workspace.Builder.maxFiles}: files a run may write. */
  public static final String WORKSPACE_MAX_FILES = "workspace.maxFiles";
  /** {@code Workspace.Builder.maxTotalBytes}: bytes a run may write in all. */
  public static final String WORKSPACE_MAX_TOTAL_BYTES = "workspace.maxTotalBytes";
  /** {@code Workspace.Builder.maxFileBytes}: bytes of one file. */
  public static final String WORKSPACE_MAX_FILE_BYTES = "workspace.maxFileBytes";
  /** {@code ChunkedBuild.Builder.maxAttempts}: generations of one file. */
  public static final String BUILD_MAX_ATTEMPTS = "build.maxAttempts";
  /** {@code ServiceRequest.withStack}: the stack a request is planned for; the value is the stack asked for. */
  public static final String STACK = "request.stack";
  /** {@code LlmConfig.Builder.timeout}: how long one model call may take (orchestrator-llm). */
  public static final String LLM_TIMEOUT = "llm.timeout";
  /** {@code SpectraLlm.Builder.rateLimit}: a provider's requests per minute (orchestrator-llm). */
  public static final String LLM_RATE_LIMIT = "llm.rateLimit";
  /** {@code RetryPolicy.Builder.maxRetryAfter}: the longest retry-after a rate limit may ask for (orchestrator-llm). */
  public static final String LLM_MAX_RETRY_AFTER = "llm.maxRetryAfter";

  public SettingHint {
    Checks.notBlank(key, "key");
    Checks.notBlank(javaName, "javaName");
  }

  /** A hint for a setting with no value to show. */
  public static SettingHint of(String key, String javaName) {
    return new SettingHint(key, javaName, null);
  }
}
