package dev.spectra.orchestrator.llm.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.ContentFilteredException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.exception.UnresolvedModelServerException;
import dev.spectra.orchestrator.SettingHint;
import dev.spectra.orchestrator.internal.Checks;
import dev.spectra.orchestrator.internal.Json;
import dev.spectra.orchestrator.llm.LlmConfig;
import dev.spectra.orchestrator.llm.ModelSpec;
import dev.spectra.orchestrator.llm.ProviderException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Classifies what a model call threw (retry or not) and turns it into a provider-neutral
 * {@link ProviderException} whose message says what to do. Provider error bodies are cut to an excerpt and
 * scrubbed of anything that looks like a key.
 */
public final class Failures {
  private static final Pattern KEY_LIKE = Pattern.compile("(sk-|key-|Bearer\\s+)[A-Za-z0-9_*.\\-]{3,}");
  private static final int BODY_EXCERPT = 300;

  private Failures() {}

  /** How the timeout message names the setting; the CLI replaces it with its own flag. */
  public static final String TIMEOUT_SETTING = "LlmConfig.Builder.timeout or " + LlmConfig.SPECTRA_TIMEOUT;

  /** How a failure is handled. */
  public enum Kind {
    RATE_LIMITED(true), SERVER_ERROR(true), TIMEOUT(true), CONNECTION(true),
    AUTH(false), NOT_FOUND(false), BAD_REQUEST(false), CONTENT_FILTERED(false), UNRESOLVED_HOST(false),
    /** Not a provider failure we know (e.g. a test double's own exception): rethrown unchanged, never retried. */
    OTHER(false);

    private final boolean retriable;

    Kind(boolean retriable) {
      this.retriable = retriable;
    }

    public boolean retriable() {
      return retriable;
    }
  }

  /** The kind of a failure thrown by a LangChain4j chat model (with retries off). */
  public static Kind classify(Throwable t) {
    if (t instanceof ContentFilteredException) {
      return Kind.CONTENT_FILTERED;
    }
    if (t instanceof RateLimitException) {
      return Kind.RATE_LIMITED;
    }
    if (t instanceof InternalServerException) {
      return Kind.SERVER_ERROR;
    }
    if (t instanceof TimeoutException) {
      return Kind.TIMEOUT;
    }
    if (t instanceof AuthenticationException) {
      return Kind.AUTH;
    }
    if (t instanceof ModelNotFoundException) {
      return Kind.NOT_FOUND;
    }
    if (t instanceof InvalidRequestException) {
      return Kind.BAD_REQUEST;
    }
    if (t instanceof UnresolvedModelServerException) {
      return Kind.UNRESOLVED_HOST;
    }
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof UnresolvedAddressException || c instanceof java.net.UnknownHostException) {
        return Kind.UNRESOLVED_HOST;
      }
      if (c instanceof HttpTimeoutException && !(c instanceof HttpConnectTimeoutException)) {
        return Kind.TIMEOUT;
      }
      if (c instanceof ConnectException || c instanceof HttpConnectTimeoutException) {
        return Kind.CONNECTION;
      }
      if (c instanceof IOException) {
        return Kind.CONNECTION;
      }
      if (c instanceof HttpException h) {
        return h.statusCode() == 429 ? Kind.RATE_LIMITED : h.statusCode() >= 500 ? Kind.SERVER_ERROR
            : h.statusCode() == 401 || h.statusCode() == 403 ? Kind.AUTH : h.statusCode() == 404 ? Kind.NOT_FOUND
            : h.statusCode() == 408 ? Kind.TIMEOUT : Kind.BAD_REQUEST;
      }
    }
    return Kind.OTHER;
  }

  /** A short reason for a retry event, e.g. {@code 429 rate limited}. */
  public static String reason(Throwable t, Kind kind) {
    int status = status(t);
    String prefix = status > 0 ? status + " " : "";
    return prefix + switch (kind) {
      case RATE_LIMITED -> "rate limited";
      case SERVER_ERROR -> "server error";
      case TIMEOUT -> "timeout";
      case CONNECTION -> "connection failed (" + rootMessage(t) + ")";
      default -> kind.name().toLowerCase(java.util.Locale.ROOT);
    };
  }

  /** The HTTP status in the cause chain, or 0. */
  public static int status(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof HttpException h) {
        return h.statusCode();
      }
    }
    return 0;
  }

  /**
   * The provider-neutral exception for a failure that ends the call.
   *
   * @param baseUrl the provider's URL, or {@code null} for a caller-supplied model
   * @param secret a secret to scrub from provider text (the API key), or {@code null}
   */
  public static ProviderException translate(Throwable t, Kind kind, ModelSpec spec, String baseUrl, int attempts, String secret) {
    String provider = displayName(spec.provider());
    String model = spec.name();
    int status = status(t);
    String at = baseUrl == null ? "" : " at " + baseUrl;
    String said = providerSaid(t, secret);
    String tries = attempts == 1 ? "1 attempt" : attempts + " attempts";
    boolean openAi = spec.provider().equals(ModelSpec.OPENAI);
    boolean ollama = spec.provider().equals(ModelSpec.OLLAMA);
    ProviderException.Kind pk;
    String message;
    List<SettingHint> hints = List.of();
    switch (kind) {
      case AUTH -> {
        pk = ProviderException.Kind.AUTH;
        if (openAi && status != 403) {
          message = provider + " rejected the API key" + code(status) + " for model " + model + ": set "
              + LlmConfig.OPENAI_API_KEY + " to a valid key";
        } else if (openAi) {
          message = provider + " refused access (403) to model " + model
              + ": check that the key's project may use this model, or choose another with " + LlmConfig.OPENAI_MODEL;
        } else {
          message = provider + at + " refused the request" + code(status) + " for model " + model
              + ": check the credentials of the server or proxy in front of it";
        }
      }
      case NOT_FOUND -> {
        pk = ProviderException.Kind.MODEL_NOT_FOUND;
        if (ollama) {
          message = "model '" + model + "' not found on Ollama" + at + ": run `ollama pull " + model + "`, or set "
              + LlmConfig.OLLAMA_MODEL + " to a model `ollama list` shows";
        } else if (openAi) {
          message = provider + " does not know model '" + model + "' (404)" + at + ": check " + LlmConfig.OPENAI_MODEL
              + " and SPECTRA_MODEL_<ACTIVITY>, or " + LlmConfig.OPENAI_BASE_URL + " for a compatible server";
        } else {
          message = provider + " does not know model '" + model + "' (404): check the model name";
        }
      }
      case BAD_REQUEST -> {
        pk = ProviderException.Kind.BAD_REQUEST;
        message = provider + " rejected the request as invalid" + code(status) + " for model " + model
            + ": the model may not support structured output or the request is too long; choose another model"
            + " or shorten the request";
      }
      case CONTENT_FILTERED -> {
        pk = ProviderException.Kind.BAD_REQUEST;
        message = provider + " refused to answer (content filter) with model " + model + ": rephrase the request";
      }
      case UNRESOLVED_HOST -> {
        pk = ProviderException.Kind.UNREACHABLE;
        message = "cannot resolve the host of " + provider + at + ": check "
            + (openAi ? LlmConfig.OPENAI_BASE_URL : ollama ? LlmConfig.OLLAMA_BASE_URL : "the base URL");
      }
      case RATE_LIMITED -> {
        pk = ProviderException.Kind.RATE_LIMITED;
        message = provider + " kept rate-limiting model " + model + " (429) after " + tries
            + ": lower Orchestrator.Builder.concurrency or the requests per minute (SpectraLlm.Builder.rateLimit), or try"
            + " again later";
        hints = List.of(SettingHint.of(SettingHint.CONCURRENCY, "Orchestrator.Builder.concurrency"),
            SettingHint.of(SettingHint.LLM_RATE_LIMIT, "SpectraLlm.Builder.rateLimit"));
      }
      case SERVER_ERROR -> {
        pk = ProviderException.Kind.UNAVAILABLE;
        message = provider + at + " failed" + (status > 0 ? " with " + status : " with a server error") + " for model " + model + " after " + tries
            + ": the service is unavailable or overloaded; try again later";
      }
      case TIMEOUT -> {
        pk = ProviderException.Kind.UNAVAILABLE;
        message = provider + at + " did not answer in time for model " + model + " after " + tries
            + ": raise the timeout (" + TIMEOUT_SETTING + ") or use a smaller model";
        hints = List.of(SettingHint.of(SettingHint.LLM_TIMEOUT, "LlmConfig.Builder.timeout"));
      }
      case CONNECTION -> {
        pk = ProviderException.Kind.UNAVAILABLE;
        message = "cannot connect to " + provider + at + " after " + tries + " (" + rootMessage(t) + "): "
            + (ollama ? "start it with `ollama serve`, or set " + LlmConfig.OLLAMA_BASE_URL
                : openAi ? "check the network, or " + LlmConfig.OPENAI_BASE_URL : "check that the server runs");
      }
      default -> throw new IllegalArgumentException("not a provider failure: " + kind);
    }
    if (!said.isEmpty()) {
      message += "; " + provider + " said: " + said;
    }
    return new ProviderException(pk, spec.provider(), model, status, attempts, message, t, hints);
  }

  /** A rate limit whose retry-after hint is longer than the policy waits. */
  public static ProviderException retryAfterTooLong(Throwable t, ModelSpec spec, java.time.Duration hint, java.time.Duration max, int attempts) {
    return new ProviderException(ProviderException.Kind.RATE_LIMITED, spec.provider(), spec.name(), status(t), attempts,
        displayName(spec.provider()) + " asks to wait " + hint.toSeconds() + " s before calling model " + spec.name()
            + " again, longer than the " + max.toSeconds() + " s the retry policy allows: try again later, or raise"
            + " RetryPolicy.Builder.maxRetryAfter", t,
        List.of(new SettingHint(SettingHint.LLM_MAX_RETRY_AFTER, "RetryPolicy.Builder.maxRetryAfter", Long.toString(max.toSeconds()))));
  }

  private static String code(int status) {
    return status > 0 ? " (" + status + ")" : "";
  }

  static String displayName(String provider) {
    return switch (provider) {
      case ModelSpec.OPENAI -> "OpenAI";
      case ModelSpec.OLLAMA -> "Ollama";
      default -> "provider " + provider;
    };
  }

  /** The provider's own error message from the body (OpenAI {@code error.message}, Ollama {@code error}), scrubbed. */
  static String providerSaid(Throwable t, String secret) {
    String body = null;
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof HttpException h) {
        body = h.getMessage();
        break;
      }
    }
    if (body == null || body.isBlank()) {
      return "";
    }
    String text = body.strip();
    try {
      JsonNode n = Json.MAPPER.readTree(text);
      if (n != null && n.path("error").isTextual()) {
        text = n.path("error").asText();
      } else if (n != null && n.path("error").path("message").isTextual()) {
        text = n.path("error").path("message").asText();
      }
    } catch (IOException | RuntimeException notJson) {
      // keep the raw text
    }
    // Scrub the whole text first: an excerpt may cut a key in two, and a half key matches neither the secret
    // nor the key pattern.
    return scrub(Checks.excerpt(scrub(text.replaceAll("\\s+", " "), secret), BODY_EXCERPT), secret);
  }

  /** Removes a known secret and anything that looks like a key. */
  public static String scrub(String text, String secret) {
    String out = text;
    if (secret != null && !secret.isBlank()) {
      out = out.replace(secret, "***");
    }
    return KEY_LIKE.matcher(out).replaceAll("$1***");
  }

  /**
   * Why a connection failed, in the words a user knows: "connection refused" (a {@link ConnectException} anywhere in
   * the chain; the JDK client's root cause is then a bare ClosedChannelException), "connect timed out", else the root
   * cause's class and message.
   */
  private static String rootMessage(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof HttpConnectTimeoutException) {
        return "connect timed out";
      }
      if (c instanceof ConnectException) {
        return "connection refused";
      }
    }
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String m = root.getMessage();
    return root.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + Checks.excerpt(scrub(m, null), 120));
  }
}
