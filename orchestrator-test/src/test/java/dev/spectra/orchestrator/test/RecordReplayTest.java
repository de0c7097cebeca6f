package dev.spectra.orchestrator.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;
import dev.spectra.orchestrator.test.internal.CassetteFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Records a real LangChain4j OpenAI client against a local server, then replays the cassette without it. */
class RecordReplayTest {
  private static final String API_KEY = "sk-test-0123456789abcdefABCDEF";

  @TempDir
  Path dir;

  private static OpenAiChatModel openAi(FakeOpenAiServer server) {
    return OpenAiChatModel.builder().baseUrl(server.baseUrl()).apiKey(API_KEY).modelName("gpt-4o-mini")
        .maxRetries(0).build();
  }

  /** Four calls: a growing conversation, one request repeated verbatim, and one with per-call parameters. */
  private static List<ChatResponse> conversation(ChatModel model, String system, String userSuffix,
      Map<String, Object> customParameters) {
    List<ChatResponse> responses = new ArrayList<>();
    List<ChatMessage> messages = new ArrayList<>(List.of(SystemMessage.from(system),
        UserMessage.from("Plan a todo list API." + userSuffix)));
    ChatResponse r1 = model.chat(ChatRequest.builder().messages(messages).build());
    responses.add(r1);
    messages.add(r1.aiMessage());
    messages.add(UserMessage.from("Now list the files,\none per line."));
    ChatRequest second = ChatRequest.builder().messages(messages).build();
    responses.add(model.chat(second));
    responses.add(model.chat(second));
    messages.add(UserMessage.from("Summarize the plan as JSON."));
    responses.add(model.chat(ChatRequest.builder().messages(messages)
        .parameters(OpenAiChatRequestParameters.builder()
            .temperature(0.2).seed(7).maxOutputTokens(300).customParameters(customParameters)
            .responseFormat(ResponseFormat.builder().type(ResponseFormatType.JSON)
                .jsonSchema(JsonSchema.builder().name("Summary").rootElement(JsonObjectSchema.builder()
                    .addStringProperty("summary").required("summary").build()).build())
                .build())
            .build())
        .build()));
    return responses;
  }

  private static FakeOpenAiServer server(String idPrefix, String fingerprint, String header) {
    return new FakeOpenAiServer((n, body) -> switch (n) {
      case 1 -> "Plan: a FastAPI service\nwith SQLite storage.";
      case 2 -> "app/main.py\napp/models.py";
      case 3 -> "app/main.py\napp/models.py\ntests/test_main.py";
      default -> "{\"summary\":\"A todo API\"}";
    }, idPrefix, fingerprint, header);
  }

  @Test
  void aRecordedMultiCallConversationReplaysWithIdenticalResults() throws Exception {
    Path cassette = dir.resolve("cassettes/todo.json");
    List<ChatResponse> recorded;
    try (FakeOpenAiServer server = server("chatcmpl-", "fp_1", "none")) {
      RecordingChatModel recorder = RecordingChatModel.builder(openAi(server), cassette)
          .metadata("source", "RecordReplayTest").build();
      recorded = conversation(recorder, "You are a planner.", "", Map.of());
      assertThat(server.bodies()).hasSize(4);
      assertThat(recorder.recordedCount()).isEqualTo(4);
    }

    ReplayChatModel replay = ReplayChatModel.of(cassette);
    List<ChatResponse> replayed = conversation(replay, "You are a planner.", "", Map.of());

    assertThat(replayed).hasSize(4);
    for (int i = 0; i < 4; i++) {
      ChatResponse a = recorded.get(i);
      ChatResponse b = replayed.get(i);
      assertThat(b.aiMessage().text()).as("text of call %d", i).isEqualTo(a.aiMessage().text());
      assertThat(b.id()).isEqualTo(a.id());
      assertThat(b.modelName()).isEqualTo("gpt-4o-mini-2024-07-18").isEqualTo(a.modelName());
      assertThat(b.finishReason()).isEqualTo(a.finishReason());
      assertThat(b.tokenUsage().inputTokenCount()).isEqualTo(a.tokenUsage().inputTokenCount());
      assertThat(b.tokenUsage().outputTokenCount()).isEqualTo(a.tokenUsage().outputTokenCount());
      assertThat(b.tokenUsage().totalTokenCount()).isEqualTo(a.tokenUsage().totalTokenCount());
    }
    // the verbatim repeat got its two recorded replies in recorded order
    assertThat(replayed.get(1).aiMessage().text()).isEqualTo("app/main.py\napp/models.py");
    assertThat(replayed.get(2).aiMessage().text()).endsWith("tests/test_main.py");
    assertThat(replay.unusedCount()).isZero();
    assertThat(replay.metadata()).containsEntry("source", "RecordReplayTest");

    String text = Files.readString(cassette);
    assertThat(text).contains("\"seed\": 7", "\"maxOutputTokens\": 300", "\"temperature\": 0.2",
        "\"name\": \"Summary\"", "\"Now list the files,\",", "\"one per line.\"");
    assertThat(CassetteFile.write(CassetteFile.parse(text, "x"))).as("a re-written cassette is byte-identical")
        .isEqualTo(text);
  }

  @Test
  void aChangedPromptMissesAndTheMessageNamesTheDifference() throws Exception {
    Path cassette = dir.resolve("todo.json");
    try (FakeOpenAiServer server = server("chatcmpl-", "fp_1", "none")) {
      conversation(RecordingChatModel.of(openAi(server), cassette), "You are a planner.\nBe brief.", "", Map.of());
    }
    ReplayChatModel replay = ReplayChatModel.of(cassette);

    assertThatThrownBy(() -> conversation(replay, "You are a careful planner.\nBe brief.", "", Map.of()))
        .isInstanceOf(UnexpectedRequestError.class)
        .hasMessageStartingWith("ReplayChatModel: no recorded reply in cassette " + cassette + " for request #1 (key ")
        .hasMessageContaining("strict matching).\nLast user message: \"Plan a todo list API.\"\n"
            + "Nearest recorded request: entry #1 of 4 (key ")
        .hasMessageContaining("), 1 difference (- recorded, + now):\n"
            + "  messages[0].text:\n"
            + "    - You are a planner.\n"
            + "    + You are a careful planner.\n"
            + "      Be brief.\n"
            + "If the change is intended, re-key the cassette to keep its replies: run with "
            + "-Dspectra.cassettes.rekey=true, or build the replay with rekeying(true).");
  }

  @Test
  void secretsInMessagesCustomParametersAndResponseMetadataNeverReachTheCassette() throws Exception {
    String secret = "Zebra-42-Quokka-s3cr3t";
    String apiKeyInText = "sk-live-abcdefghijklmnopqrstuvwx";
    Path cassette = dir.resolve("secret.json");
    Map<String, Object> custom = Map.of("session", "sess-" + secret, "api_key", "plainvalue1234",
        "nested", Map.of("authorization", "Token 99problems"));
    List<ChatResponse> recorded;
    try (FakeOpenAiServer server = new FakeOpenAiServer(
        (n, body) -> "ok " + n + ", your key " + apiKeyInText + " is safe", "chatcmpl-" + secret + "-", secret,
        secret)) {
      recorded = conversation(RecordingChatModel.builder(openAi(server), cassette).secrets(secret).build(),
          "You are a planner.", " My password: hunter2x and token " + secret + ", key " + apiKeyInText, custom);
      assertThat(server.bodies().get(3).toString()).as("the custom parameters reached the server")
          .contains("plainvalue1234");
      assertThat(recorded.get(0).id()).contains(secret);
    }

    byte[] bytes = Files.readAllBytes(cassette);
    String text = new String(bytes, StandardCharsets.UTF_8);
    for (String leaked : List.of(secret, apiKeyInText, API_KEY, "plainvalue1234", "99problems", "hunter2x")) {
      assertThat(text).as("cassette bytes must not contain %s", leaked).doesNotContain(leaked);
      assertThat(indexOf(bytes, leaked.getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);
    }
    assertThat(text).contains("\"session\": \"sess-[REDACTED]\"", "\"api_key\": \"[REDACTED]\"",
        "\"id\": \"chatcmpl-[REDACTED]-1\"", "My password: [REDACTED]");

    // the same secrets registered on the replay give the same keys
    ReplayChatModel replay = ReplayChatModel.builder(cassette).secrets(secret).build();
    List<ChatResponse> replayed = conversation(replay, "You are a planner.",
        " My password: hunter2x and token " + secret + ", key " + apiKeyInText, custom);
    assertThat(replayed).extracting(r -> r.aiMessage().text())
        .containsExactly("ok 1, your key [REDACTED] is safe", "ok 2, your key [REDACTED] is safe",
            "ok 3, your key [REDACTED] is safe", "ok 4, your key [REDACTED] is safe");
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
