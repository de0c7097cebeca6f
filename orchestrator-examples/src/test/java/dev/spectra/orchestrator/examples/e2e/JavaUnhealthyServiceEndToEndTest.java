package dev.spectra.orchestrator.examples.e2e;

import static dev.spectra.orchestrator.examples.e2e.EndToEnd.DIAGNOSE;
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
import dev.spectra.orchestrator.stack.java.HelloProject;
import dev.spectra.orchestrator.stack.java.JavaSupport;
import dev.spectra.orchestrator.test.Reply;
import dev.spectra.orchestrator.test.ScriptedChatModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java counterpart of {@link UnhealthyServiceEndToEndTest}: a generated Spring Boot service whose controller needs
 * {@code hello.greeting}, which its tests set ({@code @SpringBootTest(properties = ...)}) and the generated
 * {@code application.properties} does not. Maven builds it and its four tests pass; under {@code java -jar} its
 * constructor throws while Spring starts, the JVM exits, Monitor finds it DOWN, and the LLM diagnoser reads Spring's
 * log, whose stack trace points at {@code HelloController.java}. One Maven build, one short-lived JVM.
 */
class JavaUnhealthyServiceEndToEndTest {
  /** The deepest cause of Spring's start-up failure, as Spring's log prints it. */
  static final String CRASH = "Caused by: java.lang.IllegalStateException: hello.greeting is not set: the service has nothing to say";

  /** The frame of the throw in HelloController_needs_a_greeting.java (line 23). */
  static final String FRAME = "at com.example.hello.HelloController.<init>(HelloController.java:23)";

  static final String CAUSE = "HelloController.java's constructor throws at start-up because hello.greeting is not set "
      + "in application.properties; the tests set it themselves.";
  static final String SUGGESTED_FIX = "Add hello.greeting=Hello to application.properties, or give @Value a default.";

  @TempDir Path dir;

  @Test
  void aServiceWhoseControllerThrowsAtStartUpIsDownAndTheDiagnosisOfSpringsLogNamesTheControllerFile() throws Exception {
    String controller = resource("java/HelloController_needs_a_greeting.java");
    ScriptedChatModel model = JavaEndToEndTest.model(Map.of(HelloProject.CONTROLLER, controller,
        HelloProject.TEST, resource("java/HelloControllerTest_sets_the_greeting.java")));
    // two lines quoted from the log, one invented: the invented one must not reach the report
    model.on(DIAGNOSE).replies(Reply.text("{\"cause\": \"" + CAUSE + "\", \"evidence\": [\"" + CRASH + "\", \"" + FRAME + "\", "
        + "\"ERROR: connection to the database refused\"], \"suggestedFix\": \"" + SUGGESTED_FIX + "\", \"files\": [\""
        + HelloProject.CONTROLLER + "\"]}"));
    List<RunEvent> events = new CopyOnWriteArrayList<>();
    Path root = dir.toRealPath();

    RunReport report = JavaEndToEndTest.orchestrator(model, root, events).build().run(ServiceRequest.of(JavaEndToEndTest.REQUEST));

    // Test: the tests set hello.greeting, so Maven's build and all four tests pass without a fix round
    TestReport test = report.test();
    assertThat(test.status()).isEqualTo(TestReport.Status.PASSED);
    assertThat(test.tests()).hasSize(4).extracting(TestReport.TestCase::outcome).containsOnly(TestReport.Outcome.PASSED);
    assertThat(test.fixRounds()).isEmpty();
    assertThat(report.activities()).extracting(RunReport.ActivityRecord::activity, RunReport.ActivityRecord::outcome)
        .containsExactly(tuple(Activity.PLAN, RunReport.Outcome.SUCCEEDED), tuple(Activity.BUILD, RunReport.Outcome.SUCCEEDED),
            tuple(Activity.TEST, RunReport.Outcome.SUCCEEDED), tuple(Activity.DEPLOY, RunReport.Outcome.SUCCEEDED),
            tuple(Activity.MONITOR, RunReport.Outcome.FAILED));

    // Deploy: java -jar started and exited before it was ready; Spring's log holds the stack trace
    Deployment deployment = report.deployment();
    assertThat(deployment.kind()).isEqualTo(Deployment.Kind.LOCAL_PROCESS);
    assertThat(EndToEnd.events(events, RunEvent.Note.class)).filteredOn(n -> n.activity() == Activity.DEPLOY)
        .extracting(RunEvent.Note::message)
        .anySatisfy(m -> assertThat(m).matches("the process exited after \\d+ ms, before it was ready; its log is .*"));
    String log = Files.readString(root.resolve(deployment.logsPath()));
    assertThat(log).contains(CRASH, FRAME);
    // the stack's own reading of that trace (the fix loop's Toolchain.faultFiles) points at the same file
    assertThat(JavaSupport.stack().discoverToolchain().faultFiles(log, root, p -> p.startsWith("src/test/")))
        .startsWith(HelloProject.CONTROLLER);

    // Monitor: every probe refused, so DOWN
    HealthReport health = report.health();
    assertThat(health.verdict()).isEqualTo(HealthReport.Verdict.DOWN);
    assertThat(health.probes()).extracting(HealthReport.Probe::path, HealthReport.Probe::requests, HealthReport.Probe::errors,
        HealthReport.Probe::statusCounts).containsExactlyInAnyOrder(tuple("/actuator/health", 3, 3, "refusedx3"),
            tuple("/", 3, 3, "refusedx3"));

    // the diagnose request carried the symptoms and the end of Spring's log: the exception and the file's frame
    assertThat(EndToEnd.userMessages(model, DIAGNOSE)).singleElement().asString()
        .contains("- GET /actuator/health: refusedx3", "- GET /: refusedx3")
        .contains("<logs>", "java.lang.IllegalStateException: hello.greeting is not set", "HelloController.java:23");

    // the typed diagnosis, naming the controller file, with only the evidence that is in the log
    assertThat(health.diagnosis()).isEqualTo(
        new HealthReport.Diagnosis(CAUSE, List.of(CRASH, FRAME), SUGGESTED_FIX, List.of(HelloProject.CONTROLLER)));
    assertThat(report.outcome()).isEqualTo(RunReport.Outcome.FAILED);
    assertThat(report.failure()).isEqualTo(new RunReport.Failure(Activity.MONITOR, "UNHEALTHY", "the deployed service is DOWN: " + CAUSE));
    assertThat(report.byActivity().get(Activity.MONITOR).calls()).isEqualTo(1);
    assertThat(model.callCount()).as("plan, five files, deploy, diagnose").isEqualTo(8);

    EndToEnd.assertNoProcessLeft(root);
  }
}
