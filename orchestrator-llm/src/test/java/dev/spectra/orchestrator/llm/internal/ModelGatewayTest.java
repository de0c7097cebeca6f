package dev.spectra.orchestrator.llm.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.spectra.orchestrator.RunCancelledException;
import dev.spectra.orchestrator.llm.ModelSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ModelGatewayTest {
  @Test
  void anInterruptTheHttpClientWrappedIsACancellationAndIsNotRetried() {
    AtomicInteger calls = new AtomicInteger();
    ChatModel interrupted = new ChatModel() {
      @Override
      public ChatResponse doChat(ChatRequest request) {
        calls.incrementAndGet();
        // What HeaderAwareHttpClient does when the thread is interrupted during the send.
        Thread.currentThread().interrupt();
        throw new RuntimeException(new InterruptedException("send interrupted"));
      }
    };
    List<Duration> waits = new ArrayList<>();
    ModelGateway gateway = ModelGateway.builder(ModelSpec.parse("openai:gpt-4o-mini"), interrupted).sleeper(waits::add).build();

    try {
      assertThatThrownBy(() -> gateway.chat(ChatRequest.builder().messages(UserMessage.from("hi")).build()))
          .isInstanceOf(RunCancelledException.class).hasRootCauseInstanceOf(InterruptedException.class);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
    assertThat(calls).hasValue(1);
    assertThat(waits).isEmpty();
  }
}
