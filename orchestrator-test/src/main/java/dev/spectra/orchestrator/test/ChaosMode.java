package dev.spectra.orchestrator.test;

/**
 * The ways {@link ChaosChatModel} makes a reply fail like a real model does. At most one mode applies per reply.
 * Thrown modes ({@link #isThrown()}) replace the call; the others rewrite the reply's text. Code replies (text that is
 * not a JSON object or array) only get the modes where {@link #appliesToCode()} is true; the other modes pass a code
 * reply through unchanged.
 */
public enum ChaosMode {
  /** The text inside a markdown code fence, {@code ```json … ```}. */
  FENCE(true, false),
  /** Prose before and after the text ("Here is the JSON you asked for: …"). */
  PROSE(true, false),
  /** A comma before the closing bracket of the JSON value: {@code {"a":1,}}. */
  TRAILING_COMMA(false, false),
  /** JSON written with single quotes: {@code {'a':'x'}}. */
  SINGLE_QUOTES(false, false),
  /** The text cut off between 30 % and 90 % of its length; the finish reason becomes LENGTH. */
  TRUNCATION(true, false),
  /** One field removed from the JSON object, a required one of the request's schema when there is one. */
  MISSING_FIELD(false, false),
  /** A field the schema does not have added to the JSON object. */
  UNKNOWN_FIELD(false, false),
  /** An empty text. */
  EMPTY(true, false),
  /** LangChain4j's {@code RateLimitException} (HTTP 429) with a {@code RetryAfterHint} as its cause. */
  RATE_LIMIT(true, true),
  /** LangChain4j's {@code InternalServerException} (HTTP 500). */
  SERVER_ERROR(true, true),
  /** LangChain4j's {@code TimeoutException}. */
  TIMEOUT(true, true);

  private final boolean appliesToCode;
  private final boolean thrown;

  ChaosMode(boolean appliesToCode, boolean thrown) {
    this.appliesToCode = appliesToCode;
    this.thrown = thrown;
  }

  /** Whether the mode also applies to code (non-JSON) replies. */
  public boolean appliesToCode() {
    return appliesToCode;
  }

  /** Whether the mode throws an exception instead of returning a reply. */
  public boolean isThrown() {
    return thrown;
  }
}
