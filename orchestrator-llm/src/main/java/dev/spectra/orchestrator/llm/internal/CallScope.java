package dev.spectra.orchestrator.llm.internal;

import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.spectra.orchestrator.Activity;
import dev.spectra.orchestrator.RunContext;
import java.util.function.Supplier;

/**
 * What the {@link ModelGateway} needs to know about the call it serves: the run, the activity and the file. Set on
 * the calling thread around one AI-service invocation and its re-prompts (AI services call the model on the
 * caller's thread), and read by the gateway. It also keeps the last request and response so that the repair
 * ladder can re-prompt with the full original conversation.
 */
public final class CallScope {
  private static final ThreadLocal<CallScope> CURRENT = new ThreadLocal<>();

  private final RunContext context;
  private final Activity activity;
  private final String file;
  private ChatRequest lastRequest;
  private ChatResponse lastResponse;
  private int calls;

  public CallScope(RunContext context, Activity activity, String file) {
    this.context = context;
    this.activity = activity;
    this.file = file == null ? "" : file;
  }

  /** The scope of the calling thread, or {@code null} outside any. */
  public static CallScope current() {
    return CURRENT.get();
  }

  /** Runs {@code body} with this scope on the calling thread. */
  public <T> T run(Supplier<T> body) {
    CallScope previous = CURRENT.get();
    CURRENT.set(this);
    try {
      return body.get();
    } finally {
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);
      }
    }
  }

  public RunContext context() {
    return context;
  }

  public Activity activity() {
    return activity;
  }

  public String file() {
    return file;
  }

  /** The last request the gateway sent (after its own adjustments), or {@code null}. */
  public synchronized ChatRequest lastRequest() {
    return lastRequest;
  }

  /** The last response the gateway returned, or {@code null}. */
  public synchronized ChatResponse lastResponse() {
    return lastResponse;
  }

  /** Model calls that returned a body in this scope. */
  public synchronized int calls() {
    return calls;
  }

  synchronized void sent(ChatRequest request) {
    this.lastRequest = request;
  }

  synchronized void received(ChatResponse response) {
    this.lastResponse = response;
    this.calls++;
  }
}
