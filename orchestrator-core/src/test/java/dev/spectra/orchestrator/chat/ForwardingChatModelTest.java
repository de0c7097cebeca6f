package dev.spectra.orchestrator.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.ChatRequestOptions;
import dev.langchain4j.model.chat.listener.ChatModelErrorContext;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Wrappers look like the model they wrap, and the wrapped model's listeners fire exactly once per call. */
class ForwardingChatModelTest {
  private final List<String> log = new CopyOnWriteArrayList<>();

  /** A provider's model as LangChain4j builds one: default parameters, listeners, and its work in doChat. */
  private final class ProviderModel implements ChatModel {
    final List<ChatRequest> received = new CopyOnWriteArrayList<>();
    RuntimeException failure;

    @Override
    public ChatResponse doChat(ChatRequest request) {
      received.add(request);
      log.add("provider " + request.parameters().modelName() + " t=" + request.parameters().temperature());
      if (failure != null) {
        throw failure;
      }
      return ChatResponse.builder().aiMessage(AiMessage.from("hello")).modelName("gpt-4o-mini-2024-07-18").build();
    }

    @Override
    public ChatRequestParameters defaultRequestParameters() {
      return DefaultChatRequestParameters.builder().modelName("gpt-4o-mini").temperature(0.2).build();
    }

    @Override
    public List<ChatModelListener> listeners() {
      return List.of(new ChatModelListener() {
        @Override
        public void onRequest(ChatModelRequestContext ctx) {
          log.add("onRequest " + ctx.attributes().getOrDefault("trace", "-"));
        }

        @Override
        public void onResponse(ChatModelResponseContext ctx) {
          log.add("onResponse");
        }

        @Override
        public void onError(ChatModelErrorContext ctx) {
          log.add("onError " + ctx.error().getMessage());
        }
      });
    }

    @Override
    public ModelProvider provider() {
      return ModelProvider.OPEN_AI;
    }

    @Override
    public Set<Capability> supportedCapabilities() {
      return Set.of(Capability.RESPONSE_FORMAT_JSON_SCHEMA);
    }
  }

  /** A wrapper on the base: logs around the call. */
  private final class Logging extends ForwardingChatModel {
    private final String name;

    Logging(String name, ChatModel delegate) {
      super(delegate);
      this.name = name;
    }

    @Override
    public ChatResponse chat(ChatRequest request, ChatRequestOptions options) {
      log.add(name + " before");
      ChatResponse response = super.chat(request, options);
      log.add(name + " after");
      return response;
    }
  }

  private static ChatRequest request() {
    return ChatRequest.builder().messages(UserMessage.from("hi")).build();
  }

  @Test
  void theWrappedModelsListenerFiresExactlyOncePerCallThroughEveryEntryPoint() {
    ProviderModel provider = new ProviderModel();
    ChatModel wrapped = new Logging("outer", new Logging("inner", provider));

    wrapped.chat(request());
    assertThat(log).containsExactly("outer before", "inner before", "onRequest -", "provider gpt-4o-mini t=0.2",
        "onResponse", "inner after", "outer after");

    for (Runnable call : List.<Runnable>of(() -> wrapped.chat("hi"), () -> wrapped.chat(UserMessage.from("hi")),
        () -> wrapped.chat(List.of(UserMessage.from("hi"))), () -> wrapped.doChat(request()))) {
      log.clear();
      call.run();
      assertThat(log).filteredOn(l -> l.startsWith("on")).containsExactly("onRequest -", "onResponse");
      assertThat(log).filteredOn(l -> l.startsWith("provider")).hasSize(1);
    }
  }

  @Test
  void anErrorIsReportedOnceToTheListenersAndReachesTheCaller() {
    ProviderModel provider = new ProviderModel();
    provider.failure = new IllegalStateException("503");
    ChatModel wrapped = new Logging("w", provider);

    assertThatThrownBy(() -> wrapped.chat(request())).isSameAs(provider.failure);
    assertThat(log).containsExactly("w before", "onRequest -", "provider gpt-4o-mini t=0.2", "onError 503");
  }

  /** The pattern the base replaces: forwards the listeners and lets the default chat() fire them around doChat. */
  private static final class NaiveWrapper implements ChatModel {
    private final ChatModel delegate;

    NaiveWrapper(ChatModel delegate) {
      this.delegate = delegate;
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
      return delegate.chat(request);
    }

    @Override
    public List<ChatModelListener> listeners() {
      return delegate.listeners();
    }
  }

  @Test
  void forwardingTheListenersWithLangChain4jsDefaultChatWouldFireThemTwice() {
    new NaiveWrapper(new ProviderModel()).chat(request());

    assertThat(log).filteredOn(l -> l.startsWith("on")).containsExactly("onRequest -", "onRequest -", "onResponse", "onResponse");
  }

  @Test
  void aWrapperLooksLikeTheModelItWrapsButFiresNoListenersOfItsOwn() {
    ProviderModel provider = new ProviderModel();
    ForwardingChatModel wrapped = new Logging("w", provider);

    assertThat(wrapped.defaultRequestParameters().modelName()).isEqualTo("gpt-4o-mini");
    assertThat(wrapped.defaultRequestParameters().temperature()).isEqualTo(0.2);
    assertThat(wrapped.supportedCapabilities()).containsExactly(Capability.RESPONSE_FORMAT_JSON_SCHEMA);
    assertThat(wrapped.provider()).isEqualTo(ModelProvider.OPEN_AI);
    assertThat(wrapped.listeners()).isEmpty();
    assertThat(wrapped.delegate()).isSameAs(provider);
  }

  @Test
  void theRequestReachesTheWrappedModelAsGivenAndItsOwnDefaultsFillTheRest() {
    ProviderModel provider = new ProviderModel();
    ChatRequest request = ChatRequest.builder().messages(UserMessage.from("hi"))
        .parameters(DefaultChatRequestParameters.builder().temperature(0.9).build()).build();
    List<ChatRequest> seenByWrapper = new CopyOnWriteArrayList<>();
    ChatModel wrapped = new ForwardingChatModel(provider) {
      @Override
      public ChatResponse chat(ChatRequest r, ChatRequestOptions options) {
        seenByWrapper.add(r);
        return super.chat(r, options);
      }
    };

    wrapped.chat(request);

    assertThat(seenByWrapper).containsExactly(request);
    assertThat(log).contains("provider gpt-4o-mini t=0.9");
  }

  @Test
  void listenerAttributesOfTheOptionsReachTheWrappedModelsListeners() {
    ChatModel wrapped = new Logging("w", new ProviderModel());

    wrapped.chat(request(), ChatRequestOptions.builder().addListenerAttribute("trace", "t-42").build());

    assertThat(log).contains("onRequest t-42");
  }

  @Test
  void aNullDelegateIsRefused() {
    assertThatThrownBy(() -> new Logging("w", null)).isInstanceOf(NullPointerException.class).hasMessage("delegate == null");
  }
}
