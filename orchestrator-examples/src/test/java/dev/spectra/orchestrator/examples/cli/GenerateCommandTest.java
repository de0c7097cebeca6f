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
  void aProviderReportingFortyTimesTheEstimatedInputShowsTheOvershootInBothReports() throws Exception {
    server.inflateInputTokens(40);
    CliRun run = CliRun.run(env(KEY), dir, "generate", "A hello service", "--out", "ws", "--no-deploy", "--max-tokens",
        "10000000");

    assertThat(run.exitCode()).as(run.err()).isZero();
    RunReport saved = RunReport.fromJson(Files.readString(Files.list(dir.resolve("ws/.spectra/runs")).findFirst().orElseThrow()
        .resolve("report.json")));
    assertThat(saved.budgetOvershoot().tokens()).isPositive();
    assertThat(run.out()).contains(String.format(java.util.Locale.ROOT, "Budget overshoot: providers reported %,d tokens",
        saved.budgetOvershoot().tokens()));
  }

  @Test
  void estimatesThatHoldPrintNoOvershoot() {
    CliRun run = CliRun.run(env(KEY), dir, "generate", "A hello service", "--out", "ws", "--no-deploy", "--max-tokens",
        "10000000");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).doesNotContain("Budget overshoot");
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
  void aDollarBudgetOnAModelWithoutAPriceIsAUsageError() throws Exception {
    Map<String, String> env = Map.of("OPENAI_API_KEY", KEY, "OPENAI_BASE_URL", server.openAiBaseUrl(), "OPENAI_MODEL", "llama-local");

    CliRun run = CliRun.run(env, dir, "generate", "A hello service", "--budget-usd", "0.05", "--out", "ws");

    assertThat(run.exitCode()).isEqualTo(SpectraCli.EXIT_USAGE);
    assertThat(run.errLines()).singleElement().asString().contains("openai:llama-local has no known price")
        .contains("give the model a price with --price openai:llama-local=IN,OUT (USD per million input and output"
            + " tokens), or use --max-tokens or --max-calls instead of --budget-usd")
        .doesNotContain("Builder", "PriceTable");
    assertThat(server.chatRequests).isEmpty();

    try (FakeProvider local = new FakeProvider(KEY, List.of("llama-local"), List.of())) {
      CliRun priced = CliRun.run(Map.of("OPENAI_API_KEY", KEY, "OPENAI_BASE_URL", local.openAiBaseUrl(), "OPENAI_MODEL",
          "llama-local"), dir, "generate", "A service that greets people by name", "--budget-usd", "0.05", "--out", "ws2",
          "--no-deploy", "--price", "openai:llama-local=0.5,1.5", "--json");
      assertThat(priced.exitCode()).as(priced.err()).isZero();
      RunReport report = RunReport.fromJson(priced.out());
      assertThat(report.total().cost().complete()).as("priced with --price").isTrue();
      assertThat(report.total().cost().knownUsd()).isEqualByComparingTo(new java.math.BigDecimal("0.0000005")
          .multiply(java.math.BigDecimal.valueOf(report.total().usage().inputTokens()))
          .add(new java.math.BigDecimal("0.0000015").multiply(java.math.BigDecimal.valueOf(report.total().usage().outputTokens()))));
    }
  }

  @Test
  void theProviderFlagIsBlamedForABadProviderNotTheVariable() {
    CliRun run = CliRun.run(Map.of(), dir, "generate", "A hello service", "--provider", "anthropic");

    assertThat(run.exitCode()).isEqualTo(SpectraCli.EXIT_USAGE);
    assertThat(run.errLines()).singleElement().asString()
        .isEqualTo("spectra generate: --provider must be openai or ollama, but was \"anthropic\" (from the command line)");
  }

  @Test
  void aCallBudgetStopsTheRunAndNamesItsFlag() {
    CliRun run = CliRun.run(env(KEY), dir, "generate", "A service that greets people by name", "--out", "ws",
        "--no-deploy", "--max-calls", "1");

    assertThat(run.exitCode()).isEqualTo(SpectraCli.EXIT_FAILED);
    assertThat(run.errLines().get(run.errLines().size() - 1))
        .startsWith("spectra generate: build failed: call budget of 1 model calls is used up")
        .endsWith("raise --max-calls to continue");
    assertThat(run.out()).as("the printed report names the flag too").contains("failed in build: BUDGET_EXCEEDED: call budget",
        "raise --max-calls to continue").doesNotContain("Budget.Builder");
    assertThat(server.chatRequests).hasSize(1);
  }

  @Test
  void withNothingConfiguredItSaysSoNamesOpenAiApiKeyAndAsksOllamaOnceBeforeAnyRun() throws Exception {
    int closed;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    long start = System.nanoTime();
    CliRun run = CliRun.run(Map.of("OLLAMA_BASE_URL", "http://127.0.0.1:" + closed), dir, "generate", "A hello service",
        "--out", "ws");

    assertThat(run.exitCode()).isEqualTo(SpectraCli.EXIT_USAGE);
    assertThat(run.errLines()).hasSize(2);
    assertThat(run.errLines().get(0)).isEqualTo("No provider is configured (no --provider, SPECTRA_PROVIDER or"
        + " OPENAI_API_KEY): trying Ollama at http://127.0.0.1:" + closed + " with model mistral. To use OpenAI, set"
        + " OPENAI_API_KEY.");
    assertThat(run.errLines().get(1)).startsWith("spectra generate: nothing is configured: OPENAI_API_KEY is not set,"
        + " and Ollama http://127.0.0.1:" + closed + "/api/tags is unreachable (connection refused); set OPENAI_API_KEY")
        .contains("ollama serve").doesNotContain("ClosedChannelException");
    assertThat(dir.resolve("ws")).doesNotExist();
    assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).as("no retries").isLessThan(java.time.Duration.ofSeconds(10));
  }
}
