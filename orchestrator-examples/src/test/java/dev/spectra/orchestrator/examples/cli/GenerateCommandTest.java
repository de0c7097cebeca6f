package dev.spectra.orchestrator.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spectra.orchestrator.GeneratedFile;
import dev.spectra.orchestrator.RunReport;
import dev.spectra.orchestrator.TestReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** spectra generate against a local OpenAI-compatible server, configured only through environment variables. */
class GenerateCommandTest {
  static final String KEY = "sk-test-good-key-123";

  @TempDir
  Path dir;

  FakeProvider server;

  @BeforeEach
  void start() throws Exception {
    server = new FakeProvider(KEY, List.of("gpt-4o-mini"), List.of());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  Map<String, String> env(String key) {
    return Map.of("OPENAI_API_KEY", key, "OPENAI_BASE_URL", server.openAiBaseUrl(), "OPENAI_MODEL", "gpt-4o-mini");
  }

  @Test
  void aLiveRunAgainstAnOpenAiCompatibleServerProducesAPlannedAndGeneratedService() throws Exception {
    CliRun run = CliRun.run(env(KEY), dir, "generate", "A service that greets people by name", "--out", "ws", "--no-deploy",
        "--json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    RunReport report = RunReport.fromJson(run.out());
    assertThat(report.outcome()).isEqualTo(RunReport.Outcome.SUCCEEDED);
    assertThat(report.plan().name()).isEqualTo("hello-service");
    assertThat(report.build().file("app/main.py")).get().extracting(GeneratedFile::origin).isEqualTo(GeneratedFile.Origin.LLM);
    assertThat(report.build().file("requirements.txt")).get().extracting(GeneratedFile::origin).isEqualTo(GeneratedFile.Origin.CONFIG);
    assertThat(Files.readString(dir.resolve("ws/app/main.py"))).contains("def hello(name: str) -> Greeting:");
    assertThat(report.workspace()).isEqualTo(dir.resolve("ws").toRealPath().toString());
    assertThat(report.total().calls()).isEqualTo(server.chatRequests.size()).isGreaterThanOrEqualTo(3);
    assertThat(report.total().cost().complete()).isTrue();
    assertThat(report.total().cost().knownUsd()).isPositive();
    assertThat(server.userMessages().get(0)).contains("A service that greets people by name");
    boolean python = new Wiring(new CliContext(Map.of(), dir, new java.io.PrintWriter(java.io.Writer.nullWriter()),
        new java.io.PrintWriter(java.io.Writer.nullWriter()), false)).python().isPresent();
    if (python) {
      assertThat(report.test().status()).as("pytest on the generated service").isEqualTo(TestReport.Status.PASSED);
      assertThat(report.test().count(TestReport.Outcome.PASSED)).isEqualTo(2);
      assertThat(report.test().quality()).isNotNull();
    } else {
      assertThat(report.test().status()).isEqualTo(TestReport.Status.SKIPPED);
      assertThat(report.test().skipReason()).contains("apt-get install");
    }
    assertThat(run.err()).contains("plan     done", "app/main.py").doesNotContain(KEY);
    assertThat(run.out()).doesNotContain(KEY);
  }

  @Test
  void theHumanReportShowsTheTreeUsageCostAndWhereTheFilesAre() {
    CliRun run = CliRun.run(env(KEY), dir, "generate", "A hello service", "--out", "ws", "--no-deploy");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("SUCCEEDED", "Plan: hello-service (python-fastapi), 4 files, 2 endpoints", "  app/",
        "    main.py", "llm", "Usage: ", "model calls", "Cost: $", "Files are in " + dir.resolve("ws"));
  }

  @Test
  void withPythonTheServiceIsDeployedOnLoopbackAndFoundHealthyThenStopped() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(new Wiring(new CliContext(Map.of(), dir,
        new java.io.PrintWriter(java.io.Writer.nullWriter()), new java.io.PrintWriter(java.io.Writer.nullWriter()), false))
        .python().isPresent(), "SKIPPED: no Python with fastapi, uvicorn, httpx and pytest (apt-get install -y python3-fastapi"
        + " python3-pytest python3-uvicorn python3-httpx)");

    CliRun run = CliRun.run(env(KEY), dir, "generate", "A service that greets people by name", "--out", "ws", "--json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    RunReport report = RunReport.fromJson(run.out());
    assertThat(report.deployment().url()).startsWith("http://127.0.0.1:");
    assertThat(report.health().verdict()).isEqualTo(dev.spectra.orchestrator.HealthReport.Verdict.HEALTHY);
    assertThat(report.health().probes()).extracting(dev.spectra.orchestrator.HealthReport.Probe::path).contains("/health");
    assertThat(run.err()).contains("deploy   done", "monitor  done");
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> http.send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(report.deployment().url() + "/health")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString())).as("the service is stopped after the run")
        .isInstanceOf(java.io.IOException.class);
  }

  @Test
  void aWrongKeyGivesExitTwoAndAOneLineExplanation() {
    CliRun run = CliRun.run(env("sk-wrong-key-0000000"), dir, "generate", "A hello service", "--out", "ws", "--no-deploy");

    assertThat(run.exitCode()).isEqualTo(SpectraCli.EXIT_USAGE);
    List<String> errorLines = run.errLines().stream().filter(l -> l.startsWith("spectra generate:")).toList();
    assertThat(errorLines).singleElement().asString().contains("401").containsIgnoringCase("key");
    assertThat(run.errLines().get(run.errLines().size() - 1)).isEqualTo(errorLines.get(0));
    assertThat(run.err() + run.out()).doesNotContain("sk-wrong-key-0000000");
    assertThat(server.chatRequests).isEmpty();
  }

  @Test
  void anUnknownModelGivesExitTwo() {
    CliRun run = CliRun.run(env(KEY), dir, "generate", "A hello service", "--model", "gpt-9", "--out", "ws", "--no-deploy");

    assertThat(run.exitCode()).isEqualTo(SpectraCli.EXIT_USAGE);
    assertThat(run.errLines().get(run.errLines().size() - 1)).startsWith("spectra generate: ").contains("gpt-9");
  }

  @Test
  void aBadSettingIsAUsageErrorBeforeAnyCall() {
    CliRun run = CliRun.run(Map.of("SPECTRA_PROVIDER", "anthropic"), dir, "generate", "A hello service");

    assertThat(run.exitCode()).isEqualTo(SpectraCli.EXIT_USAGE);
    assertThat(run.errLines()).singleElement().asString()
        .startsWith("spectra generate: SPECTRA_PROVIDER must be openai or ollama, but was \"anthropic\"");
  }

  @Test
  void aDollarBudgetOnAModelWithoutAPriceIsAUsageError() {
    Map<String, String> env = Map.of("OPENAI_API_KEY", KEY, "OPENAI_BASE_URL", server.openAiBaseUrl(), "OPENAI_MODEL", "llama-local");

    CliRun run = CliRun.run(env, dir, "generate", "A hello service", "--budget-usd", "0.05", "--out", "ws");

    assertThat(run.exitCode()).isEqualTo(SpectraCli.EXIT_USAGE);
    assertThat(run.errLines()).singleElement().asString().contains("openai:llama-local has no known price");
    assertThat(server.chatRequests).isEmpty();
  }
}
