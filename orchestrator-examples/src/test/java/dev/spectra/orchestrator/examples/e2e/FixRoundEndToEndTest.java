package dev.spectra.orchestrator.examples.e2e;

import static dev.spectra.orchestrator.examples.e2e.EndToEnd.DEPLOY;
import static dev.spectra.orchestrator.examples.e2e.EndToEnd.MAIN;
import static dev.spectra.orchestrator.examples.e2e.EndToEnd.PLAN;
import static dev.spectra.orchestrator.examples.e2e.EndToEnd.REQUEST;
import static dev.spectra.orchestrator.examples.e2e.EndToEnd.TESTS;
import static dev.spectra.orchestrator.examples.e2e.EndToEnd.fenced;
import static dev.spectra.orchestrator.examples.e2e.EndToEnd.file;
import static dev.spectra.orchestrator.examples.e2e.EndToEnd.fix;
import static dev.spectra.orchestrator.examples.e2e.EndToEnd.resource;
import static dev.spectra.orchestrator.examples.e2e.EndToEnd.withoutComma;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.spectra.orchestrator.Activity;
import dev.spectra.orchestrator.GeneratedFile;
import dev.spectra.orchestrator.HealthReport;
import dev.spectra.orchestrator.RunEvent;
import dev.spectra.orchestrator.RunReport;
import dev.spectra.orchestrator.ServiceRequest;
import dev.spectra.orchestrator.TestReport;
import dev.spectra.orchestrator.Usage;
import dev.spectra.orchestrator.test.Reply;
import dev.spectra.orchestrator.test.ScriptedChatModel;
import dev.spectra.orchestrator.verify.HttpMonitor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fix loop on the LLM fixer: a bug the generated test catches is fixed; a fix that weakens the tests is refused. */
class FixRoundEndToEndTest {
  static final String DEPLOY_SPEC =
      "{\"entrypoint\": \"app.main:app\", \"healthPath\": \"/health\", \"environment\": [], \"readinessSeconds\": 20}";

  @TempDir Path dir;

  @Test
  void aBugTheGeneratedTestCatchesIsFixedInOneRoundByTheModelThenTheServiceIsDeployed() throws Exception {
    String buggy = withoutComma(resource("main.py"));
    ScriptedChatModel model = EndToEnd.scriptedModel();
    model.on(PLAN).replies(Reply.text(resource("plan.json")));
    model.on(file(MAIN)).replies(Reply.text(fenced(buggy)));
    model.on(file(TESTS)).replies(Reply.text(fenced(resource("test_main.py"))));
    model.on(fix(MAIN)).replies(Reply.text("REASON: the greeting lacked its comma.\n" + fenced(resource("main.py")))
        .withTokenUsage(1800, 420));
    model.on(DEPLOY).replies(Reply.text(DEPLOY_SPEC));
    List<RunEvent> events = new CopyOnWriteArrayList<>();
    Path root = dir.toRealPath();

    RunReport report = EndToEnd.orchestrator(model, root, HttpMonitor.builder().probesPerPath(2), events).build()
        .run(ServiceRequest.of(REQUEST));

    assertThat(report.outcome()).as("%s", report.failure()).isEqualTo(RunReport.Outcome.SUCCEEDED);
    TestReport test = report.test();
    assertThat(test.status()).isEqualTo(TestReport.Status.PASSED);
    assertThat(test.tests()).extracting(TestReport.TestCase::name, TestReport.TestCase::outcome).containsExactly(
        tuple("tests/test_main.py::test_hello_greets_the_world", TestReport.Outcome.PASSED),
        tuple("tests/test_main.py::test_health_says_ok", TestReport.Outcome.PASSED));
    assertThat(test.fixRounds()).singleElement().satisfies(round -> {
      assertThat(round.round()).isEqualTo(1);
      assertThat(round.failures()).containsExactly("tests/test_main.py::test_hello_greets_the_world");
      assertThat(round.changedFiles()).containsExactly(MAIN);
      assertThat(round.changedTests()).isEmpty();
      assertThat(round.refused()).isEmpty();
      assertThat(round.usage()).isEqualTo(Usage.of(1800, 420));
    });

    // the model was shown the failure, the failing test as read-only context, and the module as Build wrote it
    assertThat(EndToEnd.userMessages(model, fix(MAIN))).singleElement().asString()
        .contains("Failures (fix round 1):", "tests/test_main.py::test_hello_greets_the_world", "Hello World!")
        .contains("### " + TESTS + "\n" + resource("test_main.py").strip())
        .contains("<file>\n" + buggy);
    assertThat(report.build().file(MAIN)).get().extracting(GeneratedFile::content).isEqualTo(buggy);
    assertThat(Files.readString(root.resolve(MAIN))).isEqualTo(resource("main.py"));

    // the ledger counts the fix call under TEST, on the file it fixed
    assertThat(report.byActivity().get(Activity.TEST).calls()).isEqualTo(1);
    assertThat(report.byActivity().get(Activity.TEST).usage()).isEqualTo(Usage.of(1800, 420));
    assertThat(report.byFile().get(MAIN).calls()).isEqualTo(2);
    assertThat(model.callCount()).isEqualTo(5);

    assertThat(report.health().verdict()).isEqualTo(HealthReport.Verdict.HEALTHY);
    EndToEnd.assertNoProcessLeft(root);
  }

  @Test
  void aFixThatDeletesATestOrRemovesAssertsIsRefusedAndTheRunFailsAfterTheRoundLimit() throws Exception {
    String tests = resource("test_main_key_error.py"); // the test itself is wrong: it reads a key the service never sends
    ScriptedChatModel model = EndToEnd.scriptedModel();
    model.on(PLAN).replies(Reply.text(resource("plan.json")));
    model.on(file(MAIN)).replies(Reply.text(fenced(resource("main.py"))));
    model.on(file(TESTS)).replies(Reply.text(fenced(tests)));
    model.on(fix(MAIN)).replies(Reply.text("UNCHANGED"), Reply.text("UNCHANGED"));
    model.on(fix(TESTS)).replies(
        Reply.text("REASON: test_hello_greets_the_world fails, so it goes.\n" + fenced(resource("test_main_one_test_deleted.py"))),
        Reply.text("REASON: the payload check fails, so it goes.\n" + fenced(resource("test_main_asserts_removed.py"))));
    List<RunEvent> events = new CopyOnWriteArrayList<>();
    Path root = dir.toRealPath();

    RunReport report = EndToEnd.orchestrator(model, root, HttpMonitor.builder().probesPerPath(2), events).build()
        .run(ServiceRequest.of(REQUEST));

    assertThat(report.outcome()).isEqualTo(RunReport.Outcome.FAILED);
    assertThat(report.failure()).isEqualTo(new RunReport.Failure(Activity.TEST, "TESTS_FAILED", "1 of 2 tests failed after 2 fix rounds"));
    assertThat(report.activities()).extracting(RunReport.ActivityRecord::activity, RunReport.ActivityRecord::outcome)
        .containsExactly(tuple(Activity.PLAN, RunReport.Outcome.SUCCEEDED), tuple(Activity.BUILD, RunReport.Outcome.SUCCEEDED),
            tuple(Activity.TEST, RunReport.Outcome.FAILED));
    TestReport test = report.test();
    assertThat(test.status()).isEqualTo(TestReport.Status.FAILED);
    assertThat(test.tests()).extracting(TestReport.TestCase::name, TestReport.TestCase::outcome).containsExactly(
        tuple("tests/test_main.py::test_hello_greets_the_world", TestReport.Outcome.FAILED),
        tuple("tests/test_main.py::test_health_says_ok", TestReport.Outcome.PASSED));
    assertThat(test.tests().get(0).message()).contains("KeyError");
    assertThat(test.fixRounds()).hasSize(2).allSatisfy(round -> {
      assertThat(round.changedFiles()).isEmpty();
      assertThat(round.changedTests()).isEmpty();
    });
    assertThat(test.fixRounds().get(0).refused()).singleElement().asString()
        .startsWith(TESTS + ": would lower its test functions from 2 to 1");
    assertThat(test.fixRounds().get(1).refused()).singleElement().asString()
        .startsWith(TESTS + ": would lower its asserts from 4 to 3");

    // the test file the model tried to weaken is the one Build wrote; the model was asked about it in both rounds
    assertThat(Files.readString(root.resolve(TESTS))).isEqualTo(tests);
    assertThat(EndToEnd.userMessages(model, fix(TESTS))).hasSize(2)
        .allSatisfy(m -> assertThat(m).contains("KeyError", "<file>\n" + tests));
    assertThat(report.byActivity().get(Activity.TEST).calls()).isEqualTo(4);
    assertThat(model.callCount()).isEqualTo(7);

    // nothing was deployed
    assertThat(report.deployment()).isNull();
    assertThat(EndToEnd.userMessages(model, DEPLOY)).isEmpty();
    EndToEnd.assertNoProcessLeft(root);
  }
}
