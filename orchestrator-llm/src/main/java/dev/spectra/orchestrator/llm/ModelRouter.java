package dev.spectra.orchestrator.llm;

import dev.langchain4j.model.chat.ChatModel;
import dev.spectra.orchestrator.Activity;
import dev.spectra.orchestrator.llm.internal.Providers;
import java.time.Clock;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Which model serves each activity (PLAN, BUILD, TEST for fixes, DEPLOY, MONITOR for diagnoses). Switching
 * providers to compare them is one setting: {@code SPECTRA_PROVIDER}, {@code OPENAI_MODEL}/{@code OLLAMA_MODEL},
 * or a {@code SPECTRA_MODEL_<ACTIVITY>} route.
 *
 * <pre>{@code
 * ModelRouter fromSettings = ModelRouter.fromEnvironment();
 * ModelRouter anyModel = ModelRouter.of(myLangChain4jChatModel);          // every activity on one model
 * ModelRouter mixed = ModelRouter.builder()
 *     .model(ModelSpec.parse("openai:gpt-4o-mini"), openAi)
 *     .route(Activity.BUILD, ModelSpec.parse("ollama:qwen2.5-coder:7b"), ollama)
 *     .build();
 * }</pre>
 *
 * <p>Models built from settings have LangChain4j's retries off and keep {@code Retry-After}; a {@code ChatModel}
 * supplied here should be built with {@code maxRetries(0)} too, so that retries are counted once.
 */
public final class ModelRouter {
  /** The provider id given to a caller's model when none is named. */
  public static final String CUSTOM = "custom";

  /** One activity's model. */
  record Route(ModelSpec spec, ChatModel model, String baseUrl) {}

  private final Map<Activity, Route> routes;
  private final LlmConfig config;

  private ModelRouter(Map<Activity, Route> routes, LlmConfig config) {
    this.routes = routes;
    this.config = config;
  }

  /** Models from {@link LlmConfig#fromEnvironment()}. */
  public static ModelRouter fromEnvironment() {
    return from(LlmConfig.fromEnvironment());
  }

  /**
   * OpenAI and Ollama models as the configuration routes them; one chat model per distinct model.
   *
   * @throws LlmConfigException when a route names a provider whose LangChain4j client is not on the class path
   *     (the message names the artifact, e.g. {@code dev.langchain4j:langchain4j-ollama}, and the setting)
   */
  public static ModelRouter from(LlmConfig config) {
    Objects.requireNonNull(config, "config == null");
    for (Activity a : Activity.values()) {
      String route = LlmConfig.SPECTRA_MODEL_PREFIX + a.name();
      LlmConfig.Source routed = config.sourceOf(route);
      String setting = routed == LlmConfig.Source.NONE ? LlmConfig.SPECTRA_PROVIDER : route;
      Providers.requireClient(config.model(a), setting, config.sourceOf(setting));
    }
    Map<String, ChatModel> built = new HashMap<>();
    Map<Activity, Route> routes = new EnumMap<>(Activity.class);
    for (Activity a : Activity.values()) {
      ModelSpec spec = config.model(a);
      ChatModel model = built.computeIfAbsent(spec.key(), k -> Providers.chatModel(spec, config, Clock.systemUTC()));
      routes.put(a, new Route(spec, model, Providers.baseUrl(spec, config)));
    }
    return new ModelRouter(routes, config);
  }

  /**
   * Every activity on one caller-supplied model, named {@code custom:<model name>} (its default model name, else
   * its class name), with no native structured output.
   */
  public static ModelRouter of(ChatModel model) {
    Objects.requireNonNull(model, "model == null");
    String name = model.defaultRequestParameters() == null ? null : model.defaultRequestParameters().modelName();
    return of(new ModelSpec(CUSTOM, name == null || name.isBlank() ? model.getClass().getSimpleName() : name, Set.of()), model);
  }

  /** Every activity on one caller-supplied model. */
  public static ModelRouter of(ModelSpec spec, ChatModel model) {
    return builder().model(spec, model).build();
  }

  /** A builder for caller-supplied chat models. */
  public static Builder builder() {
    return new Builder();
  }

  /** The model of an activity. */
  public ModelSpec model(Activity activity) {
    return routes.get(Objects.requireNonNull(activity, "activity == null")).spec();
  }

  /** The LangChain4j chat model of an activity (without the gateway's retries and accounting). */
  public ChatModel chatModel(Activity activity) {
    return routes.get(Objects.requireNonNull(activity, "activity == null")).model();
  }

  /** Every {@code provider:model} routed to. */
  public Set<String> models() {
    Set<String> keys = new LinkedHashSet<>();
    routes.values().forEach(r -> keys.add(r.spec().key()));
    return keys;
  }

  /**
   * This router with every chat model wrapped by {@code decorator}, once per distinct model, keeping the specs, base
   * URLs and settings. The wrapper sits between the library's gateway (retries, accounting) and the provider's model,
   * so it sees every attempt: e.g. a {@code RecordingChatModel} that saves a cassette of a live run, or a timer.
   *
   * @throws NullPointerException when the decorator returns {@code null}
   */
  public ModelRouter decorated(UnaryOperator<ChatModel> decorator) {
    Objects.requireNonNull(decorator, "decorator == null");
    Map<ChatModel, ChatModel> wrapped = new IdentityHashMap<>();
    Map<Activity, Route> out = new EnumMap<>(Activity.class);
    routes.forEach((a, r) -> out.put(a, new Route(r.spec(), wrapped.computeIfAbsent(r.model(),
        m -> Objects.requireNonNull(decorator.apply(m), "decorator returned null for " + r.spec().key())), r.baseUrl())));
    return new ModelRouter(out, config);
  }

  /** The settings the models were built from, when they were. */
  public Optional<LlmConfig> config() {
    return Optional.ofNullable(config);
  }

  Route route(Activity activity) {
    return routes.get(activity);
  }

  @Override
  public String toString() {
    Map<Activity, String> shown = new EnumMap<>(Activity.class);
    routes.forEach((a, r) -> shown.put(a, r.spec().key()));
    return "ModelRouter" + shown;
  }

  /** Builds a {@link ModelRouter} from caller-supplied chat models. */
  public static final class Builder {
    private Route defaultRoute;
    private final Map<Activity, Route> routes = new EnumMap<>(Activity.class);

    private Builder() {}

    /** The model of every activity without a route of its own. */
    public Builder model(ModelSpec spec, ChatModel model) {
      this.defaultRoute = new Route(Objects.requireNonNull(spec, "spec == null"), Objects.requireNonNull(model, "model == null"), null);
      return this;
    }

    /** The model of one activity. */
    public Builder route(Activity activity, ModelSpec spec, ChatModel model) {
      routes.put(Objects.requireNonNull(activity, "activity == null"),
          new Route(Objects.requireNonNull(spec, "spec == null"), Objects.requireNonNull(model, "model == null"), null));
      return this;
    }

    /**
     * @throws IllegalStateException naming the activities without a model
     */
    public ModelRouter build() {
      Map<Activity, Route> all = new EnumMap<>(Activity.class);
      Set<Activity> missing = new LinkedHashSet<>();
      for (Activity a : Activity.values()) {
        Route r = routes.getOrDefault(a, defaultRoute);
        if (r == null) {
          missing.add(a);
        } else {
          all.put(a, r);
        }
      }
      if (!missing.isEmpty()) {
        throw new IllegalStateException("no model for activities " + missing + "; call model(spec, chatModel) for a default or route(...) for each");
      }
      return new ModelRouter(all, null);
    }
  }
}
