package dev.spectra.orchestrator.examples.cli;

import dev.langchain4j.model.chat.ChatModel;
import dev.spectra.orchestrator.Activity;
import dev.spectra.orchestrator.cost.Budget;
import dev.spectra.orchestrator.cost.Price;
import dev.spectra.orchestrator.cost.PriceTable;
import dev.spectra.orchestrator.llm.LlmConfig;
import dev.spectra.orchestrator.llm.LlmConfigException;
import dev.spectra.orchestrator.llm.ModelRouter;
import dev.spectra.orchestrator.llm.ModelSpec;
import dev.spectra.orchestrator.test.ChaosChatModel;
import dev.spectra.orchestrator.test.ChaosProfile;
import dev.spectra.orchestrator.test.ReplayChatModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code spectra compare}: runs a request suite across models and writes results.json and report.html. */
@Command(name = "compare", mixinStandardHelpOptions = true,
    description = {"Runs a request suite across models, N runs each, and writes results.json and a self-contained report.html.",
        "Models: openai:<model> and ollama:<model> are live (settings from the environment as for generate);"
            + " replay:<cassette> replays a recorded run; chaos:<profile> injects a profile's faults"
            + " (clean, hosted, small-local) into the --base model. Replayed and synthetic sources show latency as n/a."})
final class CompareCommand implements Callable<Integer> {
  /** In compare, the provider and model of a live source come from its --models entry. */
  private static final Map<String, String> MODELS_FLAG = Map.of(
      "LlmConfig.Builder.provider", "--models", "LlmConfig.Builder.openAiModel", "--models",
      "LlmConfig.Builder.ollamaModel", "--models");

  /** The chaos profiles by name. */
  static final Map<String, Supplier<ChaosProfile>> PROFILES = profiles();

  @ParentCommand
  SpectraCli root;

  @Option(names = "--suite", required = true, paramLabel = "FILE",
      description = "The requests: a UTF-8 text file, one request per line; blank lines and lines starting with # are ignored.")
  Path suite;

  @Option(names = "--models", required = true, split = ",", paramLabel = "SOURCE",
      description = "The models, e.g. openai:gpt-4o-mini,ollama:mistral or chaos:clean,chaos:small-local or replay:demo.json.")
  List<String> models;

  @Option(names = "--runs", defaultValue = "1", paramLabel = "N", description = "Runs per request and model (default ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--out", defaultValue = "out/compare", paramLabel = "DIR",
      description = "Where results.json, report.html and the run workspaces go (default ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--base", defaultValue = "canned", paramLabel = "canned|replay:FILE",
      description = {"The model chaos profiles disturb (default ${DEFAULT-VALUE}: a scripted model writing a small FastAPI service).",
          "A replayed base cannot answer re-prompts the faults cause: such runs fail."})
  String base;

  @Option(names = "--seed", defaultValue = "42", paramLabel = "N",
      description = "Seed of the chaos profiles; run r of request i uses seed + 1000 i + r (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--price-as", paramLabel = "PROVIDER:MODEL",
      description = "Price replayed and synthetic sources at this model's prices, e.g. openai:gpt-4o-mini"
          + " (a cassette recorded by generate --record is priced as its model without this).")
  String priceAs;

  @Mixin
  RunOptions options = new RunOptions();

  @Option(names = "--force", description = "Write into an --out folder that is not empty and holds no earlier spectra output.")
  boolean force;

  @Option(names = "--concurrency", defaultValue = "1", paramLabel = "N",
      description = "Files generated at once within a run (default ${DEFAULT-VALUE}: reproducible chaos, undisturbed latency).")
  int concurrency;

  @Option(names = "--no-deploy", description = "Stop each run after Test.")
  boolean noDeploy;

  @Override
  public Integer call() {
    CliContext ctx = root.context();
    if (runs <= 0) {
      throw CliFailure.usage("--runs must be > 0, but was " + runs);
    }
    if (concurrency <= 0) {
      throw CliFailure.usage("--concurrency must be > 0, but was " + concurrency);
    }
    Path outDir = ctx.resolve(out.toString());
    OutputFolder.check(outDir, force, "--out");
    Budget budget = options.budget();
    PriceTable prices = options.prices();
    RequestSuite requests;
    try {
      requests = RequestSuite.read(ctx.resolve(suite.toString()));
    } catch (IllegalArgumentException e) {
      throw CliFailure.usage(e.getMessage(), e);
    }
    Wiring wiring = new Wiring(ctx).forStack(options.stack())
        .llm(b -> options.configure(b, List.of(ModelSpec.OPENAI, ModelSpec.OLLAMA))).allowUnisolatedCode(options.noIsolation);
    options.warnIfUnisolated(ctx, "compare");
    Comparison.Builder comparison = Comparison.builder().suite(requests).runs(runs).outputDirectory(outDir)
        .progress(line -> {
          ctx.err().println(line);
          ctx.err().flush();
        });
    for (String label : models) {
      comparison.source(source(ctx, wiring, label.strip(), budget, prices));
    }
    Comparison built;
    try {
      built = comparison.build();
    } catch (IllegalStateException e) {
      throw CliFailure.usage(e.getMessage(), e);
    }
    OutputFolder.claim(outDir, force, "--out");
    ComparisonReport report = built.run();
    ctx.out().print(ReportText.table(report));
    ctx.out().println();
    ctx.out().println("Results: " + outDir.resolve(Comparison.RESULTS_JSON));
    ctx.out().println("Report:  " + outDir.resolve(Comparison.REPORT_HTML));
    ctx.out().flush();
    return SpectraCli.EXIT_OK;
  }

  private ModelSource source(CliContext ctx, Wiring wiring, String label, Budget budget, PriceTable prices) {
    int colon = label.indexOf(':');
    if (colon <= 0 || colon == label.length() - 1) {
      throw CliFailure.usage("--models entries are written source:name (openai:gpt-4o-mini, ollama:mistral,"
          + " chaos:small-local, replay:FILE), but was \"" + label + "\"");
    }
    String kind = label.substring(0, colon);
    String name = label.substring(colon + 1);
    boolean deploy = !noDeploy;
    switch (kind) {
      case ModelSpec.OPENAI, ModelSpec.OLLAMA -> {
        ModelRouter router = ModelRouter.from(liveConfig(ctx, kind, name, options));
        return new ModelSource(label, SourceKind.LIVE, (i, r) -> router, wiring, prices, budget, concurrency, deploy);
      }
      case "chaos" -> {
        Supplier<ChaosProfile> profile = PROFILES.get(name);
        if (profile == null) {
          throw CliFailure.usage("unknown chaos profile \"" + name + "\"; use one of " + PROFILES.keySet());
        }
        ModelSpec spec = new ModelSpec("chaos", name, Set.of());
        Supplier<ChatModel> baseModel = base(ctx);
        return new ModelSource(label, SourceKind.SYNTHETIC, (i, r) -> ModelRouter.of(spec,
            ChaosChatModel.builder(baseModel.get()).profile(profile.get()).seed(seed + 1000L * i + r).build()),
            wiring, offlinePrices(spec, null), Budget.unlimited(), concurrency, deploy, chaosNote(name));
      }
      case "replay" -> {
        Path cassette = cassette(ctx, name);
        Map<String, Object> metadata = ReplayChatModel.of(cassette).metadata();
        Object recorded = metadata.get("model");
        ModelSpec spec = new ModelSpec("replay", cassette.getFileName().toString().replaceAll("\\s+", "_"),
            recordedCapabilities(metadata));
        return new ModelSource(label, SourceKind.REPLAYED, (i, r) -> ModelRouter.of(spec, ReplayChatModel.of(cassette)),
            wiring, offlinePrices(spec, recorded == null ? null : recorded.toString()), Budget.unlimited(), concurrency, deploy);
      }
      default -> throw CliFailure.usage("unknown model source \"" + kind + "\" in \"" + label
          + "\"; use openai:, ollama:, chaos: or replay:");
    }
  }

  /** The settings with every activity routed to this one live model (routes from the environment do not apply). */
  private static LlmConfig liveConfig(CliContext ctx, String provider, String model, RunOptions options) {
    try {
      ModelSpec spec = ModelSpec.of(provider, model);
      LlmConfig.Builder b = Settings.llmConfig(ctx).provider(provider);
      options.configure(b);
      if (provider.equals(ModelSpec.OPENAI)) {
        b.openAiModel(model);
      } else {
        b.ollamaModel(model);
      }
      for (Activity a : Activity.values()) {
        b.model(a, spec);
      }
      return b.build();
    } catch (LlmConfigException | IllegalArgumentException e) {
      throw CliFailure.usage(provider + ":" + model + ": " + Errors.forCli(e.getMessage(), Errors.hints(e), MODELS_FLAG), e);
    }
  }

  /**
   * The capabilities the recorded model had (they decide whether a JSON schema was sent, so the replayed requests must
   * have them too to match): the cassette's {@code capabilities}, else its {@code model}'s provider defaults.
   */
  static Set<ModelSpec.Capability> recordedCapabilities(Map<String, Object> metadata) {
    Set<ModelSpec.Capability> out = EnumSet.noneOf(ModelSpec.Capability.class);
    if (metadata.get("capabilities") instanceof List<?> names) {
      for (Object n : names) {
        try {
          out.add(ModelSpec.Capability.valueOf(String.valueOf(n)));
        } catch (IllegalArgumentException e) {
          throw CliFailure.usage("cassette metadata names an unknown capability \"" + n + "\"; known: "
              + List.of(ModelSpec.Capability.values()), e);
        }
      }
      return out;
    }
    if (metadata.get("model") instanceof String model && model.indexOf(':') > 0) {
      return ModelSpec.defaultCapabilities(model.substring(0, model.indexOf(':')));
    }
    return out;
  }

  /** What a chaos source's figures compare: the profile's faults over the base, whatever the request. */
  private String chaosNote(String profile) {
    String answers = base.equals("canned")
        ? "a canned model that answers every request with the same small hello-world FastAPI service"
        : "the replies replayed from " + base.substring("replay:".length());
    return "compares repair robustness on a canned service: the " + profile + " profile's faults disturb " + answers
        + ", so its success says how well the repairs cope, not how a model handles these requests;"
        + " it is not ranked against real models.";
  }

  private Supplier<ChatModel> base(CliContext ctx) {
    if (base.equals("canned")) {
      if (!options.stack().equals(Wiring.STACKS.get(0))) {
        throw CliFailure.usage("--base canned writes a " + Wiring.STACKS.get(0) + " service, but --stack is "
            + options.stack() + "; give chaos sources a base recorded for that stack (--base replay:FILE, from"
            + " generate --stack " + options.stack() + " --record FILE)");
      }
      return CannedServiceModel::create;
    }
    if (base.startsWith("replay:") && base.length() > "replay:".length()) {
      Path cassette = cassette(ctx, base.substring("replay:".length()));
      return () -> ReplayChatModel.of(cassette);
    }
    throw CliFailure.usage("--base must be canned or replay:FILE, but was \"" + base + "\"");
  }

  private static Path cassette(CliContext ctx, String file) {
    Path cassette = ctx.resolve(file);
    if (!Files.isRegularFile(cassette)) {
      throw CliFailure.usage("cassette " + cassette + " does not exist; record one with spectra generate --record FILE");
    }
    return cassette;
  }

  /** The default prices, with this offline source priced as {@code --price-as} or else as the model it was recorded from. */
  private PriceTable offlinePrices(ModelSpec spec, String recordedModel) {
    String as = priceAs != null ? priceAs : recordedModel;
    if (as == null) {
      return options.prices();
    }
    Price price;
    try {
      price = options.prices().lookup(as).orElse(null);
    } catch (IllegalArgumentException e) {
      throw CliFailure.usage("--price-as " + e.getMessage(), e);
    }
    if (price == null) {
      if (priceAs != null) {
        throw CliFailure.usage("--price-as " + priceAs + " has no known price; use one of " + options.prices().keys());
      }
      return options.prices();
    }
    return options.prices().toBuilder().put(spec.key(), price).build();
  }

  private static Map<String, Supplier<ChaosProfile>> profiles() {
    Map<String, Supplier<ChaosProfile>> m = new LinkedHashMap<>();
    m.put("clean", ChaosProfile::none);
    m.put("hosted", ChaosProfile::hostedModel);
    m.put("small-local", ChaosProfile::smallLocalModel);
    return java.util.Collections.unmodifiableMap(m);
  }
}
