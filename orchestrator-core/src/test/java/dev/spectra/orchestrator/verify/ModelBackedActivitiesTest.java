package dev.spectra.orchestrator.verify;

import dev.spectra.orchestrator.stack.TextStack;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spectra.orchestrator.BuildResult;
import dev.spectra.orchestrator.HealthReport;
import dev.spectra.orchestrator.ModelBacked;
import dev.spectra.orchestrator.Orchestrator;
import dev.spectra.orchestrator.RunContext;
import dev.spectra.orchestrator.Usage;
import dev.spectra.orchestrator.cost.Budget;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Test, Deploy and Monitor expose the models of their collaborators, so a USD budget checks their prices up front. */
class ModelBackedActivitiesTest {
  @TempDir
  Path dir;

  /** A fixer, diagnoser and deployment planner on one model, as the LLM layer's are. */
  static final class OnModel implements FileFixer, Diagnoser, DeploymentPlanner, ModelBacked {
    private final String model;

    OnModel(String model) {
      this.model = model;
    }

    @Override
    public List<FileFix> fix(FixRequest request, RunContext context) {
      return List.of();
    }

    @Override
    public HealthReport.Diagnosis diagnose(DiagnosisRequest request, RunContext context) {
      return new HealthReport.Diagnosis("unknown", List.of(), "", List.of());
    }

    @Override
    public DeploymentSpec propose(dev.spectra.orchestrator.ArchitecturePlan plan, RunContext context) {
      return DeploymentSpec.fromPlan(plan);
    }

    @Override
    public Set<String> models() {
      return Set.of(model);
    }
  }

  private Orchestrator.Builder base() {
    return Orchestrator.builder()
        .workspace(dir)
        .planActivity((request, ctx) -> {
          throw new IllegalStateException("not run");
        })
        .buildActivity((plan, ctx) -> new BuildResult(List.of(), Usage.ZERO))
        .budget(Budget.builder().maxUsd("0.10").build());
  }

  @Test
  void eachActivityReportsItsCollaboratorsModels() {
    assertThat(StackTestActivity.builder(new TextStack()).fixer(new OnModel("openai:gpt-4o")).build().models()).containsExactly("openai:gpt-4o");
    assertThat(ProcessDeployer.builder(new TextStack()).planner(new OnModel("ollama:mistral")).build().models()).containsExactly("ollama:mistral");
    assertThat(HttpMonitor.builder().diagnoser(new OnModel("openai:gpt-4o-mini")).build().models())
        .containsExactly("openai:gpt-4o-mini");
    assertThat(StackTestActivity.builder(new TextStack()).build().models()).isEmpty();
  }

  @Test
  void aUsdBudgetRefusesAnUnpricedFixerModelWhenTheOrchestratorIsBuilt() {
    assertThatThrownBy(() -> base().testActivity(StackTestActivity.builder(new TextStack()).fixer(new OnModel("acme:secret-model")).build()).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("model acme:secret-model has no known price");
  }

  @Test
  void aUsdBudgetRefusesAnUnpricedDiagnoserModelWhenTheOrchestratorIsBuilt() {
    assertThatThrownBy(() -> base().monitorActivity(HttpMonitor.builder().diagnoser(new OnModel("acme:diag")).build()).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("model acme:diag has no known price");
  }

  @Test
  void pricedModelsPass() {
    assertThat(base().testActivity(StackTestActivity.builder(new TextStack()).fixer(new OnModel("openai:gpt-4o-mini")).build())
        .deployActivity(ProcessDeployer.builder(new TextStack()).planner(new OnModel("ollama:mistral")).build())
        .build()).isNotNull();
  }
}
