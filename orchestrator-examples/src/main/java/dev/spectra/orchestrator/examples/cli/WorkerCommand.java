package dev.spectra.orchestrator.examples.cli;

import dev.spectra.orchestrator.llm.LlmConfig;
import dev.spectra.orchestrator.llm.ModelRouter;
import dev.spectra.orchestrator.temporal.SpectraWorker;
import io.temporal.client.WorkflowClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code spectra worker --workspace DIR}: a Temporal worker for {@code spectra generate --temporal} runs, with the
 * provider from the environment or the flags; it serves until it is stopped (Ctrl-C, SIGTERM).
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
    description = {"Runs the activities of 'spectra generate --temporal' runs (Plan, one file each, Test, Deploy, Monitor)"
        + " until stopped. Start any number, on machines that see --workspace at the same path.",
        "The provider comes from the flags, else from the environment, as for 'spectra generate'."})
final class WorkerCommand implements Callable<Integer> {
  @ParentCommand
  SpectraCli root;

  @Option(names = "--temporal", paramLabel = "HOST:PORT", defaultValue = TemporalTarget.DEFAULT,
      description = "The Temporal server's frontend (default ${DEFAULT-VALUE}).")
  String temporal;

  @Option(names = "--namespace", paramLabel = "NAME", defaultValue = "default", description = "The Temporal namespace (default ${DEFAULT-VALUE}).")
  String namespace;

  @Option(names = "--task-queue", paramLabel = "NAME", defaultValue = SpectraWorker.DEFAULT_TASK_QUEUE,
      description = "The runs' task queue (default ${DEFAULT-VALUE}).")
  String taskQueue;

  @Option(names = "--workspace", paramLabel = "DIR", required = true,
      description = "The shared workspace: the --out of 'spectra generate --temporal', at the same path.")
  Path workspace;

  @Option(names = "--provider", paramLabel = "openai|ollama", description = "The provider (default: as for spectra generate).")
  String provider;

  @Option(names = "--model", paramLabel = "NAME", description = "The provider's model.")
  String model;

  @Option(names = "--base-url", paramLabel = "URL", description = "The provider's base URL.")
  String baseUrl;

  @Option(names = "--no-deploy", description = "Serve no Deploy or Monitor: runs stop after Test.")
  boolean noDeploy;

  @Mixin
  RunOptions options = new RunOptions();

  @Override
  public Integer call() throws Exception {
    CliContext ctx = root.context();
    String stack = options.stack();
    Path ws = ctx.resolve(workspace.toString());
    Files.createDirectories(ws);
    LlmConfig config = GenerateCommand.config(ctx, provider, model, baseUrl, options);
    ModelRouter router = ModelRouter.from(config);
    Set<String> providers = new TreeSet<>();
    router.models().forEach(m -> providers.add(m.substring(0, m.indexOf(':'))));
    Wiring wiring = new Wiring(ctx).forStack(stack).llm(b -> options.configure(b, providers))
        .allowUnisolatedCode(options.noIsolation);
    Wiring.Components c = wiring.components(router, !noDeploy, wiring.chosenStack());
    options.warnIfUnisolated(ctx, "worker");
    WorkflowClient client = TemporalTarget.connect("--temporal", temporal, namespace);
    SpectraWorker.Builder b = SpectraWorker.builder(client).taskQueue(taskQueue).workspace(ws).planActivity(c.planner())
        .fileGenerator(c.generator()).stack(c.stack()).testActivity(c.test()).prices(options.prices())
        .allowUnisolatedCode(wiring.allowsUnisolatedCode());
    if (c.deployer() != null) {
      b.deployActivity(c.deployer()).monitorActivity(c.monitor());
    }
    SpectraWorker worker = b.build().start();
    ctx.err().println("spectra worker: serving task queue " + taskQueue + " at " + temporal + " (namespace " + namespace
        + ", this worker's own queue " + worker.ownTaskQueue() + "), workspace " + ws + "; stop with Ctrl-C");
    ctx.err().flush();
    try {
      Thread.sleep(Long.MAX_VALUE);
    } catch (InterruptedException e) {
      // stopped
    } finally {
      worker.close();
      TemporalTarget.close(client);
    }
    return SpectraCli.EXIT_OK;
  }
}
