package dev.spectra.orchestrator.test.internal;

import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.ContentFilteredException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.LangChain4jException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.TimeoutException;
import dev.spectra.orchestrator.RetryAfterHint;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The kinds of provider error a cassette can store and the fakes can throw, as LangChain4j's own exception types.
 * Not API.
 */
public enum ErrorKind {
  RATE_LIMIT("rate_limit"),
  SERVER_ERROR("server_error"),
  TIMEOUT("timeout"),
  AUTHENTICATION("authentication"),
  CONTENT_FILTERED("content_filtered"),
  INVALID_REQUEST("invalid_request"),
  MODEL_NOT_FOUND("model_not_found"),
  OTHER("other");

  private final String id;

  ErrorKind(String id) {
    this.id = id;
  }

  /** The name used in cassette files. */
  public String id() {
    return id;
  }

  /** The kind for a cassette name; the message lists the valid names. */
  public static ErrorKind fromId(String id, String where) {
    for (ErrorKind kind : values()) {
      if (kind.id.equals(id)) {
        return kind;
      }
    }
    throw new IllegalArgumentException(where + " must be one of "
        + Arrays.stream(values()).map(ErrorKind::id).collect(Collectors.joining(", ")) + ", but was \"" + id + "\"");
  }

  /** The kind of a thrown error (most specific first). */
  public static ErrorKind of(Throwable error) {
    if (error instanceof RateLimitException) {
      return RATE_LIMIT;
    }
    if (error instanceof InternalServerException) {
      return SERVER_ERROR;
    }
    if (error instanceof TimeoutException) {
      return TIMEOUT;
    }
    if (error instanceof AuthenticationException) {
      return AUTHENTICATION;
    }
    if (error instanceof ContentFilteredException) {
      return CONTENT_FILTERED;
    }
    if (error instanceof ModelNotFoundException) {
      return MODEL_NOT_FOUND;
    }
    if (error instanceof InvalidRequestException) {
      return INVALID_REQUEST;
    }
    return OTHER;
  }

  /**
   * The LangChain4j exception of this kind. A rate-limit error with a {@code retryAfter} carries a
   * {@link RetryAfterHint} as its cause.
   */
  public LangChain4jException create(String message, Duration retryAfter) {
    switch (this) {
      case RATE_LIMIT:
        return retryAfter == null ? new RateLimitException(message)
            : new RateLimitException(message, new RetryAfterHint(retryAfter));
      case SERVER_ERROR:
        return new InternalServerException(message);
      case TIMEOUT:
        return new TimeoutException(message);
      case AUTHENTICATION:
        return new AuthenticationException(message);
      case CONTENT_FILTERED:
        return new ContentFilteredException(message);
      case INVALID_REQUEST:
        return new InvalidRequestException(message);
      case MODEL_NOT_FOUND:
        return new ModelNotFoundException(message);
      default:
        return new LangChain4jException(message);
    }
  }
}
