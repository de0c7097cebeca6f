package dev.spectra.orchestrator.examples.cli;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.ChatRequestOptions;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.spectra.orchestrator.chat.ForwardingChatModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Wraps a {@link ChatModel} and records the wall time of every call that returned a reply, and every error a call
 * threw. Placed next to the provider's model (inside the library's retrying gateway), it sees each HTTP attempt.
 * Thread-safe: parallel file generations share one.
 */
final class TimedChatModel extends ForwardingChatModel {
  private final List<Duration> latencies = new ArrayList<>();
  private final List<RuntimeException> errors = new ArrayList<>();

  public TimedChatModel(ChatModel delegate) {
    super(delegate);
  }

  @Override
  public ChatResponse chat(ChatRequest request, ChatRequestOptions options) {
    long start = System.nanoTime();
    ChatResponse response;
    try {
      response = super.chat(request, options);
    } catch (RuntimeException e) {
      synchronized (this) {
        errors.add(e);
      }
      throw e;
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    synchronized (this) {
      latencies.add(took);
    }
    return response;
  }

  /** The wall time of each call that returned a reply, in completion order. */
  public synchronized List<Duration> latencies() {
    return List.copyOf(latencies);
  }

  /** Every error a call threw, in order. */
  public synchronized List<RuntimeException> errors() {
    return List.copyOf(errors);
  }
}
