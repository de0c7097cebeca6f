package dev.spectra.orchestrator.chat;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.ChatRequestOptions;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.spectra.orchestrator.internal.Checks;
import java.util.List;
import java.util.Set;

/**
 * A {@link ChatModel} that wraps another one (to record, time, retry or disturb its calls) and otherwise looks like
 * it: its default request parameters (so a router names the wrapped model, not the wrapper class), its capabilities
 * and its provider. Override {@link #chat(ChatRequest, ChatRequestOptions)} to wrap a call, and make the call with
 * {@code super.chat(request, options)}.
 *
 * <pre>{@code
 * final class CountingChatModel extends ForwardingChatModel {
 *   final AtomicInteger calls = new AtomicInteger();
 *
 *   CountingChatModel(ChatModel delegate) {
 *     super(delegate);
 *   }
 *
 *   @Override
 *   public ChatResponse chat(ChatRequest request, ChatRequestOptions options) {
 *     calls.incrementAndGet();
 *     return super.chat(request, options);
 *   }
 * }
 * }</pre>
 *
 * <p><b>Listeners fire once.</b> LangChain4j's default {@code ChatModel.chat(ChatRequest)} merges the model's default
 * parameters into the request and fires the model's {@code listeners()} around {@code doChat}. A wrapper that used
 * that default and also reported the wrapped model's listeners would fire each of them twice (once around its own
 * {@code doChat}, once inside the wrapped model's {@code chat}). So every entry point here ({@code chat(String)},
 * {@code chat(ChatMessage...)}, {@code chat(ChatRequest)}, {@code doChat}) goes to
 * {@link #chat(ChatRequest, ChatRequestOptions)}, which hands the request, as the caller built it, to the wrapped
 * model's {@code chat}: that merges the wrapped model's defaults and fires its listeners, once. {@link #listeners()}
 * is empty: the wrapper fires none of its own.
 */
public abstract class ForwardingChatModel implements ChatModel {
  private final ChatModel delegate;

  /**
   * Wraps {@code delegate}.
   *
   * @throws NullPointerException when {@code delegate} is null
   */
  protected ForwardingChatModel(ChatModel delegate) {
    this.delegate = Checks.notNull(delegate, "delegate");
  }

  /** The wrapped model. */
  public final ChatModel delegate() {
    return delegate;
  }

  /** Calls {@link #chat(ChatRequest, ChatRequestOptions)} with no options. */
  @Override
  public final ChatResponse chat(ChatRequest request) {
    return chat(request, ChatRequestOptions.EMPTY);
  }

  /**
   * Makes the call on the wrapped model, with the request as given (the wrapped model merges its own default
   * parameters and fires its own listeners). Subclasses override it to wrap the call and call {@code super}.
   */
  @Override
  public ChatResponse chat(ChatRequest request, ChatRequestOptions options) {
    Checks.notNull(request, "request");
    // Without options, call chat(request): a wrapped model may override only that one.
    return options == null || options == ChatRequestOptions.EMPTY ? delegate.chat(request) : delegate.chat(request, options);
  }

  /** The same as {@link #chat(ChatRequest)}, for callers that fire this model's (empty) listeners themselves. */
  @Override
  public final ChatResponse doChat(ChatRequest request) {
    return chat(request, ChatRequestOptions.EMPTY);
  }

  /** The wrapped model's default parameters: its model name, temperature and so on. */
  @Override
  public ChatRequestParameters defaultRequestParameters() {
    return delegate.defaultRequestParameters();
  }

  /** None: the wrapped model fires its own listeners, once per call (see the class comment). */
  @Override
  public final List<ChatModelListener> listeners() {
    return List.of();
  }

  /** The wrapped model's provider. */
  @Override
  public ModelProvider provider() {
    return delegate.provider();
  }

  /** The wrapped model's capabilities. */
  @Override
  public Set<Capability> supportedCapabilities() {
    return delegate.supportedCapabilities();
  }
}
