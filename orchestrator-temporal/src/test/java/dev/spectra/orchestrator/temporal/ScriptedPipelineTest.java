package dev.spectra.orchestrator.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.spectra.orchestrator.Activity;
import dev.spectra.orchestrator.GeneratedFile;
import dev.spectra.orchestrator.HealthReport;
import dev.spectra.orchestrator.RunReport;
import dev.spectra.orchestrator.ServiceRequest;
import dev.spectra.orchestrator.TestReport;
import dev.spectra.orchestrator.llm.ModelRouter;
import dev.spectra.orchestrator.llm.SpectraLlm;
import dev.spectra.orchestrator.sandbox.SandboxInspection;
import dev.spectra.orchestrator.stack.TextStack;
import dev.spectra.orchestrator.test.Reply;
import dev.spectra.orchestrator.test.ScriptedChatModel;
import dev.spectra.orchestrator.verify.HttpMonitor;
import dev.spectra.orchestrator.verify.ProcessDeployer;
import dev.spectra.orchestrator.verify.StackTestActivity;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline as a Temporal workflow on scripted model replies, through orchestrator-llm's gateway and repair
 * ladder (the activities a real worker runs), on the JVM-only text stack.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ScriptedPipelineTest {
  static final String PLAN_JSON = """
      {"name": "hello-routes", "summary": "Says hello", "stack": "text-routes", "entrypoint": "service/routes.txt",
       "files": [
         {"path": "service/routes.txt", "purpose": "the routes", "kind": "SOURCE", "priority": "CRITICAL", "dependsOn": []},
         {"path": "tests/test_routes.txt", "purpose": "the tests", "kind": "TEST", "priority": "NORMAL",
          "dependsOn": ["service/routes.txt"]}],
       "endpoints": [{"method": "GET", "path": "/health", "summary": "health"}, {"method": "GET", "path": "/hello", "summary": "greets"}],
       "dependencies": []}
      """;

  @TempDir Path dir;
  TestWorkflowEnvironment env;
  SpectraWorker worker;

  @BeforeEach
  void start() {
    env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
  }

  @AfterEach
  void stop() {
    if (worker != null) {
      worker.close();
    }
    env.close();
  }

  static String lastUser(ChatRequest r) {
    ChatMessage last = r.messages().get(r.messages().size() - 1);
    return last instanceof UserMessage u ? u.singleText() : "";
  }

  SpectraWorker worker(ScriptedChatModel model) {
    TextStack stack = new TextStack();
    SpectraLlm llm = SpectraLlm.builder(ModelRouter.of(model)).build();
    worker = SpectraWorker.builder(env.getWorkflowClient()).workspace(dir).stack(stack).planActivity(llm.planner(stack))
        .fileGenerator(llm.fileGenerator())
        .testActivity(StackTestActivity.builder(stack).fixer(llm.fileFixer()).build())
        .deployActivity(ProcessDeployer.builder(stack).build()).monitorActivity(HttpMonitor.builder().build())
        .workerOptions(TemporalRunTest.NO_STICKY).build().start();
    return worker;
  }

  @Test
  void theWholePipelineRunsOnScriptedReplies() {
    SandboxInspection.requireIsolation(); // Test, Deploy and Monitor run the generated code under bubblewrap
    ScriptedChatModel model = ScriptedChatModel.create();
    model.on("plan", r -> lastUser(r).contains("<request>")).answer(Reply.text(PLAN_JSON).withTokenUsage(200, 300));
    model.on("routes", r -> lastUser(r).contains("Write the file service/routes.txt"))
        .answer(Reply.text("```\nGET /health -> ok\nGET /hello -> hello\n```").withTokenUsage(100, 20));
    model.on("tests", r -> lastUser(r).contains("Write the file tests/test_routes.txt"))
        .answer(Reply.text("```\nexpect service/routes.txt GET /health -> ok\nexpect service/routes.txt GET /hello -> hello\n```")
            .withTokenUsage(100, 30));
    worker(model);

    RunReport report = TemporalOrchestrator.builder(env.getWorkflowClient()).workspace(dir).build()
        .run(ServiceRequest.of("a hello service with GET /hello"));

    assertThat(report.failure()).isNull();
    assertThat(report.activities()).extracting(RunReport.ActivityRecord::activity).containsExactly(Activity.values());
    assertThat(report.plan().name()).isEqualTo("hello-routes");
    assertThat(report.build().files()).extracting(GeneratedFile::origin).containsOnly(GeneratedFile.Origin.LLM);
    assertThat(report.test().status()).isEqualTo(TestReport.Status.PASSED);
    assertThat(report.health().verdict()).isEqualTo(HealthReport.Verdict.HEALTHY);
    assertThat(report.total().calls()).as("every scripted call, in the report").isEqualTo(model.callCount()).isEqualTo(3);
    assertThat(report.total().usage().outputTokens()).isEqualTo(350);
    assertThat(report.byFile()).containsOnlyKeys("service/routes.txt", "tests/test_routes.txt");
  }

  @Test
  void aProviderRejectionFromTheGatewayIsNotRetriedByTemporal() {
    ScriptedChatModel model = ScriptedChatModel.create();
    model.on("plan", r -> lastUser(r).contains("<request>")).reply(PLAN_JSON);
    model.on("files", r -> lastUser(r).contains("Write the file"))
        .failWith(() -> new dev.langchain4j.exception.AuthenticationException("invalid key"));
    worker(model);

    RunReport report = TemporalOrchestrator.builder(env.getWorkflowClient()).workspace(dir).stopAfter(Activity.BUILD)
        .build().run(ServiceRequest.of("a hello service"));

    assertThat(report.failure().type()).isEqualTo("PROVIDER_AUTH");
    assertThat(report.failure().activity()).isEqualTo(Activity.BUILD);
    assertThat(model.callCount()).as("the plan, then one file call: no retry by the gateway, the step or Temporal")
        .isEqualTo(2);
  }
}
