package com.example.prompts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.service.V;
import dev.spectra.orchestrator.Activity;
import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.HealthReport;
import dev.spectra.orchestrator.Orchestrator;
import dev.spectra.orchestrator.RunReport;
import dev.spectra.orchestrator.ServiceRequest;
import dev.spectra.orchestrator.llm.ModelRouter;
import dev.spectra.orchestrator.llm.SpectraLlm;
import dev.spectra.orchestrator.llm.services.PlanService;
import dev.spectra.orchestrator.stack.TextStack;
import dev.spectra.orchestrator.test.PromptSnapshots;
import dev.spectra.orchestrator.test.ScriptedChatModel;
import dev.spectra.orchestrator.verify.HttpMonitor;
import dev.spectra.orchestrator.verify.ProcessDeployer;
import dev.spectra.orchestrator.verify.StackTestActivity;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's own plan prompt drives a whole offline run, all five activities on the LLM layer (plan, build, a fix
 * round, deploy, monitor), on core's language-free text stack whose toolchain is the JVM; the plan prompt's
 * snapshot shows the user's text. Written as a user would: public API only.
 */
class ReplacedPlanPromptRunTest {
  interface RoutesPlanService extends PlanService {
    @Override
    @dev.langchain4j.service.SystemMessage({"You design tiny {{stack}} services, never more than {{maxFiles}} files.",
        "The entrypoint: {{entrypointRule}}.", "{{stackNotes}}"})
    @dev.langchain4j.service.UserMessage("Design this service and answer with the plan as JSON: {{request}}")
    ArchitecturePlan plan(@V("request") String request, @V("stack") String stack, @V("stackNotes") String stackNotes,
        @V("entrypointRule") String entrypointRule, @V("pathExample") String pathExample, @V("maxFiles") int maxFiles,
        ChatRequestParameters parameters);
  }

  static final String ROUTES = "service/routes.txt";
  static final String TESTS = "tests/test_routes.txt";
  static final String PLAN = """
      {"name": "hello-routes", "summary": "Says hello.", "stack": "text-routes", "entrypoint": "service/routes.txt",
       "files": [
         {"path": "service/routes.txt", "purpose": "the routes", "kind": "SOURCE", "priority": "CRITICAL", "dependsOn": []},
         {"path": "tests/test_routes.txt", "purpose": "the tests", "kind": "TEST", "priority": "NORMAL", "dependsOn": ["service/routes.txt"]}],
       "endpoints": [{"method": "GET", "path": "/health", "summary": "health"}, {"method": "GET", "path": "/hello", "summary": "greets"}],
       "dependencies": []}""";

  @TempDir Path dir;

  private static String lastUser(ChatRequest r) {
    return ((UserMessage) r.messages().get(r.messages().size() - 1)).singleText();
  }

  @Test
  void aUserPlanPromptDrivesAllFiveActivities() throws Exception {
    ScriptedChatModel model = ScriptedChatModel.create();
    model.on("plan", r -> lastUser(r).startsWith("Design this service")).reply(PLAN);
    model.on("routes", r -> lastUser(r).contains("Write the file " + ROUTES))
        .reply("```text\nGET /health -> ok\nGET /hello -> helo\n```"); // a planted bug
    model.on("tests", r -> lastUser(r).contains("Write the file " + TESTS))
        .reply("```text\nexpect service/routes.txt GET /health -> ok\nexpect service/routes.txt GET /hello -> hello\n```");
    model.on("fix", r -> lastUser(r).contains(ROUTES) && lastUser(r).contains("helo"))
        .reply("REASON: /hello answered a typo.\n```text\nGET /health -> ok\nGET /hello -> hello\n```");
    model.on("deploy", r -> ((SystemMessage) r.messages().get(0)).text().startsWith("You decide how to run"))
        .reply("{\"entrypoint\": \"service/routes.txt\", \"healthPath\": \"/health\", \"environment\": [], \"readinessSeconds\": 10}");
    TextStack stack = new TextStack();
    SpectraLlm llm = SpectraLlm.builder(ModelRouter.of(model)).planService(RoutesPlanService.class).build();
    Orchestrator orchestrator = llm.orchestrator(stack, dir)
        .testActivity(StackTestActivity.builder(stack).fixer(llm.fileFixer()).build())
        .deployActivity(ProcessDeployer.builder(stack).planner(llm.deploymentPlanner(stack)).build())
        .monitorActivity(HttpMonitor.builder().diagnoser(llm.diagnoser()).build())
        .build();

    RunReport report = orchestrator.run(ServiceRequest.of("A hello service"));

    assertThat(report.failure()).isNull();
    assertThat(report.activities()).extracting(RunReport.ActivityRecord::activity).containsExactly(Activity.values());
    assertThat(report.activities()).allSatisfy(a -> assertThat(a.outcome()).isEqualTo(RunReport.Outcome.SUCCEEDED));
    assertThat(report.test().fixRounds()).hasSize(1);
    assertThat(Files.readString(dir.resolve(ROUTES))).isEqualTo("GET /health -> ok\nGET /hello -> hello\n");
    assertThat(report.health().verdict()).isEqualTo(HealthReport.Verdict.HEALTHY);
    assertThat(report.byActivity().keySet()).contains(Activity.PLAN, Activity.BUILD, Activity.TEST, Activity.DEPLOY);
    ChatRequest plan = model.request(0);
    assertThat(((SystemMessage) plan.messages().get(0)).text()).startsWith("You design tiny text-routes services, never more than 200 files.");
    PromptSnapshots.defaults().assertMatches("replaced-plan-prompt", plan);
    assertThat(model.requests()).extracting(ReplacedPlanPromptRunTest::lastUser)
        .filteredOn(u -> u.startsWith("Design this service")).hasSize(1);
    assertThat(report.outcome()).isEqualTo(RunReport.Outcome.SUCCEEDED);
  }
}
