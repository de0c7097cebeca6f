package dev.spectra.orchestrator.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.model.chat.Capability;
import dev.spectra.orchestrator.RetryAfterHint;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingChatModelTest {
  @TempDir
  Path dir;

  @Test
  void providerErrorsAreRecordedAndReplayedAsTheSameTypeWithTheirRetryAfterHint() throws Exception {
    ScriptedChatModel real = ScriptedChatModel.create().supportedCapabilities(Capability.RESPONSE_FORMAT_JSON_SCHEMA);
    real.on(RequestMatcher.anyRequest()).replies(
        Reply.error(new RateLimitException("429 from sk-abcdefghijklmnop1234", new RetryAfterHint(Duration.ofSeconds(2)))),
        Reply.text("done"));
    Path cassette = dir.resolve("nested/dir/errors.json");
    RecordingChatModel recorder = RecordingChatModel.of(real, cassette);

    assertThatThrownBy(() -> recorder.chat("go")).isInstanceOf(RateLimitException.class);
    assertThat(recorder.chat("go")).isEqualTo("done");
    assertThat(recorder.supportedCapabilities()).containsExactly(Capability.RESPONSE_FORMAT_JSON_SCHEMA);
    assertThat(recorder.cassette()).isEqualTo(cassette);

    assertThat(Files.readString(cassette)).contains("\"error\": {\n        \"message\": \"429 from [REDACTED]\",\n"
        + "        \"retryAfterMillis\": 2000,\n        \"type\": \"rate_limit\"\n      }");
    ReplayChatModel replay = ReplayChatModel.of(cassette);
    assertThat(replay.supportedCapabilities()).containsExactly(Capability.RESPONSE_FORMAT_JSON_SCHEMA);
    Throwable error = null;
    try {
      replay.chat("go");
    } catch (RateLimitException e) {
      error = e;
    }
    assertThat(error).hasMessage("429 from [REDACTED]");
    assertThat(RetryAfterHint.find(error).retryAfter()).isEqualTo(Duration.ofSeconds(2));
    assertThat(replay.chat("go")).isEqualTo("done");
  }

  @Test
  void anUnwritableCassetteFailsTheCallNamingTheFile() throws Exception {
    Files.writeString(dir.resolve("file"), "not a directory");
    RecordingChatModel recorder = RecordingChatModel.of(ScriptedChatModel.replying("x"), dir.resolve("file/c.json"));

    assertThatThrownBy(() -> recorder.chat("go"))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageStartingWith("cannot write cassette " + dir.resolve("file/c.json") + ": ");
  }

  @Test
  void badSettingsAreRejected() {
    ScriptedChatModel real = ScriptedChatModel.replying("x");
    assertThatThrownBy(() -> RecordingChatModel.builder(real, null)).hasMessage("cassette == null");
    assertThatThrownBy(() -> RecordingChatModel.builder(real, dir.resolve("c.json")).metadata(" ", 1))
        .hasMessage("name must not be blank, but was \" \"");
    assertThatThrownBy(() -> RecordingChatModel.builder(real, dir.resolve("c.json")).secrets("xy"))
        .hasMessageStartingWith("a secret to scrub must have at least 4 characters");
  }
}
