package dev.spectra.orchestrator.examples.e2e;

import static dev.spectra.orchestrator.examples.e2e.EndToEnd.DEPLOY;
import static dev.spectra.orchestrator.examples.e2e.EndToEnd.PLAN;
import static dev.spectra.orchestrator.examples.e2e.EndToEnd.file;
import static dev.spectra.orchestrator.examples.e2e.EndToEnd.fix;
import static dev.spectra.orchestrator.examples.e2e.EndToEnd.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.spectra.orchestrator.Activity;
import dev.spectra.orchestrator.Deployment;
import dev.spectra.orchestrator.GeneratedFile;
import dev.spectra.orchestrator.HealthReport;
import dev.spectra.orchestrator.Orchestrator;
import dev.spectra.orchestrator.RunEvent;
import dev.spectra.orchestrator.RunReport;
import dev.spectra.orchestrator.ServiceRequest;
import dev.spectra.orchestrator.TestReport;
import dev.spectra.orchestrator.llm.ModelRouter;
import dev.spectra.orchestrator.llm.SpectraLlm;
import dev.spectra.orchestrator.stack.java.HelloProject;
import dev.spectra.orchestrator.stack.java.JavaSpringBootStack;
import dev.spectra.orchestrator.stack.java.JavaSupport;
import dev.spectra.orchestrator.test.Reply;
import dev.spectra.orchestrator.test.ScriptedChatModel;
import dev.spectra.orchestrator.verify.HttpMonitor;
import dev.spectra.orchestrator.verify.ProcessDeployer;
import dev.spectra.orchestrator.verify.StackTestActivity;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15's acceptance: the java-spring-boot stack through all five activities on scripted replies, wired like the
 * command line, with the real Maven build (offline, in the sandbox, on the shared pre-resolved repository), the real
 * JUnit run, the JavaParser grade, {@code java -jar} on loopback and the HTTP probes. Skipped without a JDK and Maven
 * (or without network for the repository's first download), failed instead under {@code SPECTRA_REQUIRE_JAVA=true}
 * (CI). Two Maven builds for the first test, one for the second: CI time stays small.
 */
class JavaEndToEndTest {
  static final String REQUEST = "A hello world Spring Boot service: GET / answers {\"message\": \"Hello, World!\"}, "
      + "POST /greetings greets a valid name";
  static final String DEPLOY_SPEC = "{\"entrypoint\": \"com.example.hello.HelloApplication\", \"healthPath\": \"/actuator/health\","
      + " \"environment\": [], \"readinessSeconds\": 60}";

  @TempDir Path dir;

  static Orchestrator.Builder orchestrator(ScriptedChatModel model, Path workspace, List<RunEvent> events) {
    JavaSpringBootStack stack = JavaSupport.stack();
    SpectraLlm llm = SpectraLlm.builder(ModelRouter.of(EndToEnd.GPT_4O_MINI, model)).build();
    return llm.orchestrator(stack, workspace)
        .testActivity(StackTestActivity.builder(stack).fixer(llm.fileFixer()).timeout(Duration.ofMinutes(5)).build())
        .deployActivity(ProcessDeployer.builder(stack).planner(llm.deploymentPlanner(stack)).build())
        .monitorActivity(HttpMonitor.builder().probesPerPath(3).diagnoser(llm.diagnoser()).build())
        .listener(events::add);
  }

  static String fenced(String code) {
    return "```java\n" + code + "```";
  }

  /** The plan and one reply per model-written file; {@code override} replaces some files' replies. */
  static ScriptedChatModel model(Map<String, String> override) {
    ScriptedChatModel model = EndToEnd.scriptedModel();
    model.on(PLAN).replies(Reply.text("```json\n" + resource("java/plan.json") + "```"));
    HelloProject.code().forEach((path, code) -> model.on(file(path)).replies(Reply.text(fenced(override.getOrDefault(path, code)))));
    model.on(DEPLOY).replies(Reply.text(DEPLOY_SPEC));
    return model;
  }

  @Test
  void aFailingGeneratedTestIsFixedInOneRoundThenTheJarRunsOnLoopbackHealthyAndNoProcessIsLeft() throws Exception {
    String controller = HelloProject.code().get(HelloProject.CONTROLLER);
    String buggy = controller.replace("Hello, World!", "Hello World!");
    ScriptedChatModel model = model(Map.of(HelloProject.CONTROLLER, buggy));
    model.on(fix(HelloProject.CONTROLLER)).replies(Reply.text("REASON: the greeting lacked its comma.\n" + fenced(controller)));
    model.on(fix(HelloProject.APPLICATION)).replies(Reply.text("UNCHANGED")); // the test's other planned dependency
    List<RunEvent> events = new CopyOnWriteArrayList<>();
    Path root = dir.toRealPath();

    RunReport report = orchestrator(model, root, events).build().run(ServiceRequest.of(REQUEST));

    assertThat(report.outcome()).as("%s", report.failure()).isEqualTo(RunReport.Outcome.SUCCEEDED);
    assertThat(report.activities()).extracting(RunReport.ActivityRecord::outcome).containsOnly(RunReport.Outcome.SUCCEEDED);
    assertThat(report.activities()).hasSize(5);
    assertThat(report.plan().stack()).isEqualTo("java-spring-boot");

    // Build: pom and config from the generators, README from the template, the code from the model
    assertThat(report.build().file("pom.xml")).get().extracting(GeneratedFile::origin).isEqualTo(GeneratedFile.Origin.CONFIG);
    assertThat(report.build().file("README.md")).get().extracting(GeneratedFile::origin).isEqualTo(GeneratedFile.Origin.TEMPLATE);
    assertThat(report.build().file(HelloProject.CONTROLLER)).get().extracting(GeneratedFile::origin, GeneratedFile::content)
        .containsExactly(GeneratedFile.Origin.LLM, buggy);
    assertThat(Files.readString(root.resolve("pom.xml"))).contains("<version>" + JavaSpringBootStack.SPRING_BOOT_VERSION + "</version>");

    // Test: Maven ran the MockMvc tests; one round fixed the controller; the grade is an A
    TestReport test = report.test();
    assertThat(test.status()).isEqualTo(TestReport.Status.PASSED);
    String cls = "com.example.hello.HelloControllerTest.";
    assertThat(test.tests()).extracting(TestReport.TestCase::name, TestReport.TestCase::outcome).containsExactlyInAnyOrder(
        tuple(cls + "greetsTheWorld", TestReport.Outcome.PASSED), tuple(cls + "greetsByName", TestReport.Outcome.PASSED),
        tuple(cls + "refusesABlankName", TestReport.Outcome.PASSED), tuple(cls + "healthIsUp", TestReport.Outcome.PASSED));
    assertThat(test.fixRounds()).singleElement().satisfies(round -> {
      assertThat(round.failures()).containsExactly(cls + "greetsTheWorld");
      assertThat(round.changedFiles()).containsExactly(HelloProject.CONTROLLER);
      assertThat(round.refused()).isEmpty();
    });
    assertThat(EndToEnd.userMessages(model, fix(HelloProject.CONTROLLER))).singleElement().asString()
        .contains("Hello World!", "<file>\n" + buggy);
    assertThat(Files.readString(root.resolve(HelloProject.CONTROLLER))).isEqualTo(controller);
    assertThat(test.quality().grade()).isEqualTo("A");
    assertThat(test.interpreter()).contains("Maven", "Spring Boot 4.0.7");

    // Deploy: java -jar on loopback, ready on the actuator's health
    Deployment deployment = report.deployment();
    assertThat(deployment.kind()).isEqualTo(Deployment.Kind.LOCAL_PROCESS);
    assertThat(deployment.url()).matches("http://127\\.0\\.0\\.1:\\d+");
    assertThat(EndToEnd.events(events, RunEvent.Note.class)).filteredOn(n -> n.activity() == Activity.DEPLOY)
        .extracting(RunEvent.Note::message).anySatisfy(m -> assertThat(m).startsWith("ready in ").contains("GET /actuator/health answered 200"));
    assertThat(Files.readString(root.resolve(deployment.logsPath()))).contains("Started HelloApplication");

    // Monitor: every probe answered
    HealthReport health = report.health();
    assertThat(health.verdict()).isEqualTo(HealthReport.Verdict.HEALTHY);
    assertThat(health.probes()).extracting(HealthReport.Probe::path, HealthReport.Probe::statusCounts)
        .contains(tuple("/", "200x3"), tuple("/actuator/health", "200x3"));

    // afterwards: stopped, nothing left
    HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();
    assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(URI.create(deployment.url() + "/")).build(),
        HttpResponse.BodyHandlers.discarding())).isInstanceOf(IOException.class);
    EndToEnd.assertNoProcessLeft(root);
  }

  @Test
  void aFixThatDeletesTheFailingTestOrRemovesItsAssertIsRefused() throws Exception {
    String tests = resource("java/HelloControllerTest_reads_a_missing_key.java"); // the test itself is wrong
    ScriptedChatModel model = model(Map.of(HelloProject.TEST, tests));
    model.on(fix(HelloProject.CONTROLLER)).replies(Reply.text("UNCHANGED"), Reply.text("UNCHANGED"));
    model.on(fix(HelloProject.APPLICATION)).replies(Reply.text("UNCHANGED"), Reply.text("UNCHANGED"));
    model.on(fix(HelloProject.TEST)).replies(
        Reply.text("REASON: greetsTheWorld fails, so it goes.\n" + fenced(resource("java/HelloControllerTest_one_test_deleted.java"))),
        Reply.text("REASON: the check fails, so it goes.\n" + fenced(resource("java/HelloControllerTest_asserts_removed.java"))));
    List<RunEvent> events = new CopyOnWriteArrayList<>();
    Path root = dir.toRealPath();

    RunReport report = orchestrator(model, root, events).build().run(ServiceRequest.of(REQUEST));

    assertThat(report.outcome()).isEqualTo(RunReport.Outcome.FAILED);
    assertThat(report.failure()).isEqualTo(new RunReport.Failure(Activity.TEST, "TESTS_FAILED", "1 of 4 tests failed after 2 fix rounds"));
    TestReport test = report.test();
    assertThat(test.tests()).filteredOn(t -> t.outcome() != TestReport.Outcome.PASSED).singleElement().satisfies(t -> {
      assertThat(t.name()).isEqualTo("com.example.hello.HelloControllerTest.greetsTheWorld");
      assertThat(t.message()).contains("NullPointerException");
    });
    assertThat(test.fixRounds()).hasSize(2).allSatisfy(round -> assertThat(round.changedFiles()).isEmpty());
    assertThat(test.fixRounds().get(0).refused()).singleElement().asString()
        .startsWith(HelloProject.TEST + ": would lower its test functions from 4 to 3");
    assertThat(test.fixRounds().get(1).refused()).singleElement().asString()
        .startsWith(HelloProject.TEST + ": would lower its asserts from 7 to 6");
    assertThat(Files.readString(root.resolve(HelloProject.TEST))).isEqualTo(tests);
    assertThat(report.deployment()).isNull();
    EndToEnd.assertNoProcessLeft(root);
  }
}
