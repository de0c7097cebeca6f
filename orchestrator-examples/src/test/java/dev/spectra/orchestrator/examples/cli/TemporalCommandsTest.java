package dev.spectra.orchestrator.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spectra.orchestrator.GeneratedFile;
import dev.spectra.orchestrator.RunReport;
import io.temporal.testserver.TestServer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code spectra worker} and {@code spectra generate --temporal} against a Temporal test server listening on a local
 * TCP port (real gRPC, as against {@code temporal server start-dev}), with a local OpenAI-compatible server.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class TemporalCommandsTest {
  static final String KEY = "sk-test-good-key-123";

  @TempDir Path dir;
  FakeProvider provider;
  TestServer.PortBoundTestServer temporal;
  int port;

  @BeforeEach
  void start() throws Exception {
    provider = new FakeProvider(KEY, List.of("gpt-4o-mini"), List.of());
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    temporal = TestServer.createPortBoundServer(port, false);
  }

  @AfterEach
  void stop() throws Exception {
    provider.close();
    temporal.close();
  }

  @Test
  void generateOnTemporalRunsOnASpectraWorkerAndPrintsTheSameReport() throws Exception {
    String target = "127.0.0.1:" + port;
    Thread workerThread = new Thread(() -> worker.complete(CliRun.run(env(), dir, "worker", "--temporal", target,
        "--workspace", "ws", "--no-deploy")), "spectra-worker-under-test");
    workerThread.start();

    CliRun run = CliRun.run(Map.of(), dir, "generate", "A service that greets people by name", "--temporal", target,
        "--out", "ws", "--no-deploy", "--json");
    workerThread.interrupt();
    CliRun served = worker.get(60, TimeUnit.SECONDS);

    assertThat(run.exitCode()).as(run.err() + "\nworker:\n" + served.err()).isZero();
    assertThat(run.err()).contains("running on Temporal at " + target);
    RunReport report = RunReport.fromJson(run.out());
    assertThat(report.outcome()).isEqualTo(RunReport.Outcome.SUCCEEDED);
    assertThat(report.plan().name()).isEqualTo("hello-service");
    assertThat(report.build().file("app/main.py")).get().extracting(GeneratedFile::origin).isEqualTo(GeneratedFile.Origin.LLM);
    assertThat(report.build().file("requirements.txt")).get().extracting(GeneratedFile::origin).isEqualTo(GeneratedFile.Origin.CONFIG);
    assertThat(Files.readString(dir.resolve("ws/app/main.py"))).contains("def hello(name: str) -> Greeting:");
    assertThat(report.total().calls()).as("every model call the worker made is in the client's report")
        .isEqualTo(provider.chatRequests.size()).isGreaterThanOrEqualTo(3);
    assertThat(served.exitCode()).as(served.err()).isZero();
    assertThat(served.err()).contains("serving task queue spectra at " + target);
  }

  final CompletableFuture<CliRun> worker = new CompletableFuture<>();

  Map<String, String> env() {
    return Map.of("OPENAI_API_KEY", KEY, "OPENAI_BASE_URL", provider.openAiBaseUrl(), "OPENAI_MODEL", "gpt-4o-mini");
  }

  @Test
  void aRequestForAStackTheWorkersDoNotServeFailsAtPlanNamingStackWithoutAModelCall() throws Exception {
    String target = "127.0.0.1:" + port;
    Thread workerThread = new Thread(() -> worker.complete(CliRun.run(env(), dir, "worker", "--temporal", target,
        "--workspace", "ws", "--no-deploy")), "spectra-worker-under-test"); // python-fastapi, the default
    workerThread.start();

    CliRun run = CliRun.run(Map.of(), dir, "generate", "A service that greets people by name", "--temporal", target,
        "--out", "ws", "--no-deploy", "--stack", "java-spring-boot");
    workerThread.interrupt();
    worker.get(60, TimeUnit.SECONDS);

    assertThat(run.exitCode()).as("a settings mismatch, fixed with --stack: " + run.err()).isEqualTo(SpectraCli.EXIT_USAGE);
    assertThat(run.out() + run.err()).contains("prefers the stack \"java-spring-boot\"", "wired for [python-fastapi]",
        "ask for one of those with --stack").doesNotContain("ServiceRequest.withStack");
    assertThat(provider.chatRequests).isEmpty();
  }

  @Test
  void generateOnTemporalWithoutAServerIsOneLineNamingTheFlag() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    CliRun run = CliRun.run(Map.of(), dir, "generate", "a service", "--temporal", "127.0.0.1:" + closed, "--out", "ws");

    assertThat(run.exitCode()).isEqualTo(SpectraCli.EXIT_USAGE);
    assertThat(run.errLines()).singleElement().asString().contains("cannot reach a Temporal server at 127.0.0.1:" + closed)
        .contains("--temporal");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"--model|gpt-4o", "--timeout|5", "--price|ollama:x=0,0", "--requests-per-minute|10",
      "--max-retry-after|5", "--ollama-context|4096", "--no-isolation|"})
  void flagsForTheModelsOrTheGeneratedCodeBelongToTheWorkerWithTemporal(String flag, String value) {
    List<String> args = new ArrayList<>(List.of("generate", "a service", "--temporal", "127.0.0.1:" + port, "--out", "ws",
        flag));
    if (value != null) {
      args.add(value);
    }
    CliRun run = CliRun.run(Map.of(), dir, args.toArray(String[]::new));

    assertThat(run.exitCode()).isEqualTo(SpectraCli.EXIT_USAGE);
    assertThat(run.errLines()).singleElement().asString().contains(flag + " does not apply with --temporal")
        .contains("spectra worker");
    assertThat(dir.resolve("ws")).doesNotExist();
  }

  @Test
  void severalWorkerFlagsAreNamedTogether() {
    CliRun run = CliRun.run(Map.of(), dir, "generate", "a service", "--temporal", "127.0.0.1:" + port, "--out", "ws",
        "--provider", "ollama", "--timeout", "5");

    assertThat(run.exitCode()).isEqualTo(SpectraCli.EXIT_USAGE);
    assertThat(run.errLines()).singleElement().asString()
        .contains("--provider, --timeout do not apply with --temporal", "give them to spectra worker");
  }
}
