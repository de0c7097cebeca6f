package dev.spectra.orchestrator.test;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import dev.spectra.orchestrator.internal.Checks;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One scripted answer of a {@link ScriptedChatModel}: a text, an {@link AiMessage}, a text computed from the request,
 * or a thrown exception; optionally with its own token usage and finish reason. Immutable.
 *
 * <pre>{@code
 * model.on(anyRequest()).replies(
 *     Reply.error(() -> new RateLimitException("slow down")),
 *     Reply.text("{\"ok\":true}").withTokenUsage(120, 8));
 * }</pre>
 */
public final class Reply {
  private final Function<ChatRequest, AiMessage> message;
  private final Supplier<? extends RuntimeException> error;
  private final TokenUsage tokenUsage;
  private final FinishReason finishReason;

  private Reply(Function<ChatRequest, AiMessage> message, Supplier<? extends RuntimeException> error,
      TokenUsage tokenUsage, FinishReason finishReason) {
    this.message = message;
    this.error = error;
    this.tokenUsage = tokenUsage;
    this.finishReason = finishReason;
  }

  /** Answers with {@code text}. */
  public static Reply text(String text) {
    Checks.notNull(text, "text");
    AiMessage m = AiMessage.from(text);
    return new Reply(r -> m, null, null, null);
  }

  /** Answers with {@code message} (for example one with tool calls). */
  public static Reply message(AiMessage message) {
    Checks.notNull(message, "message");
    return new Reply(r -> message, null, null, null);
  }

  /** Answers with the text {@code function} computes from the request. */
  public static Reply computed(Function<ChatRequest, String> function) {
    Checks.notNull(function, "function");
    return new Reply(r -> {
      String text = function.apply(r);
      if (text == null) {
        throw new IllegalStateException("a Reply.computed function returned null for a request; return a text");
      }
      return AiMessage.from(text);
    }, null, null, null);
  }

  /** Throws a fresh exception from {@code error} each time it is used. */
  public static Reply error(Supplier<? extends RuntimeException> error) {
    Checks.notNull(error, "error");
    return new Reply(null, error, null, null);
  }

  /** Throws {@code error} (the same instance each time it is used). */
  public static Reply error(RuntimeException error) {
    Checks.notNull(error, "error");
    return new Reply(null, () -> error, null, null);
  }

  /** This reply reporting {@code inputTokens} and {@code outputTokens} of usage. */
  public Reply withTokenUsage(int inputTokens, int outputTokens) {
    Checks.nonNegative(inputTokens, "inputTokens");
    Checks.nonNegative(outputTokens, "outputTokens");
    return withTokenUsage(new TokenUsage(inputTokens, outputTokens));
  }

  /** This reply reporting {@code tokenUsage} (any subclass, e.g. a provider's usage with cached tokens). */
  public Reply withTokenUsage(TokenUsage tokenUsage) {
    Checks.notNull(tokenUsage, "tokenUsage");
    return new Reply(message, error, tokenUsage, finishReason);
  }

  /** This reply reporting {@code finishReason} (e.g. {@link FinishReason#LENGTH} for a cut-off answer). */
  public Reply withFinishReason(FinishReason finishReason) {
    Checks.notNull(finishReason, "finishReason");
    return new Reply(message, error, tokenUsage, finishReason);
  }

  /** The message for {@code request}; throws the scripted error. */
  AiMessage answer(ChatRequest request) {
    if (error != null) {
      RuntimeException e = error.get();
      if (e == null) {
        throw new IllegalStateException("a Reply.error supplier returned null; return the exception to throw");
      }
      throw e;
    }
    return message.apply(request);
  }

  TokenUsage tokenUsage() {
    return tokenUsage;
  }

  FinishReason finishReason() {
    return finishReason;
  }
}
