package dev.spectra.orchestrator.test;

import static dev.spectra.orchestrator.test.SpectraAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;
import org.junit.jupiter.api.Test;

class ChatRequestAssertTest {
  private final ChatRequest request = ChatRequest.builder()
      .messages(SystemMessage.from("You are a software architect."), UserMessage.from("Plan a todo list API"))
      .parameters(OpenAiChatRequestParameters.builder()
          .modelName("gpt-4o-mini").temperature(0.0).maxOutputTokens(500).seed(42)
          .responseFormat(ResponseFormat.builder().type(ResponseFormatType.JSON)
              .jsonSchema(JsonSchema.builder().name("Plan").rootElement(JsonObjectSchema.builder()
                  .addStringProperty("name").addStringProperty("summary").required("name").build()).build())
              .build())
          .build())
      .build();

  private final ChatRequest plain = ChatRequest.builder().messages(UserMessage.from("hello")).build();

  @Test
  void passingAssertionsChain() {
    assertThat(request)
        .hasSystemMessageContaining("software", "architect")
        .hasUserMessageContaining("todo list")
        .hasUserMessageNotContaining("password")
        .hasMessageCount(2)
        .hasResponseFormat(ResponseFormatType.JSON)
        .hasJsonSchemaNamed("Plan")
        .hasJsonSchemaProperties("name", "summary")
        .hasJsonSchemaRequiring("name")
        .hasModelName("gpt-4o-mini")
        .hasTemperature(0.0)
        .hasMaxOutputTokens(500)
        .hasSeed(42);
    assertThat(request).userMessage().startsWith("Plan");
    assertThat(plain).hasNoSystemMessage().hasResponseFormat(ResponseFormatType.TEXT);
  }

  @Test
  void failuresSayWhatWasExpectedAndWhatWasSent() {
    assertThatThrownBy(() -> assertThat(request).hasSystemMessageContaining("data engineer"))
        .hasMessage("Expected the system message to contain:\n  \"data engineer\"\nbut it was:\n"
            + "  \"You are a software architect.\"");
    assertThatThrownBy(() -> assertThat(plain).hasSystemMessageContaining("x"))
        .hasMessage("Expected the request to have a system message, but it has none; its messages are: [USER]");
    assertThatThrownBy(() -> assertThat(request).hasUserMessageNotContaining("todo"))
        .hasMessage("Expected the user message not to contain:\n  \"todo\"\nbut it does:\n  \"Plan a todo list API\"");
    assertThatThrownBy(() -> assertThat(request).hasMessageCount(3))
        .hasMessage("Expected the request to have 3 messages, but it has 2: [SYSTEM, USER]");
    assertThatThrownBy(() -> assertThat(plain).hasJsonSchemaNamed("Plan"))
        .hasMessage("Expected a JSON schema named \"Plan\", but the request has no JSON schema (response format: none)."
            + " Does the model declare RESPONSE_FORMAT_JSON_SCHEMA?");
    assertThatThrownBy(() -> assertThat(request).hasJsonSchemaNamed("Person"))
        .hasMessage("Expected a JSON schema named \"Person\", but it was named \"Plan\"");
    assertThatThrownBy(() -> assertThat(request).hasJsonSchemaProperties("files"))
        .hasMessage("Expected the JSON schema to declare property \"files\", but it declares [name, summary]");
    assertThatThrownBy(() -> assertThat(request).hasJsonSchemaRequiring("summary"))
        .hasMessage("Expected the JSON schema to require \"summary\", but it requires [name]");
    assertThatThrownBy(() -> assertThat(plain).hasModelName("gpt-4o"))
        .hasMessage("Expected model name \"gpt-4o\", but it was not set");
    assertThatThrownBy(() -> assertThat(request).hasTemperature(0.7))
        .hasMessage("Expected temperature 0.7, but it was 0.0");
    assertThatThrownBy(() -> assertThat(request).hasMaxOutputTokens(100))
        .hasMessage("Expected max output tokens 100, but it was 500");
    assertThatThrownBy(() -> assertThat(plain).hasSeed(1))
        .hasMessage("Expected seed 1, but it was not set");
    assertThatThrownBy(() -> assertThat(plain).hasResponseFormat(ResponseFormatType.JSON))
        .hasMessage("Expected the response format to be JSON, but it was TEXT");
  }

  @Test
  void assertionsOnAScriptedModelsRequests() {
    ScriptedChatModel model = ScriptedChatModel.replying("ok");
    assertThatThrownBy(() -> assertThat(model).lastRequest())
        .hasMessage("Expected the model to have received a request, but it received none");
    model.chat(request);
    model.chat(plain);

    assertThat(model).hasReceivedRequests(2).request(0).hasJsonSchemaNamed("Plan");
    assertThat(model).lastRequest().hasUserMessageContaining("hello");
    assertThatThrownBy(() -> assertThat(model).hasReceivedRequests(1))
        .hasMessage("Expected the model to have received 1 request(s), but it received 2; their last user messages:\n"
            + "  #0: \"Plan a todo list API\"\n  #1: \"hello\"\n");
    assertThatThrownBy(() -> assertThat(model).request(5))
        .hasMessage("Expected the model to have received a request #5 (0-based), but it received 2");
  }
}
