package dev.spectra.orchestrator.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.spectra.orchestrator.Activity;
import dev.spectra.orchestrator.test.ScriptedChatModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelRouterDecoratedTest {
  /** A wrapper that remembers what it wraps. */
  record Wrapper(ChatModel inner) implements ChatModel {
    @Override
    public ChatResponse doChat(ChatRequest request) {
      return inner.chat(request);
    }
  }

  @Test
  void wrapsEachDistinctModelOnceAndKeepsTheSpecs() {
    ScriptedChatModel a = ScriptedChatModel.replying("a");
    ScriptedChatModel b = ScriptedChatModel.replying("b");
    ModelRouter router = ModelRouter.builder()
        .model(ModelSpec.parse("openai:gpt-4o-mini"), a)
        .route(Activity.BUILD, ModelSpec.parse("ollama:qwen2.5-coder:7b"), b)
        .build();
    List<ChatModel> seen = new ArrayList<>();

    ModelRouter decorated = router.decorated(m -> {
      seen.add(m);
      return new Wrapper(m);
    });

    assertThat(seen).containsExactlyInAnyOrder(a, b);
    assertThat(decorated.chatModel(Activity.PLAN)).isEqualTo(new Wrapper(a)).isSameAs(decorated.chatModel(Activity.TEST));
    assertThat(decorated.chatModel(Activity.BUILD)).isEqualTo(new Wrapper(b));
    assertThat(decorated.model(Activity.BUILD).key()).isEqualTo("ollama:qwen2.5-coder:7b");
    assertThat(decorated.models()).isEqualTo(router.models());
  }

  @Test
  void keepsTheSettingsOfARouterBuiltFromThem() {
    ModelRouter router = ModelRouter.from(LlmConfig.builder().environment(Map.of("SPECTRA_PROVIDER", "ollama")).build());

    ModelRouter decorated = router.decorated(Wrapper::new);

    assertThat(decorated.config()).isPresent().get().isSameAs(router.config().orElseThrow());
    assertThat(decorated.chatModel(Activity.PLAN)).isInstanceOf(Wrapper.class);
  }

  @Test
  void aDecoratorReturningNullIsRejected() {
    ModelRouter router = ModelRouter.of(ModelSpec.parse("openai:gpt-4o-mini"), ScriptedChatModel.replying("x"));

    assertThatThrownBy(() -> router.decorated(m -> null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("decorator returned null for openai:gpt-4o-mini");
  }
}
