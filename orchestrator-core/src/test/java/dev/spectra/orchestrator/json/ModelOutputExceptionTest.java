package dev.spectra.orchestrator.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spectra.orchestrator.OrchestratorException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelOutputExceptionTest {
  @Test
  void unrecoverableSaysWhyAndQuotesTheReply() {
    ModelOutputException e = ModelOutputException.unrecoverable("I cannot help with that.", "no JSON here");

    assertThat(e).isInstanceOf(OrchestratorException.class);
    assertThat(e.getMessage()).isEqualTo("no JSON here; reply (24 chars): \"I cannot help with that.\"");
    assertThat(e.attempts()).containsExactly(
        new ModelOutputException.Attempt(1, "I cannot help with that.", List.of("no JSON here")));
  }

  @Test
  void aHugeReplyIsCutInTheMessageAndTheAttempt() {
    String reply = "head " + "x".repeat(1_000_000) + " tail";

    ModelOutputException e = ModelOutputException.unrecoverable(reply, "why");

    assertThat(e.getMessage()).hasSizeLessThan(300).startsWith("why; reply (1000010 chars): \"head ")
        .contains("chars cut]").endsWith(" tail\"");
    String excerpt = e.attempts().get(0).replyExcerpt();
    assertThat(excerpt).hasSizeLessThanOrEqualTo(ModelOutputException.MAX_EXCERPT_CHARS + 32)
        .startsWith("head ").endsWith(" tail");
  }

  @Test
  void controlCharactersAreEscapedSoJunkCannotGarbleALog() {
    ModelOutputException e = ModelOutputException.unrecoverable("a\u0000b\u001bc\nd\u0085", "why");

    assertThat(e.getMessage()).endsWith("\"a\\u0000b\\u001bc\nd\\u0085\"");
    assertThat(e.attempts().get(0).replyExcerpt()).isEqualTo("a\\u0000b\\u001bc\nd\\u0085");
  }

  @Test
  void anAttemptCutsItsExcerptOnceAndIdempotently() {
    ModelOutputException.Attempt a = ModelOutputException.Attempt.of(2, "y".repeat(10_000), List.of("e"));
    ModelOutputException.Attempt again = new ModelOutputException.Attempt(2, a.replyExcerpt(), a.errors());

    assertThat(a.replyExcerpt()).hasSizeLessThanOrEqualTo(ModelOutputException.MAX_EXCERPT_CHARS + 32)
        .contains("chars cut]");
    assertThat(again).isEqualTo(a);
  }

  @Test
  void anAttemptBoundsItsErrors() {
    List<String> errors = new ArrayList<>(Collections.nCopies(60, "$.files[0].path: missing required field"));
    errors.set(0, "z".repeat(5_000));

    ModelOutputException.Attempt a = ModelOutputException.Attempt.of(1, "{}", errors);

    assertThat(a.errors()).hasSize(ModelOutputException.MAX_ERRORS + 1);
    assertThat(a.errors().get(0)).hasSizeLessThanOrEqualTo(ModelOutputException.MAX_ERROR_CHARS + 32);
    assertThat(a.errors().get(ModelOutputException.MAX_ERRORS)).isEqualTo("… and 10 more errors");
    assertThatThrownBy(() -> a.errors().add("x")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void theMessageIsBounded() {
    ModelOutputException e = new ModelOutputException("m".repeat(100_000), List.of());

    assertThat(e.getMessage()).hasSizeLessThanOrEqualTo(ModelOutputException.MAX_ERROR_CHARS + 32);
    assertThat(e.attempts()).isEmpty();
  }

  @Test
  void attemptsAreCopied() {
    List<ModelOutputException.Attempt> attempts = new ArrayList<>();
    attempts.add(ModelOutputException.Attempt.of(1, "r1", List.of("e1")));
    ModelOutputException e = new ModelOutputException("failed after 1 attempt", attempts);
    attempts.add(ModelOutputException.Attempt.of(2, "r2", List.of("e2")));

    assertThat(e.attempts()).hasSize(1);
    assertThatThrownBy(() -> e.attempts().clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void preconditionsNameTheBadValue() {
    assertThatThrownBy(() -> new ModelOutputException(null, List.of()))
        .isInstanceOf(NullPointerException.class).hasMessage("message == null");
    assertThatThrownBy(() -> new ModelOutputException("m", Collections.singletonList(null)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("attempts[0] == null");
    assertThatThrownBy(() -> ModelOutputException.Attempt.of(0, "r", List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("number must be > 0, but was 0");
    assertThatThrownBy(() -> ModelOutputException.unrecoverable("r", null))
        .isInstanceOf(NullPointerException.class).hasMessage("why == null");
    assertThat(ModelOutputException.Attempt.of(1, null, null))
        .isEqualTo(new ModelOutputException.Attempt(1, "null", List.of()));
  }
}
