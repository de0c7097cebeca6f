package dev.spectra.orchestrator.llm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.exception.HttpException;
import org.junit.jupiter.api.Test;

class FailuresTest {
  private static final String SECRET = "QZQZ-proxy-0123456789abcdefghij";

  @Test
  void aSecretThatTheExcerptWouldCutInTwoIsScrubbedWhole() {
    // The excerpt keeps the first 200 of 300 characters: the secret starts 4 characters before that cut.
    String body = "x".repeat(195) + " " + SECRET + " " + "y".repeat(400);

    String said = Failures.providerSaid(new HttpException(502, body), SECRET);

    assertThat(said).contains("***").doesNotContain("QZQZ").doesNotContain("ghij");
  }

  @Test
  void aKeyLikeStringInAConnectionFailureIsMasked() {
    RuntimeException e = new RuntimeException(new java.net.ConnectException("refused for sk-abcdef0123456789"));

    assertThat(Failures.reason(e, Failures.Kind.CONNECTION)).isEqualTo("connection failed (ConnectException: refused for sk-***)");
  }
}
