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
    RuntimeException e = new RuntimeException(new java.io.IOException("broken pipe for sk-abcdef0123456789"));
    java.net.ConnectException connect = new java.net.ConnectException("refused for sk-abcdef0123456789");
    connect.initCause(new java.nio.channels.ClosedChannelException());
    RuntimeException refused = new RuntimeException(connect);

    assertThat(Failures.reason(e, Failures.Kind.CONNECTION)).isEqualTo("connection failed (IOException: broken pipe for sk-***)");
    assertThat(Failures.reason(refused, Failures.Kind.CONNECTION)).as("said plainly, not ClosedChannelException")
        .isEqualTo("connection failed (connection refused)");
  }
}
