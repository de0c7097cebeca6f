package dev.spectra.orchestrator.llm.internal;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;

/**
 * Counts tokens with the o200k encoding (GPT-4o's). For other models it is an estimate, good to some per cent,
 * which is what budget reservations and Ollama's {@code num_ctx} need.
 */
public final class Tokens {
  /** Per-message framing tokens (role markers) in the chat format. */
  static final int PER_MESSAGE = 4;
  /** Tokens that prime the reply. */
  static final int PER_REQUEST = 3;

  private static final Encoding O200K = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);

  private Tokens() {}

  /** Tokens of a text. */
  public static int count(String text) {
    return text == null || text.isEmpty() ? 0 : O200K.countTokensOrdinary(text);
  }

  /** Estimated input tokens of a request: every message's text, the framing, and a JSON schema if sent. */
  public static long estimate(ChatRequest request) {
    long total = PER_REQUEST;
    for (ChatMessage m : request.messages()) {
      total += PER_MESSAGE + count(textOf(m));
    }
    ResponseFormat format = request.parameters() == null ? null : request.parameters().responseFormat();
    if (format != null && format.jsonSchema() != null) {
      // The schema's Java rendering is close in size to its JSON: a fair estimate of what the provider counts.
      total += count(format.jsonSchema().rootElement().toString());
    }
    return total;
  }

  /** The text of a message (system, user text parts, assistant). */
  public static String textOf(ChatMessage m) {
    if (m instanceof SystemMessage s) {
      return s.text();
    }
    if (m instanceof AiMessage a) {
      return a.text() == null ? "" : a.text();
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
    return "";
  }
}
