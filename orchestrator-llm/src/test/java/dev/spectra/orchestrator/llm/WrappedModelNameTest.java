package dev.spectra.orchestrator.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.spectra.orchestrator.Activity;
import dev.spectra.orchestrator.test.ChaosChatModel;
import dev.spectra.orchestrator.test.RecordingChatModel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A router over a wrapped model names the wrapped model (its default model name), not the wrapper class. */
class WrappedModelNameTest {
  @TempDir
  Path dir;

  /** A model configured with a model name, as a provider's builder makes one. */
  private static final ChatModel LLAMA = new ChatModel() {
    @Override
    public ChatResponse doChat(ChatRequest request) {
      return ChatResponse.builder().aiMessage(AiMessage.from("ok")).build();
    }

    @Override
    public ChatRequestParameters defaultRequestParameters() {
      return DefaultChatRequestParameters.builder().modelName("llama3.2:3b").build();
    }
  };

  @Test
  void theTestKitsWrappersKeepTheWrappedModelsName() {
    ChatModel recorded = RecordingChatModel.of(LLAMA, dir.resolve("c.json"));
    ChatModel chaotic = ChaosChatModel.builder(recorded).seed(1).build();

    assertThat(ModelRouter.of(recorded).model(Activity.PLAN).key()).isEqualTo("custom:llama3.2:3b");
    assertThat(ModelRouter.of(chaotic).model(Activity.BUILD).key()).isEqualTo("custom:llama3.2:3b");
  }
}
