package dev.spectra.orchestrator.examples.cli;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.ChatRequestOptions;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import dev.spectra.orchestrator.chat.ForwardingChatModel;

/**
 * Reports each reply's token usage as the o200k_base tokenizer (GPT-4o's) counts it, as OpenAI would bill it: the
 * request's messages with the chat format's framing (4 tokens a message, 3 to prime the reply) in, the reply's text
 * out. The demo's replies are hand-written, so their usage is counted, never made up or taken from text lengths.
 */
final class TokenCountingChatModel extends ForwardingChatModel {
  private static final Encoding O200K = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
  private static final int PER_MESSAGE = 4;
  private static final int PER_REQUEST = 3;

  TokenCountingChatModel(ChatModel delegate) {
    super(delegate);
  }

  @Override
  public ChatResponse chat(ChatRequest request, ChatRequestOptions options) {
    ChatResponse r = super.chat(request, options);
    return ChatResponse.builder()
        .aiMessage(r.aiMessage())
        .id(r.id())
        .modelName(r.modelName())
        .finishReason(r.finishReason())
        .tokenUsage(new TokenUsage(inputTokens(request), count(r.aiMessage().text())))
        .build();
  }

  static int inputTokens(ChatRequest request) {
    int total = PER_REQUEST;
    for (ChatMessage m : request.messages()) {
      total += PER_MESSAGE + count(text(m));
    }
    return total;
  }

  static int count(String text) {
    return text == null || text.isEmpty() ? 0 : O200K.countTokensOrdinary(text);
  }

  private static String text(ChatMessage m) {
    if (m instanceof SystemMessage s) {
      return s.text();
    }
    if (m instanceof AiMessage a) {
      return a.text();
    }
    if (m instanceof UserMessage u) {
      StringBuilder sb = new StringBuilder();
      for (Content c : u.contents()) {
        if (c instanceof TextContent t) {
          sb.append(t.text());
        }
      }
      return sb.toString();
    }
    throw new IllegalArgumentException("the demo's requests hold system, user and AI messages only, but one was "
        + m.type());
  }
}
