package dev.spectra.orchestrator.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --timeout}: a provider that accepts a model call and never completes its answer costs at most two attempts of
 * the given deadline, and the error names {@code --timeout}. Asserts attempts, not wall time.
 */
class TimeoutTest {
  @TempDir Path dir;
  StallingProvider server;

  @AfterEach
  void stop() throws IOException {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aProviderThatNeverAnswersGetsAtMostTwoAttemptsAndTheErrorNamesTimeout() throws Exception {
    server = new StallingProvider(false);

    CliRun run = CliRun.run(env(), dir, "generate", "A hello service", "--out", "ws", "--no-deploy", "--timeout", "1");

    assertStalledCallFailed(run);
  }

  @Test
  void aProviderThatSendsHeadersThenStallsTheBodyGetsAtMostTwoAttempts() throws Exception {
    server = new StallingProvider(true);

    CliRun run = CliRun.run(env(), dir, "generate", "A hello service", "--out", "ws", "--no-deploy", "--timeout", "1");

    assertStalledCallFailed(run);
  }

  @Test
  void spectraTimeoutSetsTheDeadlineToo() throws Exception {
    server = new StallingProvider(false);
    Map<String, String> env = new java.util.HashMap<>(env());
    env.put("SPECTRA_TIMEOUT", "1");

    CliRun run = CliRun.run(env, dir, "generate", "A hello service", "--out", "ws", "--no-deploy");

    assertStalledCallFailed(run);
  }

  @Test
  void aTimeoutThatIsNotPositiveIsAUsageError() {
    CliRun run = CliRun.run(Map.of(), dir, "generate", "A hello service", "--timeout", "0");

    assertThat(run.exitCode()).isEqualTo(SpectraCli.EXIT_USAGE);
    assertThat(run.err()).contains("--timeout must be > 0, but was 0");
  }

  private void assertStalledCallFailed(CliRun run) {
    assertThat(run.exitCode()).as(run.err()).isNotZero();
    assertThat(server.chatCalls.get()).as("model calls the provider received").isBetween(1, 2);
    List<String> errorLines = run.errLines().stream().filter(l -> l.startsWith("spectra generate:")).toList();
    assertThat(errorLines).as(run.err()).singleElement().asString().contains("--timeout").contains("did not answer in time")
        .doesNotContain("LlmConfig.Builder");
  }

  private Map<String, String> env() {
    return Map.of("OPENAI_API_KEY", "sk-test-timeout-0000", "OPENAI_BASE_URL", "http://127.0.0.1:" + server.port() + "/v1",
        "OPENAI_MODEL", "gpt-4o-mini");
  }

  /** Answers {@code GET}s with a model list; accepts every {@code POST} and never completes its answer. */
  static final class StallingProvider implements AutoCloseable {
    final AtomicInteger chatCalls = new AtomicInteger();
    private final ServerSocket socket;
    private final List<Socket> held = new CopyOnWriteArrayList<>();

    StallingProvider(boolean headersFirst) throws IOException {
      socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread t = new Thread(() -> {
        while (!socket.isClosed()) {
          try {
            Socket s = socket.accept();
            held.add(s);
            Thread h = new Thread(() -> handle(s, headersFirst));
            h.setDaemon(true);
            h.start();
          } catch (IOException e) {
            return;
          }
        }
      });
      t.setDaemon(true);
      t.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    private void handle(Socket s, boolean headersFirst) {
      try {
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
        while (true) {
          String requestLine = in.readLine();
          if (requestLine == null) {
            return;
          }
          int length = 0;
          String line;
          while ((line = in.readLine()) != null && !line.isEmpty()) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
              length = Integer.parseInt(line.substring(15).trim());
            }
          }
          in.skip(length);
          OutputStream out = s.getOutputStream();
          if (requestLine.startsWith("GET")) {
            byte[] body = "{\"object\":\"list\",\"data\":[{\"id\":\"gpt-4o-mini\",\"object\":\"model\"}]}".getBytes(StandardCharsets.UTF_8);
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            continue;
          }
          chatCalls.incrementAndGet();
          if (headersFirst) {
            out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 4000\r\n\r\n{\"id\":"
                .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
          }
          Thread.sleep(Long.MAX_VALUE); // never completes the answer
        }
      } catch (IOException | InterruptedException e) {
        // the client gave up
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
      for (Socket s : held) {
        s.close();
      }
    }
  }
}
