package dev.spectra.orchestrator.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** generate --record saves a cassette of a live run; compare replays it and compares it with the live model. */
class RecordAndReplayTest {
  static final String KEY = "sk-test-recording-key-42";

  @TempDir
  Path dir;

  FakeProvider server;

  @BeforeEach
  void start() throws Exception {
    server = new FakeProvider(KEY, List.of("gpt-4o-mini"), List.of());
    Files.writeString(dir.resolve("requests.txt"), "A service that greets people by name\n");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aRecordedRunReplaysWithoutTheServerAndComparesWithTheLiveModel() throws Exception {
    Map<String, String> env = Map.of("OPENAI_API_KEY", KEY, "OPENAI_BASE_URL", server.openAiBaseUrl());
    CliRun recorded = CliRun.run(env, dir, "generate", "A service that greets people by name", "--record", "cassettes/hello.json",
        "--out", "ws", "--no-deploy");
    assertThat(recorded.exitCode()).as(recorded.err()).isZero();
    String cassette = Files.readString(dir.resolve("cassettes/hello.json"));
    assertThat(cassette).contains("hello-service", "openai:gpt-4o-mini").doesNotContain(KEY);
    int liveCalls = server.chatRequests.size();

    CliRun compare = CliRun.run(env, dir, "compare", "--suite", "requests.txt", "--models",
        "openai:gpt-4o-mini,replay:cassettes/hello.json", "--no-deploy", "--out", "cmp");

    assertThat(compare.exitCode()).as(compare.err()).isZero();
    assertThat(server.chatRequests).as("only the live model called the server").hasSize(2 * liveCalls);
    ComparisonReport report = ComparisonReport.fromJson(Files.readString(dir.resolve("cmp/results.json")));
    ComparisonResult live = report.results().get(0);
    ComparisonResult replayed = report.results().get(1);
    assertThat(live.source()).isEqualTo(SourceKind.LIVE);
    assertThat(live.latencyP50Millis()).isNotNull().isPositive();
    assertThat(live.latencyP95Millis()).isGreaterThanOrEqualTo(live.latencyP50Millis());
    assertThat(replayed.source()).isEqualTo(SourceKind.REPLAYED);
    assertThat(replayed.runsSucceeded()).isEqualTo(1);
    assertThat(replayed.latencyP50Millis()).isNull();
    assertThat(replayed.tokens()).isEqualTo(live.tokens());
    assertThat(replayed.costPerRunUsd()).as("priced as the recorded model").isEqualTo(live.costPerRunUsd()).isPositive();
    ReportPage page = ReportPage.read(dir.resolve("cmp"));
    page.assertSelfContained();
    page.assertBarsEqualResults();
  }

  @Test
  void recordingIsRefusedWhenActivitiesUseSeveralModels() {
    Map<String, String> env = Map.of("OPENAI_API_KEY", KEY, "OPENAI_BASE_URL", server.openAiBaseUrl(),
        "SPECTRA_MODEL_BUILD", "ollama:qwen2.5-coder:7b");

    CliRun run = CliRun.run(env, dir, "generate", "A hello service", "--record", "c.json");

    assertThat(run.exitCode()).isEqualTo(SpectraCli.EXIT_USAGE);
    assertThat(run.errLines()).singleElement().asString().contains("--record saves one model's calls");
  }
}
