package dev.spectra.orchestrator.llm;

import dev.spectra.orchestrator.FailureKind;
import dev.spectra.orchestrator.OrchestratorException;
import dev.spectra.orchestrator.build.NonRetriable;
import java.util.Objects;

/**
 * A model provider refused or failed a call, in provider-neutral terms. The message says what happened and what
 * to do, for example {@code OpenAI rejected the API key (401): set OPENAI_API_KEY to a valid key}. It never holds
 * a secret, and holds at most an excerpt of the provider's error body.
 *
 * <p>{@link NonRetriable}: the build does not retry a file after it. Client errors cannot be helped by another
 * attempt, and transient failures were already retried with backoff by the time this is thrown; the run stops and
 * can be resumed.
 */
public final class ProviderException extends OrchestratorException implements NonRetriable {
  private static final long serialVersionUID = 1L;

  /** What kind of failure. */
  public enum Kind {
    /** 401/403: the key is missing, wrong or lacks access. Not retried. */
    AUTH(false),
    /** 404: the model (or endpoint) does not exist on this provider. Not retried. */
    MODEL_NOT_FOUND(false),
    /** 400 and other 4xx, or a refusal: the request itself is wrong. Not retried. */
    BAD_REQUEST(false),
    /** 429 after every retry, or a retry-after longer than the policy allows. */
    RATE_LIMITED(true),
    /** 5xx, timeouts, refused or broken connections after every retry. */
    UNAVAILABLE(true),
    /** The provider's host name does not resolve. Not retried. */
    UNREACHABLE(false);

    private final boolean transientFailure;

    Kind(boolean transientFailure) {
      this.transientFailure = transientFailure;
    }

    /** True for failures that may go away by themselves (they were retried before this was thrown). */
    public boolean isTransient() {
      return transientFailure;
    }
  }

  /** The prefix of {@link #failureType()}. */
  public static final String FAILURE_TYPE_PREFIX = "PROVIDER_";

  private final Kind kind;
  private final String provider;
  private final String model;
  private final int statusCode;
  private final int attempts;

  /**
   * @param statusCode the HTTP status, or 0 when there was none (timeouts, connection errors)
   * @param attempts how many attempts were made
   */
  public ProviderException(Kind kind, String provider, String model, int statusCode, int attempts, String message, Throwable cause) {
    super(Objects.requireNonNull(message, "message == null"), cause);
    this.kind = Objects.requireNonNull(kind, "kind == null");
    this.provider = Objects.requireNonNull(provider, "provider == null");
    this.model = Objects.requireNonNull(model, "model == null");
    this.statusCode = statusCode;
    this.attempts = attempts;
  }

  /** What kind of failure, e.g. {@link Kind#AUTH}. */
  public Kind kind() {
    return kind;
  }

  /** The provider id, e.g. {@code openai}. */
  public String provider() {
    return provider;
  }

  /** The configured model name. */
  public String model() {
    return model;
  }

  /** The HTTP status, or 0 when the call got no HTTP answer. */
  public int statusCode() {
    return statusCode;
  }

  /** How many attempts were made before giving up. */
  public int attempts() {
    return attempts;
  }

  /** {@code PROVIDER_} and the kind, e.g. {@code PROVIDER_AUTH}: what a run report's failure records. */
  @Override
  public String failureType() {
    return FAILURE_TYPE_PREFIX + kind.name();
  }

  /** {@link FailureKind#PROVIDER}, whatever the {@link #kind()}. */
  @Override
  public FailureKind failureKind() {
    return FailureKind.PROVIDER;
  }
}
