package dev.spectra.orchestrator.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spectra.orchestrator.Activity;
import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.Endpoint;
import dev.spectra.orchestrator.FileKind;
import dev.spectra.orchestrator.FileSpec;
import dev.spectra.orchestrator.HealthReport;
import dev.spectra.orchestrator.Orchestrator;
import dev.spectra.orchestrator.Priority;
import dev.spectra.orchestrator.RunReport;
import dev.spectra.orchestrator.ServiceRequest;
import dev.spectra.orchestrator.TestReport;
import dev.spectra.orchestrator.verify.FileFix;
import dev.spectra.orchestrator.verify.FixRequest;
import dev.spectra.orchestrator.verify.HttpMonitor;
import dev.spectra.orchestrator.verify.ProcessDeployer;
import dev.spectra.orchestrator.verify.StackTestActivity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stack SPI end to end, with no real language: a {@link TextStack} whose toolchain is a JVM runs through all five
 * activities (a planted bug is found by its tests, fixed in one round, the service deployed and probed HEALTHY).
 */
class TextStackPipelineTest {
  @TempDir Path dir;

  static final String ROUTES = "service/routes.txt";
  static final String TESTS = "tests/test_routes.txt";

  static ArchitecturePlan plan() {
    return new ArchitecturePlan("hello-routes", "Says hello", TextStack.ID, ROUTES,
        List.of(new FileSpec(ROUTES, "the routes", FileKind.SOURCE, Priority.CRITICAL, List.of()),
            new FileSpec(TESTS, "the tests", FileKind.TEST, Priority.NORMAL, List.of(ROUTES))),
        List.of(new Endpoint("GET", "/health", "health"), new Endpoint("GET", "/hello", "greets")), List.of());
  }

  @Test
  void aTestStackRunsThroughAllFiveActivities() throws Exception {
    TextStack stack = new TextStack();
    List<FixRequest> fixRequests = new ArrayList<>();
    Orchestrator orchestrator = Orchestrator.builder()
        .workspace(dir)
        .stack(stack)
        .planActivity((request, ctx) -> plan())
        .fileGenerator((request, ctx) -> request.file().path().equals(ROUTES)
            ? "GET /health -> ok\nGET /hello -> helo\n" // the planted bug
            : "expect service/routes.txt GET /health -> ok\nexpect service/routes.txt GET /hello -> hello\n")
        .testActivity(StackTestActivity.builder(stack).fixer((request, ctx) -> {
          fixRequests.add(request);
          return List.of(new FileFix(ROUTES, request.files().get(ROUTES).replace("helo", "hello"), "typo"));
        }).build())
        .deployActivity(ProcessDeployer.builder(stack).build())
        .monitorActivity(HttpMonitor.builder().build())
        .build();

    RunReport report = orchestrator.run(ServiceRequest.of("a hello service"));

    assertThat(report.failure()).isNull();
    assertThat(report.outcome()).isEqualTo(RunReport.Outcome.SUCCEEDED);
    assertThat(report.activities()).extracting(RunReport.ActivityRecord::activity).containsExactly(Activity.values());
    assertThat(report.activities()).allSatisfy(a -> assertThat(a.outcome()).isEqualTo(RunReport.Outcome.SUCCEEDED));
    assertThat(fixRequests).hasSize(1);
    assertThat(fixRequests.get(0).files()).containsOnlyKeys(ROUTES); // located from "at service/routes.txt:2"
    assertThat(fixRequests.get(0).stackNotes()).contains("One route per line").contains("Tested with Java");
    TestReport test = report.test();
    assertThat(test.status()).isEqualTo(TestReport.Status.PASSED);
    assertThat(test.fixRounds()).hasSize(1);
    assertThat(test.tests()).extracting(TestReport.TestCase::outcome).containsOnly(TestReport.Outcome.PASSED).hasSize(2);
    assertThat(report.health().verdict()).isEqualTo(HealthReport.Verdict.HEALTHY);
    assertThat(report.deployment().url()).startsWith("http://127.0.0.1:");
  }

  @Test
  void aFixThatDeletesATestIsRefused() throws Exception {
    TextStack stack = new TextStack();
    Orchestrator orchestrator = Orchestrator.builder()
        .workspace(dir)
        .stack(stack)
        .planActivity((request, ctx) -> plan())
        .fileGenerator((request, ctx) -> request.file().path().equals(ROUTES)
            ? "GET /health -> ok\n"
            : "expect service/routes.txt GET /health -> ok\nexpect malformed\n")
        .testActivity(StackTestActivity.builder(stack).maxRounds(1).fixer((request, ctx) ->
            List.of(new FileFix(TESTS, "expect service/routes.txt GET /health -> ok\n", "drop the broken test"))).build())
        .stopAfter(Activity.TEST)
        .build();

    RunReport report = orchestrator.run(ServiceRequest.of("a hello service"));

    assertThat(report.test().fixRounds()).hasSize(1);
    assertThat(report.test().fixRounds().get(0).refused()).singleElement().asString()
        .contains(TESTS).contains("would lower its test functions from 2 to 1");
    assertThat(report.failure().type()).isEqualTo("TESTS_FAILED");
  }

  @Test
  void theEntrypointRuleIsTheStacks() {
    TextStack stack = new TextStack();
    assertThat(stack.entrypointProblems("app.main:app", java.util.Set.of(ROUTES))).singleElement().asString()
        .contains("must name a routes file");
    assertThat(new dev.spectra.orchestrator.verify.DeploymentSpec("other.txt", "/health", List.of(), 5).problems(plan(), stack))
        .extracting(dev.spectra.orchestrator.verify.DeploymentSpec.Problem::toString)
        .containsExactly("entrypoint: \"other.txt\" is not a planned file; the plan's entrypoint is " + ROUTES);
  }
}
