package dev.spectra.orchestrator.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.spectra.orchestrator.RetryAfterHint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayChatModelTest {
  @TempDir
  Path dir;

  private static ChatRequest ask(String system, String user) {
    return ChatRequest.builder().messages(SystemMessage.from(system), UserMessage.from(user)).build();
  }

  private Path cassette(String entries) throws Exception {
    Path file = dir.resolve("c.json");
    Files.writeString(file, "{\"entries\": [" + entries + "]}");
    return file;
  }

  private static String entry(String system, String user, String reply) {
    return "{\"request\": {\"messages\": [{\"role\": \"system\", \"text\": \"" + system + "\"}, "
        + "{\"role\": \"user\", \"text\": \"" + user + "\"}]}, \"response\": {\"text\": \"" + reply + "\"}}";
  }

  @Test
  void aHandWrittenCassetteNeedsNoKeysAndAWrongKeyIsIgnored() throws Exception {
    Path file = cassette("{\"key\": \"0000\", " + entry("S", "U", "reply").substring(1));
    assertThat(ReplayChatModel.of(file).chat(ask("S", "U")).aiMessage().text()).isEqualTo("reply");
  }

  @Test
  void aClassPathCassetteExposesItsMetadataCapabilitiesAndRealisticResponses() {
    ReplayChatModel model = ReplayChatModel.fromResource("cassettes/greeting.json");

    ChatResponse response = model.chat(ask("You greet people.", "Greet Ada"));

    assertThat(response.aiMessage().text()).isEqualTo("```json\n{\"greeting\":\"Hello, Ada!\"}\n```");
    assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(response.modelName()).isEqualTo("hand-written");
    assertThat(response.tokenUsage().totalTokenCount()).isEqualTo(21);
    assertThat(model.metadata()).isEqualTo(Map.of("source", "hand-written", "faults", Map.of("fence", 1)));
    assertThat(model.supportedCapabilities()).containsExactly(Capability.RESPONSE_FORMAT_JSON_SCHEMA);
    assertThat(ReplayChatModel.builderForResource("/cassettes/greeting.json").supportedCapabilities().build()
        .supportedCapabilities()).isEmpty();
    assertThat(model.requests()).hasSize(1);
  }

  @Test
  void identicalRequestsGetTheirRepliesInRecordedOrderThenMiss() throws Exception {
    ReplayChatModel model = ReplayChatModel.of(cassette(
        entry("S", "U", "first") + "," + entry("S", "other", "x") + "," + entry("S", "U", "second")));

    assertThat(model.chat(ask("S", "U")).aiMessage().text()).isEqualTo("first");
    assertThat(model.chat(ask("S", "U")).aiMessage().text()).isEqualTo("second");
    assertThat(model.entryCount()).isEqualTo(3);
    assertThat(model.unusedCount()).isEqualTo(1);
    assertThatThrownBy(() -> model.chat(ask("S", "U")))
        .isInstanceOf(UnexpectedRequestError.class)
        .hasMessageEndingWith("strict matching).\nLast user message: \"U\"\nThe cassette recorded this request 2 times "
            + "and all its replies were already used: record the conversation again if the code now makes more calls.\n");
  }

  @Test
  void recordedErrorsAreThrownAsLangChain4jExceptionsWithTheRetryAfterHint() throws Exception {
    ReplayChatModel model = ReplayChatModel.of(cassette(
        "{\"request\": {\"messages\": [{\"role\": \"user\", \"text\": \"U\"}]}, \"error\": {\"type\": \"rate_limit\", "
            + "\"message\": \"429 slow down\", \"retryAfterMillis\": 1500}},"
            + "{\"request\": {\"messages\": [{\"role\": \"user\", \"text\": \"U\"}]}, \"error\": {\"type\": "
            + "\"server_error\", \"message\": \"500\"}},"
            + "{\"request\": {\"messages\": [{\"role\": \"user\", \"text\": \"U\"}]}, \"response\": {\"text\": \"ok\"}}"));

    Throwable rateLimit = catchThrowable(() -> model.chat("U"));
    assertThat(rateLimit).isInstanceOf(RateLimitException.class).hasMessage("429 slow down");
    assertThat(RetryAfterHint.find(rateLimit).retryAfter()).isEqualTo(Duration.ofMillis(1500));
    assertThatThrownBy(() -> model.chat("U")).isInstanceOf(InternalServerException.class).hasMessage("500");
    assertThat(model.chat("U")).isEqualTo("ok");
  }

  private static Throwable catchThrowable(Runnable r) {
    try {
      r.run();
      return null;
    } catch (RuntimeException e) {
      return e;
    }
  }

  @Test
  void lenientMatchingIgnoresSystemMessagesAndModelParameters() throws Exception {
    ReplayChatModel model = ReplayChatModel.builder(cassette(entry("Old system prompt", "U", "reply")))
        .matching(ReplayChatModel.Matching.LENIENT).build();
    ChatRequest changed = ChatRequest.builder().messages(SystemMessage.from("New system prompt"), UserMessage.from("U"))
        .temperature(0.9).modelName("other").build();

    assertThat(model.chat(changed).aiMessage().text()).isEqualTo("reply");
    assertThatThrownBy(() -> ReplayChatModel.builder(dir.resolve("c.json")).matching(ReplayChatModel.Matching.LENIENT)
        .build().chat(ask("Old system prompt", "changed user text")))
        .isInstanceOf(UnexpectedRequestError.class).hasMessageContaining("lenient matching");
  }

  @Test
  void sequenceMatchingServesEntriesInOrder() throws Exception {
    ReplayChatModel model = ReplayChatModel.builder(cassette(entry("S", "a", "one") + "," + entry("S", "b", "two")))
        .matching(ReplayChatModel.Matching.SEQUENCE).build();

    assertThat(model.chat("anything")).isEqualTo("one");
    assertThat(model.chat("else")).isEqualTo("two");
    assertThatThrownBy(() -> model.chat("more")).isInstanceOf(UnexpectedRequestError.class)
        .hasMessage("ReplayChatModel: cassette " + dir.resolve("c.json") + " has 2 recorded replies and all were used "
            + "(sequence matching); request #3 has none.\nLast user message: \"more\"");
  }

  @Test
  void aMissMessageScrubsASecretInTheLastUserMessage() throws Exception {
    ReplayChatModel strict = ReplayChatModel.builder(cassette(entry("S", "a", "one"))).secrets("hunter2-secret").build();
    ReplayChatModel sequence = ReplayChatModel.builder(dir.resolve("c.json")).secrets("hunter2-secret")
        .matching(ReplayChatModel.Matching.SEQUENCE).build();
    sequence.chat("first");

    for (ReplayChatModel model : new ReplayChatModel[] {strict, sequence}) {
      assertThatThrownBy(() -> model.chat("my password is hunter2-secret")).isInstanceOf(UnexpectedRequestError.class)
          .hasMessageContaining("Last user message: \"my password is [REDACTED]\"")
          .hasMessageNotContaining("hunter2-secret");
    }
  }

  @Test
  void rekeyingKeepsTheRepliesStoresTheNewRequestsAndShowsWhatChanged() throws Exception {
    Path file = cassette(entry("You plan.", "Plan A", "plan A") + "," + entry("You plan.", "Plan B", "plan B"));
    ReplayChatModel rekey = ReplayChatModel.builder(file).rekeying(true).build();

    assertThat(rekey.chat(ask("You plan carefully.", "Plan B")).aiMessage().text()).isEqualTo("plan B");
    assertThat(rekey.chat(ask("You plan carefully.", "Plan A")).aiMessage().text()).isEqualTo("plan A");

    assertThat(rekey.rekeyChanges()).hasSize(2);
    assertThat(rekey.rekeyChanges().get(0))
        .startsWith("entry #2 re-keyed (")
        .endsWith("), the recorded reply is kept; what changed (- recorded, + now):\n"
            + "  messages[0].text:\n    - You plan.\n    + You plan carefully.\n");
    ReplayChatModel strict = ReplayChatModel.of(file);
    assertThat(strict.chat(ask("You plan carefully.", "Plan A")).aiMessage().text()).isEqualTo("plan A");
    assertThatThrownBy(() -> ReplayChatModel.of(file).chat(ask("You plan.", "Plan A")))
        .isInstanceOf(UnexpectedRequestError.class);
  }

  @Test
  void theRekeySystemPropertyAppliesToFileCassettes() throws Exception {
    Path file = cassette(entry("S", "U", "reply"));
    System.setProperty(ReplayChatModel.REKEY_PROPERTY, "true");
    ReplayChatModel model;
    try {
      model = ReplayChatModel.of(file);
    } finally {
      System.clearProperty(ReplayChatModel.REKEY_PROPERTY);
    }
    assertThat(model.chat(ask("S2", "U")).aiMessage().text()).isEqualTo("reply");
    assertThat(Files.readString(file)).contains("\"text\": \"S2\"");
  }

  @Test
  void badCassettesAndSettingsFailWithMessagesThatSayWhatToFix() throws Exception {
    Files.writeString(dir.resolve("bad.json"), "{\"entries\": [ {\"request\": ");
    assertThatThrownBy(() -> ReplayChatModel.of(dir.resolve("bad.json")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("cassette " + dir.resolve("bad.json") + " is not valid JSON: ");
    assertThatThrownBy(() -> ReplayChatModel.of(cassette("")).chat("x"))
        .hasMessageEndingWith("Last user message: \"x\"\nThe cassette has no entries.\n");
    Files.writeString(dir.resolve("c.json"), "{}");
    assertThatThrownBy(() -> ReplayChatModel.of(dir.resolve("c.json")))
        .hasMessage("cassette " + dir.resolve("c.json") + " has no \"entries\" array");
    assertThatThrownBy(() -> ReplayChatModel.of(cassette("{\"request\": {\"messages\": [{\"role\": \"user\"}]}}")))
        .hasMessage("cassette " + dir.resolve("c.json") + ": entries[0] needs exactly one of \"response\" and \"error\"");
    assertThatThrownBy(() -> ReplayChatModel.of(cassette("{\"response\": {}}")))
        .hasMessage("cassette " + dir.resolve("c.json") + ": entries[0] has no \"request\" object; each entry needs a "
            + "\"request\" and a \"response\" or an \"error\"");
    assertThatThrownBy(() -> ReplayChatModel.of(cassette(
        "{\"request\": {\"messages\": [{\"role\": \"user\"}]}, \"error\": {\"type\": \"oops\"}}")))
        .hasMessage("cassette " + dir.resolve("c.json") + ": entries[0].error.type must be one of rate_limit, "
            + "server_error, timeout, authentication, content_filtered, invalid_request, model_not_found, other, but "
            + "was \"oops\"");
    assertThatThrownBy(() -> ReplayChatModel.of(cassette(
        "{\"request\": {\"messages\": [{\"role\": \"user\"}]}, \"response\": {\"finishReason\": \"DONE\"}}")))
        .hasMessage("cassette " + dir.resolve("c.json") + ": entries[0].response.finishReason must be one of "
            + "[STOP, LENGTH, TOOL_EXECUTION, CONTENT_FILTER, OTHER], but was \"DONE\"");
    Files.writeString(dir.resolve("c.json"), "{\"format\": \"vcr/2\", \"entries\": []}");
    assertThatThrownBy(() -> ReplayChatModel.of(dir.resolve("c.json")))
        .hasMessage("cassette " + dir.resolve("c.json") + " has format \"vcr/2\", but this version of the test kit "
            + "reads \"spectra-cassette/1\"");
    assertThatThrownBy(() -> ReplayChatModel.of(dir.resolve("missing.json")))
        .hasMessage("cassette " + dir.resolve("missing.json") + " does not exist (looked at "
            + dir.resolve("missing.json").toAbsolutePath() + "); record it with RecordingChatModel first");
    assertThatThrownBy(() -> ReplayChatModel.fromResource("cassettes/none.json"))
        .hasMessage("cassette resource cassettes/none.json is not on the class path (put it under "
            + "src/test/resources/cassettes/none.json)");
    assertThatThrownBy(() -> ReplayChatModel.builderForResource("cassettes/greeting.json").rekeying(true).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("rekeying needs a cassette file, but this cassette is the class-path resource "
            + "cassettes/greeting.json; build the replay from its source file, e.g. ReplayChatModel.builder(Path.of("
            + "\"src/test/resources/cassettes/greeting.json\"))");
    assertThatThrownBy(() -> ReplayChatModel.builder(dir.resolve("c.json")).rekeying(true)
        .matching(ReplayChatModel.Matching.SEQUENCE).build())
        .hasMessage("rekeying needs STRICT or LENIENT matching: SEQUENCE matching never misses a changed request");
    assertThatThrownBy(() -> ReplayChatModel.builder(dir.resolve("c.json")).secrets("abc"))
        .hasMessage("a secret to scrub must have at least 4 characters (shorter ones would redact ordinary text), but "
            + "had 3");
  }
}
