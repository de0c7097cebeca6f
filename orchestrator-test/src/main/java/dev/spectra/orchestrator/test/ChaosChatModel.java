package dev.spectra.orchestrator.test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.ChatRequestOptions;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.ChatResponseMetadata;
import dev.langchain4j.model.output.FinishReason;
import dev.spectra.orchestrator.RetryAfterHint;
import dev.spectra.orchestrator.chat.ForwardingChatModel;
import dev.spectra.orchestrator.internal.Checks;
import dev.spectra.orchestrator.test.internal.Faults;
import dev.spectra.orchestrator.test.internal.ErrorKind;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Wraps any {@link ChatModel} and, with a seed and a rate per {@link ChaosMode}, turns its replies into the ways real
 * models fail: JSON in markdown fences, prose around it, trailing commas, single quotes, truncation, a missing
 * required field, an unknown field, an empty reply, and thrown 429/500/timeout errors of LangChain4j's own exception
 * types. At most one mode applies per call. The same seed gives the same sequence of modes for the same sequence of
 * calls.
 *
 * <pre>{@code
 * ChatModel flaky = ChaosChatModel.builder(ScriptedChatModel.replying(PLAN_JSON))
 *     .seed(42).profile(ChaosProfile.smallLocalModel()).build();
 * ChatModel custom = ChaosChatModel.builder(model).seed(7).fence(0.4).prose(0.2).rateLimit(0.05).build();
 * }</pre>
 *
 * <p>Per call, the mode is drawn first. A thrown mode does not call the wrapped model (a rejected request never
 * reached it, so a retry gets the reply the first attempt would have had). A 429 is a
 * {@code dev.langchain4j.exception.RateLimitException} whose cause is a {@link RetryAfterHint} of
 * {@link Builder#retryAfter(Duration)}; a 500 an {@code InternalServerException}; a timeout a
 * {@code TimeoutException}. Replies whose text is a JSON object or array get any mode; other texts (code) get only
 * fences, prose, truncation and empty text, and pass through unchanged for the JSON-only modes. Replies without text
 * (tool calls) pass through. {@link #counts()} counts the faults actually injected.
 */
public final class ChaosChatModel extends ForwardingChatModel {
  /** The default wait a 429 asks for: short, so that tests retrying through it stay fast. */
  public static final Duration DEFAULT_RETRY_AFTER = Duration.ofMillis(100);

  private final ChaosProfile profile;
  private final long seed;
  private final Duration retryAfter;
  private final SplittableRandom random;
  private final Map<ChaosMode, Long> counts = new EnumMap<>(ChaosMode.class);
  private long calls;

  private ChaosChatModel(Builder b) {
    super(b.delegate);
    this.profile = new ChaosProfile(b.rates);
    this.seed = b.seed;
    this.retryAfter = b.retryAfter;
    this.random = new SplittableRandom(b.seed); // well-mixed: nearby seeds give unrelated sequences
  }

  /** A builder for chaos around {@code delegate}; without rates it injects nothing. */
  public static Builder builder(ChatModel delegate) {
    return new Builder(delegate);
  }

  /** The rates in use. */
  public ChaosProfile profile() {
    return profile;
  }

  /** The seed in use. */
  public long seed() {
    return seed;
  }

  /** The number of calls so far. */
  public synchronized long calls() {
    return calls;
  }

  /** How many times each mode was injected so far (modes never injected are absent). */
  public synchronized Map<ChaosMode, Long> counts() {
    return Map.copyOf(counts);
  }

  @Override
  public ChatResponse chat(ChatRequest request, ChatRequestOptions options) {
    double draw;
    long callSeed;
    synchronized (this) {
      calls++;
      draw = random.nextDouble();
      callSeed = random.nextLong();
    }
    ChaosMode mode = select(draw);
    if (mode != null && mode.isThrown()) {
      count(mode);
      throw error(mode);
    }
    ChatResponse response = super.chat(request, options);
    String text = response.aiMessage().text();
    if (mode == null || text == null) {
      return response;
    }
    JsonNode json = Faults.parseContainer(text);
    if (json == null && !mode.appliesToCode()) {
      return response;
    }
    String faulty = rewrite(mode, text, json, request, new Random(callSeed));
    if (faulty == null) {
      return response;
    }
    count(mode);
    AiMessage message = response.aiMessage().toBuilder().text(faulty).build();
    ChatResponseMetadata metadata = response.metadata();
    if (mode == ChaosMode.TRUNCATION) {
      metadata = metadata.toBuilder().finishReason(FinishReason.LENGTH).build();
    }
    return ChatResponse.builder().aiMessage(message).metadata(metadata).build();
  }

  private ChaosMode select(double draw) {
    double cumulative = 0;
    for (ChaosMode mode : ChaosMode.values()) {
      cumulative += profile.rate(mode);
      if (draw < cumulative) {
        return mode;
      }
    }
    return null;
  }

  private synchronized void count(ChaosMode mode) {
    counts.merge(mode, 1L, Long::sum);
  }

  private RuntimeException error(ChaosMode mode) {
    switch (mode) {
      case RATE_LIMIT:
        return ErrorKind.RATE_LIMIT.create("429 Too Many Requests: rate limit reached, retry after "
            + retryAfter.toMillis() + " ms (injected by ChaosChatModel)", retryAfter);
      case SERVER_ERROR:
        return ErrorKind.SERVER_ERROR.create("500 Internal Server Error (injected by ChaosChatModel)", null);
      default:
        return ErrorKind.TIMEOUT.create("request timed out (injected by ChaosChatModel)", null);
    }
  }

  private static String rewrite(ChaosMode mode, String text, JsonNode json, ChatRequest request, Random random) {
    boolean isJson = json != null;
    boolean pretty = text.strip().indexOf('\n') >= 0;
    switch (mode) {
      case FENCE:
        return Faults.fence(text, isJson, random);
      case PROSE:
        return Faults.prose(text, isJson, random);
      case TRAILING_COMMA:
        return Faults.trailingComma(text);
      case SINGLE_QUOTES:
        return Faults.singleQuotes(json);
      case TRUNCATION:
        return Faults.truncate(text, random);
      case MISSING_FIELD:
        return json.isObject() ? Faults.removeField((ObjectNode) json, required(request), pretty, random) : null;
      case UNKNOWN_FIELD:
        return json.isObject() ? Faults.addField((ObjectNode) json, pretty, random) : null;
      case EMPTY:
        return "";
      default:
        throw new IllegalStateException("not a rewriting mode: " + mode);
    }
  }

  private static List<String> required(ChatRequest request) {
    ResponseFormat format = request.responseFormat();
    if (format != null && format.jsonSchema() != null
        && format.jsonSchema().rootElement() instanceof JsonObjectSchema root && root.required() != null) {
      return root.required();
    }
    return List.of();
  }

  /** Configuration of a {@link ChaosChatModel}. */
  public static final class Builder {
    private final ChatModel delegate;
    private final Map<ChaosMode, Double> rates = new EnumMap<>(ChaosMode.class);
    private long seed = 42;
    private Duration retryAfter = DEFAULT_RETRY_AFTER;

    private Builder(ChatModel delegate) {
      this.delegate = Checks.notNull(delegate, "delegate");
    }

    /** The seed of the fault sequence (default 42). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Replaces every rate with the profile's. */
    public Builder profile(ChaosProfile profile) {
      Checks.notNull(profile, "profile");
      rates.clear();
      rates.putAll(profile.rates());
      return this;
    }

    /** Sets the rate of one mode, a probability per call in [0, 1]. */
    public Builder rate(ChaosMode mode, double rate) {
      Checks.notNull(mode, "mode");
      if (!(rate >= 0 && rate <= 1)) {
        throw new IllegalArgumentException("the rate of " + mode + " must be in [0, 1], but was " + rate);
      }
      rates.put(mode, rate);
      return this;
    }

    /** The rate of markdown fences around the reply. */
    public Builder fence(double rate) {
      return rate(ChaosMode.FENCE, rate);
    }

    /** The rate of prose before and after the reply. */
    public Builder prose(double rate) {
      return rate(ChaosMode.PROSE, rate);
    }

    /** The rate of a trailing comma in JSON. */
    public Builder trailingComma(double rate) {
      return rate(ChaosMode.TRAILING_COMMA, rate);
    }

    /** The rate of single-quoted JSON. */
    public Builder singleQuotes(double rate) {
      return rate(ChaosMode.SINGLE_QUOTES, rate);
    }

    /** The rate of a reply cut off (finish reason LENGTH). */
    public Builder truncation(double rate) {
      return rate(ChaosMode.TRUNCATION, rate);
    }

    /** The rate of a JSON field removed. */
    public Builder missingField(double rate) {
      return rate(ChaosMode.MISSING_FIELD, rate);
    }

    /** The rate of a JSON field added. */
    public Builder unknownField(double rate) {
      return rate(ChaosMode.UNKNOWN_FIELD, rate);
    }

    /** The rate of an empty reply. */
    public Builder empty(double rate) {
      return rate(ChaosMode.EMPTY, rate);
    }

    /** The rate of a thrown 429 RateLimitException. */
    public Builder rateLimit(double rate) {
      return rate(ChaosMode.RATE_LIMIT, rate);
    }

    /** The rate of a thrown 500 InternalServerException. */
    public Builder serverError(double rate) {
      return rate(ChaosMode.SERVER_ERROR, rate);
    }

    /** The rate of a thrown TimeoutException. */
    public Builder timeout(double rate) {
      return rate(ChaosMode.TIMEOUT, rate);
    }

    /** The wait a 429 asks for through its {@link RetryAfterHint} (default 100 ms). */
    public Builder retryAfter(Duration retryAfter) {
      Checks.notNull(retryAfter, "retryAfter");
      if (retryAfter.isNegative()) {
        throw new IllegalArgumentException("retryAfter must be >= 0, but was " + retryAfter);
      }
      this.retryAfter = retryAfter;
      return this;
    }

    /** Checks that the rates sum to at most 1 and builds the model. */
    public ChaosChatModel build() {
      return new ChaosChatModel(this);
    }
  }
}
