package dev.spectra.orchestrator.test;

import static dev.spectra.orchestrator.test.RequestMatcher.anyRequest;
import static dev.spectra.orchestrator.test.RequestMatcher.systemMessageContains;
import static dev.spectra.orchestrator.test.RequestMatcher.userMessageContains;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import org.junit.jupiter.api.Test;

class ScriptedChatModelTest {

  private static ChatRequest ask(String user) {
    return ChatRequest.builder().messages(UserMessage.from(user)).build();
  }

  private static ChatRequest ask(String system, String user) {
    return ChatRequest.builder().messages(SystemMessage.from(system), UserMessage.from(user)).build();
  }

  @Test
  void theFirstMatchingRuleInOrderOfAdditionAnswers() {
    ScriptedChatModel model = ScriptedChatModel.create();
    model.on(userMessageContains("plan")).reply("PLAN");
    model.on(userMessageContains("plan for code")).reply("NEVER: the earlier rule wins");
    model.on(systemMessageContains("coder")).reply("CODE");

    assertThat(model.chat(ask("write a plan for code")).aiMessage().text()).isEqualTo("PLAN");
    assertThat(model.chat(ask("You are a coder.", "main.py")).aiMessage().text()).isEqualTo("CODE");
  }

  @Test
  void aSequenceAnswersOnceEachThenFallsThroughToLaterRulesAndTheDefault() {
    ScriptedChatModel model = ScriptedChatModel.create().otherwiseReply("default");
    model.on(userMessageContains("file")).replyInOrder("first", "second");
    model.on(userMessageContains("file b")).reply("rule 2");

    assertThat(model.chat(ask("file a")).aiMessage().text()).isEqualTo("first");
    assertThat(model.chat(ask("file b")).aiMessage().text()).isEqualTo("second");
    assertThat(model.chat(ask("file b")).aiMessage().text()).isEqualTo("rule 2");
    assertThat(model.chat(ask("file a")).aiMessage().text()).isEqualTo("default");
  }

  @Test
  void repliesCanBeComputedMessagesOrThrownErrors() {
    ToolExecutionRequest call = ToolExecutionRequest.builder().id("1").name("search").arguments("{}").build();
    ScriptedChatModel model = ScriptedChatModel.create();
    model.on(userMessageContains("echo")).replyWith(r -> "you said: " + r.messages().size() + " message(s)");
    model.on(userMessageContains("tool")).reply(AiMessage.from(call));
    model.on(userMessageContains("busy")).failWith(() -> new RateLimitException("slow down"));
    model.on(userMessageContains("flaky")).replies(
        Reply.error(new InternalServerException("boom")), Reply.text("recovered"));

    assertThat(model.chat(ask("echo")).aiMessage().text()).isEqualTo("you said: 1 message(s)");
    ChatResponse tool = model.chat(ask("tool"));
    assertThat(tool.aiMessage().toolExecutionRequests()).containsExactly(call);
    assertThat(tool.finishReason()).isEqualTo(FinishReason.TOOL_EXECUTION);
    RateLimitException first = (RateLimitException) catchError(() -> model.chat(ask("busy")));
    RateLimitException second = (RateLimitException) catchError(() -> model.chat(ask("busy")));
    assertThat(first).hasMessage("slow down").isNotSameAs(second);
    assertThatThrownBy(() -> model.chat(ask("flaky"))).isInstanceOf(InternalServerException.class).hasMessage("boom");
    assertThat(model.chat(ask("flaky")).aiMessage().text()).isEqualTo("recovered");
  }

  private static Throwable catchError(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      return e;
    }
    throw new AssertionError("expected an exception");
  }

  @Test
  void recordsEveryRequestInOrderIncludingOnesWithoutAReply() {
    ScriptedChatModel model = ScriptedChatModel.create();
    model.on(userMessageContains("known")).reply("ok");

    model.chat(ask("known 1"));
    assertThatThrownBy(() -> model.chat(ask("other"))).isInstanceOf(UnexpectedRequestError.class);

    assertThat(model.callCount()).isEqualTo(2);
    assertThat(model.requests()).extracting(r -> ((UserMessage) r.messages().get(0)).singleText())
        .containsExactly("known 1", "other");
    assertThat(model.lastUserMessage()).isEqualTo("other");
    assertThat(model.request(0).messages()).containsExactly(UserMessage.from("known 1"));
    assertThatThrownBy(() -> model.request(2)).isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessage("index must be in [0, 2) (requests received so far), but was 2");
  }

  @Test
  void withoutAMatchingRuleItFailsShowingTheUserMessageAndEveryRuleTried() {
    ScriptedChatModel model = ScriptedChatModel.create();
    model.on(userMessageContains("plan")).reply("PLAN");
    model.on(anyRequest()).replyInOrder("only once");
    model.on("a JSON schema is requested", r -> r.responseFormat() != null).reply("{}");
    model.chat(ask("something"));

    assertThatThrownBy(() -> model.chat(ask("You write code.", "Generate app/main.py")))
        .isInstanceOf(UnexpectedRequestError.class)
        .isInstanceOf(AssertionError.class)
        .hasMessage("""
            ScriptedChatModel has no reply for request #2.
            Last user message: "Generate app/main.py"
            Rules tried, in order:
              1. user message contains "plan" -> did not match
              2. any request -> matched, but all 1 of its replies were used
              3. a JSON schema is requested -> did not match
            No default reply: set one with otherwiseReply(...) or add a rule that matches this request.""");
  }

  @Test
  void withoutRulesTheMessageSaysHowToAddOne() {
    assertThatThrownBy(() -> ScriptedChatModel.create().chat(ask("hi")))
        .hasMessage("""
            ScriptedChatModel has no reply for request #1.
            Last user message: "hi"
            No rules were added: add one with on(matcher).reply(...).
            No default reply: set one with otherwiseReply(...) or add a rule that matches this request.""");
  }

  @Test
  void tokenUsageIsTheReplysThenTheModelsThenAnEstimate() {
    ScriptedChatModel estimated = ScriptedChatModel.replying("12345678");
    TokenUsage estimate = estimated.chat(ask("abcdefghi")).tokenUsage();
    assertThat(estimate.inputTokenCount()).isEqualTo(3); // 9 characters / 4, rounded up
    assertThat(estimate.outputTokenCount()).isEqualTo(2);

    ScriptedChatModel model = ScriptedChatModel.create().tokenUsage(1_000, 200);
    model.on(userMessageContains("cheap")).answer(Reply.text("x").withTokenUsage(10, 1));
    model.otherwiseReply("y");
    assertThat(model.chat(ask("cheap")).tokenUsage()).isEqualTo(new TokenUsage(10, 1));
    TokenUsage usage = model.chat(ask("other")).tokenUsage();
    assertThat(usage.inputTokenCount()).isEqualTo(1_000);
    assertThat(usage.outputTokenCount()).isEqualTo(200);
    assertThat(usage.totalTokenCount()).isEqualTo(1_200);
  }

  @Test
  void theResponseCarriesTheRequestedModelNameOrTheConfiguredOne() {
    ScriptedChatModel model = ScriptedChatModel.replying("ok");
    assertThat(model.chat(ask("a")).modelName()).isEqualTo(ScriptedChatModel.DEFAULT_MODEL_NAME);
    assertThat(model.chat(ChatRequest.builder().messages(UserMessage.from("a")).modelName("gpt-4o-mini").build())
        .modelName()).isEqualTo("gpt-4o-mini");
    model.modelName("mistral");
    ChatResponse response = model.chat(ask("a"));
    assertThat(response.modelName()).isEqualTo("mistral");
    assertThat(response.id()).isEqualTo("scripted-3");
    assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
  }

  @Test
  void answersInOrderAndDeclaresCapabilities() {
    ScriptedChatModel model = ScriptedChatModel.replyingInOrder("one", "two")
        .supportedCapabilities(Capability.RESPONSE_FORMAT_JSON_SCHEMA);
    assertThat(model.chat("a")).isEqualTo("one");
    assertThat(model.chat("b")).isEqualTo("two");
    assertThat(model.supportedCapabilities()).containsExactly(Capability.RESPONSE_FORMAT_JSON_SCHEMA);
    assertThatThrownBy(() -> model.chat("c")).isInstanceOf(UnexpectedRequestError.class)
        .hasMessageContaining("1. any request -> matched, but all 2 of its replies were used");
  }

  @Test
  void badScriptsAreRejectedWithClearMessages() {
    ScriptedChatModel model = ScriptedChatModel.create();
    assertThatThrownBy(() -> model.on(anyRequest()).replies())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("replies must not be empty: give at least one reply");
    assertThatThrownBy(() -> model.on(anyRequest()).replyInOrder("a", null))
        .isInstanceOf(NullPointerException.class).hasMessage("texts[1] == null");
    assertThatThrownBy(() -> model.tokenUsage(-1, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("inputTokens must be >= 0, but was -1");
    assertThatThrownBy(() -> model.on(null)).hasMessage("matcher == null");
    assertThatThrownBy(() -> model.lastRequest()).isInstanceOf(IllegalStateException.class)
        .hasMessage("the ScriptedChatModel has not received a request yet");
    model.on(anyRequest()).replyWith(r -> null);
    assertThatThrownBy(() -> model.chat("x")).isInstanceOf(IllegalStateException.class)
        .hasMessage("a Reply.computed function returned null for a request; return a text");
  }
}
