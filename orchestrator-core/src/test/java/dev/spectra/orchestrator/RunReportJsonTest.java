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
        new RunReport.Failure(Activity.MONITOR, "UNHEALTHY", "the deployed service is DOWN: \"quoted\" \u00e9\n",
            List.of(new SettingHint(SettingHint.BUDGET_MAX_CALLS, "Budget.Builder.maxCalls", "3"))),
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
        start, start.plusSeconds(3), "A todo API",
        List.of(new RunReport.Repair(Activity.PLAN, "", RunEvent.Repaired.Kind.REPROMPT, List.of("$.entrypoint: required"),
            start.plusMillis(5)), new RunReport.Repair(Activity.BUILD, "app/main.py", RunEvent.Repaired.Kind.CODE_UNWRAP,
            List.of("fence"), start.plusMillis(9))),
        Map.of("openai:gpt-4o-mini", 2),
        new RunReport.BudgetOvershoot(19_512, new BigDecimal("0.0029268")));

    RunReport back = RunReport.fromJson(report.toJson());

    assertThat(back).isEqualTo(report);
    assertThat(back.total().cost()).hasToString(">= $0.0005 (some prices unknown)");
    assertThat(back.byModel().get("ollama:tiny").cost().knownUsd()).isEqualTo(new BigDecimal("1.5E-7"));
    assertThat(back.budgetOvershoot().usd()).isEqualTo(new BigDecimal("0.0029268"));
  }

  @Test
  void aReportOfSchemaVersionTwoWrittenByTheEarlierLibraryIsReadWithoutAnOvershoot() throws Exception {
    // written by the library before schema 3 (a run stopped by its call budget), committed unchanged
    String v2;
    try (var in = getClass().getResourceAsStream("report-schema-2.json")) {
      v2 = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    assertThat(mapper.readTree(v2).has("budgetOvershoot")).isFalse();

    RunReport old = RunReport.fromJson(v2);

    assertThat(old.schemaVersion()).isEqualTo(2);
    assertThat(old.failure().type()).isEqualTo("BUDGET_EXCEEDED");
    assertThat(old.failure().hints()).extracting(SettingHint::javaName).containsExactly("Budget.Builder.maxCalls");
    assertThat(old.budgetOvershoot()).isEqualTo(RunReport.BudgetOvershoot.NONE);
    assertThat(old.budgetOvershoot().happened()).isFalse();
  }

  @Test
  void anOvershootCannotBeNegative() {
    assertThatThrownBy(() -> new RunReport.BudgetOvershoot(-1, BigDecimal.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("tokens must be >= 0, but was -1");
    assertThatThrownBy(() -> new RunReport.BudgetOvershoot(0, new BigDecimal("-0.01")))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("usd must be >= 0, but was -0.01");
  }

  @Test
  void aReportOfSchemaVersionOneWrittenByTheEarlierLibraryIsStillRead() throws Exception {
    // written by the library before schema 2 (a failed run against a closed port), committed unchanged
    String v1;
    try (var in = getClass().getResourceAsStream("report-schema-1.json")) {
      v1 = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    assertThat(mapper.readTree(v1).has("request")).isFalse();

    RunReport old = RunReport.fromJson(v1);

    assertThat(old.schemaVersion()).isEqualTo(1);
    assertThat(old.runId()).isEqualTo("run-20261204-053107-1652c6");
    assertThat(old.failure().type()).isEqualTo("PROVIDER_UNAVAILABLE");
    assertThat(old.failure().hints()).isEmpty();
    assertThat(old.request()).isNull();
    assertThat(old.repairs()).isEmpty();
    assertThat(old.retries()).isEmpty();
    assertThat(old.activity(Activity.PLAN)).get().extracting(RunReport.ActivityRecord::millis).isEqualTo(11759L);
  }

  @Test
  void anotherSchemaVersionIsRejectedWithAClearMessage() throws Exception {
    ObjectNode json = (ObjectNode) mapper.readTree(new FakePipeline().builder(workspace).build().run(ServiceRequest.of("x")).toJson());
    assertThat(json.get("schemaVersion").asInt()).isEqualTo(3);
    assertThat(json.get("request").asText()).isEqualTo("x");
    json.put("schemaVersion", 4);
    assertThatThrownBy(() -> RunReport.fromJson(json.toString()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("run report schemaVersion is 4, but this library reads schema versions 1 to 3; read it with the "
            + "library version that wrote it");
    json.remove("schemaVersion");
    assertThatThrownBy(() -> RunReport.fromJson(json.toString()))
        .hasMessage("run report schemaVersion is missing, but this library reads schema versions 1 to 3; read it with "
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
        .hasMessageStartingWith("not a run report (schema version 3): ")
        .hasMessageContaining("runId");
  }

  @Test
  void theConstructorChecksTheSchemaVersionToo() {
    assertThatThrownBy(() -> new RunReport(7, "run-1", RunReport.Outcome.SUCCEEDED, null, "/ws", List.of(), null, null,
        null, null, null, null, Map.of(), Map.of(), Map.of(), Instant.EPOCH, Instant.EPOCH, null, List.of(), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("schemaVersion must be within 1..3, but was 7; read it with the library version that wrote it");
  }
}
