package dev.spectra.orchestrator.test.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretScrubberTest {
  private final SecretScrubber scrubber = SecretScrubber.create(List.of("correct-horse-battery"), false);

  @Test
  void replacesKeyShapesBearerTokensSecretAssignmentsAndRegisteredStrings() {
    assertThat(scrubber.scrub("key sk-proj-AbC123dEf456GhI789 and ghp_abcdefghijklmnopqrstuvwxyz0123"))
        .isEqualTo("key [REDACTED] and [REDACTED]");
    assertThat(scrubber.scrub("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig"))
        .isEqualTo("Authorization: Bearer [REDACTED]");
    assertThat(scrubber.scrub("api_key=abc123def456 password: 'hunter2x' {\"client_secret\": \"s3cr3t99\"}"))
        .isEqualTo("api_key=[REDACTED] password: '[REDACTED]' {\"client_secret\": \"[REDACTED]\"}");
    assertThat(scrubber.scrub("the phrase correct-horse-battery appears")).isEqualTo("the phrase [REDACTED] appears");
  }

  @Test
  void leavesOrdinaryTextAndCodeAlone() {
    String code = "def verify(token: str) -> bool:\n    max_tokens: 500\n    primary_key = id\n";
    assertThat(scrubber.scrub(code)).isEqualTo(code);
    assertThat(scrubber.scrub("keys: name, email")).isEqualTo("keys: name, email");
  }

  @Test
  void scrubsTreesBySecretFieldNamesButKeepsNumbers() throws Exception {
    var tree = new ObjectMapper().readTree(
        "{\"apiKey\":\"plain\",\"max_tokens\":500,\"nested\":{\"Authorization\":\"x\"},\"list\":[\"correct-horse-battery\"]}");
    assertThat(scrubber.scrubTree(tree).toString()).isEqualTo(
        "{\"apiKey\":\"[REDACTED]\",\"max_tokens\":500,\"nested\":{\"Authorization\":\"[REDACTED]\"},"
            + "\"list\":[\"[REDACTED]\"]}");
  }

  @Test
  void tooShortSecretsAreRejected() {
    assertThatThrownBy(() -> SecretScrubber.create(List.of("ab"), false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a secret to scrub must have at least 4 characters (shorter ones would redact ordinary text), but "
            + "had 2");
  }
}
