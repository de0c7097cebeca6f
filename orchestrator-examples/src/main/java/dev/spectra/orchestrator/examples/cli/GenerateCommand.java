package dev.spectra.orchestrator.examples.cli;

import dev.langchain4j.model.chat.ChatModel;
import dev.spectra.orchestrator.Activity;
import dev.spectra.orchestrator.Orchestrator;
import dev.spectra.orchestrator.RunReport;
import dev.spectra.orchestrator.ServiceRequest;
import dev.spectra.orchestrator.cost.Budget;
import dev.spectra.orchestrator.cost.PriceTable;
import dev.spectra.orchestrator.llm.LlmConfig;
import dev.spectra.orchestrator.llm.LlmConfigException;
import dev.spectra.orchestrator.llm.ModelRouter;
import dev.spectra.orchestrator.llm.ModelSpec;
import dev.spectra.orchestrator.sandbox.Sandbox;
import dev.spectra.orchestrator.temporal.SpectraWorker;
import dev.spectra.orchestrator.temporal.TemporalOrchestrator;
import dev.spectra.orchestrator.test.RecordingChatModel;
import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code spectra generate "<request>"}: a live run with the provider from the environment or the flags. */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = {"Plans, generates, tests, deploys and monitors a service with a live model.",
        "The provider comes from the flags, else from SPECTRA_PROVIDER, OPENAI_API_KEY, OPENAI_BASE_URL, OPENAI_MODEL,"
            + " OLLAMA_BASE_URL, OLLAMA_MODEL and SPECTRA_MODEL_<ACTIVITY> (system properties, environment, ./.env)."})
final class GenerateCommand implements Callable<Integer> {
  @ParentCommand
  SpectraCli root;

  @Parameters(index = "0", paramLabel = "REQUEST", description = "What to build, in natural language.")
  String request;

  @Option(names = "--provider", paramLabel = "openai|ollama", description = "The provider (default: SPECTRA_PROVIDER, else openai when OPENAI_API_KEY is set, else ollama).")
  String provider;

  @Option(names = "--model", paramLabel = "NAME", description = "The provider's model, e.g. gpt-4o-mini or mistral (SPECTRA_MODEL_<ACTIVITY> routes still apply).")
  String model;

  @Option(names = "--base-url", paramLabel = "URL", description = "The provider's base URL, e.g. an OpenAI-compatible server's http://host:port/v1.")
  String baseUrl;

  @Mixin
  RunOptions options = new RunOptions();

  @Option(names = "--force", description = "Write into an --out folder that is not empty and holds no earlier spectra output.")
  boolean force;

  @Option(names = "--concurrency", paramLabel = "N", defaultValue = "4", description = "Files generated at once (default ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(names = "--out", paramLabel = "DIR", description = {"The workspace to write into (default: out/<request>-<time>).",
      "Never / or a system folder; a non-empty folder only when it holds earlier spectra output, or with --force."})
  Path out;

  @Option(names = "--no-deploy", description = "Stop after Test: do not start the service or monitor it.")
  boolean noDeploy;

  @Option(names = "--json", description = "Print the run report as JSON on standard output (progress stays on standard error).")
  boolean json;

  @Option(names = "--temporal", paramLabel = "HOST:PORT", description = {"Run as a durable Temporal workflow on the"
      + " workers of this server ('spectra worker --workspace <the --out folder>'); the models are the workers'.",
      "See docs/scale-out.md."})
  String temporal;

  @Option(names = "--namespace", paramLabel = "NAME", defaultValue = "default", description = "With --temporal: the namespace (default ${DEFAULT-VALUE}).")
  String namespace;

  @Option(names = "--task-queue", paramLabel = "NAME", defaultValue = SpectraWorker.DEFAULT_TASK_QUEUE,
      description = "With --temporal: the workers' task queue (default ${DEFAULT-VALUE}).")
  String taskQueue;

  @Option(names = "--record", paramLabel = "FILE", description = "Save a cassette of the live model calls to FILE (keys redacted); replay it with compare --models replay:FILE.")
  Path record;

  @Override
  public Integer call() {
    CliContext ctx = root.context();
    String stack = options.stack();
    ServiceRequest serviceRequest = request(request).withStack(stack);
    Path workspace = out != null ? ctx.resolve(out.toString()) : ctx.resolve("out").resolve(folderName(serviceRequest.text()));
    OutputFolder.check(workspace, force, "--out");
    if (concurrency <= 0) {
      throw CliFailure.usage("--concurrency must be > 0, but was " + concurrency);
    }
    Budget budget = options.budget();
    if (temporal != null) {
      return onTemporal(ctx, serviceRequest, workspace, budget);
    }
    PriceTable prices = options.prices();
    LlmConfig config = config(ctx, provider, model, baseUrl, options);
    if (config.sourceOf(LlmConfig.SPECTRA_PROVIDER) == LlmConfig.Source.DEFAULT && config.provider().equals(ModelSpec.OLLAMA)) {
      nothingConfigured(ctx, config, new ProviderProbe());
    }
    List<TimedChatModel> timers = new ArrayList<>();
    ModelRouter router = ModelRouter.from(config);
    Path cassette = record == null ? null : ctx.resolve(record.toString());
    if (cassette != null && router.models().size() > 1) {
      throw CliFailure.usage("--record saves one model's calls, but the activities use " + router.models()
          + "; unset the SPECTRA_MODEL_<ACTIVITY> routes to record");
    }
    router = router.decorated(m -> {
      TimedChatModel timed = new TimedChatModel(m);
      timers.add(timed);
      return cassette == null ? timed : recorder(timed, cassette, config, serviceRequest);
    });
    Set<String> providers = new TreeSet<>();
    router.models().forEach(m -> providers.add(m.substring(0, m.indexOf(':'))));
    Orchestrator.Builder builder = new Wiring(ctx).forStack(stack).llm(b -> options.configure(b, providers))
        .allowUnisolatedCode(options.noIsolation)
        .orchestrator(router, workspace, !noDeploy)
        .concurrency(concurrency)
        .budget(budget)
        .prices(prices)
        .listener(ProgressPrinter.start(ctx.err(), ctx.terminal()));
    options.warnIfUnisolated(ctx, "generate");
    Orchestrator orchestrator;
    try {
      orchestrator = builder.build();
    } catch (IllegalStateException | IllegalArgumentException e) {
      throw CliFailure.usage(Errors.describe(e), e);
    }
    RunReport report = orchestrator.run(serviceRequest);
    print(ctx, report);
    if (!json && cassette != null) {
      ctx.out().println("Cassette: " + cassette);
    }
    return exitCode(report, timers, ctx);
  }

  /** The report as JSON ({@code --json}) or as text, on standard output. */
  private void print(CliContext ctx, RunReport report) {
    if (json) {
      ctx.out().println(report.toJson());
      ctx.out().flush();
    } else {
      ReportPrinter.print(ctx.out(), report, null);
    }
  }

  /** The run as a Temporal workflow: this process is the client; the workers (spectra worker) hold the models. */
  private int onTemporal(CliContext ctx, ServiceRequest serviceRequest, Path workspace, Budget budget) {
    List<String> workerFlags = new ArrayList<>();
    for (Object[] flag : new Object[][] {{"--provider", provider}, {"--model", model}, {"--base-url", baseUrl}, {"--record", record}}) {
      if (flag[1] != null) {
        workerFlags.add((String) flag[0]);
      }
    }
    workerFlags.addAll(options.workerFlagsGiven());
    if (!workerFlags.isEmpty()) {
      throw CliFailure.usage(String.join(", ", workerFlags) + (workerFlags.size() == 1 ? " does" : " do")
          + " not apply with --temporal: the workers call the models and run the generated code; give "
          + (workerFlags.size() == 1 ? "it" : "them") + " to spectra worker");
    }
    WorkflowClient client = TemporalTarget.connect("--temporal", temporal, namespace);
    try {
      TemporalOrchestrator orchestrator = TemporalOrchestrator.builder(client).taskQueue(taskQueue).workspace(workspace)
          .budget(budget).concurrency(concurrency).stopAfter(noDeploy ? Activity.TEST : Activity.MONITOR).build();
      ctx.err().println("spectra generate: running on Temporal at " + temporal + ", task queue " + taskQueue
          + "; workers must serve --workspace " + workspace);
      ctx.err().flush();
      RunReport report = orchestrator.run(serviceRequest);
      print(ctx, report);
      return exitCode(report, List.of(), ctx);
    } finally {
      TemporalTarget.close(client);
    }
  }

  /** 0 for a run that succeeded; else the failure on one line, exit 2 when only a change of settings can fix it. */
  static int exitCode(RunReport report, List<TimedChatModel> timers, CliContext ctx) {
    if (report.succeeded()) {
      return SpectraCli.EXIT_OK;
    }
    RunReport.Failure f = report.failure();
    boolean configuration = (f != null && Errors.exitCode(f) == SpectraCli.EXIT_USAGE)
        || Errors.configurationError(timers).isPresent();
    String what = f == null ? "the run ended " + report.outcome()
        : f.activity().name().toLowerCase(Locale.ROOT) + " failed: " + Errors.forCli(f.message(), f.hints(), Map.of());
    ctx.err().println("spectra generate: " + Errors.oneLine(what, ctx.env()));
    ctx.err().flush();
    return configuration ? SpectraCli.EXIT_USAGE : SpectraCli.EXIT_FAILED;
  }

  static ServiceRequest request(String text) {
    try {
      return ServiceRequest.of(text);
    } catch (IllegalArgumentException e) {
      throw CliFailure.usage("REQUEST " + e.getMessage(), e);
    }
  }

  /**
   * Nothing chose a provider (no {@code --provider}, no {@code SPECTRA_PROVIDER}, no {@code OPENAI_API_KEY}), so the
   * settings fall back to Ollama: says so, naming OPENAI_API_KEY, and asks Ollama (a few seconds at most) before the
   * run, so that a missing Ollama is one clear line rather than a run that waits on retries.
   */
  static void nothingConfigured(CliContext ctx, LlmConfig config, ProviderProbe probe) {
    String url = config.ollamaBaseUrl();
    String model = config.defaultModel().name();
    ctx.err().println("No provider is configured (no --provider, SPECTRA_PROVIDER or " + LlmConfig.OPENAI_API_KEY
        + "): trying Ollama at " + url + " with model " + model + ". To use OpenAI, set " + LlmConfig.OPENAI_API_KEY + ".");
    ctx.err().flush();
    Check ollama = probe.ollama(url, model);
    if (ollama.status() == Check.Status.FAIL) {
      throw CliFailure.usage("nothing is configured: " + LlmConfig.OPENAI_API_KEY + " is not set, and Ollama "
          + ollama.detail() + "; set " + LlmConfig.OPENAI_API_KEY + " (environment or ./.env) to use OpenAI, or "
          + ollama.fix());
    }
  }

  /** The settings, with the flags laid over the environment; a bad setting is a usage error. */
  static LlmConfig config(CliContext ctx, String provider, String model, String baseUrl) {
    return config(ctx, provider, model, baseUrl, new RunOptions());
  }

  /** The CLI's deadline of one model call when neither --timeout nor SPECTRA_TIMEOUT is given. */
  static final int CLI_TIMEOUT_SECONDS = 60;

  /**
   * The settings, with the flags laid over the environment; a bad setting is a usage error. The timeout is
   * {@code --timeout}, else {@code SPECTRA_TIMEOUT}, else {@value #CLI_TIMEOUT_SECONDS} s.
   */
  static LlmConfig config(CliContext ctx, String provider, String model, String baseUrl, RunOptions options) {
    try {
      LlmConfig.Builder b = Settings.llmConfig(ctx);
      if (ctx.getenv(LlmConfig.SPECTRA_TIMEOUT) == null && System.getProperty(LlmConfig.SPECTRA_TIMEOUT) == null) {
        b.timeout(java.time.Duration.ofSeconds(CLI_TIMEOUT_SECONDS));
      }
      options.configure(b);
      if (provider != null) {
        b.provider(provider);
      }
      if (model != null || baseUrl != null) {
        String chosen = provider != null ? provider.trim().toLowerCase(Locale.ROOT) : Settings.llmConfig(ctx).build().provider();
        if (chosen.equals(ModelSpec.OPENAI)) {
          if (model != null) {
            b.openAiModel(model);
          }
          if (baseUrl != null) {
            b.openAiBaseUrl(baseUrl);
          }
        } else {
          if (model != null) {
            b.ollamaModel(model);
          }
          if (baseUrl != null) {
            b.ollamaBaseUrl(baseUrl);
          }
        }
      }
      return b.build();
    } catch (LlmConfigException | IllegalArgumentException e) {
      throw CliFailure.usage(Errors.describe(e), e);
    }
  }

  private static ChatModel recorder(ChatModel model, Path cassette, LlmConfig config, ServiceRequest request) {
    try {
      Files.createDirectories(cassette.toAbsolutePath().getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the folder of cassette " + cassette + ": " + e.getMessage(), e);
    }
    RecordingChatModel.Builder b = RecordingChatModel.builder(model, cassette)
        .metadata("model", config.defaultModel().key())
        .metadata("capabilities", config.defaultModel().capabilities().stream().map(Enum::name).sorted().toList())
        .metadata("request", request.text())
        .metadata("recordedBy", "spectra generate");
    config.openAiApiKey().ifPresent(b::secrets);
    return b.build();
  }

  /** {@code a-todo-api-with-tags-20261125-103000}: the request's first words and the time, safe as a folder name. */
  static String folderName(String request) {
    String words = request.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    if (words.length() > 40) {
      words = words.substring(0, 40).replaceAll("-+[^-]*$", "");
    }
    String time = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(ZonedDateTime.now(ZoneOffset.UTC));
    return (words.isEmpty() ? "service" : words) + "-" + time;
  }
}
