package dev.spectra.orchestrator.examples.e2e;

import static dev.spectra.orchestrator.examples.e2e.EndToEnd.DEPLOY;
import static dev.spectra.orchestrator.examples.e2e.EndToEnd.DIAGNOSE;
import static dev.spectra.orchestrator.examples.e2e.EndToEnd.MAIN;
import static dev.spectra.orchestrator.examples.e2e.EndToEnd.PLAN;
import static dev.spectra.orchestrator.examples.e2e.EndToEnd.REQUEST;
import static dev.spectra.orchestrator.examples.e2e.EndToEnd.TESTS;
import static dev.spectra.orchestrator.examples.e2e.EndToEnd.fenced;
import static dev.spectra.orchestrator.examples.e2e.EndToEnd.file;
import static dev.spectra.orchestrator.examples.e2e.EndToEnd.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.spectra.orchestrator.Activity;
import dev.spectra.orchestrator.Deployment;
import dev.spectra.orchestrator.HealthReport;
import dev.spectra.orchestrator.RunEvent;
import dev.spectra.orchestrator.RunReport;
import dev.spectra.orchestrator.ServiceRequest;
import dev.spectra.orchestrator.TestReport;
import dev.spectra.orchestrator.test.Reply;
import dev.spectra.orchestrator.test.ScriptedChatModel;
import dev.spectra.orchestrator.verify.HttpMonitor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A service that passes its tests but crashes under uvicorn: Monitor finds it DOWN and the LLM diagnoser reads its log. */
class UnhealthyServiceEndToEndTest {
  /** The last line of the traceback uvicorn's import of app/main.py prints without HELLO_NAME. */
  static final String CRASH = "RuntimeError: HELLO_NAME is not set: the service has nobody to greet";

  static final String CAUSE = "app/main.py raises at import because HELLO_NAME is not set in the service's environment.";
  static final String SUGGESTED_FIX = "Set HELLO_NAME with UvicornDeployer.Builder.serviceEnvironment, or give it a default.";

  @TempDir Path dir;

  @Test
  void aServiceThatCrashesAtImportIsDownAndTheModelsDiagnosisOfItsLogIsInTheReport() throws Exception {
    ScriptedChatModel model = EndToEnd.scriptedModel();
    model.on(PLAN).replies(Reply.text(resource("plan.json")));
    model.on(file(MAIN)).replies(Reply.text(fenced(resource("main_from_environment.py"))));
    // the generated tests set HELLO_NAME themselves, so they pass; the deployed service has no value for it
    model.on(file(TESTS)).replies(Reply.text(fenced(resource("test_main_from_environment.py"))));
    model.on(DEPLOY).replies(Reply.text(
        "{\"entrypoint\": \"app.main:app\", \"healthPath\": \"/health\", \"environment\": [\"HELLO_NAME\"], \"readinessSeconds\": 20}"));
    // one quoted log line, one invented: the invented one must not reach the report
    model.on(DIAGNOSE).replies(Reply.text("{\"cause\": \"" + CAUSE + "\", \"evidence\": [\"" + CRASH + "\", "
        + "\"ERROR: connection to the database refused\"], \"suggestedFix\": \"" + SUGGESTED_FIX + "\", \"files\": [\"app/main.py\"]}"));
    List<RunEvent> events = new CopyOnWriteArrayList<>();
    Path root = dir.toRealPath();

    RunReport report = EndToEnd.orchestrator(model, root, HttpMonitor.builder().probesPerPath(3), events).build()
        .run(ServiceRequest.of(REQUEST));

    assertThat(report.test().status()).isEqualTo(TestReport.Status.PASSED);
    assertThat(report.activities()).extracting(RunReport.ActivityRecord::activity, RunReport.ActivityRecord::outcome)
        .containsExactly(tuple(Activity.PLAN, RunReport.Outcome.SUCCEEDED), tuple(Activity.BUILD, RunReport.Outcome.SUCCEEDED),
            tuple(Activity.TEST, RunReport.Outcome.SUCCEEDED), tuple(Activity.DEPLOY, RunReport.Outcome.SUCCEEDED),
            tuple(Activity.MONITOR, RunReport.Outcome.FAILED));

    // Deploy started the service, warned that HELLO_NAME has no value, and saw it exit before it was ready
    Deployment deployment = report.deployment();
    assertThat(deployment.kind()).isEqualTo(Deployment.Kind.LOCAL_PROCESS);
    assertThat(EndToEnd.events(events, RunEvent.Note.class)).filteredOn(n -> n.activity() == Activity.DEPLOY)
        .extracting(RunEvent.Note::message)
        .anySatisfy(m -> assertThat(m).contains("the service reads [HELLO_NAME], which are not set"))
        .anySatisfy(m -> assertThat(m).matches("the process exited after \\d+ ms, before it was ready; its log is .*"));
    assertThat(Files.readString(root.resolve(deployment.logsPath()))).contains(CRASH);

    // Monitor: every probe refused, so DOWN
    HealthReport health = report.health();
    assertThat(health.verdict()).isEqualTo(HealthReport.Verdict.DOWN);
    assertThat(health.probes()).extracting(HealthReport.Probe::path, HealthReport.Probe::requests, HealthReport.Probe::errors,
        HealthReport.Probe::statusCounts).containsExactly(tuple("/health", 3, 3, "refusedx3"), tuple("/", 3, 3, "refusedx3"));
    assertThat(health.errorRate()).isEqualTo(1.0);

    // the diagnose request carried the symptoms and the captured traceback to the model
    assertThat(EndToEnd.userMessages(model, DIAGNOSE)).singleElement().asString()
        .contains("- GET /health: refusedx3", "- GET /: refusedx3")
        .contains("<logs>", CRASH, "raise RuntimeError(\"HELLO_NAME is not set");

    // the typed diagnosis from the reply, with only the evidence that is in the log
    assertThat(health.diagnosis()).isEqualTo(new HealthReport.Diagnosis(CAUSE, List.of(CRASH), SUGGESTED_FIX, List.of(MAIN)));
    assertThat(report.outcome()).isEqualTo(RunReport.Outcome.FAILED);
    assertThat(report.failure()).isEqualTo(new RunReport.Failure(Activity.MONITOR, "UNHEALTHY", "the deployed service is DOWN: " + CAUSE));
    assertThat(report.byActivity().get(Activity.MONITOR).calls()).isEqualTo(1);
    assertThat(model.callCount()).isEqualTo(5);

    EndToEnd.assertNoProcessLeft(root);
  }
}
