package dev.spectra.orchestrator.llm.internal;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.ChatRequestOptions;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import dev.spectra.orchestrator.RetryAfterHint;
import dev.spectra.orchestrator.RunCancelledException;
import dev.spectra.orchestrator.RunEvent;
import dev.spectra.orchestrator.Usage;
import dev.spectra.orchestrator.chat.ForwardingChatModel;
import dev.spectra.orchestrator.cost.BudgetAccount;
import dev.spectra.orchestrator.cost.Cost;
import dev.spectra.orchestrator.cost.CostLedger;
import dev.spectra.orchestrator.cost.ModelCall;
import dev.spectra.orchestrator.cost.PriceTable;
import dev.spectra.orchestrator.llm.ModelSpec;
import dev.spectra.orchestrator.llm.RetryPolicy;
import dev.spectra.orchestrator.llm.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one door to a model: a {@link ChatModel} decorator that every AI service and every re-prompt goes through.
 * Per call it
 * <ol>
 *   <li>adapts the request to the provider (Ollama: {@code num_ctx} of at least 1.25 x (estimated prompt + output
 *       limit), within the configured bounds, with a warning when the prompt may not fit);</li>
 *   <li>reserves the worst case in the scope's budget (the run's, or a typed service's), then waits for the provider's concurrency and per-minute
 *       limits;</li>
 *   <li>calls the model (LangChain4j's own retries are off), and retries 429, 5xx, timeouts and connection errors
 *       with the {@link RetryPolicy}, honouring a {@link RetryAfterHint}; each retry is reported to the scope
 *       (a {@link RunEvent.Retrying} event in a run);</li>
 *   <li>records every attempt that returned a body in the scope's cost ledger (input, cached input and output
 *       tokens, the configured and the served model, the cost) and settles the reservation with it;</li>
 *   <li>turns a failure that ends the call into a provider-neutral
 *       {@link dev.spectra.orchestrator.llm.ProviderException}.</li>
 * </ol>
 * A decorator rather than a {@code ChatModelListener}: it sees each attempt exactly and works for any
 * {@code ChatModel}, including one the caller built (listeners must be registered when a model is built). The
 * budget, ledger, activity and file come from the thread's {@link CallScope}; without one the gateway still retries
 * and limits but records nothing.
 */
public final class ModelGateway extends ForwardingChatModel {
  private static final Logger LOG = LoggerFactory.getLogger(ModelGateway.class);
  /** Output limit assumed when a request sets none. */
  static final int DEFAULT_MAX_OUTPUT = 4096;
  /** How often a call still waiting for its answer is noted, by default. */
  static final Duration DEFAULT_PROGRESS_EVERY = Duration.ofSeconds(10);

  private final ModelSpec spec;
  private final String baseUrl;
  private final String secret;
  private final ProviderLimiter limiter;
  private final RetryPolicy policy;
  private final Sleeper sleeper;
  private final DoubleSupplier random;
  private final Clock clock;
  private final int ollamaMinContext;
  private final int ollamaMaxContext;
  private final AtomicLong attempts = new AtomicLong();
  private final Duration progressEvery;
  /** Notes the calls still waiting for their answer: one daemon thread for every gateway. */
  private static final java.util.concurrent.ScheduledExecutorService WAITING =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "spectra-model-call-progress");
        t.setDaemon(true);
        return t;
      });

  private ModelGateway(Builder b) {
    super(b.delegate);
    this.spec = b.spec;
    this.baseUrl = b.baseUrl;
    this.secret = b.secret;
    this.limiter = b.limiter;
    this.policy = b.policy;
    this.progressEvery = b.progressEvery;
    this.sleeper = b.sleeper;
    this.random = b.random;
    this.clock = b.clock;
    this.ollamaMinContext = b.ollamaMinContext;
    this.ollamaMaxContext = b.ollamaMaxContext;
  }

  public static Builder builder(ModelSpec spec, ChatModel delegate) {
    return new Builder(spec, delegate);
  }

  public ModelSpec spec() {
    return spec;
  }

  /** HTTP attempts made so far (successful or not), for benchmarks and diagnostics. */
  public long attempts() {
    return attempts.get();
  }

  @Override
  public ChatResponse chat(ChatRequest request, ChatRequestOptions options) {
    Objects.requireNonNull(request, "request == null");
    CallScope scope = CallScope.current();
    long estimatedInput = Tokens.estimate(request);
    int maxOutput = request.parameters() != null && request.parameters().maxOutputTokens() != null
        ? request.parameters().maxOutputTokens() : DEFAULT_MAX_OUTPUT;
    Integer numCtx = null;
    if (spec.provider().equals(ModelSpec.OLLAMA)) {
      numCtx = OllamaContext.numCtx(estimatedInput, maxOutput, ollamaMinContext, ollamaMaxContext);
      request = Providers.withNumCtx(request, numCtx);
      if (estimatedInput + maxOutput >= numCtx && scope != null) {
        scope.events().note(OllamaContext.tooSmallWarning(spec, scope.file(), estimatedInput, maxOutput, numCtx));
      }
    }
    if (scope != null) {
      scope.sent(request);
    }
    BudgetAccount budget = scope == null ? null : scope.budget();
    int timeouts = 0;
    for (int attempt = 1; ; attempt++) {
      if (scope != null) {
        scope.throwIfCancelled();
      }
      BudgetAccount.Reservation reservation = budget == null ? null : budget.reserve(spec.key(), estimatedInput, maxOutput);
      ChatResponse response;
      try {
        limiter.acquire();
        java.util.concurrent.ScheduledFuture<?> progress = waiting(scope, attempt);
        try {
          attempts.incrementAndGet();
          response = super.chat(request, options);
        } finally {
          if (progress != null) {
            progress.cancel(false);
          }
          limiter.release();
        }
      } catch (InterruptedException e) {
        release(reservation);
        Thread.currentThread().interrupt();
        throw cancelled(scope, e);
      } catch (RuntimeException e) {
        release(reservation);
        InterruptedException interrupted = interruptedCause(e);
        if (interrupted != null) {
          // The HTTP client was interrupted mid-call and wrapped it: a cancellation, not a provider failure.
          Thread.currentThread().interrupt();
          throw cancelled(scope, interrupted);
        }
        Failures.Kind kind = Failures.classify(e);
        if (kind == Failures.Kind.OTHER) {
          throw e;
        }
        if (!kind.retriable()) {
          throw Failures.translate(e, kind, spec, baseUrl, attempt, secret);
        }
        RetryAfterHint hint = RetryAfterHint.find(e);
        Duration retryAfter = hint == null ? null : hint.retryAfter();
        if (retryAfter != null && retryAfter.compareTo(policy.maxRetryAfter()) > 0) {
          throw Failures.retryAfterTooLong(e, spec, retryAfter, policy.maxRetryAfter(), attempt);
        }
        if (kind == Failures.Kind.TIMEOUT) {
          timeouts++;
        }
        if (attempt >= policy.maxAttempts() || timeouts > policy.maxTimeoutRetries()) {
          throw Failures.translate(e, kind, spec, baseUrl, attempt, secret);
        }
        Duration delay = policy.delay(attempt, retryAfter, random.getAsDouble());
        String reason = Failures.reason(e, kind) + (retryAfter == null ? "" : ", retry after " + retryAfter.toMillis() + " ms");
        LOG.debug("{} attempt {} failed ({}); retrying in {} ms", spec, attempt, reason, delay.toMillis());
        if (scope != null) {
          scope.events().retrying(clock.instant(), spec.key(), spec.key() + ": " + reason, attempt, delay);
        }
        try {
          sleeper.sleep(delay);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw cancelled(scope, ie);
        }
        continue;
      }
      Usage usage = usageOf(response, request);
      if (scope != null) {
        scope.received(response);
        record(scope, reservation, response, usage);
        if (numCtx != null) {
          Integer reported = response.tokenUsage() == null ? null : response.tokenUsage().inputTokenCount();
          OllamaContext.Verdict verdict = OllamaContext.check(estimatedInput, reported, numCtx);
          if (verdict == OllamaContext.Verdict.CUT) {
            scope.events().note(OllamaContext.cutWarning(spec, scope.file(), reported, numCtx));
          }
        }
      }
      return response;
    }
  }

  /** Notes, every {@code progressEvery}, that the call still waits for its answer (a slow or stalled provider shows). */
  private java.util.concurrent.ScheduledFuture<?> waiting(CallScope scope, int attempt) {
    if (scope == null) {
      return null;
    }
    CallScope.Events events = scope.events();
    long started = System.nanoTime();
    long every = progressEvery.toMillis();
    return WAITING.scheduleAtFixedRate(() -> events.note("waiting for " + spec.key()
        + (scope.file() == null ? "" : " (" + scope.file() + ")") + ": no answer yet after "
        + Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s" + (attempt > 1 ? ", attempt " + attempt : "")),
        every, every, java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  /** Settles the reservation with the call's usage and records the call in the scope's ledger (each when present). */
  private void record(CallScope scope, BudgetAccount.Reservation reservation, ChatResponse response, Usage usage) {
    String served = response.modelName() == null || response.modelName().isBlank() ? spec.name() : response.modelName();
    if (reservation != null) {
      BudgetAccount budget = scope.budget();
      long overshootBefore = budget == null ? 0 : budget.overshootTokens();
      reservation.settle(usage, served);
      long overshoot = budget == null ? 0 : budget.overshootTokens() - overshootBefore;
      if (overshoot > 0) {
        scope.events().note(spec.key() + " reported " + usage.inputTokens() + " input tokens for "
            + (scope.file() == null || scope.file().isBlank() ? "a call" : scope.file()) + ", " + overshoot + " tokens more than the budget reserved;"
            + " later calls are reserved at the corrected estimate (overshoot so far: " + budget.overshootTokens() + " tokens)");
      }
    }
    CostLedger ledger = scope.ledger();
    if (ledger != null) {
      PriceTable prices = scope.prices();
      String servedKey = spec.provider() + ":" + served;
      Cost cost = prices.cost(servedKey, usage);
      if (!cost.isKnown()) {
        cost = prices.cost(spec.key(), usage);
      }
      ledger.record(new ModelCall(scope.activity(), scope.file(), spec.key(), servedKey, usage, cost));
    }
  }

  /**
   * The call's usage as the provider reported it, cached input tokens included (OpenAI). A count the provider
   * left out (Ollama omits {@code prompt_eval_count} when its prompt cache served the prompt) is counted here with
   * o200k, so budgets never see zero for a call that was made.
   */
  static Usage usageOf(ChatResponse response, ChatRequest request) {
    TokenUsage tu = response.tokenUsage();
    Integer in = tu == null ? null : tu.inputTokenCount();
    Integer out = tu == null ? null : tu.outputTokenCount();
    long input = in != null ? in : Tokens.estimate(request);
    long output = out != null ? out
        : Tokens.count(response.aiMessage() == null ? null : response.aiMessage().text());
    return new Usage(input, Math.min(input, Providers.cachedInputTokens(tu)), output);
  }

  private static void release(BudgetAccount.Reservation reservation) {
    if (reservation != null) {
      reservation.release();
    }
  }

  private static InterruptedException interruptedCause(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof InterruptedException ie) {
        return ie;
      }
    }
    return null;
  }

  private static RuntimeException cancelled(CallScope scope, InterruptedException e) {
    RunCancelledException c = new RunCancelledException(scope == null ? "(no run)" : scope.runId());
    c.initCause(e);
    return c;
  }

  @Override
  public String toString() {
    return "ModelGateway{" + spec + "}";
  }

  /** Builds a {@link ModelGateway}. */
  public static final class Builder {
    private final ModelSpec spec;
    private final ChatModel delegate;
    private String baseUrl;
    private String secret;
    private ProviderLimiter limiter;
    private RetryPolicy policy = RetryPolicy.ofDefaults();
    private Sleeper sleeper = Sleeper.SYSTEM;
    private DoubleSupplier random = Math::random;
    private Clock clock = Clock.systemUTC();
    private Duration progressEvery = DEFAULT_PROGRESS_EVERY;
    private int ollamaMinContext = dev.spectra.orchestrator.llm.LlmConfig.DEFAULT_OLLAMA_MIN_CONTEXT;
    private int ollamaMaxContext = dev.spectra.orchestrator.llm.LlmConfig.DEFAULT_OLLAMA_MAX_CONTEXT;

    private Builder(ModelSpec spec, ChatModel delegate) {
      this.spec = Objects.requireNonNull(spec, "spec == null");
      this.delegate = Objects.requireNonNull(delegate, "delegate == null");
    }

    /** The provider URL, for error messages; {@code null} for a caller-supplied model. */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = baseUrl;
      return this;
    }

    /** A secret to scrub from provider error text. */
    public Builder secret(String secret) {
      this.secret = secret;
      return this;
    }

    public Builder limiter(ProviderLimiter limiter) {
      this.limiter = limiter;
      return this;
    }

    public Builder policy(RetryPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy == null");
      return this;
    }

    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper == null");
      return this;
    }

    public Builder random(DoubleSupplier random) {
      this.random = Objects.requireNonNull(random, "random == null");
      return this;
    }

    /** How often a call still waiting for its answer is noted (default 10 s). */
    public Builder progressEvery(Duration every) {
      Objects.requireNonNull(every, "every == null");
      if (every.isZero() || every.isNegative()) {
        throw new IllegalArgumentException("progressEvery must be > 0, but was " + every);
      }
      this.progressEvery = every;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    public Builder ollamaContext(int min, int max) {
      this.ollamaMinContext = min;
      this.ollamaMaxContext = max;
      return this;
    }

    public ModelGateway build() {
      if (limiter == null) {
        limiter = new ProviderLimiter(dev.spectra.orchestrator.llm.RateLimit.defaultFor(spec.provider()), clock, sleeper);
      }
      return new ModelGateway(this);
    }
  }
}
