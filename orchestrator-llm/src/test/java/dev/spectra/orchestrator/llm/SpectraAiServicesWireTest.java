package dev.spectra.orchestrator.llm;

import static dev.spectra.orchestrator.llm.FakeLlmServer.ollama;
import static dev.spectra.orchestrator.llm.FakeLlmServer.openAi;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.output.structured.Description;
import dev.langchain4j.service.Result;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.V;
import dev.spectra.orchestrator.cost.CostLedger;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SpectraAiServices on the real LangChain4j OpenAI and Ollama clients against a local server: the structured output
 * each provider is sent (OpenAI strict {@code json_schema}, Ollama {@code format}), JSON mode for a Map, and the
 * ladder and usage over the wire.
 */
class SpectraAiServicesWireTest {
  @Description("A person's contact details")
  record Contact(@Description("full name") String name, String email, Optional<String> phone) {}

  enum Priority { LOW, HIGH }

  interface Extractor {
    @UserMessage("Contact in: {{text}}")
    Result<Contact> contact(@V("text") String text);

    @UserMessage("Priorities in: {{text}}")
    List<Priority> priorities(@V("text") String text);

    @UserMessage("Word counts of: {{text}}")
    Map<String, Integer> counts(@V("text") String text);
  }

  FakeLlmServer server;

  @BeforeEach
  void start() throws IOException {
    server = new FakeLlmServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Extractor onOpenAi(CostLedger ledger) {
    OpenAiChatModel model = OpenAiChatModel.builder().baseUrl(server.openAiBaseUrl()).apiKey("sk-wire-test")
        .modelName("gpt-4o-mini").strictJsonSchema(true).maxRetries(0).build();
    return SpectraAiServices.builder(Extractor.class).model(ModelSpec.parse("openai:gpt-4o-mini"), model).ledger(ledger).build();
  }

  private Extractor onOllama() {
    OllamaChatModel model = OllamaChatModel.builder().baseUrl(server.ollamaBaseUrl()).modelName("mistral").maxRetries(0).build();
    return SpectraAiServices.builder(Extractor.class).model(ModelSpec.parse("ollama:mistral"), model).build();
  }

  @Test
  void openAiGetsAStrictJsonSchemaAndAMissingFieldIsRepromptedOverTheWire() {
    server.enqueue(openAi("{\"name\":\"Ada\"}", 120, 10, 0),
        openAi("```json\n{\"name\":\"Ada\",\"email\":\"ada@example.org\",\"phone\":null}\n```", 180, 20, 100));
    CostLedger ledger = new CostLedger();

    Result<Contact> r = onOpenAi(ledger).contact("Ada, ada@example.org");

    assertThat(r.content()).isEqualTo(new Contact("Ada", "ada@example.org", Optional.empty()));
    JsonNode format = server.request(0).body().path("response_format");
    assertThat(format.path("type").asText()).isEqualTo("json_schema");
    JsonNode schema = format.path("json_schema");
    assertThat(schema.path("name").asText()).isEqualTo("Contact");
    assertThat(schema.path("strict").asBoolean()).isTrue();
    assertThat(schema.path("schema").path("additionalProperties").asBoolean(true)).isFalse();
    assertThat(schema.path("schema").path("required")).extracting(JsonNode::asText).containsExactly("name", "email", "phone");
    assertThat(schema.path("schema").path("properties").path("phone").path("type")).extracting(JsonNode::asText)
        .containsExactly("string", "null");
    assertThat(schema.path("schema").path("properties").path("name").path("description").asText()).isEqualTo("full name");
    assertThat(server.request(0).messages()).hasSize(1);
    assertThat(server.request(0).messages().get(0).path("content").asText()).isEqualTo("Contact in: Ada, ada@example.org");

    List<JsonNode> second = server.request(1).messages();
    assertThat(second).extracting(m -> m.path("role").asText()).containsExactly("user", "assistant", "user");
    assertThat(second.get(1).path("content").asText()).isEqualTo("{\"name\":\"Ada\"}");
    assertThat(second.get(2).path("content").asText()).contains("$.email: required field is missing");
    assertThat(server.request(1).body().path("response_format")).isEqualTo(format);

    assertThat(r.tokenUsage().inputTokenCount()).isEqualTo(300);
    assertThat(ledger.total().calls()).isEqualTo(2);
    assertThat(ledger.total().usage().cachedInputTokens()).isEqualTo(100);
  }

  @Test
  void openAiWrapsANonObjectReplyAndUsesJsonModeForAMap() {
    server.enqueue(openAi("{\"value\":[\"high\",\"LOW\"]}", 50, 5, 0), openAi("{\"a\": 1, \"b\": 2}", 50, 5, 0));
    Extractor extractor = onOpenAi(new CostLedger());

    assertThat(extractor.priorities("x")).containsExactly(Priority.HIGH, Priority.LOW);
    JsonNode schema = server.request(0).body().path("response_format").path("json_schema");
    assertThat(schema.path("name").asText()).isEqualTo("List_of_Priority");
    assertThat(schema.path("schema").path("properties").path("values").path("items").path("enum")).extracting(JsonNode::asText)
        .containsExactly("LOW", "HIGH");

    assertThat(extractor.counts("a b")).containsExactly(Map.entry("a", 1), Map.entry("b", 2));
    assertThat(server.request(1).body().path("response_format").path("type").asText()).isEqualTo("json_object");
    assertThat(server.request(1).messages().get(0).path("content").asText()).contains("Answer with JSON only");
  }

  @Test
  void ollamaGetsTheSchemaAsFormatAndJsonForAMap() {
    server.enqueue(ollama("Sure! {'name': 'Ada', 'email': 'ada@example.org',}", 40, 12), ollama("{\"x\": 3}", 20, 4));
    Extractor extractor = onOllama();

    assertThat(extractor.contact("Ada").content()).isEqualTo(new Contact("Ada", "ada@example.org", Optional.empty()));
    JsonNode format = server.request(0).body().path("format");
    assertThat(format.path("type").asText()).isEqualTo("object");
    assertThat(format.path("required")).extracting(JsonNode::asText).containsExactly("name", "email");
    assertThat(format.path("properties").fieldNames()).toIterable().containsExactly("name", "email", "phone");

    assertThat(extractor.counts("x x x")).containsExactly(Map.entry("x", 3));
    assertThat(server.request(1).body().path("format").asText()).isEqualTo("json");
  }

  @Test
  void aModelThatDeclaresNoCapabilityGetsTheSchemaInItsUserMessage() {
    server.enqueue(openAi("{\"name\":\"Ada\",\"email\":\"a@b.c\"}", 50, 5, 0));
    OpenAiChatModel model = OpenAiChatModel.builder().baseUrl(server.openAiBaseUrl()).apiKey("sk-wire-test")
        .modelName("gpt-4o-mini").maxRetries(0).build();

    SpectraAiServices.create(Extractor.class, model).contact("Ada");

    JsonNode body = server.request(0).body();
    assertThat(body.has("response_format")).isFalse();
    assertThat(body.path("messages").get(0).path("content").asText()).contains("Answer with JSON only, matching this JSON schema:");
  }

  @Test
  void aModelThatDeclaresTheCapabilityGetsTheSchemaFromCreate() {
    server.enqueue(openAi("{\"name\":\"Ada\",\"email\":\"a@b.c\"}", 50, 5, 0));
    OpenAiChatModel model = OpenAiChatModel.builder().baseUrl(server.openAiBaseUrl()).apiKey("sk-wire-test")
        .modelName("gpt-4o-mini").supportedCapabilities(Capability.RESPONSE_FORMAT_JSON_SCHEMA).maxRetries(0).build();

    SpectraAiServices.create(Extractor.class, model).contact("Ada");

    assertThat(server.request(0).body().path("response_format").path("json_schema").path("name").asText()).isEqualTo("Contact");
  }
}
