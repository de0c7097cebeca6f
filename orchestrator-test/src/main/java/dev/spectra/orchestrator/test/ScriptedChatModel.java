package dev.spectra.orchestrator.test;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import dev.spectra.orchestrator.internal.Checks;
import dev.spectra.orchestrator.test.internal.RequestJson;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A {@link ChatModel} that answers from a script and records every request. Rules are tried in the order they were
 * added; the first whose {@link RequestMatcher} accepts the request answers. A rule answers forever with one reply,
 * or once each with a sequence of replies and then stops matching. When no rule answers, the default reply (if any)
 * is used; otherwise the call fails with an {@link UnexpectedRequestError} that shows the request's last user
 * message and every rule tried.
 *
 * <pre>{@code
 * ScriptedChatModel model = ScriptedChatModel.create()
 *     .tokenUsage(1_000, 200);
 * model.on(userMessageContains("plan")).reply("{\"name\":\"todo-api\"}");
 * model.on(userMessageContains("main.py")).replyInOrder("```python\nbroken", "print('ok')");
 * }</pre>
 *
 * <p>Token usage: a reply's own usage ({@link Reply#withTokenUsage}) wins over the model's
 * ({@link #tokenUsage(int, int)}); without either, usage is estimated as one token per four characters of message
 * text in and of reply text out. The response's model name is the request's, or {@link #modelName(String)}.
 * Thread-safe: calls are answered one at a time.
 */
public final class ScriptedChatModel implements ChatModel {
  /** The model name reported when neither the request nor {@link #modelName(String)} sets one. */
  public static final String DEFAULT_MODEL_NAME = "scripted-model";

  private final List<Rule> rules = new ArrayList<>();
  private final List<ChatRequest> requests = new ArrayList<>();
  private Reply otherwise;
  private TokenUsage tokenUsage;
  private String modelName = DEFAULT_MODEL_NAME;
  private Set<Capability> capabilities = Set.of();

  private ScriptedChatModel() {}

  /** A model with no rules yet. */
  public static ScriptedChatModel create() {
    return new ScriptedChatModel();
  }

  /** A model that answers every request with {@code text}. */
  public static ScriptedChatModel replying(String text) {
    return create().otherwiseReply(text);
  }

  /** A model that answers the first request with {@code texts[0]}, the second with {@code texts[1]}, and so on. */
  public static ScriptedChatModel replyingInOrder(String... texts) {
    ScriptedChatModel model = create();
    model.on(RequestMatcher.anyRequest()).replyInOrder(texts);
    return model;
  }

  /** Starts a rule for requests that {@code matcher} accepts; finish it with one of {@link Stubbing}'s methods. */
  public Stubbing on(RequestMatcher matcher) {
    return new Stubbing(Checks.notNull(matcher, "matcher"));
  }

  /** Starts a rule from a plain predicate, described by {@code description} in failure messages. */
  public Stubbing on(String description, Predicate<ChatRequest> predicate) {
    return on(RequestMatcher.of(description, predicate));
  }

  /** Answers {@code text} when no rule answers. */
  public ScriptedChatModel otherwiseReply(String text) {
    return otherwise(Reply.text(text));
  }

  /** Answers {@code reply} when no rule answers. */
  public synchronized ScriptedChatModel otherwise(Reply reply) {
    this.otherwise = Checks.notNull(reply, "reply");
    return this;
  }

  /** Every reply reports this usage unless it has its own. */
  public ScriptedChatModel tokenUsage(int inputTokens, int outputTokens) {
    Checks.nonNegative(inputTokens, "inputTokens");
    Checks.nonNegative(outputTokens, "outputTokens");
    return tokenUsage(new TokenUsage(inputTokens, outputTokens));
  }

  /** Every reply reports this usage (any subclass, e.g. with cached tokens) unless it has its own. */
  public synchronized ScriptedChatModel tokenUsage(TokenUsage usage) {
    this.tokenUsage = Checks.notNull(usage, "usage");
    return this;
  }

  /** The model name of responses to requests that name none. */
  public synchronized ScriptedChatModel modelName(String name) {
    this.modelName = Checks.notBlank(name, "name");
    return this;
  }

  /**
   * Declares capabilities, e.g. {@link Capability#RESPONSE_FORMAT_JSON_SCHEMA}, which makes AiServices send a JSON
   * schema instead of format instructions in the user message.
   */
  public synchronized ScriptedChatModel supportedCapabilities(Capability... capabilities) {
    Checks.notNull(capabilities, "capabilities");
    Set<Capability> set = EnumSet.noneOf(Capability.class);
    set.addAll(Arrays.asList(capabilities));
    this.capabilities = Set.copyOf(set);
    return this;
  }

  @Override
  public synchronized Set<Capability> supportedCapabilities() {
    return capabilities;
  }

  /** Every request received so far, in order. */
  public synchronized List<ChatRequest> requests() {
    return List.copyOf(requests);
  }

  /** The number of requests received so far. */
  public synchronized int callCount() {
    return requests.size();
  }

  /** The request at {@code index} (0-based). */
  public synchronized ChatRequest request(int index) {
    if (index < 0 || index >= requests.size()) {
      throw new IndexOutOfBoundsException(
          "index must be in [0, " + requests.size() + ") (requests received so far), but was " + index);
    }
    return requests.get(index);
  }

  /** The last request received; fails when there was none. */
  public synchronized ChatRequest lastRequest() {
    if (requests.isEmpty()) {
      throw new IllegalStateException("the ScriptedChatModel has not received a request yet");
    }
    return requests.get(requests.size() - 1);
  }

  /** The text of the last request's last user message. */
  public String lastUserMessage() {
    return RequestJson.lastUserText(lastRequest());
  }

  @Override
  public synchronized ChatResponse doChat(ChatRequest request) {
    requests.add(request);
    int call = requests.size();
    Reply reply = null;
    for (Rule rule : rules) {
      if (rule.hasReply() && rule.matcher.test(request)) {
        reply = rule.take();
        break;
      }
    }
    if (reply == null) {
      reply = otherwise;
    }
    if (reply == null) {
      throw new UnexpectedRequestError(noRuleMessage(request, call));
    }
    AiMessage message = reply.answer(request);
    TokenUsage usage = reply.tokenUsage() != null ? reply.tokenUsage()
        : tokenUsage != null ? tokenUsage : estimate(request, message);
    FinishReason finish = reply.finishReason() != null ? reply.finishReason()
        : message.hasToolExecutionRequests() ? FinishReason.TOOL_EXECUTION : FinishReason.STOP;
    return ChatResponse.builder()
        .aiMessage(message)
        .id("scripted-" + call)
        .modelName(request.modelName() != null ? request.modelName() : modelName)
        .tokenUsage(usage)
        .finishReason(finish)
        .build();
  }

  private String noRuleMessage(ChatRequest request, int call) {
    StringBuilder sb = new StringBuilder("ScriptedChatModel has no reply for request #").append(call).append(".\n");
    String user = RequestJson.lastUserText(request);
    sb.append("Last user message: ").append(user == null ? "(none)" : "\"" + Checks.excerpt(user, 400) + "\"")
        .append('\n');
    if (rules.isEmpty()) {
      sb.append("No rules were added: add one with on(matcher).reply(...).\n");
    } else {
      sb.append("Rules tried, in order:\n");
      for (int i = 0; i < rules.size(); i++) {
        Rule rule = rules.get(i);
        sb.append("  ").append(i + 1).append(". ").append(rule.matcher.description()).append(" -> ");
        boolean matches = rule.matcher.test(request);
        if (!matches) {
          sb.append("did not match");
        } else {
          sb.append("matched, but all ").append(rule.replies.size()).append(" of its replies were used");
        }
        sb.append('\n');
      }
    }
    sb.append("No default reply: set one with otherwiseReply(...) or add a rule that matches this request.");
    return sb.toString();
  }

  private static TokenUsage estimate(ChatRequest request, AiMessage message) {
    long in = 0;
    for (ChatMessage m : request.messages()) {
      in += textOf(m).length();
    }
    long out = message.text() == null ? 0 : message.text().length();
    int input = (int) Math.min(Integer.MAX_VALUE, (in + 3) / 4);
    int output = (int) Math.min(Integer.MAX_VALUE, (out + 3) / 4);
    return new TokenUsage(input, output);
  }

  private static String textOf(ChatMessage m) {
    if (m instanceof SystemMessage s) {
      return s.text();
    }
    if (m instanceof UserMessage u) {
      return RequestJson.userText(u);
    }
    if (m instanceof AiMessage a) {
      return a.text() == null ? "" : a.text();
    }
    if (m instanceof ToolExecutionResultMessage t) {
      return t.text() == null ? "" : t.text();
    }
    return "";
  }

  private synchronized ScriptedChatModel add(Rule rule) {
    rules.add(rule);
    return this;
  }

  /** The answer part of a rule started with {@link #on(RequestMatcher)}. Each method returns the model. */
  public final class Stubbing {
    private final RequestMatcher matcher;

    private Stubbing(RequestMatcher matcher) {
      this.matcher = matcher;
    }

    /** Answers every matching request with {@code text}. */
    public ScriptedChatModel reply(String text) {
      return answer(Reply.text(text));
    }

    /** Answers every matching request with {@code message}. */
    public ScriptedChatModel reply(AiMessage message) {
      return answer(Reply.message(message));
    }

    /** Answers every matching request with the text {@code function} computes from it. */
    public ScriptedChatModel replyWith(Function<ChatRequest, String> function) {
      return answer(Reply.computed(function));
    }

    /** Throws {@code error} for every matching request. */
    public ScriptedChatModel fail(RuntimeException error) {
      return answer(Reply.error(error));
    }

    /** Throws a fresh exception from {@code error} for every matching request. */
    public ScriptedChatModel failWith(Supplier<? extends RuntimeException> error) {
      return answer(Reply.error(error));
    }

    /** Answers every matching request with {@code reply}. */
    public ScriptedChatModel answer(Reply reply) {
      Checks.notNull(reply, "reply");
      return add(new Rule(matcher, List.of(reply), true));
    }

    /** Answers successive matching requests with these texts, one each; then the rule stops matching. */
    public ScriptedChatModel replyInOrder(String... texts) {
      Checks.notNull(texts, "texts");
      Reply[] replies = new Reply[texts.length];
      for (int i = 0; i < texts.length; i++) {
        replies[i] = Reply.text(Checks.notNull(texts[i], "texts[" + i + "]"));
      }
      return replies(replies);
    }

    /** Answers successive matching requests with these replies, one each; then the rule stops matching. */
    public ScriptedChatModel replies(Reply... replies) {
      Checks.notNull(replies, "replies");
      if (replies.length == 0) {
        throw new IllegalArgumentException("replies must not be empty: give at least one reply");
      }
      return add(new Rule(matcher, Checks.copy(Arrays.asList(replies), "replies"), false));
    }
  }

  private static final class Rule {
    final RequestMatcher matcher;
    final List<Reply> replies;
    final boolean repeat;
    int used;

    Rule(RequestMatcher matcher, List<Reply> replies, boolean repeat) {
      this.matcher = matcher;
      this.replies = replies;
      this.repeat = repeat;
    }

    boolean hasReply() {
      return repeat || used < replies.size();
    }

    Reply take() {
      return repeat ? replies.get(0) : replies.get(used++);
    }
  }
}
