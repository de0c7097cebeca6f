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

  @Test
  void aTimeoutIsRetriedOnceThenFailsNamingTheSetting() {
    AtomicInteger calls = new AtomicInteger();
    ChatModel stalled = new ChatModel() {
      @Override
      public ChatResponse doChat(ChatRequest request) {
        calls.incrementAndGet();
        throw new dev.langchain4j.exception.TimeoutException(new java.net.http.HttpTimeoutException("no complete response"));
      }
    };
    List<Duration> waits = new ArrayList<>();
    ModelGateway gateway = ModelGateway.builder(ModelSpec.parse("openai:gpt-4o-mini"), stalled).sleeper(waits::add).build();

    assertThatThrownBy(() -> gateway.chat(ChatRequest.builder().messages(UserMessage.from("hi")).build()))
        .isInstanceOf(dev.spectra.orchestrator.llm.ProviderException.class)
        .hasMessageContaining("did not answer in time").hasMessageContaining("SPECTRA_TIMEOUT");
    assertThat(calls).as("attempts (default policy: 5 attempts, 1 timeout retry)").hasValue(2);
    assertThat(waits).hasSize(1);
  }

  @Test
  void aCallThatWaitsIsNotedWhileItWaits() throws Exception {
    ChatModel slow = new ChatModel() {
      @Override
      public ChatResponse doChat(ChatRequest request) {
        try {
          Thread.sleep(1500);
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
        return ChatResponse.builder().aiMessage(dev.langchain4j.data.message.AiMessage.from("ok")).build();
      }
    };
    List<String> notes = new java.util.concurrent.CopyOnWriteArrayList<>();
    dev.spectra.orchestrator.RunContext ctx = dev.spectra.orchestrator.RunContext.builder()
        .workspace(dev.spectra.orchestrator.workspace.Workspace.at(java.nio.file.Files.createTempDirectory("gw")))
        .listener(e -> {
          if (e instanceof dev.spectra.orchestrator.RunEvent.Note n) {
            notes.add(n.message());
          }
        }).build();
    ModelGateway gateway = ModelGateway.builder(ModelSpec.parse("openai:gpt-4o-mini"), slow)
        .progressEvery(Duration.ofMillis(400)).build();

    CallScope.of(ctx, dev.spectra.orchestrator.Activity.BUILD, "app/main.py")
        .run(() -> gateway.chat(ChatRequest.builder().messages(UserMessage.from("hi")).build()));

    assertThat(notes).isNotEmpty().allMatch(n -> n.startsWith("waiting for openai:gpt-4o-mini (app/main.py): no answer yet after"));
    int seen = notes.size();
    Thread.sleep(1000);
    assertThat(notes).as("notes after the answer came").hasSize(seen);
  }
}
