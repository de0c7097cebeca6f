package dev.spectra.orchestrator.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.service.V;
import dev.spectra.orchestrator.Activity;
import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.RunReport;
import dev.spectra.orchestrator.ServiceRequest;
import dev.spectra.orchestrator.llm.services.Fix;
import dev.spectra.orchestrator.llm.services.FixFileService;
import dev.spectra.orchestrator.llm.services.PlanService;
import dev.spectra.orchestrator.llm.services.WriteFileService;
import dev.spectra.orchestrator.test.PromptSnapshots;
import dev.spectra.orchestrator.test.ScriptedChatModel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Activity prompts replaced with the caller's own interfaces: used by a whole offline run, checked when built. */
class ReplacedPromptsTest {
  /** A user's plan prompt: its own system message and user message, fewer variables than the built-in one. */
  interface TersePlanService extends PlanService {
    @Override
    @dev.langchain4j.service.SystemMessage("You are a terse architect of {{stack}} services: at most {{maxFiles}} files. {{entrypointRule}}")
    @dev.langchain4j.service.UserMessage("Plan this, as JSON: {{request}}")
    ArchitecturePlan plan(@V("request") String request, @V("stack") String stack, @V("stackNotes") String stackNotes,
        @V("entrypointRule") String entrypointRule, @V("pathExample") String pathExample, @V("maxFiles") int maxFiles,
        ChatRequestParameters parameters);
  }

  @TempDir Path workspace;

  private static String system(ChatRequest r) {
    return ((SystemMessage) r.messages().get(0)).text();
  }

  private static String lastUser(ChatRequest r) {
    return ((UserMessage) r.messages().get(r.messages().size() - 1)).singleText();
  }

  @Test
  void aUserPlanInterfaceDrivesAnOfflineRunAndItsPromptIsTheUsersText() throws Exception {
    ScriptedChatModel model = ScriptedChatModel.create();
    model.on("plan", r -> lastUser(r).startsWith("Plan this, as JSON:")).reply(Fixtures.PLAN_JSON);
    model.on("main", r -> lastUser(r).contains("Write the file app/main.py")).reply("```python\nprint('hello')\n```");
    model.on("test", r -> lastUser(r).contains("Write the file tests/test_main.py")).reply("```python\nfrom app.main import app\n```");
    SpectraLlm llm = SpectraLlm.builder(ModelRouter.of(model)).planService(TersePlanService.class).sleeper(d -> { }).build();

    RunReport report = llm.orchestrator(new TestStack(), workspace).stopAfter(Activity.BUILD).build()
        .run(ServiceRequest.of("A hello service {{not a variable}}"));

    assertThat(report.outcome()).isEqualTo(RunReport.Outcome.SUCCEEDED);
    assertThat(report.plan()).isEqualTo(Fixtures.plan());
    assertThat(Files.readString(workspace.resolve("app/main.py"))).isEqualTo("print('hello')\n");
    ChatRequest plan = model.request(0);
    assertThat(system(plan)).startsWith("You are a terse architect of python-fastapi services: at most 200 files.");
    assertThat(lastUser(plan)).isEqualTo("Plan this, as JSON: A hello service {{not a variable}}");
    PromptSnapshots.defaults().assertMatches("plan-replaced", plan);
  }

  interface UnknownVariable extends PlanService {
    @Override
    @dev.langchain4j.service.SystemMessage("Plan for {{platform}}.")
    @dev.langchain4j.service.UserMessage("{{request}}")
    ArchitecturePlan plan(@V("request") String request, @V("stack") String stack, @V("stackNotes") String stackNotes,
        @V("entrypointRule") String entrypointRule, @V("pathExample") String pathExample, @V("maxFiles") int maxFiles,
        ChatRequestParameters parameters);
  }

  interface FileInsteadOfPath extends WriteFileService {
    @Override
    @dev.langchain4j.service.UserMessage("Write {{file}} in {{language}}.")
    Code write(@V("language") String language, @V("stackNotes") String stackNotes, @V("planSummary") String planSummary,
        @V("path") String path, @V("kind") String kind, @V("purpose") String purpose, @V("signatures") String signatures,
        @V("previousProblem") String previousProblem, ChatRequestParameters parameters);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  @Test
  void aReplacementThatDoesNotFitIsRefusedWhenBuiltNamingTheOptionAndTheProblem() {
    ModelRouter router = ModelRouter.of(ScriptedChatModel.replying("x"));

    assertThatThrownBy(() -> SpectraLlm.builder(router).planService(UnknownVariable.class).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("planService(UnknownVariable): invalid AI service")
        .hasMessageContaining("UnknownVariable.plan: template variable {{platform}} has no parameter");
    assertThatThrownBy(() -> SpectraLlm.builder(router).writeFileService(FileInsteadOfPath.class).build())
        .hasMessageStartingWith("writeFileService(FileInsteadOfPath): invalid AI service")
        .hasMessageContaining("FileInsteadOfPath.write: template variable {{file}} has no parameter (bound: language,"
            + " stackNotes, planSummary, path, kind, purpose, signatures, previousProblem); add @V(\"file\") to one");
    Class raw = Runnable.class;
    assertThatThrownBy(() -> SpectraLlm.builder(router).fixFileService(raw).build())
        .hasMessage("fixFileService(java.lang.Runnable): must be an interface that extends " + FixFileService.class.getName()
            + " and redeclares its method with your own @SystemMessage and @UserMessage");
  }

  @Test
  void theFixServiceAnswersAFixOrUnchanged() {
    ScriptedChatModel model = ScriptedChatModel.replyingInOrder("REASON: the route was missing.\n```python\nx = 1\n```", "UNCHANGED");
    FixFileService fixer = SpectraAiServices.create(FixFileService.class, model);

    Fix fix = fixer.fix("python", "", "", "- boom", "app/main.py", "x = 0\n", "none", 1, ChatRequestParameters.builder().build());
    assertThat(fix.reason()).isEqualTo("the route was missing.");
    assertThat(fix.code()).hasValue(new Code("python", "x = 1\n"));
    assertThat(fixer.fix("python", "", "", "- boom", "app/main.py", "x = 0\n", "none", 1, ChatRequestParameters.builder().build())
        .unchanged()).isTrue();
  }
}
