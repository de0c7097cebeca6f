package dev.spectra.orchestrator.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.RunEvent;
import dev.spectra.orchestrator.ServiceRequest;
import dev.spectra.orchestrator.json.ModelJson;
import dev.spectra.orchestrator.test.ScriptedChatModel;
import dev.spectra.orchestrator.verify.DeploymentSpec;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ladder's use of ModelJson's risk flags (docs/providers.md, "The repair ladder"): a truncated value is never a
 * final typed value, even when it validates; a value with another risky repair is used only if it validates, and
 * the LENIENT event lists the repair.
 */
class RiskyRepliesTest {
  private static final ModelSpec MODEL = ModelSpec.parse("openai:gpt-4o-mini");
  /** The fixture plan with its files last, so that a cut after two of its three files closes to a valid plan. */
  private static final String PLAN_FILES_LAST = """
      {"name":"hello-service","summary":"Says hello.","stack":"python-fastapi","entrypoint":"app.main:app",
       "endpoints":[{"method":"GET","path":"/health","summary":"Liveness."},{"method":"GET","path":"/hello","summary":"Greets."}],
       "dependencies":["fastapi","uvicorn"],
       "files":[
         {"path":"app/__init__.py","purpose":"Package marker.","kind":"SOURCE","priority":"LOW","dependsOn":[]},
         {"path":"app/main.py","purpose":"The FastAPI app with GET /health and GET /hello.","kind":"SOURCE","priority":"CRITICAL","dependsOn":[]},
         {"path":"tests/test_main.py","purpose":"Tests both endpoints.","kind":"TEST","priority":"NORMAL","dependsOn":["app/main.py"]}
       ]}""";

  @TempDir Path workspace;

  private SpectraLlm llm(ScriptedChatModel model) {
    return SpectraLlm.builder(ModelRouter.of(MODEL, model)).sleeper(d -> { }).build();
  }

  @Test
  void aPlanCutAfterTwoOfItsFilesIsRepromptedEvenThoughItsClosureValidates() {
    String cut = PLAN_FILES_LAST.substring(0, PLAN_FILES_LAST.indexOf("{\"path\":\"tests/"));
    ModelJson.Candidate closed = ModelJson.candidates(cut).get(0);
    assertThat(closed.truncated()).isTrue();
    assertThat(closed.value().get("files")).hasSize(2);
    // the closed value, sent whole, is a valid plan: only the truncation flag refuses it
    ArchitecturePlan twoFiles = llm(ScriptedChatModel.replying(closed.value().toString()))
        .planner(new TestStack()).plan(ServiceRequest.of("A hello service"), new Fixtures.Run(workspace).context);
    assertThat(twoFiles.files()).hasSize(2);

    ScriptedChatModel model = ScriptedChatModel.replyingInOrder(cut, PLAN_FILES_LAST);
    Fixtures.Run run = new Fixtures.Run(workspace);

    ArchitecturePlan plan = llm(model).planner(new TestStack()).plan(ServiceRequest.of("A hello service"), run.context);

    assertThat(plan.files()).hasSize(3);
    assertThat(model.callCount()).isEqualTo(2);
    assertThat(run.events(RunEvent.Repaired.class)).filteredOn(r -> r.kind() == RunEvent.Repaired.Kind.REPROMPT)
        .singleElement().satisfies(r -> assertThat(r.repairs()).singleElement().asString()
            .contains("the reply was cut off before the JSON ended"));
  }

  @Test
  void aValueWithARiskyRepairIsUsedWhenItValidatesAndTheEventListsTheRepair() {
    ScriptedChatModel model = ScriptedChatModel.replying(
        "{\"entrypoint\": \"app.main:app\", \"healthPath\": \"/health\", \"environment\": [LOG_LEVEL, ...],"
            + " \"readinessSeconds\": 30}");
    Fixtures.Run run = new Fixtures.Run(workspace);

    DeploymentSpec spec = llm(model).deploymentPlanner(new TestStack()).propose(Fixtures.plan(), run.context);

    assertThat(spec).isEqualTo(new DeploymentSpec("app.main:app", "/health", List.of("LOG_LEVEL"), 30));
    assertThat(model.callCount()).isEqualTo(1);
    assertThat(run.events(RunEvent.Repaired.class)).singleElement().satisfies(r -> {
      assertThat(r.kind()).isEqualTo(RunEvent.Repaired.Kind.LENIENT);
      assertThat(r.repairs()).contains(ModelJson.BARE_WORD, ModelJson.ELLIPSIS);
    });
  }

  @Test
  void aValueWithARiskyRepairThatDoesNotValidateIsReprompted() {
    ScriptedChatModel model = ScriptedChatModel.replyingInOrder(
        "{\"entrypoint\": \"app.main:app\", \"healthPath\": \"/health\", \"environment\": [], \"readinessSeconds\": }",
        "{\"entrypoint\": \"app.main:app\", \"healthPath\": \"/health\", \"environment\": [], \"readinessSeconds\": 20}");
    Fixtures.Run run = new Fixtures.Run(workspace);

    DeploymentSpec spec = llm(model).deploymentPlanner(new TestStack()).propose(Fixtures.plan(), run.context);

    assertThat(spec.readinessSeconds()).isEqualTo(20);
    assertThat(model.callCount()).isEqualTo(2);
    assertThat(run.events(RunEvent.Repaired.class)).filteredOn(r -> r.kind() == RunEvent.Repaired.Kind.REPROMPT)
        .singleElement().satisfies(r -> assertThat(String.join("\n", r.repairs())).contains("$.readinessSeconds"));
  }
}
