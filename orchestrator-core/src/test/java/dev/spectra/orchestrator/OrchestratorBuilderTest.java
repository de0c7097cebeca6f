package dev.spectra.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spectra.orchestrator.build.FileGenerator;
import dev.spectra.orchestrator.build.FileRequest;
import dev.spectra.orchestrator.cost.Budget;
import dev.spectra.orchestrator.cost.Price;
import dev.spectra.orchestrator.cost.PriceTable;
import dev.spectra.orchestrator.stack.TextStack;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrchestratorBuilderTest {
  @TempDir
  Path workspace;

  private final FakePipeline pipeline = new FakePipeline();
  private final FileGenerator generator = (request, ctx) -> "";

  /** A test activity that says which models it calls. */
  private static final class ModelBackedTests implements TestActivity, ModelBacked {
    private final Set<String> models;

    ModelBackedTests(String... models) {
      this.models = Set.of(models);
    }

    @Override
    public TestReport test(ArchitecturePlan plan, BuildResult build, RunContext context) {
      return TestReport.skipped("not run");
    }

    @Override
    public Set<String> models() {
      return models;
    }
  }

  /** A generator that says which model it calls. */
  private static final class ModelBackedGenerator implements FileGenerator, ModelBacked {
    @Override
    public String generate(FileRequest request, RunContext context) {
      return "";
    }

    @Override
    public Set<String> models() {
      return Set.of("acme:coder-7b");
    }
  }

  @Test
  void aWorkspaceIsRequired() {
    assertThatThrownBy(() -> Orchestrator.builder().buildActivity(pipeline.build).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("workspace is required: call workspace(Path)");
  }

  @Test
  void aCustomBuildActivityExcludesTheGeneratorAndTheStack() {
    assertThatThrownBy(() -> Orchestrator.builder().workspace(workspace).buildActivity(pipeline.build)
        .fileGenerator(generator).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("set either buildActivity or fileGenerator+stack, not both");
    assertThatThrownBy(() -> Orchestrator.builder().workspace(workspace).buildActivity(pipeline.build)
        .stack(new TextStack()).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("set either buildActivity or fileGenerator+stack, not both");
  }

  @Test
  void theDefaultBuildNeedsBothTheGeneratorAndTheStack() {
    assertThatThrownBy(() -> Orchestrator.builder().workspace(workspace).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Build needs a fileGenerator and a stack (or a custom buildActivity); missing: fileGenerator, stack");
    assertThatThrownBy(() -> Orchestrator.builder().workspace(workspace).fileGenerator(generator).build())
        .hasMessage("Build needs a fileGenerator and a stack (or a custom buildActivity); missing: stack");
    assertThatThrownBy(() -> Orchestrator.builder().workspace(workspace).stack(new TextStack()).build())
        .hasMessage("Build needs a fileGenerator and a stack (or a custom buildActivity); missing: fileGenerator");
  }

  @Test
  void oneBuilderBuildsMoreThanOneOrchestrator() {
    Orchestrator.Builder builder = Orchestrator.builder().workspace(workspace).fileGenerator(generator)
        .stack(new TextStack());
    Orchestrator first = builder.build();
    Orchestrator second = builder.build();
    assertThat(second).isNotSameAs(first);
  }

  @Test
  void aUsdBudgetFailsAtBuildTimeNamingAnUnpricedModel() {
    Budget usd = Budget.builder().maxUsd("0.10").build();
    assertThatThrownBy(() -> pipeline.builder(workspace).budget(usd)
        .testActivity(new ModelBackedTests("openai:gpt-4o-mini-2024-07-18", "acme:secret-model")).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("a USD budget is set but model acme:secret-model has no known price; add its price to the price "
            + "table (PriceTable.withOverrides) or use a token or call budget instead");
    assertThatThrownBy(() -> Orchestrator.builder().workspace(workspace).budget(usd)
        .fileGenerator(new ModelBackedGenerator()).stack(new TextStack()).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("model acme:coder-7b has no known price");
  }

  @Test
  void aPricedModelOrABudgetWithoutUsdIsAccepted() {
    PriceTable priced = PriceTable.defaults().toBuilder().put("acme:secret-model", Price.of("1", "1", "2")).build();
    assertThat(pipeline.builder(workspace).budget(Budget.builder().maxUsd("0.10").build()).prices(priced)
        .testActivity(new ModelBackedTests("acme:secret-model")).build()).isNotNull();
    assertThat(pipeline.builder(workspace).budget(Budget.builder().maxCalls(10).build())
        .testActivity(new ModelBackedTests("acme:secret-model")).build()).isNotNull();
    assertThat(pipeline.builder(workspace).budget(Budget.builder().maxUsd("0.10").build())
        .testActivity(new ModelBackedTests("ollama:mistral", "openai:gpt-4o")).build()).isNotNull();
  }

  @Test
  void settersRejectBadValuesNamingTheParameter() {
    Orchestrator.Builder builder = Orchestrator.builder();
    assertThatThrownBy(() -> builder.planActivity(null)).isInstanceOf(NullPointerException.class).hasMessage("planActivity == null");
    assertThatThrownBy(() -> builder.listener(null)).isInstanceOf(NullPointerException.class).hasMessage("listener == null");
    assertThatThrownBy(() -> builder.concurrency(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("concurrency must be > 0, but was 0");
  }
}
