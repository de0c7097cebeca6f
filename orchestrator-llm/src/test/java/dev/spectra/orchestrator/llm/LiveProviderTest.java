package dev.spectra.orchestrator.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.ServiceRequest;
import dev.spectra.orchestrator.stack.python.PythonFastApiStack;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plans a small service with a real provider. Runs only when the provider is configured: {@code OPENAI_API_KEY}
 * for OpenAI (model from {@code OPENAI_MODEL}, default gpt-4o-mini), {@code OLLAMA_BASE_URL} for Ollama (model from
 * {@code OLLAMA_MODEL}, default mistral). Never part of a build without them.
 */
class LiveProviderTest {
  @TempDir Path workspace;

  @Test
  @EnabledIfEnvironmentVariable(named = "OPENAI_API_KEY", matches = ".+")
  void plansWithOpenAi() {
    plansWith("openai");
  }

  @Test
  @EnabledIfEnvironmentVariable(named = "OLLAMA_BASE_URL", matches = ".+")
  void plansWithOllama() {
    plansWith("ollama");
  }

  private void plansWith(String provider) {
    LlmConfig config = LlmConfig.builder().environment(System.getenv()).provider(provider).build();
    Fixtures.Run run = new Fixtures.Run(workspace);

    ArchitecturePlan plan = SpectraLlm.builder(ModelRouter.from(config)).build().planner(new PythonFastApiStack())
        .plan(ServiceRequest.of("A FastAPI service with GET /health and GET /hello?name=x that greets by name."), run.context);

    assertThat(plan.files()).isNotEmpty();
    assertThat(plan.entrypoint()).contains(":");
    assertThat(run.context.ledger().total().calls()).isPositive();
    assertThat(run.context.ledger().total().usage().inputTokens()).isPositive();
  }
}
