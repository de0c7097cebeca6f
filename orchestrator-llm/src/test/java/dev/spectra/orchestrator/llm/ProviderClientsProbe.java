package dev.spectra.orchestrator.llm;

import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.ServiceRequest;
import dev.spectra.orchestrator.cost.ModelCall;
import dev.spectra.orchestrator.stack.python.PythonFastApiStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

/**
 * Runs inside {@link ProviderClientsTest}'s class loaders, where one provider client's jar is missing; answers with
 * strings, so that no type crosses the loaders.
 */
public final class ProviderClientsProbe {
  private ProviderClientsProbe() {}

  /** Builds a router from the given environment; its toString, or the exception's class name and message. */
  public static String router(Map<String, String> environment) {
    try {
      return ModelRouter.from(LlmConfig.builder().environment(environment).build()).toString();
    } catch (RuntimeException e) {
      return e.getClass().getName() + ": " + e.getMessage();
    }
  }

  /** Plans "A hello service" on {@code provider} against a local fake server; the plan's name and the recorded usage. */
  public static String plan(String provider) throws Exception {
    try (FakeLlmServer server = new FakeLlmServer()) {
      LlmConfig.Builder config = LlmConfig.builder().provider(provider);
      if (provider.equals(ModelSpec.OPENAI)) {
        server.enqueue(FakeLlmServer.openAi(Fixtures.PLAN_JSON, 900, 300, 100));
        config.openAiApiKey("sk-probe-0123456789").openAiBaseUrl(server.openAiBaseUrl());
      } else {
        server.enqueue(FakeLlmServer.ollama(Fixtures.PLAN_JSON, 850, 310));
        config.ollamaBaseUrl(server.ollamaBaseUrl());
      }
      Path workspace = Files.createTempDirectory("provider-probe");
      Fixtures.Run run = new Fixtures.Run(workspace);
      SpectraLlm llm = SpectraLlm.builder(ModelRouter.from(config.build())).random(new Random(1)).build();
      ArchitecturePlan plan = llm.planner(new PythonFastApiStack()).plan(ServiceRequest.of("A hello service"), run.context);
      ModelCall call = run.context.ledger().calls().get(0);
      return plan.name() + " " + call.configuredModel() + " " + call.usage() + " " + server.request(0).path();
    }
  }
}
