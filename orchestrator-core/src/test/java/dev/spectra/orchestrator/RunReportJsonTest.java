package dev.spectra.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spectra.orchestrator.cost.Cost;
import dev.spectra.orchestrator.cost.ModelCall;
import dev.spectra.orchestrator.cost.Totals;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunReportJsonTest {
  @TempDir
  Path workspace;

  private final ObjectMapper mapper = new ObjectMapper();

  @Test
  void aFullRunsReportSurvivesTheRoundTripAndIsWhatTheJournalHolds() throws Exception {
    RunReport report = new FakePipeline().builder(workspace).build().run(ServiceRequest.of("hello"));
    String json = report.toJson();

    assertThat(mapper.readTree(json).get("schemaVersion").asInt()).isEqualTo(RunReport.SCHEMA_VERSION);
    assertThat(RunReport.fromJson(json)).isEqualTo(report);
    Path saved = workspace.resolve(".spectra/runs/" + report.runId() + "/report.json");
    assertThat(RunReport.fromJson(Files.readString(saved))).isEqualTo(report);
  }

  @Test
  void aReportWithFailureQualityFixRoundsDiagnosisAndPartlyUnknownCostSurvivesTheRoundTrip() {
    Instant start = Instant.parse("2026-11-25T00:15:00.123456789Z");
    Totals known = new Totals(3, new Usage(1_234, 1_000, 567), Cost.usd(new BigDecimal("0.0004503")));
    Totals unknown = new Totals(1, Usage.of(10, 10), Cost.UNKNOWN);
    Totals tiny = new Totals(1, Usage.of(1, 0), Cost.usd(new BigDecimal("1.5E-7")));
    RunReport report = new RunReport(RunReport.SCHEMA_VERSION, "run-1", RunReport.Outcome.FAILED,
        new RunReport.Failure(Activity.MONITOR, "UNHEALTHY", "the deployed service is DOWN: \"quoted\" \u00e9\n"),
        "/tmp/ws",
        List.of(new RunReport.ActivityRecord(Activity.BUILD, RunReport.Outcome.SUCCEEDED, start, 1234),
            new RunReport.ActivityRecord(Activity.MONITOR, RunReport.Outcome.FAILED, start.plusSeconds(2), 5)),
        FakePipeline.plan(),
        new BuildResult(List.of(GeneratedFile.of("app/main.py", "print('x')\n", GeneratedFile.Origin.LLM, 2, Usage.of(5, 6))),
            Usage.of(5, 6)),
        new TestReport(TestReport.Status.PASSED, List.of(new TestReport.TestCase("t::a", TestReport.Outcome.PASSED, null)),
            new QualityReport(87.5, "B", 70, List.of(new QualityReport.Check("type-hints", 90, 2,
                List.of(new QualityReport.Finding("app/main.py", 3, "missing return type"))))),
            List.of(new TestReport.FixRound(1, List.of("t::a"), List.of("app/main.py"), List.of(), Usage.of(1, 2))),
            null, "python3"),
        new Deployment(Deployment.Kind.LOCAL_PROCESS, "http://127.0.0.1:5000", "99", "logs/service.log"),
        new HealthReport(HealthReport.Verdict.DOWN, List.of(new HealthReport.Probe("/health", 3, 3, "refused x3")),
            0.5, 1.25, 1.0, new HealthReport.Diagnosis("crash", List.of("Traceback"), "fix it", List.of("app/main.py"))),
        known.plus(new ModelCall(Activity.TEST, "", "acme:x", null, Usage.of(10, 10), Cost.UNKNOWN)),
        Map.of(Activity.BUILD, known, Activity.TEST, unknown),
        Map.of("gpt-4o-mini-2024-07-18", known, "acme:x", unknown, "ollama:tiny", tiny),
        Map.of("app/main.py", known),
        start, start.plusSeconds(3));

    RunReport back = RunReport.fromJson(report.toJson());

    assertThat(back).isEqualTo(report);
    assertThat(back.total().cost()).hasToString(">= $0.0005 (some prices unknown)");
    assertThat(back.byModel().get("ollama:tiny").cost().knownUsd()).isEqualTo(new BigDecimal("1.5E-7"));
  }

  @Test
  void anotherSchemaVersionIsRejectedWithAClearMessage() throws Exception {
    ObjectNode json = (ObjectNode) mapper.readTree(new FakePipeline().builder(workspace).build().run(ServiceRequest.of("x")).toJson());
    json.put("schemaVersion", 2);
    assertThatThrownBy(() -> RunReport.fromJson(json.toString()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("run report schemaVersion is 2, but this library reads schema version 1 only; read it with the "
            + "library version that wrote it");
    json.remove("schemaVersion");
    assertThatThrownBy(() -> RunReport.fromJson(json.toString()))
        .hasMessage("run report schemaVersion is missing, but this library reads schema version 1 only; read it with "
            + "the library version that wrote it");
    json.put("schemaVersion", "1");
    assertThatThrownBy(() -> RunReport.fromJson(json.toString())).hasMessageStartingWith("run report schemaVersion is \"1\"");
  }

  @Test
  void textThatIsNoReportIsRejected() {
    assertThatThrownBy(() -> RunReport.fromJson("{\"schemaVersion\": 1,"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not a run report: invalid JSON: ");
    assertThatThrownBy(() -> RunReport.fromJson("[1]")).hasMessage("not a run report: expected a JSON object");
    assertThatThrownBy(() -> RunReport.fromJson("{\"schemaVersion\": 1}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not a run report (schema version 1): ")
        .hasMessageContaining("runId");
  }

  @Test
  void theConstructorChecksTheSchemaVersionToo() {
    assertThatThrownBy(() -> new RunReport(7, "run-1", RunReport.Outcome.SUCCEEDED, null, "/ws", List.of(), null, null,
        null, null, null, null, Map.of(), Map.of(), Map.of(), Instant.EPOCH, Instant.EPOCH))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("schemaVersion must be 1, but was 7; this library reads version 1 only");
  }
}
