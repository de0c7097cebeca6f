package dev.spectra.orchestrator.examples.compare;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.spectra.orchestrator.internal.Checks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Wraps a {@link ChatModel} and records the wall time of every call that returned a reply, and every error a call
 * threw. Placed next to the provider's model (inside the library's retrying gateway), it sees each HTTP attempt.
 * Thread-safe: parallel file generations share one.
 */
public final class TimedChatModel implements ChatModel {
  private final ChatModel delegate;
  private final List<Duration> latencies = new ArrayList<>();
  private final List<RuntimeException> errors = new ArrayList<>();

  public TimedChatModel(ChatModel delegate) {
    this.delegate = Checks.notNull(delegate, "delegate");
  }

  @Override
  public ChatResponse doChat(ChatRequest request) {
    long start = System.nanoTime();
    ChatResponse response;
    try {
      response = delegate.chat(request);
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

  @Override
  public ChatRequestParameters defaultRequestParameters() {
    return delegate.defaultRequestParameters();
  }

  @Override
  public Set<Capability> supportedCapabilities() {
    return delegate.supportedCapabilities();
  }

  @Override
  public ModelProvider provider() {
    return delegate.provider();
  }
}
