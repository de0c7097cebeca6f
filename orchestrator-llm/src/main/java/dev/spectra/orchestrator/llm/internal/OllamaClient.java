package dev.spectra.orchestrator.llm.internal;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.ollama.OllamaChatRequestParameters;
import dev.spectra.orchestrator.llm.LlmConfig;
import dev.spectra.orchestrator.llm.ModelSpec;
import java.time.Clock;

/** Everything that names {@code langchain4j-ollama}'s classes; loaded only when that client is present. */
final class OllamaClient {
  private OllamaClient() {}

  static ChatModel chatModel(ModelSpec spec, LlmConfig config, Clock clock) {
    return OllamaChatModel.builder()
        .baseUrl(config.ollamaBaseUrl())
        .modelName(spec.name())
        .temperature(config.temperature())
        .seed(config.seed().orElse(null))
        .timeout(config.timeout())
        .maxRetries(0)
        .httpClientBuilder(HeaderAwareHttpClient.builder(clock).requestBody(OllamaFormat::closeObjects))
        .build();
  }

  static ChatRequest withNumCtx(ChatRequest request, int numCtx) {
    ChatRequestParameters merged = OllamaChatRequestParameters.builder()
        .overrideWith(request.parameters())
        .numCtx(numCtx)
        .build();
    return request.toBuilder().parameters(merged).build();
  }
}
