package dev.spectra.orchestrator.examples.e2e;

import static dev.spectra.orchestrator.examples.e2e.EndToEnd.DEPLOY;
import static dev.spectra.orchestrator.examples.e2e.EndToEnd.MAIN;
import static dev.spectra.orchestrator.examples.e2e.EndToEnd.PLAN;
import static dev.spectra.orchestrator.examples.e2e.EndToEnd.REQUEST;
import static dev.spectra.orchestrator.examples.e2e.EndToEnd.TESTS;
import static dev.spectra.orchestrator.examples.e2e.EndToEnd.fenced;
import static dev.spectra.orchestrator.examples.e2e.EndToEnd.file;
import static dev.spectra.orchestrator.examples.e2e.EndToEnd.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.spectra.orchestrator.Activity;
import dev.spectra.orchestrator.Deployment;
import dev.spectra.orchestrator.GeneratedFile;
import dev.spectra.orchestrator.HealthReport;
import dev.spectra.orchestrator.RunEvent;
import dev.spectra.orchestrator.RunReport;
import dev.spectra.orchestrator.ServiceRequest;
import dev.spectra.orchestrator.TestReport;
import dev.spectra.orchestrator.test.Reply;
import dev.spectra.orchestrator.test.ScriptedChatModel;
import dev.spectra.orchestrator.verify.HttpMonitor;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 5's acceptance at the model level: a hello-world request through all five activities. */
class HelloWorldEndToEndTest {
  @TempDir Path dir;

  @Test
  void helloWorldPassesAllFiveActivitiesOnScriptedRepliesAndLeavesNoProcess() throws Exception {
    ScriptedChatModel model = EndToEnd.scriptedModel();
    // the plan as models often send it: fenced, with prose around it
    model.on(PLAN).replies(Reply.text("Here is the plan for your service:\n\n```json\n" + resource("plan.json")
        + "```\nLet me know if you want any changes."));
    model.on(file(MAIN)).replies(Reply.text(fenced(resource("main.py"))));
    model.on(file(TESTS)).replies(Reply.text(fenced(resource("test_main.py"))));
    model.on(DEPLOY).replies(Reply.text(
        "{\"entrypoint\": \"app.main:app\", \"healthPath\": \"/health\", \"environment\": [], \"readinessSeconds\": 20}"));
    List<RunEvent> events = new CopyOnWriteArrayList<>();
    Path root = dir.toRealPath();

    RunReport report = EndToEnd.orchestrator(model, root, HttpMonitor.builder(), events).build().run(ServiceRequest.of(REQUEST));

    assertThat(report.outcome()).as("%s", report.failure()).isEqualTo(RunReport.Outcome.SUCCEEDED);
    assertThat(report.failure()).isNull();
    assertThat(report.activities()).extracting(RunReport.ActivityRecord::activity, RunReport.ActivityRecord::outcome)
        .containsExactly(tuple(Activity.PLAN, RunReport.Outcome.SUCCEEDED), tuple(Activity.BUILD, RunReport.Outcome.SUCCEEDED),
            tuple(Activity.TEST, RunReport.Outcome.SUCCEEDED), tuple(Activity.DEPLOY, RunReport.Outcome.SUCCEEDED),
            tuple(Activity.MONITOR, RunReport.Outcome.SUCCEEDED));

    // Plan: the fenced reply was read without a re-prompt; the user's request reached the model
    assertThat(report.plan().name()).isEqualTo("hello-world");
    assertThat(report.plan().entrypoint()).isEqualTo("app.main:app");
    assertThat(EndToEnd.userMessages(model, PLAN)).singleElement().asString().contains(REQUEST);
    assertThat(EndToEnd.events(events, RunEvent.Repaired.class)).noneMatch(r -> r.kind() == RunEvent.Repaired.Kind.REPROMPT);

    // Build: code from the model's fenced replies, the package marker and requirements.txt without a model call
    assertThat(report.build().file(MAIN)).get().extracting(GeneratedFile::origin, GeneratedFile::content)
        .containsExactly(GeneratedFile.Origin.LLM, resource("main.py"));
    assertThat(report.build().file(TESTS)).get().extracting(GeneratedFile::origin, GeneratedFile::content)
        .containsExactly(GeneratedFile.Origin.LLM, resource("test_main.py"));
    assertThat(report.build().file("app/__init__.py")).get().extracting(GeneratedFile::origin).isEqualTo(GeneratedFile.Origin.TEMPLATE);
    assertThat(report.build().file("requirements.txt")).get().extracting(GeneratedFile::origin).isEqualTo(GeneratedFile.Origin.CONFIG);
    assertThat(Files.readString(root.resolve(MAIN))).isEqualTo(resource("main.py"));
    assertThat(Files.readString(root.resolve(TESTS))).isEqualTo(resource("test_main.py"));

    // Test: the generated TestClient tests ran under pytest and passed, without a fix round; the quality gate graded
    TestReport test = report.test();
    assertThat(test.status()).isEqualTo(TestReport.Status.PASSED);
    assertThat(test.tests()).extracting(TestReport.TestCase::name, TestReport.TestCase::outcome).containsExactly(
        tuple("tests/test_main.py::test_hello_greets_the_world", TestReport.Outcome.PASSED),
        tuple("tests/test_main.py::test_health_says_ok", TestReport.Outcome.PASSED));
    assertThat(test.fixRounds()).isEmpty();
    assertThat(test.quality()).isNotNull();
    assertThat(test.quality().passed()).isTrue();
    assertThat(test.quality().grade()).isEqualTo("A");
    assertThat(test.interpreter()).contains("python");

    // Deploy: the model's spec (20 s readiness, not the plan default of 30 s), uvicorn on loopback
    assertThat(EndToEnd.events(events, RunEvent.Note.class)).filteredOn(n -> n.activity() == Activity.DEPLOY)
        .extracting(RunEvent.Note::message)
        .anySatisfy(m -> assertThat(m).startsWith("deployment spec: ").contains("entrypoint=app.main:app", "readinessSeconds=20"));
    Deployment deployment = report.deployment();
    assertThat(deployment.kind()).isEqualTo(Deployment.Kind.LOCAL_PROCESS);
    assertThat(deployment.url()).matches("http://127\\.0\\.0\\.1:\\d+");
    assertThat(root.resolve(deployment.logsPath())).isRegularFile();

    // Monitor: the default 20 probes of /health and GET /, all answered
    HealthReport health = report.health();
    assertThat(health.verdict()).isEqualTo(HealthReport.Verdict.HEALTHY);
    assertThat(health.probes()).extracting(HealthReport.Probe::path, HealthReport.Probe::requests, HealthReport.Probe::errors,
        HealthReport.Probe::statusCounts).containsExactly(tuple("/health", 20, 0, "200x20"), tuple("/", 20, 0, "200x20"));
    assertThat(health.errorRate()).isZero();
    assertThat(health.diagnosis()).isNull();

    // one model call per model-written file, one plan, one deployment spec: no retry, no re-prompt
    assertThat(model.callCount()).isEqualTo(4);
    assertThat(report.total().calls()).isEqualTo(4);
    assertThat(report.byActivity().keySet()).containsExactlyInAnyOrder(Activity.PLAN, Activity.BUILD, Activity.DEPLOY);
    assertThat(report.byActivity().get(Activity.BUILD).calls()).isEqualTo(2);

    // afterwards: the service is stopped and nothing it or pytest started is left
    HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();
    assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(URI.create(deployment.url() + "/health")).build(),
        HttpResponse.BodyHandlers.discarding())).as("the service is stopped after the run").isInstanceOf(IOException.class);
    assertThat(ProcessHandle.of(Long.parseLong(deployment.handle())).filter(ProcessHandle::isAlive)).isEmpty();
    EndToEnd.assertNoProcessLeft(root);
  }
}
