package dev.spectra.orchestrator.llm.internal;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.spectra.orchestrator.llm.LlmConfig;
import dev.spectra.orchestrator.llm.ModelSpec;
import java.time.Clock;

/**
 * Builds LangChain4j chat models for the configured providers: their own retries off ({@code maxRetries(0)}: the
 * gateway retries, so counts are exact), the header-aware HTTP client (so {@code Retry-After} survives), the
 * timeout, temperature and seed of the configuration, and for OpenAI strict structured outputs when the model has
 * {@link ModelSpec.Capability#STRICT_JSON_SCHEMA}.
 */
public final class Providers {
  private Providers() {}

  /** The chat model for a spec whose provider is {@code openai} or {@code ollama}. */
  public static ChatModel chatModel(ModelSpec spec, LlmConfig config, Clock clock) {
    return switch (spec.provider()) {
      case ModelSpec.OPENAI -> OpenAiChatModel.builder()
          .baseUrl(config.openAiBaseUrl())
          .apiKey(config.openAiApiKey().orElse(null))
          .modelName(spec.name())
          .temperature(config.temperature())
          .seed(config.seed().orElse(null))
          .timeout(config.timeout())
          .maxRetries(0)
          .strictJsonSchema(spec.has(ModelSpec.Capability.STRICT_JSON_SCHEMA))
          .httpClientBuilder(HeaderAwareHttpClient.builder(clock))
          .build();
      case ModelSpec.OLLAMA -> OllamaChatModel.builder()
          .baseUrl(config.ollamaBaseUrl())
          .modelName(spec.name())
          .temperature(config.temperature())
          .seed(config.seed().orElse(null))
          .timeout(config.timeout())
          .maxRetries(0)
          .httpClientBuilder(HeaderAwareHttpClient.builder(clock).requestBody(OllamaFormat::closeObjects))
          .build();
      default -> throw new IllegalArgumentException("no built-in provider \"" + spec.provider()
          + "\"; built-in ones are openai and ollama; route other ChatModels with ModelRouter.builder()");
    };
  }

  /** The base URL a spec's provider is reached at, for messages; {@code null} for other providers. */
  public static String baseUrl(ModelSpec spec, LlmConfig config) {
    return switch (spec.provider()) {
      case ModelSpec.OPENAI -> config.openAiBaseUrl();
      case ModelSpec.OLLAMA -> config.ollamaBaseUrl();
      default -> null;
    };
  }
}
