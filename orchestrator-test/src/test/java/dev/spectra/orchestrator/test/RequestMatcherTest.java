package dev.spectra.orchestrator.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import org.junit.jupiter.api.Test;

class RequestMatcherTest {
  private final ChatRequest request = ChatRequest.builder()
      .messages(SystemMessage.from("You are an architect."), UserMessage.from("old question"),
          UserMessage.from(TextContent.from("Plan a todo API"), TextContent.from("with SQLite")))
      .modelName("gpt-4o-mini")
      .responseFormat(ResponseFormat.builder().type(ResponseFormatType.JSON)
          .jsonSchema(JsonSchema.builder().name("Plan").rootElement(JsonObjectSchema.builder().build()).build())
          .build())
      .build();

  @Test
  void matchersLookAtTheLastUserMessageTheSystemMessageSchemaAndModel() {
    assertThat(RequestMatcher.userMessageContains("todo API\nwith SQLite").test(request)).isTrue();
    assertThat(RequestMatcher.userMessageContains("old question").test(request)).isFalse();
    assertThat(RequestMatcher.userMessageMatches("todo \\w+").test(request)).isTrue();
    assertThat(RequestMatcher.systemMessageContains("architect").test(request)).isTrue();
    assertThat(RequestMatcher.jsonSchemaNamed("Plan").test(request)).isTrue();
    assertThat(RequestMatcher.jsonSchemaNamed("Other").test(request)).isFalse();
    assertThat(RequestMatcher.modelName("gpt-4o-mini").test(request)).isTrue();
    assertThat(RequestMatcher.anyRequest().test(request)).isTrue();
  }

  @Test
  void andCombinesTestsAndDescriptions() {
    RequestMatcher both = RequestMatcher.userMessageContains("todo").and(RequestMatcher.systemMessageContains("coder"));
    assertThat(both.test(request)).isFalse();
    assertThat(both.description()).isEqualTo("user message contains \"todo\" and system message contains \"coder\"");
    assertThat(RequestMatcher.userMessageMatches("a+").description()).isEqualTo("user message matches /a+/");
  }

  @Test
  void aDescriptionIsRequired() {
    assertThatThrownBy(() -> RequestMatcher.of(" ", r -> true)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("description must not be blank, but was \" \"");
  }
}
