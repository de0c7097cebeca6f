package dev.spectra.orchestrator.llm;

import dev.spectra.orchestrator.Activity;
import dev.spectra.orchestrator.SettingHint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * Model settings, resolved with the precedence <em>builder &gt; system properties &gt; environment &gt; {@code .env}
 * file &gt; defaults</em>. System properties use the environment names (e.g. {@code -DOPENAI_MODEL=gpt-4o}).
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>name</th><th>default</th></tr>
 *   <tr><td>{@value #SPECTRA_PROVIDER}</td><td>{@code openai} when {@code OPENAI_API_KEY} is set, else {@code ollama}</td></tr>
 *   <tr><td>{@value #OPENAI_API_KEY}</td><td>none</td></tr>
 *   <tr><td>{@value #OPENAI_BASE_URL}</td><td>{@value #DEFAULT_OPENAI_BASE_URL}</td></tr>
 *   <tr><td>{@value #OPENAI_MODEL}</td><td>{@value #DEFAULT_OPENAI_MODEL}</td></tr>
 *   <tr><td>{@value #OLLAMA_BASE_URL}</td><td>{@value #DEFAULT_OLLAMA_BASE_URL}</td></tr>
 *   <tr><td>{@value #OLLAMA_MODEL}</td><td>{@value #DEFAULT_OLLAMA_MODEL}</td></tr>
 *   <tr><td>{@value #SPECTRA_TIMEOUT}</td><td>180 s: the deadline of one model call's whole response, in seconds
 *       ({@code 60}) or with a unit ({@code 90s}, {@code 2m})</td></tr>
 *   <tr><td>{@code SPECTRA_MODEL_<ACTIVITY>}</td><td>the provider's model; e.g. {@code SPECTRA_MODEL_PLAN=openai:gpt-4o}</td></tr>
 * </table>
 *
 * <pre>{@code
 * LlmConfig config = LlmConfig.fromEnvironment();                     // system properties, environment, ./.env
 * LlmConfig custom = LlmConfig.builder()                              // only what is given, plus defaults
 *     .environment(Map.of("OLLAMA_MODEL", "qwen2.5-coder:7b"))
 *     .model(Activity.PLAN, "openai:gpt-4o").openAiApiKey(key).build();
 * }</pre>
 *
 * <p>The API key never appears in {@link #toString()}, {@link #describe()} or any exception message.
 */
public final class LlmConfig {
  /** Setting: the provider of every activity without a route, {@code openai} or {@code ollama}. */
  public static final String SPECTRA_PROVIDER = "SPECTRA_PROVIDER";
  /** Setting: the OpenAI API key; required for api.openai.com only. */
  public static final String OPENAI_API_KEY = "OPENAI_API_KEY";
  /** Setting: the base URL of OpenAI or an OpenAI-compatible server, up to {@code /chat/completions}. */
  public static final String OPENAI_BASE_URL = "OPENAI_BASE_URL";
  /** Setting: the OpenAI model of activities without a route. */
  public static final String OPENAI_MODEL = "OPENAI_MODEL";
  /** Setting: the base URL of the Ollama server. */
  public static final String OLLAMA_BASE_URL = "OLLAMA_BASE_URL";
  /** Setting: the Ollama model of activities without a route. */
  public static final String OLLAMA_MODEL = "OLLAMA_MODEL";

  /** The builder method of each setting, as a message names it when the value came from the builder. */
  static final Map<String, String> JAVA_NAMES = Map.of(
      "SPECTRA_PROVIDER", "LlmConfig.Builder.provider",
      "OPENAI_API_KEY", "LlmConfig.Builder.openAiApiKey",
      "OPENAI_BASE_URL", "LlmConfig.Builder.openAiBaseUrl",
      "OPENAI_MODEL", "LlmConfig.Builder.openAiModel",
      "OLLAMA_BASE_URL", "LlmConfig.Builder.ollamaBaseUrl",
      "OLLAMA_MODEL", "LlmConfig.Builder.ollamaModel");
  /** Setting: the deadline of one model call's whole response (headers and body), e.g. {@code 60} or {@code 90s}. */
  public static final String SPECTRA_TIMEOUT = "SPECTRA_TIMEOUT";
  /** Prefix of the per-activity routes, e.g. {@code SPECTRA_MODEL_BUILD=ollama:qwen2.5-coder:7b}. */
  public static final String SPECTRA_MODEL_PREFIX = "SPECTRA_MODEL_";

  /** Default of {@value #OPENAI_BASE_URL}. */
  public static final String DEFAULT_OPENAI_BASE_URL = "https://api.openai.com/v1";
  /** Default of {@value #OPENAI_MODEL}. */
  public static final String DEFAULT_OPENAI_MODEL = "gpt-4o-mini";
  /** Default of {@value #OLLAMA_BASE_URL}. */
  public static final String DEFAULT_OLLAMA_BASE_URL = "http://localhost:11434";
  /** Default of {@value #OLLAMA_MODEL}. */
  public static final String DEFAULT_OLLAMA_MODEL = "mistral";
  /** Default HTTP read timeout of one model call (local models are slow on long files). */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(180);
  /** Default sampling temperature: deterministic as far as the provider allows. */
  public static final double DEFAULT_TEMPERATURE = 0.0;
  /** Default seed sent to providers that take one. */
  public static final int DEFAULT_SEED = 42;
  /** Smallest Ollama {@code num_ctx} sent. */
  public static final int DEFAULT_OLLAMA_MIN_CONTEXT = 4096;
  /** Largest Ollama {@code num_ctx} sent (the window of most 7B models). */
  public static final int DEFAULT_OLLAMA_MAX_CONTEXT = 32768;

  /** Where a setting's value came from. */
  public enum Source {
    BUILDER, SYSTEM_PROPERTY, ENVIRONMENT, DOTENV, DEFAULT, NONE
  }

  private record Value(String value, Source source) {}

  private final Map<String, Value> values;
  private final Map<Activity, ModelSpec> routes;
  private final ModelSpec defaultModel;
  private final Duration timeout;
  private final double temperature;
  private final Integer seed;
  private final int ollamaMinContext;
  private final int ollamaMaxContext;
  private final Path dotEnvFile;
  private final Map<Activity, Source> routeSources;

  private LlmConfig(Builder b, Map<String, Value> values, Map<Activity, ModelSpec> routes,
      Map<Activity, Source> routeSources, ModelSpec defaultModel) {
    this.values = values;
    this.routes = routes;
    this.routeSources = routeSources;
    this.defaultModel = defaultModel;
    this.timeout = b.timeout;
    this.temperature = b.temperature;
    this.seed = b.seed;
    this.ollamaMinContext = b.ollamaMinContext;
    this.ollamaMaxContext = b.ollamaMaxContext;
    this.dotEnvFile = b.dotEnvFile;
  }

  /** Settings from system properties, the environment and {@code ./.env}, over the defaults. */
  public static LlmConfig fromEnvironment() {
    return builder().systemProperties(System.getProperties()).environment(System.getenv())
        .dotEnvFile(Path.of(".env")).build();
  }

  /** A builder with no external source: only what it is given, over the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The default provider id, {@code openai} or {@code ollama}. */
  public String provider() {
    return values.get(SPECTRA_PROVIDER).value();
  }

  /** The OpenAI API key, if set. Never log it. */
  public Optional<String> openAiApiKey() {
    return Optional.ofNullable(values.get(OPENAI_API_KEY).value());
  }

  /** The OpenAI (or compatible server) base URL. */
  public String openAiBaseUrl() {
    return values.get(OPENAI_BASE_URL).value();
  }

  /** The OpenAI model of activities without a route. */
  public String openAiModel() {
    return values.get(OPENAI_MODEL).value();
  }

  /** The Ollama base URL. */
  public String ollamaBaseUrl() {
    return values.get(OLLAMA_BASE_URL).value();
  }

  /** The Ollama model of activities without a route. */
  public String ollamaModel() {
    return values.get(OLLAMA_MODEL).value();
  }

  /** The model of activities without a route of their own: the default provider's model. */
  public ModelSpec defaultModel() {
    return defaultModel;
  }

  /** The model an activity uses. */
  public ModelSpec model(Activity activity) {
    return routes.getOrDefault(Objects.requireNonNull(activity, "activity == null"), defaultModel);
  }

  /** Every activity's model. */
  public Map<Activity, ModelSpec> routes() {
    Map<Activity, ModelSpec> all = new EnumMap<>(Activity.class);
    for (Activity a : Activity.values()) {
      all.put(a, model(a));
    }
    return all;
  }

  /** HTTP read timeout of one model call. */
  public Duration timeout() {
    return timeout;
  }

  /** The sampling temperature sent with every call. */
  public double temperature() {
    return temperature;
  }

  /** The seed sent with every call, if any. */
  public Optional<Integer> seed() {
    return Optional.ofNullable(seed);
  }

  /** Smallest Ollama {@code num_ctx} sent. */
  public int ollamaMinContext() {
    return ollamaMinContext;
  }

  /** Largest Ollama {@code num_ctx} sent: the model's context window. */
  public int ollamaMaxContext() {
    return ollamaMaxContext;
  }

  /** Where a named setting came from, e.g. {@code OPENAI_MODEL} from {@link Source#DOTENV}. */
  public Source sourceOf(String name) {
    Value v = values.get(name);
    if (v != null) {
      return v.source();
    }
    for (Activity a : Activity.values()) {
      if (name.equals(SPECTRA_MODEL_PREFIX + a.name())) {
        return routes.containsKey(a) ? routeSources.getOrDefault(a, Source.BUILDER) : Source.NONE;
      }
    }
    throw new IllegalArgumentException("unknown setting \"" + name + "\"; known: " + values.keySet() + " and SPECTRA_MODEL_<ACTIVITY>");
  }

  /** One line per setting with its value and source; the API key shows only whether it is set. */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    values.forEach((name, v) -> sb.append(name).append('=')
        .append(name.equals(OPENAI_API_KEY) ? (v.value() == null ? "(not set)" : "(set)") : v.value())
        .append(" [").append(v.source().name().toLowerCase(Locale.ROOT)).append("]\n"));
    for (Activity a : Activity.values()) {
      sb.append(SPECTRA_MODEL_PREFIX).append(a.name()).append('=').append(model(a).key()).append(" [")
          .append(routes.containsKey(a) ? routeSources.getOrDefault(a, Source.BUILDER).name().toLowerCase(Locale.ROOT) : "default model")
          .append("]\n");
    }
    if (dotEnvFile != null) {
      sb.append(".env file: ").append(dotEnvFile).append(Files.isRegularFile(dotEnvFile) ? "" : " (absent)").append('\n');
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return "LlmConfig{provider=" + provider() + ", routes=" + routes() + ", openAiApiKey="
        + (openAiApiKey().isPresent() ? "(set)" : "(not set)") + ", openAiBaseUrl=" + openAiBaseUrl()
        + ", ollamaBaseUrl=" + ollamaBaseUrl() + ", timeout=" + timeout + "}";
  }

  /** Builds an {@link LlmConfig}; resolves and validates at {@link #build()}. */
  public static final class Builder {
    private final Map<String, String> explicit = new LinkedHashMap<>();
    private final Map<Activity, ModelSpec> explicitRoutes = new EnumMap<>(Activity.class);
    private Map<String, String> systemProperties = Map.of();
    private Map<String, String> environment = Map.of();
    private Path dotEnvFile;
    private Duration timeout = DEFAULT_TIMEOUT;
    private boolean timeoutSet;
    private double temperature = DEFAULT_TEMPERATURE;
    private Integer seed = DEFAULT_SEED;
    private int ollamaMinContext = DEFAULT_OLLAMA_MIN_CONTEXT;
    private int ollamaMaxContext = DEFAULT_OLLAMA_MAX_CONTEXT;

    private Builder() {}

    /** Reads settings from these system properties (named like the environment variables). */
    public Builder systemProperties(Properties properties) {
      Objects.requireNonNull(properties, "properties == null");
      Map<String, String> copy = new LinkedHashMap<>();
      for (String name : properties.stringPropertyNames()) {
        copy.put(name, properties.getProperty(name));
      }
      this.systemProperties = copy;
      return this;
    }

    /** Reads settings from this environment (for tests: a map instead of {@code System.getenv()}). */
    public Builder environment(Map<String, String> environment) {
      this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment == null"));
      return this;
    }

    /** Reads settings from this {@code .env} file if it exists ({@code KEY=VALUE} lines, {@code #} comments). */
    public Builder dotEnvFile(Path file) {
      this.dotEnvFile = Objects.requireNonNull(file, "file == null");
      return this;
    }

    /** The default provider, {@code openai} or {@code ollama} (checked at {@link #build()}). */
    public Builder provider(String provider) {
      return put(SPECTRA_PROVIDER, provider);
    }

    /** The OpenAI API key; never logged. */
    public Builder openAiApiKey(String apiKey) {
      return put(OPENAI_API_KEY, apiKey);
    }

    /** The OpenAI (or compatible server) base URL. */
    public Builder openAiBaseUrl(String baseUrl) {
      return put(OPENAI_BASE_URL, baseUrl);
    }

    /** The OpenAI model of activities without a route. */
    public Builder openAiModel(String model) {
      return put(OPENAI_MODEL, model);
    }

    /** The Ollama base URL. */
    public Builder ollamaBaseUrl(String baseUrl) {
      return put(OLLAMA_BASE_URL, baseUrl);
    }

    /** The Ollama model of activities without a route. */
    public Builder ollamaModel(String model) {
      return put(OLLAMA_MODEL, model);
    }

    /** Routes one activity to a model, e.g. {@code model(Activity.PLAN, "openai:gpt-4o")}. */
    public Builder model(Activity activity, String providerModel) {
      return model(activity, ModelSpec.parse(providerModel));
    }

    /** Routes one activity to a model. */
    public Builder model(Activity activity, ModelSpec model) {
      explicitRoutes.put(Objects.requireNonNull(activity, "activity == null"), Objects.requireNonNull(model, "model == null"));
      return this;
    }

    /**
     * The deadline of one model call's whole response, headers and body (default 180 s, or {@value #SPECTRA_TIMEOUT});
     * a call that misses it is retried at most {@link RetryPolicy#maxTimeoutRetries() once}.
     */
    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout == null");
      if (timeout.isZero() || timeout.isNegative()) {
        throw new IllegalArgumentException("timeout must be > 0, but was " + timeout);
      }
      this.timeout = timeout;
      this.timeoutSet = true;
      return this;
    }

    /** The sampling temperature, 0 to 2 (default 0.0). */
    public Builder temperature(double temperature) {
      if (!(temperature >= 0 && temperature <= 2)) {
        throw new IllegalArgumentException("temperature must be within 0..2, but was " + temperature);
      }
      this.temperature = temperature;
      return this;
    }

    /** The seed sent with every call; {@code null} sends none. */
    public Builder seed(Integer seed) {
      this.seed = seed;
      return this;
    }

    /** Bounds of the Ollama {@code num_ctx} computed per call (defaults 4096 and 32768). */
    public Builder ollamaContext(int min, int max) {
      if (min < 512) {
        throw new IllegalArgumentException("Ollama min context must be >= 512, but was " + min);
      }
      if (max < min) {
        throw new IllegalArgumentException("Ollama max context must be >= min context (" + min + "), but was " + max);
      }
      this.ollamaMinContext = min;
      this.ollamaMaxContext = max;
      return this;
    }

    private Builder put(String name, String value) {
      Objects.requireNonNull(value, () -> name + " == null");
      explicit.put(name, value);
      return this;
    }

    /**
     * Resolves every setting and validates it.
     *
     * @throws LlmConfigException naming the setting, its source and the fix
     * @throws UncheckedIOException when the {@code .env} file exists but cannot be read
     */
    public LlmConfig build() {
      Map<String, String> dotEnv = dotEnvFile == null ? Map.of() : readDotEnv(dotEnvFile);
      Map<String, Value> values = new LinkedHashMap<>();
      for (String name : List.of(SPECTRA_PROVIDER, OPENAI_API_KEY, OPENAI_BASE_URL, OPENAI_MODEL, OLLAMA_BASE_URL, OLLAMA_MODEL)) {
        values.put(name, resolve(name, dotEnv));
      }
      if (values.get(SPECTRA_PROVIDER).value() == null) {
        values.put(SPECTRA_PROVIDER, new Value(values.get(OPENAI_API_KEY).value() != null ? ModelSpec.OPENAI : ModelSpec.OLLAMA, Source.DEFAULT));
      }
      defaultIfMissing(values, OPENAI_BASE_URL, DEFAULT_OPENAI_BASE_URL);
      defaultIfMissing(values, OPENAI_MODEL, DEFAULT_OPENAI_MODEL);
      defaultIfMissing(values, OLLAMA_BASE_URL, DEFAULT_OLLAMA_BASE_URL);
      defaultIfMissing(values, OLLAMA_MODEL, DEFAULT_OLLAMA_MODEL);

      Value provider = values.get(SPECTRA_PROVIDER);
      String p = provider.value().trim().toLowerCase(Locale.ROOT);
      if (!p.equals(ModelSpec.OPENAI) && !p.equals(ModelSpec.OLLAMA)) {
        throw new LlmConfigException(named(SPECTRA_PROVIDER, provider) + " must be openai or ollama, but was \""
            + provider.value() + "\" (from " + describe(provider.source()) + ")", hint(SPECTRA_PROVIDER, provider));
      }
      values.put(SPECTRA_PROVIDER, new Value(p, provider.source()));
      checkUrl(OPENAI_BASE_URL, values.get(OPENAI_BASE_URL));
      checkUrl(OLLAMA_BASE_URL, values.get(OLLAMA_BASE_URL));
      for (String name : List.of(OPENAI_MODEL, OLLAMA_MODEL)) {
        Value v = values.get(name);
        if (v.value().isBlank() || v.value().chars().anyMatch(Character::isWhitespace)) {
          throw new LlmConfigException(named(name, v) + " must be a model name without spaces, but was \"" + v.value()
              + "\" (from " + describe(v.source()) + ")", hint(name, v));
        }
      }
      ModelSpec defaultModel = p.equals(ModelSpec.OPENAI)
          ? ModelSpec.of(ModelSpec.OPENAI, values.get(OPENAI_MODEL).value())
          : ModelSpec.of(ModelSpec.OLLAMA, values.get(OLLAMA_MODEL).value());

      Map<Activity, ModelSpec> routes = new EnumMap<>(Activity.class);
      Map<Activity, Source> routeSources = new EnumMap<>(Activity.class);
      resolveRoutes(dotEnv, routes, routeSources);
      for (Activity a : Activity.values()) {
        ModelSpec m = routes.getOrDefault(a, defaultModel);
        if (!m.provider().equals(ModelSpec.OPENAI) && !m.provider().equals(ModelSpec.OLLAMA)) {
          throw new LlmConfigException(SPECTRA_MODEL_PREFIX + a.name() + " names provider \"" + m.provider()
              + "\", but only openai and ollama are configured from settings; route other ChatModels with ModelRouter.builder()");
        }
      }
      boolean openAiUsed = false;
      for (Activity a : Activity.values()) {
        openAiUsed |= routes.getOrDefault(a, defaultModel).provider().equals(ModelSpec.OPENAI);
      }
      Value key = values.get(OPENAI_API_KEY);
      if (openAiUsed && key.value() == null && isOpenAiCloud(values.get(OPENAI_BASE_URL).value())) {
        throw new LlmConfigException("OPENAI_API_KEY is not set, but " + routesUsing(routes, defaultModel, ModelSpec.OPENAI)
            + " use OpenAI; set OPENAI_API_KEY (environment, system property or .env file), or set "
            + (provider.source() == Source.BUILDER ? "LlmConfig.Builder.provider to ollama" : "SPECTRA_PROVIDER=ollama")
            + " to use a local model", provider.source() == Source.BUILDER
                ? new SettingHint(SPECTRA_PROVIDER, JAVA_NAMES.get(SPECTRA_PROVIDER), p) : SettingHint.of(OPENAI_API_KEY, OPENAI_API_KEY));
      }
      if (key.value() != null && key.value().chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
        throw new LlmConfigException(named(OPENAI_API_KEY, key) + " (from " + describe(key.source())
            + ") holds spaces or control characters; copy the key again without them", hint(OPENAI_API_KEY, key));
      }
      if (!timeoutSet) {
        Value t = resolve(SPECTRA_TIMEOUT, dotEnv);
        if (t.value() != null) {
          timeout = parseTimeout(t.value(), describe(t.source()));
        }
      }
      return new LlmConfig(this, values, routes, routeSources, defaultModel);
    }

    /** {@code 60}, {@code 60s}, {@code 2m} or ISO-8601 {@code PT60S}; positive. */
    static Duration parseTimeout(String text, String source) {
      String v = text.trim().toLowerCase(Locale.ROOT);
      Duration d = null;
      try {
        if (v.matches("\\d+")) {
          d = Duration.ofSeconds(Long.parseLong(v));
        } else if (v.matches("\\d+s")) {
          d = Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
        } else if (v.matches("\\d+m")) {
          d = Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
        } else if (v.startsWith("pt")) {
          d = Duration.parse(v.toUpperCase(Locale.ROOT));
        }
      } catch (RuntimeException e) {
        d = null;
      }
      if (d == null || d.isZero() || d.isNegative()) {
        throw new LlmConfigException(SPECTRA_TIMEOUT + " must be a positive number of seconds (e.g. 60, 90s or 2m), but was \""
            + text + "\" (from " + source + ")");
      }
      return d;
    }

    private static boolean isOpenAiCloud(String baseUrl) {
      String host = URI.create(baseUrl).getHost();
      return host != null && host.toLowerCase(Locale.ROOT).endsWith("openai.com");
    }

    private static String routesUsing(Map<Activity, ModelSpec> routes, ModelSpec defaultModel, String provider) {
      List<String> names = new ArrayList<>();
      for (Activity a : Activity.values()) {
        if (routes.getOrDefault(a, defaultModel).provider().equals(provider)) {
          names.add(a.name());
        }
      }
      return "the activities " + names;
    }

    private void resolveRoutes(Map<String, String> dotEnv, Map<Activity, ModelSpec> routes, Map<Activity, Source> sources) {
      List<Map.Entry<Source, Map<String, String>>> layers = List.of(
          Map.entry(Source.DOTENV, dotEnv), Map.entry(Source.ENVIRONMENT, environment),
          Map.entry(Source.SYSTEM_PROPERTY, systemProperties));
      for (Map.Entry<Source, Map<String, String>> layer : layers) {
        for (Map.Entry<String, String> e : layer.getValue().entrySet()) {
          if (!e.getKey().startsWith(SPECTRA_MODEL_PREFIX)) {
            continue;
          }
          String activityName = e.getKey().substring(SPECTRA_MODEL_PREFIX.length());
          Activity activity;
          try {
            activity = Activity.valueOf(activityName);
          } catch (IllegalArgumentException ex) {
            List<String> names = new ArrayList<>();
            for (Activity a : Activity.values()) {
              names.add(SPECTRA_MODEL_PREFIX + a.name());
            }
            throw new LlmConfigException("unknown setting " + e.getKey() + " (from " + describe(layer.getKey())
                + "); per-activity routes are " + names);
          }
          if (e.getValue() == null || e.getValue().isBlank()) {
            continue;
          }
          try {
            routes.put(activity, ModelSpec.parse(e.getValue()));
          } catch (IllegalArgumentException ex) {
            throw new LlmConfigException(e.getKey() + " (from " + describe(layer.getKey()) + "): " + ex.getMessage());
          }
          sources.put(activity, layer.getKey());
        }
      }
      explicitRoutes.forEach((a, m) -> {
        routes.put(a, m);
        sources.put(a, Source.BUILDER);
      });
    }

    private Value resolve(String name, Map<String, String> dotEnv) {
      if (explicit.containsKey(name)) {
        return new Value(explicit.get(name).trim(), Source.BUILDER);
      }
      for (Map.Entry<Source, Map<String, String>> layer : List.of(
          Map.entry(Source.SYSTEM_PROPERTY, systemProperties), Map.entry(Source.ENVIRONMENT, environment),
          Map.entry(Source.DOTENV, dotEnv))) {
        String v = layer.getValue().get(name);
        if (v != null && !v.isBlank()) {
          return new Value(v.trim(), layer.getKey());
        }
      }
      return new Value(null, Source.NONE);
    }

    private static void defaultIfMissing(Map<String, Value> values, String name, String value) {
      if (values.get(name).value() == null) {
        values.put(name, new Value(value, Source.DEFAULT));
      }
    }

    private void checkUrl(String name, Value v) {
      String problem = null;
      try {
        URI uri = new URI(v.value());
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
          problem = "must start with http:// or https://";
        } else if (uri.getHost() == null) {
          problem = "has no host";
        } else if (uri.getUserInfo() != null) {
          problem = "must not hold user info; put keys in OPENAI_API_KEY";
        }
      } catch (URISyntaxException e) {
        problem = "is not a valid URL (" + e.getReason() + ")";
      }
      if (problem != null) {
        String shown = v.value().contains("@") ? "(hidden: it holds user info)" : "\"" + v.value() + "\"";
        throw new LlmConfigException(named(name, v) + " " + problem + ", but was " + shown + " (from " + describe(v.source())
            + "), e.g. " + (name.equals(OPENAI_BASE_URL) ? DEFAULT_OPENAI_BASE_URL : DEFAULT_OLLAMA_BASE_URL),
            new SettingHint(name, named(name, v), v.value().contains("@") ? null : v.value()));
      }
    }

    /** How a message names a setting: its builder method when the value came from the builder, else its variable. */
    private static String named(String name, Value v) {
      return v.source() == Source.BUILDER ? JAVA_NAMES.get(name) : name;
    }

    /** The hint of a setting with this value (a key's value is never shown). */
    private static SettingHint hint(String name, Value v) {
      return new SettingHint(name, named(name, v), name.equals(OPENAI_API_KEY) ? null : v.value());
    }

    private String describe(Source source) {
      return switch (source) {
        case BUILDER -> "the builder";
        case SYSTEM_PROPERTY -> "a system property";
        case ENVIRONMENT -> "the environment";
        case DOTENV -> "the .env file " + dotEnvFile;
        case DEFAULT -> "the default";
        case NONE -> "nowhere";
      };
    }

    static Map<String, String> readDotEnv(Path file) {
      if (!Files.isRegularFile(file)) {
        return Map.of();
      }
      List<String> lines;
      try {
        lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the .env file " + file + ": " + e.getMessage(), e);
      }
      Map<String, String> out = new LinkedHashMap<>();
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i).strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        if (line.startsWith("export ")) {
          line = line.substring("export ".length()).strip();
        }
        int eq = line.indexOf('=');
        String key = eq < 0 ? line : line.substring(0, eq).strip();
        if (eq <= 0 || !key.matches("[A-Za-z_][A-Za-z0-9_.]*")) {
          throw new LlmConfigException(".env file " + file + " line " + (i + 1)
              + ": expected KEY=VALUE with a name of letters, digits and '_'" + (eq > 0 ? ", but the name was \"" + key + "\"" : ""));
        }
        String value = line.substring(eq + 1).strip();
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
          value = value.substring(1, value.length() - 1);
        } else {
          int hash = value.indexOf(" #");
          if (hash >= 0) {
            value = value.substring(0, hash).strip();
          }
        }
        out.put(key, value);
      }
      return out;
    }
  }
}
