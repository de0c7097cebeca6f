package dev.spectra.orchestrator.llm.internal;

import dev.spectra.orchestrator.Activity;
import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.HealthReport;
import dev.spectra.orchestrator.ModelBacked;
import dev.spectra.orchestrator.PlanActivity;
import dev.spectra.orchestrator.RunContext;
import dev.spectra.orchestrator.ServiceRequest;
import dev.spectra.orchestrator.build.FileGenerator;
import dev.spectra.orchestrator.build.FileRequest;
import dev.spectra.orchestrator.cost.PriceTable;
import dev.spectra.orchestrator.llm.ModelSpec;
import dev.spectra.orchestrator.llm.services.DeployService;
import dev.spectra.orchestrator.llm.services.DiagnoseService;
import dev.spectra.orchestrator.llm.services.Fix;
import dev.spectra.orchestrator.llm.services.FixFileService;
import dev.spectra.orchestrator.llm.services.PlanService;
import dev.spectra.orchestrator.llm.services.WriteFileService;
import dev.spectra.orchestrator.stack.TargetStack;
import dev.spectra.orchestrator.stack.UnwiredStackException;
import dev.spectra.orchestrator.verify.DeploymentPlanner;
import dev.spectra.orchestrator.verify.DeploymentSpec;
import dev.spectra.orchestrator.verify.Diagnoser;
import dev.spectra.orchestrator.verify.DiagnosisRequest;
import dev.spectra.orchestrator.verify.FileFix;
import dev.spectra.orchestrator.verify.FileFixer;
import dev.spectra.orchestrator.verify.FixRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The model-backed activities, each calling its typed service ({@code dev.spectra.orchestrator.llm.services}) on its
 * activity's gateway, inside a pipeline {@link CallScope} that names the activity and file, carries the activity's
 * rules, and sends usage and events to the run.
 */
public final class LlmActivities {
  private LlmActivities() {}

  /**
   * The service interfaces the activities use: the built-in ones, or the caller's own that extend them.
   */
  public record Services(Class<? extends PlanService> plan, Class<? extends WriteFileService> writeFile,
      Class<? extends FixFileService> fixFile, Class<? extends DeployService> deploy,
      Class<? extends DiagnoseService> diagnose) {
    /** The built-in services. */
    public static final Services DEFAULTS = new Services(PlanService.class, WriteFileService.class, FixFileService.class,
        DeployService.class, DiagnoseService.class);

    /**
     * Checks every service as it will be built: an interface extending its built-in one, its templates' variables
     * among the method's parameters, its return type the built-in one's.
     *
     * @throws IllegalArgumentException naming the builder method, the interface and each problem
     */
    public void validate() {
      check("planService", plan, PlanService.class);
      check("writeFileService", writeFile, WriteFileService.class);
      check("fixFileService", fixFile, FixFileService.class);
      check("deployService", deploy, DeployService.class);
      check("diagnoseService", diagnose, DiagnoseService.class);
    }

    private static void check(String option, Class<?> service, Class<?> base) {
      if (!service.isInterface() || !base.isAssignableFrom(service)) {
        throw new IllegalArgumentException(option + "(" + service.getName() + "): must be an interface that extends "
            + base.getName() + " and redeclares its method with your own @SystemMessage and @UserMessage");
      }
      try {
        TypedServices.check(service, settings(null, service != base, Replies.DEFAULT_MAX_ATTEMPTS));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(option + "(" + service.getSimpleName() + "): " + e.getMessage(), e);
      }
    }
  }

  private static TypedServices.Settings settings(ModelGateway gateway, boolean replaced, int maxAttempts) {
    // The pipeline's scope brings the budget, ledger and events; the parameters argument brings schema and limit.
    ModelSpec spec = gateway == null ? new ModelSpec("custom", "check", Set.of()) : gateway.spec();
    return new TypedServices.Settings(spec, gateway, maxAttempts, null, null, null, PriceTable.defaults(), method -> CallScope.Events.NONE, false,
        replaced);
  }

  static <T> T service(Class<? extends T> type, Class<T> base, ModelGateway gateway, Replies replies) {
    return TypedServices.create(type, settings(gateway, type != base, replies.maxAttempts()));
  }

  /** Plan: the plan AI service, typed through the ladder. */
  public static final class Planner implements PlanActivity, ModelBacked {
    private final PlanService service;
    private final ModelGateway gateway;
    private final TargetStack stack;
    private final int maxFiles;
    private final int maxOutputTokens;

    public Planner(ModelGateway gateway, Replies replies, Class<? extends PlanService> service, TargetStack stack, int maxFiles,
        int maxOutputTokens) {
      this.service = service(service, PlanService.class, gateway, replies);
      this.gateway = gateway;
      this.stack = Objects.requireNonNull(stack, "stack == null");
      this.maxFiles = maxFiles;
      this.maxOutputTokens = maxOutputTokens;
    }

    @Override
    public ArchitecturePlan plan(ServiceRequest request, RunContext context) {
      if (request.preferredStack().filter(preferred -> !preferred.equals(stack.id())).isPresent()) {
        throw new UnwiredStackException(request.preferredStack().get(), Set.of(stack.id()));
      }
      TargetStack.Wording w = stack.wording();
      Map<String, String> descriptions = Map.of(
          "ArchitecturePlan.stack", "the stack id, e.g. " + stack.id(),
          "ArchitecturePlan.entrypoint", w.entrypointSchema(),
          "FileSpec.path", "workspace-relative path with forward slashes, e.g. " + w.pathExample());
      return CallScope.of(context, Activity.PLAN, "").describe("plan", new PlanRules(stack, maxFiles), null)
          .run(() -> service.plan(request.text(), stack.id(), stack.promptNotes(), w.planEntrypoint(), w.pathExample(),
              maxFiles, Texts.typed(gateway.spec(), ArchitecturePlan.class, descriptions, maxOutputTokens)));
    }

    @Override
    public Set<String> models() {
      return Set.of(gateway.spec().key());
    }
  }

  /** Build: the file AI service; code comes back as text in one fenced block. */
  public static final class Writer implements FileGenerator, ModelBacked {
    private final WriteFileService service;
    private final ModelGateway gateway;
    private final int maxOutputTokens;

    public Writer(ModelGateway gateway, Replies replies, Class<? extends WriteFileService> service, int maxOutputTokens) {
      this.service = service(service, WriteFileService.class, gateway, replies);
      this.gateway = gateway;
      this.maxOutputTokens = maxOutputTokens;
    }

    @Override
    public String generate(FileRequest request, RunContext context) {
      String path = request.file().path();
      String language = Texts.language(path);
      String previous = request.previousProblem().isBlank() ? ""
          : "\nA previous attempt at this file was rejected: " + request.previousProblem() + "\n";
      return CallScope.of(context, Activity.BUILD, path).describe("file " + path, ReplyRules.NONE, language)
          .run(() -> service.write(language, request.stackNotes(), Texts.planSummary(request.plan()), path,
              request.file().kind().name(), request.file().purpose(), Texts.blocks(request.dependencySignatures()),
              previous, Texts.text(maxOutputTokens))).text();
    }

    @Override
    public Set<String> models() {
      return Set.of(gateway.spec().key());
    }
  }

  /** Test: the fix AI service, one call per file at fault. */
  public static final class Fixer implements FileFixer, ModelBacked {
    private final FixFileService service;
    private final ModelGateway gateway;
    private final int maxOutputTokens;

    public Fixer(ModelGateway gateway, Replies replies, Class<? extends FixFileService> service, int maxOutputTokens) {
      this.service = service(service, FixFileService.class, gateway, replies);
      this.gateway = gateway;
      this.maxOutputTokens = maxOutputTokens;
    }

    @Override
    public List<FileFix> fix(FixRequest request, RunContext context) {
      List<FileFix> fixes = new ArrayList<>();
      for (Map.Entry<String, String> file : request.files().entrySet()) {
        context.throwIfCancelled();
        String path = file.getKey();
        String language = Texts.language(path);
        Map<String, String> readOnly = new LinkedHashMap<>(request.context());
        request.files().forEach((p, c) -> {
          if (!p.equals(path)) {
            readOnly.put(p, c);
          }
        });
        Fix fix = CallScope.of(context, Activity.TEST, path).describe("fix of " + path, ReplyRules.NONE, language)
            .run(() -> service.fix(language, request.stackNotes(), Texts.planSummary(request.plan()),
                Texts.bullets(request.failures()), path, file.getValue(), Texts.blocks(readOnly), request.round(),
                Texts.text(maxOutputTokens)));
        fix.code().ifPresent(code -> fixes.add(new FileFix(path, code.text(), fix.reason())));
      }
      return fixes;
    }

    @Override
    public Set<String> models() {
      return Set.of(gateway.spec().key());
    }
  }

  /** Monitor: the diagnose AI service, typed through the ladder. */
  public static final class DiagnosisWriter implements Diagnoser, ModelBacked {
    private final DiagnoseService service;
    private final ModelGateway gateway;
    private final int maxOutputTokens;

    public DiagnosisWriter(ModelGateway gateway, Replies replies, Class<? extends DiagnoseService> service, int maxOutputTokens) {
      this.service = service(service, DiagnoseService.class, gateway, replies);
      this.gateway = gateway;
      this.maxOutputTokens = maxOutputTokens;
    }

    @Override
    public HealthReport.Diagnosis diagnose(DiagnosisRequest request, RunContext context) {
      return CallScope.of(context, Activity.MONITOR, "").describe("diagnosis", new DiagnosisRules(request), null)
          .run(() -> service.diagnose(Texts.planSummary(request.plan()), Texts.fileList(request.plan()),
              Texts.bullets(request.symptoms()), request.logExcerpt().isBlank() ? "(no logs)" : request.logExcerpt(),
              Texts.typed(gateway.spec(), HealthReport.Diagnosis.class, maxOutputTokens)));
    }

    @Override
    public Set<String> models() {
      return Set.of(gateway.spec().key());
    }
  }

  /** Deploy: the deploy AI service, typed through the ladder. */
  public static final class Deployer implements DeploymentPlanner, ModelBacked {
    private final DeployService service;
    private final ModelGateway gateway;
    private final TargetStack stack;
    private final int maxOutputTokens;

    public Deployer(ModelGateway gateway, Replies replies, Class<? extends DeployService> service, TargetStack stack,
        int maxOutputTokens) {
      this.service = service(service, DeployService.class, gateway, replies);
      this.stack = Objects.requireNonNull(stack, "stack == null");
      this.gateway = gateway;
      this.maxOutputTokens = maxOutputTokens;
    }

    @Override
    public DeploymentSpec propose(ArchitecturePlan plan, RunContext context) {
      TargetStack.Wording w = stack.wording();
      return CallScope.of(context, Activity.DEPLOY, "").describe("deployment", new DeployRules(plan, stack), null)
          .run(() -> service.deploy(plan.stack(), w.deployEntrypoint(), Texts.planSummary(plan), Texts.fileList(plan),
              Texts.typed(gateway.spec(), DeploymentSpec.class, Map.of("DeploymentSpec.entrypoint", w.entrypointSchema()),
                  maxOutputTokens)));
    }

    @Override
    public Set<String> models() {
      return Set.of(gateway.spec().key());
    }
  }
}
