package dev.spectra.orchestrator.llm;

import dev.spectra.orchestrator.stack.python.PythonFastApiStack;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.model.chat.request.ChatRequest;
import dev.spectra.orchestrator.Activity;
import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.HealthReport;
import dev.spectra.orchestrator.Orchestrator;
import dev.spectra.orchestrator.RunEvent;
import dev.spectra.orchestrator.RunReport;
import dev.spectra.orchestrator.ServiceRequest;
import dev.spectra.orchestrator.build.FileRequest;
import dev.spectra.orchestrator.cost.Budget;
import dev.spectra.orchestrator.cost.BudgetExceededException;
import dev.spectra.orchestrator.test.PromptSnapshots;
import dev.spectra.orchestrator.test.Reply;
import dev.spectra.orchestrator.test.ScriptedChatModel;
import dev.spectra.orchestrator.verify.DeploymentSpec;
import dev.spectra.orchestrator.verify.DiagnosisRequest;
import dev.spectra.orchestrator.verify.FileFix;
import dev.spectra.orchestrator.verify.FixRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every activity's AI service over the test kit's scripted model, with one prompt snapshot per activity. */
class ActivitiesTest {
  private static final ModelSpec MODEL = ModelSpec.parse("openai:gpt-4o-mini");
  private static final String MAIN = "from fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get(\"/health\")\ndef health() -> dict[str, str]:\n    return {\"status\": \"ok\"}\n";

  @TempDir Path workspace;
  final PromptSnapshots snapshots = PromptSnapshots.defaults();

  private SpectraLlm llm(ScriptedChatModel model) {
    return SpectraLlm.builder(ModelRouter.of(MODEL, model)).sleeper(d -> { }).build();
  }

  private Fixtures.Run run() {
    return new Fixtures.Run(workspace);
  }

  @Test
  void planPrompt() {
    ScriptedChatModel model = ScriptedChatModel.replying(Fixtures.PLAN_JSON);

    ArchitecturePlan plan = llm(model).planner(new TestStack()).plan(ServiceRequest.of("A hello service with GET /hello"), run().context);

    assertThat(plan).isEqualTo(Fixtures.plan());
    snapshots.assertMatches("plan", model.lastRequest());
  }

  @Test
  void filePromptHoldsThePlanSummaryTheSpecAndTheDependenciesSignatures() {
    ScriptedChatModel model = ScriptedChatModel.replying("```python\nfrom app.main import app\n\n\ndef test_health() -> None:\n    assert app\n```");
    ArchitecturePlan plan = Fixtures.plan();
    FileRequest request = new FileRequest(plan, plan.file("tests/test_main.py").orElseThrow(),
        Map.of("app/main.py", new TestStack().signatures("app/main.py", MAIN)), TestStack.NOTES, 1, "");

    String code = llm(model).fileGenerator().generate(request, run().context);

    assertThat(code).isEqualTo("from app.main import app\n\n\ndef test_health() -> None:\n    assert app\n");
    String user = model.lastUserMessage();
    assertThat(user).contains("### app/main.py\napp = FastAPI()\ndef health() -> dict[str, str]:");
    assertThat(user).doesNotContain("Package marker.");
    snapshots.assertMatches("file", model.lastRequest());
  }

  @Test
  void aClosedBlockIsKeptWhenOnlyTheProseAfterItHitTheOutputLimitButBareCodeAtTheLimitIsAskedForAgain() {
    ScriptedChatModel model = ScriptedChatModel.create();
    model.on("file", r -> true).replies(
        dev.spectra.orchestrator.test.Reply.text("```python\nx = 1\n```\nThis file sets x, and then").withFinishReason(
            dev.langchain4j.model.output.FinishReason.LENGTH),
        dev.spectra.orchestrator.test.Reply.text("x = 1\ny = ").withFinishReason(dev.langchain4j.model.output.FinishReason.LENGTH),
        dev.spectra.orchestrator.test.Reply.text("x = 1\ny = 2\n"));
    ArchitecturePlan plan = Fixtures.plan();
    FileRequest request = new FileRequest(plan, plan.file("app/main.py").orElseThrow(), Map.of(), "", 1, "");
    SpectraLlm llm = llm(model);

    assertThat(llm.fileGenerator().generate(request, run().context)).isEqualTo("x = 1\n");
    assertThat(model.callCount()).isEqualTo(1);

    assertThat(llm.fileGenerator().generate(request, run().context)).isEqualTo("x = 1\ny = 2\n");
    assertThat(model.callCount()).isEqualTo(3);
    assertThat(model.request(2).maxOutputTokens()).isEqualTo(8192);
  }

  @Test
  void fixerRewritesTheFilesAtFaultAndSkipsUnchangedOnes() {
    ScriptedChatModel model = ScriptedChatModel.create();
    model.on("fix app/main.py", r -> lastUser(r).contains("The file to fix, app/main.py"))
        .reply("REASON: /hello was missing.\n```python\n" + MAIN + "\n\n@app.get(\"/hello\")\ndef hello() -> dict[str, str]:\n    return {\"message\": \"hello\"}\n```");
    model.on("fix tests", r -> lastUser(r).contains("The file to fix, tests/test_main.py")).reply("UNCHANGED");
    Map<String, String> files = new LinkedHashMap<>();
    files.put("app/main.py", MAIN);
    files.put("tests/test_main.py", "def test_hello(client) -> None:\n    assert client.get('/hello').status_code == 200\n");
    FixRequest request = new FixRequest(Fixtures.plan(), List.of("tests/test_main.py::test_hello FAILED: assert 404 == 200"),
        files, Map.of("app/models.py", "class Greeting: ..."), TestStack.NOTES, 1);
    Fixtures.Run run = run();

    List<FileFix> fixes = llm(model).fileFixer().fix(request, run.context);

    assertThat(fixes).singleElement().satisfies(f -> {
      assertThat(f.path()).isEqualTo("app/main.py");
      assertThat(f.reason()).isEqualTo("/hello was missing.");
      assertThat(f.content()).contains("def hello()").startsWith("from fastapi import FastAPI");
    });
    assertThat(model.callCount()).isEqualTo(2);
    assertThat(run.context.ledger().byActivity().get(Activity.TEST).calls()).isEqualTo(2);
    snapshots.assertMatches("fix", model.request(0));
  }

  @Test
  void diagnoserKeepsOnlyEvidenceQuotedFromTheLogs() {
    ScriptedChatModel model = ScriptedChatModel.replying("""
        {"cause":"The app crashes on import: module app.db is missing.",
         "evidence":["ModuleNotFoundError: No module named 'app.db'","Invented line that is not in the log"],
         "suggestedFix":"Add app/db.py or remove the import.","files":["app/main.py"]}""");
    DiagnosisRequest request = new DiagnosisRequest(Fixtures.plan(), List.of("GET /health: connection refused x20"),
        "Traceback (most recent call last):\n  File \"app/main.py\", line 3\nModuleNotFoundError: No module named 'app.db'\n");
    Fixtures.Run run = run();

    HealthReport.Diagnosis d = llm(model).diagnoser().diagnose(request, run.context);

    assertThat(d.cause()).startsWith("The app crashes on import");
    assertThat(d.evidence()).containsExactly("ModuleNotFoundError: No module named 'app.db'");
    assertThat(d.files()).containsExactly("app/main.py");
    assertThat(run.events(RunEvent.Repaired.class)).singleElement()
        .satisfies(r -> assertThat(r.repairs()).containsExactly("dropped $.evidence[1]: not found in the log excerpt"));
    snapshots.assertMatches("diagnose", model.lastRequest());
  }

  @Test
  void deployerRepromptsOnALimitThenReturnsTheTypedSpec() {
    ScriptedChatModel model = ScriptedChatModel.replyingInOrder(
        "{\"entrypoint\":\"app.main:app\",\"healthPath\":\"/health\",\"environment\":[\"LOG_LEVEL\",\"PATH\",\"log_level\"],\"readinessSeconds\":600}",
        "{\"entrypoint\":\"app.main:app\",\"healthPath\":\"/health\",\"environment\":[\"LOG_LEVEL\"],\"readinessSeconds\":30}");
    Fixtures.Run run = run();

    DeploymentSpec spec = llm(model).deploymentPlanner(new PythonFastApiStack()).propose(Fixtures.plan(), run.context);

    assertThat(spec).isEqualTo(new DeploymentSpec("app.main:app", "/health", List.of("LOG_LEVEL"), 30));
    assertThat(lastUser(model.lastRequest())).contains(
        "- $.readinessSeconds: must be within 1..120, but was 600",
        "- $.environment[1]: PATH is set by the sandbox; name only variables the service itself reads",
        "- $.environment[2]: must be an upper-case variable name (A-Z, 0-9 and _, not starting with a digit, at most 64"
            + " characters), but was \"log_level\"");
    snapshots.assertMatches("deploy", model.request(0));
  }

  @Test
  void theWiringBuildsAnOrchestratorThatPlansAndBuildsFromAnyChatModel() throws Exception {
    ScriptedChatModel model = ScriptedChatModel.create();
    model.on("plan", r -> lastUser(r).contains("<request>")).reply(Fixtures.PLAN_JSON);
    model.on("main", r -> lastUser(r).contains("Write the file app/main.py")).reply("```python\n" + MAIN + "```");
    model.on("test", r -> lastUser(r).contains("Write the file tests/test_main.py"))
        .reply("```python\nfrom app.main import app\n```");

    Orchestrator orchestrator = SpectraLlm.orchestrator(model, new TestStack(), workspace).stopAfter(Activity.BUILD).build();
    RunReport report = orchestrator.run(ServiceRequest.of("A hello service"));

    assertThat(report.outcome()).isEqualTo(RunReport.Outcome.SUCCEEDED);
    assertThat(Files.readString(workspace.resolve("app/main.py"))).isEqualTo(MAIN);
    assertThat(model.callCount()).isEqualTo(3);
    assertThat(report.byActivity().get(Activity.PLAN).calls()).isEqualTo(1);
    assertThat(report.byActivity().get(Activity.BUILD).calls()).isEqualTo(2);
    assertThat(lastUser(model.request(2))).contains("### app/main.py\napp = FastAPI()\ndef health() -> dict[str, str]:");
  }

  @Test
  void aProviderErrorStopsTheBuildWithoutRetryingTheFile() {
    ScriptedChatModel model = ScriptedChatModel.create();
    model.on("plan", r -> lastUser(r).contains("<request>")).reply(Fixtures.PLAN_JSON);
    model.on("files", r -> lastUser(r).contains("Write the file"))
        .failWith(() -> new dev.langchain4j.exception.AuthenticationException("invalid key"));

    RunReport report = SpectraLlm.orchestrator(model, new TestStack(), workspace).stopAfter(Activity.BUILD).build()
        .run(ServiceRequest.of("A hello service"));

    assertThat(report.outcome()).isEqualTo(RunReport.Outcome.FAILED);
    assertThat(report.failure().type()).isEqualTo("PROVIDER_AUTH");
    assertThat(report.failure().message()).startsWith("provider custom refused the request for model ScriptedChatModel: check the credentials");
    assertThat(model.callCount()).isEqualTo(2);
  }

  @Test
  void everyCallIsReservedAgainstTheBudget() {
    ScriptedChatModel model = ScriptedChatModel.replyingInOrder(Fixtures.planWithout("name"), Fixtures.PLAN_JSON);
    Fixtures.Run run = new Fixtures.Run(workspace, Budget.builder().maxCalls(1).build());

    assertThatThrownBy(() -> llm(model).planner(new TestStack()).plan(ServiceRequest.of("x"), run.context))
        .isInstanceOfSatisfying(BudgetExceededException.class, e -> assertThat(e.limit()).isEqualTo(BudgetExceededException.Limit.CALLS));
    assertThat(model.callCount()).isEqualTo(1);
  }

  @Test
  void usageFortyTimesTheEstimateIsRecordedAsABudgetOvershootInTheReport() throws Exception {
    // the provider reports 20,000 input tokens per call, about 40x the budget's estimate (a proxy adding a system prompt)
    ScriptedChatModel model = ScriptedChatModel.create();
    model.on("plan", r -> lastUser(r).contains("<request>")).answer(Reply.text(Fixtures.PLAN_JSON)
        .withTokenUsage(20_000, 300));
    model.on("files", r -> lastUser(r).contains("Write the file")).answer(Reply.text("```python\n" + MAIN + "```")
        .withTokenUsage(20_000, 300));

    RunReport report = SpectraLlm.orchestrator(model, new TestStack(), workspace).stopAfter(Activity.BUILD)
        .budget(Budget.builder().maxTokens(1_000_000).build()).build().run(ServiceRequest.of("A hello service"));

    assertThat(report.outcome()).isEqualTo(RunReport.Outcome.SUCCEEDED);
    RunReport.BudgetOvershoot over = report.budgetOvershoot();
    assertThat(over.happened()).isTrue();
    // the first call was reserved at about 500 input tokens and reported 20,000: most of that is overshoot; the later
    // calls were reserved at the corrected estimate, so together they add less than one more such call would
    assertThat(report.total().calls()).isEqualTo(3);
    assertThat(over.tokens()).isGreaterThan(15_000).isLessThan(2 * 20_000);
    RunReport saved = RunReport.fromJson(Files.readString(workspace.resolve(".spectra/runs/" + report.runId() + "/report.json")));
    assertThat(saved.budgetOvershoot()).isEqualTo(over);
  }

  @Test
  void estimatesThatHoldLeaveNoOvershootInTheReport() {
    ScriptedChatModel model = ScriptedChatModel.create();
    model.on("plan", r -> lastUser(r).contains("<request>")).answer(Reply.text(Fixtures.PLAN_JSON).withTokenUsage(10, 300));
    model.on("files", r -> lastUser(r).contains("Write the file")).answer(Reply.text("```python\n" + MAIN + "```")
        .withTokenUsage(10, 300));

    RunReport report = SpectraLlm.orchestrator(model, new TestStack(), workspace).stopAfter(Activity.BUILD)
        .budget(Budget.builder().maxTokens(1_000_000).build()).build().run(ServiceRequest.of("A hello service"));

    assertThat(report.outcome()).isEqualTo(RunReport.Outcome.SUCCEEDED);
    assertThat(report.budgetOvershoot()).isEqualTo(RunReport.BudgetOvershoot.NONE);
  }

  @Test
  void aUsdBudgetRejectsAnUnpricedModelWhenTheOrchestratorIsBuilt() {
    ScriptedChatModel model = ScriptedChatModel.replying("{}");

    assertThatThrownBy(() -> SpectraLlm.orchestrator(model, new TestStack(), workspace)
        .budget(Budget.builder().maxUsd("0.10").build()).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("custom:ScriptedChatModel has no known price");
  }

  private static String lastUser(ChatRequest r) {
    return ((dev.langchain4j.data.message.UserMessage) r.messages().get(r.messages().size() - 1)).singleText();
  }
}
