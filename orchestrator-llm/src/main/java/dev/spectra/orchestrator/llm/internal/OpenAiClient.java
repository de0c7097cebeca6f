package dev.spectra.orchestrator.llm.internal;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiTokenUsage;
import dev.langchain4j.model.output.TokenUsage;
import dev.spectra.orchestrator.llm.LlmConfig;
import dev.spectra.orchestrator.llm.ModelSpec;
import java.time.Clock;

/** Everything that names {@code langchain4j-open-ai}'s classes; loaded only when that client is present. */
final class OpenAiClient {
  private OpenAiClient() {}

  static ChatModel chatModel(ModelSpec spec, LlmConfig config, Clock clock) {
    return OpenAiChatModel.builder()
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
  }

  static long cachedInputTokens(TokenUsage usage) {
    if (usage instanceof OpenAiTokenUsage o && o.inputTokensDetails() != null && o.inputTokensDetails().cachedTokens() != null) {
      return o.inputTokensDetails().cachedTokens();
    }
    return 0;
  }
}
