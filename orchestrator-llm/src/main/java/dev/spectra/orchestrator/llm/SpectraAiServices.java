package dev.spectra.orchestrator.llm;

import dev.langchain4j.memory.ChatMemory;
import dev.langchain4j.memory.chat.ChatMemoryProvider;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.rag.RetrievalAugmentor;
import dev.langchain4j.rag.content.retriever.ContentRetriever;
import dev.spectra.orchestrator.cost.Budget;
import dev.spectra.orchestrator.cost.BudgetAccount;
import dev.spectra.orchestrator.cost.CostLedger;
import dev.spectra.orchestrator.cost.PriceTable;
import dev.spectra.orchestrator.internal.Checks;
import dev.spectra.orchestrator.RunEvent;
import dev.spectra.orchestrator.llm.internal.CallScope;
import dev.spectra.orchestrator.llm.internal.ModelGateway;
import dev.spectra.orchestrator.llm.internal.TypedServices;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Typed AI services for any interface, in LangChain4j's declarative style, with the repair ladder behind every
 * typed method: a model that wraps its JSON in prose and fences, forgets a field or truncates its reply still
 * gives you a value, or a typed {@link dev.spectra.orchestrator.json.ModelOutputException} that lists every
 * attempt.
 *
 * <pre>{@code
 * record Contact(String name, String email, @Nullable String phone) {}
 *
 * interface Extractor {
 *   @SystemMessage("You extract contacts from e-mail signatures.")
 *   @UserMessage("Signature: {{text}}")
 *   Contact extract(@V("text") String text);
 * }
 *
 * Extractor extractor = SpectraAiServices.create(Extractor.class, chatModel);
 * Contact ada = extractor.extract("Ada Lovelace <ada@example.org>");
 * }</pre>
 *
 * <p><b>Annotations</b> are LangChain4j's: {@code @SystemMessage} (on the method, or on the interface for every
 * method) and {@code @UserMessage} with inline text or {@code fromResource} (resolved against the interface), {@code @V}
 * naming a template variable ({@code {{it}}} names the only parameter), a {@code @UserMessage} parameter whose
 * text is sent as it is, one {@code ChatRequestParameters} parameter merged over the call's parameters, and
 * {@code @Description} on records, record components, fields and enums. Arguments are template <i>values</i>:
 * a value is inserted literally, so user text containing {@code {{x}}} cannot change the prompt.
 *
 * <p><b>Return types</b>: a record, a POJO (no-argument constructor), an enum, a primitive or its box, a
 * {@code String} (the raw reply, no ladder), {@link Code} (one fenced block unwrapped, never put inside JSON);
 * {@code List}, {@code Set} and {@code Map} of those; {@code Optional<T>}; and LangChain4j's {@code Result<T>},
 * whose token usage sums every call the method made, re-prompts and retries included. A record component or field
 * is optional when it is an {@code Optional} or annotated {@code @Nullable}; every other one is required.
 *
 * <p><b>The ladder</b>, for every typed method: (1) the JSON schema is sent natively when the model takes one
 * (OpenAI {@code json_schema}, strict when the model is; Ollama {@code format}), else described in the user
 * message; a type a strict schema cannot express (a {@code Map}) uses JSON mode; (2) the reply is extracted
 * leniently (fences, prose, trailing commas, comments, single quotes, Python literals); (3) it is validated against
 * the type, with errors named by JSON path (missing required fields, unknown enum values, and what a record's
 * compact constructor throws); (4) a bad reply is re-prompted with the whole conversation, the bad reply and the
 * errors, up to {@link Builder#maxAttempts(int)} replies in all; (5) then a {@code ModelOutputException} carries
 * the attempts. Transient provider failures (429, 5xx, timeouts) are retried with the {@link RetryPolicy}.
 *
 * <p><b>Checked when built</b>: every template variable has a parameter and every parameter a variable, every
 * return type can be given a schema; a problem names its method. Chat memory, tools, retrieval (RAG) and
 * streaming are refused at {@link Builder#build()} in this version. A built service is immutable and thread-safe.
 */
public final class SpectraAiServices {
  private static final Logger LOG = LoggerFactory.getLogger(SpectraAiServices.class);

  /** Default replies per typed call, the first included: one reply and up to two re-prompts. */
  public static final int DEFAULT_MAX_ATTEMPTS = 3;

  private SpectraAiServices() {}

  /** A service on {@code model} with the defaults. */
  public static <T> T create(Class<T> service, ChatModel model) {
    return builder(service).chatModel(model).build();
  }

  /** A builder for {@code service}, an interface. */
  public static <T> Builder<T> builder(Class<T> service) {
    return new Builder<>(service);
  }

  /**
   * Something the ladder did during a call of {@code method} ({@code Interface.method}).
   *
   * @param method the interface and method, e.g. {@code Extractor.extract}
   * @param kind what happened
   * @param details the repairs made, the errors that caused a re-prompt, or the reason and delay of a retry
   */
  public record Event(String method, Kind kind, List<String> details) {
    /** What happened. */
    public enum Kind {
      /** The reply was usable after lenient repairs (fences removed, a trailing comma dropped, an enum's case fixed...). */
      REPAIRED,
      /** A code reply was unwrapped from its fence, prose around it discarded. */
      CODE_UNWRAPPED,
      /** The reply was not usable; the model was asked again with the errors. */
      REPROMPTED,
      /** A model call failed transiently (429, 5xx, timeout) and is retried. */
      RETRYING
    }

    public Event {
      Checks.notBlank(method, "method");
      Checks.notNull(kind, "kind");
      details = Checks.copy(details, "details");
    }
  }

  /** Receives the {@link Event}s of a service's calls, on the calling thread; a failing listener is logged and skipped. */
  @FunctionalInterface
  public interface Listener {
    void onEvent(Event event);
  }

  /** Builds a typed service; validates the interface at {@link #build()}. */
  public static final class Builder<T> {
    private final Class<T> service;
    private ModelSpec spec;
    private ChatModel model;
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private Integer maxOutputTokens;
    private CostLedger ledger;
    private Budget budget;
    private PriceTable prices = PriceTable.defaults();
    private final List<Listener> listeners = new ArrayList<>();
    private RetryPolicy retryPolicy = RetryPolicy.ofDefaults();
    private Sleeper sleeper = Sleeper.SYSTEM;
    private final List<String> refused = new ArrayList<>();

    private Builder(Class<T> service) {
      this.service = Objects.requireNonNull(service, "service == null");
    }

    /**
     * The model. Its declared capabilities decide the structured output: a model built with
     * {@code supportedCapabilities(RESPONSE_FORMAT_JSON_SCHEMA)} gets the schema natively, any other one gets it
     * described in the user message. Use {@link #model(ModelSpec, ChatModel)} to say more.
     */
    public Builder<T> chatModel(ChatModel model) {
      Objects.requireNonNull(model, "model == null");
      return model(specOf(model), model);
    }

    /**
     * The model with its spec: the spec's provider and name key prices and the ledger, and its capabilities decide
     * the structured output ({@code JSON_SCHEMA}: the schema is sent; {@code STRICT_JSON_SCHEMA}: OpenAI enforces
     * it, when the OpenAI model was built with {@code strictJsonSchema(true)}).
     */
    public Builder<T> model(ModelSpec spec, ChatModel model) {
      this.spec = Objects.requireNonNull(spec, "spec == null");
      this.model = Objects.requireNonNull(model, "model == null");
      return this;
    }

    /** Replies per typed call, re-prompts included (default {@value SpectraAiServices#DEFAULT_MAX_ATTEMPTS}). */
    public Builder<T> maxAttempts(int attempts) {
      this.maxAttempts = Checks.positive(attempts, "maxAttempts");
      return this;
    }

    /** The output limit of every call (default: the model's own); it is also what a budget reserves per call. */
    public Builder<T> maxOutputTokens(int tokens) {
      this.maxOutputTokens = Checks.positive(tokens, "maxOutputTokens");
      return this;
    }

    /** Records every model call (re-prompts and retries that returned a body included), with its usage and cost. */
    public Builder<T> ledger(CostLedger ledger) {
      this.ledger = Objects.requireNonNull(ledger, "ledger == null");
      return this;
    }

    /**
     * Limits what the service may spend over its lifetime; a call that could go over it fails with a
     * {@link dev.spectra.orchestrator.cost.BudgetExceededException} before it is made.
     */
    public Builder<T> budget(Budget budget) {
      this.budget = Objects.requireNonNull(budget, "budget == null");
      return this;
    }

    /** The prices that turn usage into cost, for the ledger and the budget (default {@link PriceTable#defaults()}). */
    public Builder<T> prices(PriceTable prices) {
      this.prices = Objects.requireNonNull(prices, "prices == null");
      return this;
    }

    /** Receives repairs, re-prompts and retries. */
    public Builder<T> listener(Listener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener == null"));
      return this;
    }

    /** How transient provider failures are retried (default {@link RetryPolicy#ofDefaults()}). */
    public Builder<T> retryPolicy(RetryPolicy policy) {
      this.retryPolicy = Objects.requireNonNull(policy, "policy == null");
      return this;
    }

    /** What waits between retries (tests inject one that does not sleep). */
    public Builder<T> sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper == null");
      return this;
    }

    /** Not supported in this version: {@link #build()} refuses it (each call is stateless). */
    public Builder<T> chatMemory(ChatMemory memory) {
      refused.add("chat memory (chatMemory): each call is stateless; the ladder keeps the conversation of one call");
      return this;
    }

    /** Not supported in this version: {@link #build()} refuses it (each call is stateless). */
    public Builder<T> chatMemoryProvider(ChatMemoryProvider provider) {
      refused.add("chat memory (chatMemoryProvider): each call is stateless; the ladder keeps the conversation of one call");
      return this;
    }

    /** Not supported in this version: {@link #build()} refuses it. */
    public Builder<T> tools(Object... tools) {
      refused.add("tools: the model cannot call methods in this version");
      return this;
    }

    /** Not supported in this version: {@link #build()} refuses it. */
    public Builder<T> contentRetriever(ContentRetriever retriever) {
      refused.add("retrieval-augmented generation (contentRetriever): pass the retrieved text as a @V value instead");
      return this;
    }

    /** Not supported in this version: {@link #build()} refuses it. */
    public Builder<T> retrievalAugmentor(RetrievalAugmentor augmentor) {
      refused.add("retrieval-augmented generation (retrievalAugmentor): pass the retrieved text as a @V value instead");
      return this;
    }

    /** Not supported in this version: {@link #build()} refuses it (a typed reply is validated whole). */
    public Builder<T> streamingChatModel(StreamingChatModel model) {
      refused.add("streaming (streamingChatModel): a typed reply is validated whole; use chatModel(...)");
      return this;
    }

    /**
     * Validates the interface and builds the service.
     *
     * @throws IllegalArgumentException listing every problem of the interface, each naming its method, or what
     *     this version refuses (chat memory, tools, retrieval, streaming)
     * @throws IllegalStateException when no model was set
     */
    public T build() {
      if (!refused.isEmpty()) {
        throw new IllegalArgumentException("SpectraAiServices does not support " + String.join("; nor ", refused)
            + " (building " + service.getName() + ")");
      }
      if (model == null) {
        throw new IllegalStateException("no model for " + service.getName()
            + ": call chatModel(...) or model(spec, chatModel) on the SpectraAiServices builder");
      }
      ModelGateway gateway = ModelGateway.builder(spec, model).policy(retryPolicy).sleeper(sleeper).build();
      BudgetAccount account = budget == null ? null : new BudgetAccount(budget, prices, Clock.systemUTC());
      return TypedServices.create(service, new TypedServices.Settings(spec, gateway, maxAttempts, maxOutputTokens, ledger,
          account, prices, method -> events(method, List.copyOf(listeners)), true, false));
    }

    /** {@code custom:<name>} (or {@code openai:}/{@code ollama:} for those clients), capabilities as the model declares them. */
    private static ModelSpec specOf(ChatModel model) {
      String name = model.defaultRequestParameters() == null ? null : model.defaultRequestParameters().modelName();
      name = name == null || name.isBlank() ? model.getClass().getSimpleName() : name;
      ModelProvider provider = model.provider();
      String id = provider == ModelProvider.OPEN_AI ? ModelSpec.OPENAI
          : provider == ModelProvider.OLLAMA ? ModelSpec.OLLAMA : ModelRouter.CUSTOM;
      Set<ModelSpec.Capability> capabilities = model.supportedCapabilities() != null
          && model.supportedCapabilities().contains(Capability.RESPONSE_FORMAT_JSON_SCHEMA)
          ? Set.of(ModelSpec.Capability.JSON_SCHEMA) : Set.of();
      return new ModelSpec(id, name, capabilities);
    }
  }
  /** The events of the ladder in one method's calls, as Events to the listeners. */
  private static CallScope.Events events(String method, List<Listener> listeners) {
    if (listeners.isEmpty()) {
      return CallScope.Events.NONE;
    }
    return new CallScope.Events() {
      @Override
      public void repaired(RunEvent.Repaired.Kind kind, List<String> details) {
        Event.Kind k = switch (kind) {
          case LENIENT -> Event.Kind.REPAIRED;
          case CODE_UNWRAP -> Event.Kind.CODE_UNWRAPPED;
          case REPROMPT -> Event.Kind.REPROMPTED;
          case RETRY -> Event.Kind.RETRYING;
        };
        emit(new Event(method, k, details));
      }

      @Override
      public void retrying(Instant at, String model, String reason, int attempt, Duration delay) {
        emit(new Event(method, Event.Kind.RETRYING,
            List.of(reason, "attempt " + attempt + " failed; retrying in " + delay.toMillis() + " ms")));
      }

      @Override
      public void note(String message) {
        LOG.warn("{}: {}", method, message);
      }

      private void emit(Event event) {
        for (Listener l : listeners) {
          try {
            l.onEvent(event);
          } catch (RuntimeException e) {
            LOG.warn("SpectraAiServices listener {} failed on {}; ignored", l, event.kind(), e);
          }
        }
      }
    };
  }

}
