package dev.spectra.orchestrator.llm.internal;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.output.TokenUsage;
import dev.spectra.orchestrator.llm.LlmConfig;
import dev.spectra.orchestrator.llm.LlmConfigException;
import dev.spectra.orchestrator.llm.ModelSpec;
import java.time.Clock;

/**
 * Builds LangChain4j chat models for the configured providers: their own retries off ({@code maxRetries(0)}: the
 * gateway retries, so counts are exact), the header-aware HTTP client (so {@code Retry-After} survives), the
 * timeout, temperature and seed of the configuration, and for OpenAI strict structured outputs when the model has
 * {@link ModelSpec.Capability#STRICT_JSON_SCHEMA}.
 *
 * <p>The provider clients are optional at run time (docs/consumer.md): {@code langchain4j-ollama} is an optional
 * dependency, and {@code langchain4j-open-ai} may be excluded. Only {@link OpenAiClient} and {@link OllamaClient}
 * name their classes, and they are loaded only when their provider is used, after {@link #requireClient} has checked
 * that the client is there.
 */
public final class Providers {
  private Providers() {}

  /** A built-in provider's client: the Maven artifact, and a class it holds. */
  private enum Client {
    OPENAI(ModelSpec.OPENAI, "dev.langchain4j:langchain4j-open-ai", "dev.langchain4j.model.openai.OpenAiChatModel"),
    OLLAMA(ModelSpec.OLLAMA, "dev.langchain4j:langchain4j-ollama", "dev.langchain4j.model.ollama.OllamaChatModel");

    final String provider;
    final String artifact;
    final boolean present;

    Client(String provider, String artifact, String probeClass) {
      this.provider = provider;
      this.artifact = artifact;
      this.present = loadable(probeClass);
    }

    static Client of(String provider) {
      for (Client c : values()) {
        if (c.provider.equals(provider)) {
          return c;
        }
      }
      return null;
    }
  }

  /**
   * Fails when a built-in provider's client is not on the class path.
   *
   * @param setting the setting that chose the provider, for the message ({@code SPECTRA_PROVIDER},
   *     {@code SPECTRA_MODEL_BUILD}...)
   * @param source where that setting's value came from
   * @throws LlmConfigException naming the missing artifact (groupId:artifactId) and the setting to change
   */
  public static void requireClient(ModelSpec spec, String setting, LlmConfig.Source source) {
    Client client = Client.of(spec.provider());
    if (client == null || client.present) {
      return;
    }
    String from = switch (source) {
      case DEFAULT, NONE -> "by default";
      case BUILDER -> "set on the LlmConfig builder";
      case SYSTEM_PROPERTY -> "from a system property";
      case ENVIRONMENT -> "from the environment";
      case DOTENV -> "from the .env file";
    };
    String alternative = source == LlmConfig.Source.DEFAULT && client == Client.OLLAMA
        ? "set " + LlmConfig.OPENAI_API_KEY + " to use OpenAI (" + setting + " defaults to ollama without it), or set " + setting
        : "choose another provider with " + setting;
    throw new LlmConfigException("provider \"" + spec.provider() + "\" (model " + spec.key() + ", " + setting + " "
        + from + ") needs " + client.artifact + " on the class path, an optional dependency of orchestrator-llm: add"
        + " it to your build (orchestrator-bom gives its version; see docs/consumer.md), or " + alternative);
  }

  /** The chat model for a spec whose provider is {@code openai} or {@code ollama}. */
  public static ChatModel chatModel(ModelSpec spec, LlmConfig config, Clock clock) {
    Client client = Client.of(spec.provider());
    if (client == null) {
      throw new IllegalArgumentException("no built-in provider \"" + spec.provider()
          + "\"; built-in ones are openai and ollama; route other ChatModels with ModelRouter.builder()");
    }
    requireClient(spec, LlmConfig.SPECTRA_PROVIDER, LlmConfig.Source.NONE);
    return client == Client.OPENAI ? OpenAiClient.chatModel(spec, config, clock) : OllamaClient.chatModel(spec, config, clock);
  }

  /** The base URL a spec's provider is reached at, for messages; {@code null} for other providers. */
  public static String baseUrl(ModelSpec spec, LlmConfig config) {
    return switch (spec.provider()) {
      case ModelSpec.OPENAI -> config.openAiBaseUrl();
      case ModelSpec.OLLAMA -> config.ollamaBaseUrl();
      default -> null;
    };
  }

  /** Cached input tokens of an OpenAI reply's usage; 0 for any other usage, or without the OpenAI client. */
  static long cachedInputTokens(TokenUsage usage) {
    return usage != null && Client.OPENAI.present ? OpenAiClient.cachedInputTokens(usage) : 0;
  }

  /**
   * The request with Ollama's {@code num_ctx}; unchanged without the Ollama client (a caller's own model routed as
   * {@code ollama:...}, which then gets the server's default context).
   */
  static ChatRequest withNumCtx(ChatRequest request, int numCtx) {
    return Client.OLLAMA.present ? OllamaClient.withNumCtx(request, numCtx) : request;
  }

  private static boolean loadable(String className) {
    try {
      Class.forName(className, false, Providers.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
