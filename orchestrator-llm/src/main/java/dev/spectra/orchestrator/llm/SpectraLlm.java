package dev.spectra.orchestrator.llm;

import dev.langchain4j.model.chat.ChatModel;
import dev.spectra.orchestrator.Activity;
import dev.spectra.orchestrator.Orchestrator;
import dev.spectra.orchestrator.PlanActivity;
import dev.spectra.orchestrator.build.FileGenerator;
import dev.spectra.orchestrator.internal.Checks;
import dev.spectra.orchestrator.llm.internal.LlmActivities;
import dev.spectra.orchestrator.llm.internal.ModelGateway;
import dev.spectra.orchestrator.llm.internal.PlanRules;
import dev.spectra.orchestrator.llm.internal.ProviderLimiter;
import dev.spectra.orchestrator.llm.internal.Replies;
import dev.spectra.orchestrator.llm.services.DeployService;
import dev.spectra.orchestrator.llm.services.DiagnoseService;
import dev.spectra.orchestrator.llm.services.FixFileService;
import dev.spectra.orchestrator.llm.services.PlanService;
import dev.spectra.orchestrator.llm.services.WriteFileService;
import dev.spectra.orchestrator.stack.TargetStack;
import dev.spectra.orchestrator.verify.DeploymentPlanner;
import dev.spectra.orchestrator.verify.Diagnoser;
import dev.spectra.orchestrator.verify.FileFixer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * The LangChain4j layer: every model-backed activity as a declarative AI service, behind one gateway per model
 * that retries, rate-limits, counts usage into the run's ledger and budget, and a repair ladder that types and
 * validates every reply.
 *
 * <pre>{@code
 * // Settings from the environment (SPECTRA_PROVIDER, OPENAI_API_KEY, OLLAMA_MODEL, SPECTRA_MODEL_PLAN, ...):
 * Orchestrator orchestrator = SpectraLlm.orchestrator(ModelRouter.fromEnvironment(), stack, Path.of("out"))
 *     .budget(Budget.builder().maxUsd("0.10").build())
 *     .build();
 *
 * // Any LangChain4j ChatModel (a replaying test model, a provider we do not wrap):
 * Orchestrator offline = SpectraLlm.orchestrator(chatModel, stack, workspace).build();
 *
 * // Tuned, and the activities one by one:
 * SpectraLlm llm = SpectraLlm.builder(router).retryPolicy(RetryPolicy.builder().maxAttempts(3).build())
 *     .rateLimit("openai", new RateLimit(4, 60)).build();
 * FileFixer fixer = llm.fileFixer();
 * }</pre>
 *
 * <p>The service interfaces and typed-reply records are validated by {@link Builder#build()}, so a broken prompt
 * or template variable fails when the orchestrator is wired, not on the first call. Immutable and thread-safe.
 */
public final class SpectraLlm {
  /** Default output limit per activity (the fix of TEST and the diagnosis of MONITOR included). */
  public static final Map<Activity, Integer> DEFAULT_MAX_OUTPUT_TOKENS = Map.of(
      Activity.PLAN, 4096, Activity.BUILD, 4096, Activity.TEST, 4096, Activity.DEPLOY, 512, Activity.MONITOR, 1024);

  private final ModelRouter router;
  private final Map<String, ModelGateway> gateways;
  private final Map<Activity, ModelGateway> byActivity;
  private final Replies replies;
  private final int maxFiles;
  private final Map<Activity, Integer> maxOutputTokens;
  private final LlmActivities.Services services;

  private SpectraLlm(Builder b) {
    this.router = b.router;
    this.replies = new Replies(b.maxReplyAttempts);
    this.services = new LlmActivities.Services(b.planService, b.writeFileService, b.fixFileService, b.deployService,
        b.diagnoseService);
    this.maxFiles = b.maxFiles;
    this.maxOutputTokens = Map.copyOf(b.maxOutputTokens);
    Map<String, ProviderLimiter> limiters = new HashMap<>();
    Map<String, ModelGateway> gateways = new LinkedHashMap<>();
    Map<Activity, ModelGateway> byActivity = new EnumMap<>(Activity.class);
    Random random = b.random;
    for (Activity a : Activity.values()) {
      ModelRouter.Route route = router.route(a);
      ModelSpec spec = route.spec();
      ModelGateway gateway = gateways.computeIfAbsent(spec.key(), k -> {
        ProviderLimiter limiter = limiters.computeIfAbsent(spec.provider(),
            p -> new ProviderLimiter(b.rateLimits.getOrDefault(p, RateLimit.defaultFor(p)), b.clock, b.sleeper));
        ModelGateway.Builder gb = ModelGateway.builder(spec, route.model())
            .baseUrl(route.baseUrl())
            .limiter(limiter)
            .policy(b.retryPolicy)
            .sleeper(b.sleeper)
            .random(() -> {
              synchronized (random) {
                return random.nextDouble();
              }
            })
            .clock(b.clock);
        router.config().ifPresent(c -> gb.secret(c.openAiApiKey().orElse(null))
            .ollamaContext(c.ollamaMinContext(), c.ollamaMaxContext()));
        return gb.build();
      });
      byActivity.put(a, gateway);
    }
    this.gateways = gateways;
    this.byActivity = byActivity;
  }

  /** A builder on these models. */
  public static Builder builder(ModelRouter router) {
    return new Builder(router);
  }

  /**
   * An orchestrator builder with Plan and Build wired to the router's models, the stack and the workspace; add
   * test, deploy and monitor activities, a budget and listeners, then {@code build()}.
   */
  public static Orchestrator.Builder orchestrator(ModelRouter router, TargetStack stack, Path workspace) {
    return builder(router).build().orchestrator(stack, workspace);
  }

  /** {@link #orchestrator(ModelRouter, TargetStack, Path)} with every activity on one LangChain4j model. */
  public static Orchestrator.Builder orchestrator(ChatModel model, TargetStack stack, Path workspace) {
    return orchestrator(ModelRouter.of(model), stack, workspace);
  }

  /** An orchestrator builder with Plan and Build wired (see the static overloads). */
  public Orchestrator.Builder orchestrator(TargetStack stack, Path workspace) {
    Checks.notNull(stack, "stack");
    Checks.notNull(workspace, "workspace");
    return Orchestrator.builder().planActivity(planner(stack)).fileGenerator(fileGenerator()).stack(stack).workspace(workspace);
  }

  /**
   * An orchestrator builder for several stacks: Plan plans for the request's preferred stack
   * ({@link dev.spectra.orchestrator.ServiceRequest#withStack}), else for the first of {@code stacks}; Build builds
   * with the stack the plan names. Add test, deploy and monitor activities per stack with
   * {@link dev.spectra.orchestrator.stack.PerStack}.
   *
   * @throws IllegalArgumentException when {@code stacks} is empty or two have the same id
   */
  public Orchestrator.Builder orchestrator(java.util.List<TargetStack> stacks, Path workspace) {
    java.util.List<TargetStack> list = Checks.copy(stacks, "stacks");
    Checks.notNull(workspace, "workspace");
    if (list.isEmpty()) {
      throw new IllegalArgumentException("stacks must not be empty");
    }
    Map<String, PlanActivity> planners = new LinkedHashMap<>();
    Map<String, dev.spectra.orchestrator.BuildActivity> builds = new LinkedHashMap<>();
    FileGenerator generator = fileGenerator();
    for (TargetStack s : list) {
      if (planners.put(s.id(), planner(s)) != null) {
        throw new IllegalArgumentException("stacks must have distinct ids, but " + s.id() + " appears twice");
      }
      builds.put(s.id(), dev.spectra.orchestrator.build.ChunkedBuild.builder().generator(generator).stack(s).build());
    }
    return Orchestrator.builder().planActivity(dev.spectra.orchestrator.stack.PerStack.planner(planners, list.get(0).id()))
        .buildActivity(dev.spectra.orchestrator.stack.PerStack.build(builds)).workspace(workspace);
  }

  /** Plan: the plan AI service for this stack (typed, validated, repaired). */
  public PlanActivity planner(TargetStack stack) {
    return new LlmActivities.Planner(byActivity.get(Activity.PLAN), replies, services.plan(), stack, maxFiles,
        maxOutputTokens.get(Activity.PLAN));
  }

  /** Build: writes one file per call, code as text. */
  public FileGenerator fileGenerator() {
    return new LlmActivities.Writer(byActivity.get(Activity.BUILD), replies, services.writeFile(), maxOutputTokens.get(Activity.BUILD));
  }

  /** Test: rewrites the files at fault, on the TEST route. */
  public FileFixer fileFixer() {
    return new LlmActivities.Fixer(byActivity.get(Activity.TEST), replies, services.fixFile(), maxOutputTokens.get(Activity.TEST));
  }

  /** Monitor: diagnoses an unhealthy deployment, on the MONITOR route. */
  public Diagnoser diagnoser() {
    return new LlmActivities.DiagnosisWriter(byActivity.get(Activity.MONITOR), replies, services.diagnose(),
        maxOutputTokens.get(Activity.MONITOR));
  }

  /** Deploy: proposes how to run a service of this stack, on the DEPLOY route. */
  public DeploymentPlanner deploymentPlanner(TargetStack stack) {
    Checks.notNull(stack, "stack");
    return new LlmActivities.Deployer(byActivity.get(Activity.DEPLOY), replies, services.deploy(), stack,
        maxOutputTokens.get(Activity.DEPLOY));
  }

  /** The models. */
  public ModelRouter router() {
    return router;
  }

  /**
   * HTTP attempts per {@code provider:model} so far, failed ones (429, 5xx, ...) included; the cost ledger holds
   * only the attempts that returned a body.
   */
  public Map<String, Long> attempts() {
    Map<String, Long> out = new LinkedHashMap<>();
    gateways.forEach((k, g) -> out.put(k, g.attempts()));
    return out;
  }

  @Override
  public String toString() {
    return "SpectraLlm{" + router + "}";
  }

  /** Builds a {@link SpectraLlm}; validates the AI services at {@link #build()}. */
  public static final class Builder {
    private final ModelRouter router;
    private RetryPolicy retryPolicy = RetryPolicy.ofDefaults();
    private final Map<String, RateLimit> rateLimits = new HashMap<>();
    private Sleeper sleeper = Sleeper.SYSTEM;
    private Random random = new Random();
    private Clock clock = Clock.systemUTC();
    private int maxReplyAttempts = Replies.DEFAULT_MAX_ATTEMPTS;
    private int maxFiles = PlanRules.DEFAULT_MAX_FILES;
    private final Map<Activity, Integer> maxOutputTokens = new EnumMap<>(DEFAULT_MAX_OUTPUT_TOKENS);
    private Class<? extends PlanService> planService = PlanService.class;
    private Class<? extends WriteFileService> writeFileService = WriteFileService.class;
    private Class<? extends FixFileService> fixFileService = FixFileService.class;
    private Class<? extends DeployService> deployService = DeployService.class;
    private Class<? extends DiagnoseService> diagnoseService = DiagnoseService.class;

    private Builder(ModelRouter router) {
      this.router = Objects.requireNonNull(router, "router == null");
    }

    /** How transient provider failures are retried (default {@link RetryPolicy#ofDefaults()}). */
    public Builder retryPolicy(RetryPolicy policy) {
      this.retryPolicy = Objects.requireNonNull(policy, "policy == null");
      return this;
    }

    /** The limits of one provider id (defaults: {@link RateLimit#defaultFor(String)}). */
    public Builder rateLimit(String provider, RateLimit limit) {
      Checks.notBlank(provider, "provider");
      rateLimits.put(provider, Objects.requireNonNull(limit, "limit == null"));
      return this;
    }

    /** What waits between retries and for rate limits (tests inject a recording one). */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper == null");
      return this;
    }

    /** The source of retry jitter (a seeded one makes waits reproducible). */
    public Builder random(Random random) {
      this.random = Objects.requireNonNull(random, "random == null");
      return this;
    }

    /** The clock of rate-limit windows and events. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /** Replies per typed or code call, re-prompts included (default 5: one reply, up to four re-prompts). */
    public Builder maxReplyAttempts(int attempts) {
      this.maxReplyAttempts = Checks.positive(attempts, "maxReplyAttempts");
      return this;
    }

    /** Most files a plan may have (default 200). */
    public Builder maxFiles(int maxFiles) {
      this.maxFiles = Checks.positive(maxFiles, "maxFiles");
      return this;
    }

    /** The output limit of one activity's calls; it is also what the budget reserves. */
    public Builder maxOutputTokens(Activity activity, int tokens) {
      maxOutputTokens.put(Objects.requireNonNull(activity, "activity == null"), Checks.positive(tokens, "maxOutputTokens"));
      return this;
    }

    /**
     * The Plan prompts: your interface extending {@link PlanService} that redeclares {@code plan} with your own
     * {@code @SystemMessage} and {@code @UserMessage} (see {@link dev.spectra.orchestrator.llm.services}); checked by
     * {@link #build()}.
     */
    public Builder planService(Class<? extends PlanService> service) {
      this.planService = Objects.requireNonNull(service, "service == null");
      return this;
    }

    /** The Build prompts: your interface extending {@link WriteFileService}; checked by {@link #build()}. */
    public Builder writeFileService(Class<? extends WriteFileService> service) {
      this.writeFileService = Objects.requireNonNull(service, "service == null");
      return this;
    }

    /** The fix prompts of Test: your interface extending {@link FixFileService}; checked by {@link #build()}. */
    public Builder fixFileService(Class<? extends FixFileService> service) {
      this.fixFileService = Objects.requireNonNull(service, "service == null");
      return this;
    }

    /** The Deploy prompts: your interface extending {@link DeployService}; checked by {@link #build()}. */
    public Builder deployService(Class<? extends DeployService> service) {
      this.deployService = Objects.requireNonNull(service, "service == null");
      return this;
    }

    /** The diagnosis prompts of Monitor: your interface extending {@link DiagnoseService}; checked by {@link #build()}. */
    public Builder diagnoseService(Class<? extends DiagnoseService> service) {
      this.diagnoseService = Objects.requireNonNull(service, "service == null");
      return this;
    }

    /**
     * Validates the AI-service interfaces and typed-reply records, then builds.
     *
     * @throws IllegalArgumentException naming the service option and interface, and listing every problem of it
     */
    public SpectraLlm build() {
      new LlmActivities.Services(planService, writeFileService, fixFileService, deployService, diagnoseService).validate();
      return new SpectraLlm(this);
    }
  }
}
