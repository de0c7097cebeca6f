package dev.spectra.orchestrator.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptSnapshotsTest {
  @TempDir
  Path dir;

  private static ChatRequest request(String system) {
    return ChatRequest.builder()
        .messages(SystemMessage.from(system), UserMessage.from("Plan a todo API.\nUse key sk-abcdefghijklmnop1234"))
        .modelName("gpt-4o-mini").temperature(0.0)
        .responseFormat(ResponseFormat.builder().type(ResponseFormatType.JSON)
            .jsonSchema(JsonSchema.builder().name("Plan").rootElement(JsonObjectSchema.builder()
                .addStringProperty("name", "the service name").required("name").build()).build())
            .build())
        .build();
  }

  @Test
  void rendersParametersMessagesAndTheSchemaReadablyWithoutSecrets() {
    assertThat(PromptSnapshots.render(request("You are an architect.\nBe brief."))).isEqualTo("""
        parameters: modelName=gpt-4o-mini, temperature=0.0
        response format: JSON schema "Plan"

        === system ===
        You are an architect.
        Be brief.

        === user ===
        Plan a todo API.
        Use key [REDACTED]

        === response schema "Plan" ===
        {
          "type": "object",
          "properties": {
            "name": {
              "type": "string",
              "description": "the service name"
            }
          },
          "required": [
            "name"
          ]
        }
        """);
  }

  @Test
  void rendersToolCallsAndTools() {
    ChatRequest withTools = ChatRequest.builder()
        .messages(UserMessage.from("weather?"), AiMessage.from(dev.langchain4j.agent.tool.ToolExecutionRequest.builder()
            .id("1").name("forecast").arguments("{\"city\":\"Oslo\"}").build()))
        .toolSpecifications(ToolSpecification.builder().name("forecast").description("Weather by city").build())
        .build();
    assertThat(PromptSnapshots.render(withTools)).isEqualTo("""
        parameters: (model defaults)
        response format: text

        === user ===
        weather?

        === ai ===
        tool call: forecast({"city":"Oslo"})

        === tool forecast ===
        Weather by city
        """);
  }

  @Test
  void aMissingSnapshotFailsShowingThePromptAndHowToWriteIt() {
    PromptSnapshots snapshots = PromptSnapshots.in(dir).updating(false);
    assertThatThrownBy(() -> snapshots.assertMatches("plan", request("You are an architect.")))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("Prompt snapshot " + dir.resolve("plan.txt") + " does not exist yet. Review the prompt "
            + "below, then write it with -Dspectra.snapshots.update=true:\nparameters: modelName=gpt-4o-mini");
  }

  @Test
  void updateModeWritesTheSnapshotAndCompareModeThenPassesOrShowsALineDiff() throws Exception {
    PromptSnapshots.in(dir).updating(true).assertMatches("activities/plan", request("You are an architect."));
    Path file = dir.resolve("activities/plan.txt");
    assertThat(Files.readString(file)).isEqualTo(PromptSnapshots.render(request("You are an architect.")));

    PromptSnapshots compare = PromptSnapshots.in(dir).updating(false);
    compare.assertMatches("activities/plan", request("You are an architect."));
    assertThatThrownBy(() -> compare.assertMatches("activities/plan", request("You are a careful architect.")))
        .isInstanceOf(AssertionError.class)
        .hasMessage("Prompt snapshot " + file + " differs from the prompt sent (- snapshot, + now):\n"
            + "  … 1 common line\n"
            + "  response format: JSON schema \"Plan\"\n"
            + "  \n"
            + "  === system ===\n"
            + "- You are an architect.\n"
            + "+ You are a careful architect.\n"
            + "  \n"
            + "  === user ===\n"
            + "  Plan a todo API.\n"
            + "  … 16 common lines\n"
            + "If the change is intended, rewrite the snapshots with -Dspectra.snapshots.update=true and review the diff.");
  }

  @Test
  void theSystemPropertyTurnsOnUpdating() {
    String old = System.getProperty(PromptSnapshots.UPDATE_PROPERTY);
    System.setProperty(PromptSnapshots.UPDATE_PROPERTY, "true");
    try {
      PromptSnapshots.in(dir).assertMatches("written", request("x"));
    } finally {
      if (old == null) {
        System.clearProperty(PromptSnapshots.UPDATE_PROPERTY);
      } else {
        System.setProperty(PromptSnapshots.UPDATE_PROPERTY, old);
      }
    }
    assertThat(dir.resolve("written.txt")).exists();
  }

  @Test
  void crlfInTheSnapshotFileStillMatches() throws Exception {
    Files.writeString(dir.resolve("crlf.txt"), PromptSnapshots.render(request("x")).replace("\n", "\r\n"));
    PromptSnapshots.in(dir).updating(false).assertMatches("crlf", request("x"));
  }

  @Test
  void namesCannotEscapeTheDirectory() {
    assertThatThrownBy(() -> PromptSnapshots.in(dir).file("../outside"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a snapshot name is letters, digits, '_', '-', '.' and '/' between parts, without \"..\", but was "
            + "\"../outside\"");
    assertThatThrownBy(() -> PromptSnapshots.in(dir).file("/etc/passwd")).isInstanceOf(IllegalArgumentException.class);
    assertThat(PromptSnapshots.defaults().file("plan")).isEqualTo(Path.of("src/test/resources/prompt-snapshots/plan.txt"));
  }
}
