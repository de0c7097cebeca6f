package dev.spectra.orchestrator.llm.internal;

import dev.langchain4j.service.AiServices;
import dev.spectra.orchestrator.Activity;
import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.HealthReport;
import dev.spectra.orchestrator.ModelBacked;
import dev.spectra.orchestrator.PlanActivity;
import dev.spectra.orchestrator.RunContext;
import dev.spectra.orchestrator.ServiceRequest;
import dev.spectra.orchestrator.build.FileGenerator;
import dev.spectra.orchestrator.build.FileRequest;
import dev.spectra.orchestrator.stack.TargetStack;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The model-backed activities, each a declarative AI service on its activity's gateway plus the repair ladder. */
public final class LlmActivities {
  private LlmActivities() {}

  /** Validates the five service interfaces and the typed-reply records; called when the layer is built. */
  public static void validateServices() {
    for (Class<?> service : List.of(PlanService.class, FileService.class, FixService.class, DiagnoseService.class, DeployService.class)) {
      ServiceValidator.validate(service);
    }
    for (Class<?> reply : List.of(ArchitecturePlan.class, DeploymentSpec.class, HealthReport.Diagnosis.class)) {
      RecordShapes.requireSupported(reply);
    }
  }

  static <T> T service(Class<T> type, ModelGateway gateway) {
    return AiServices.builder(type).chatModel(gateway).build();
  }

  /** Plan: the plan AI service, typed through the ladder. */
  public static final class Planner implements PlanActivity, ModelBacked {
    private final PlanService service;
    private final ModelGateway gateway;
    private final Replies replies;
    private final TargetStack stack;
    private final int maxFiles;
    private final int maxOutputTokens;

    public Planner(ModelGateway gateway, Replies replies, TargetStack stack, int maxFiles, int maxOutputTokens) {
      this.service = service(PlanService.class, gateway);
      this.gateway = gateway;
      this.replies = replies;
      this.stack = Objects.requireNonNull(stack, "stack == null");
      this.maxFiles = maxFiles;
      this.maxOutputTokens = maxOutputTokens;
    }

    @Override
    public ArchitecturePlan plan(ServiceRequest request, RunContext context) {
      CallScope scope = new CallScope(context, Activity.PLAN, "");
      TargetStack.Wording w = stack.wording();
      Map<String, String> descriptions = Map.of(
          "ArchitecturePlan.stack", "the stack id, e.g. " + stack.id(),
          "ArchitecturePlan.entrypoint", w.entrypointSchema(),
          "FileSpec.path", "workspace-relative path with forward slashes, e.g. " + w.pathExample());
      return replies.typed(scope, gateway, "plan", ArchitecturePlan.class, new PlanRules(stack, maxFiles),
          () -> service.plan(request.text(), stack.id(), stack.promptNotes(), w.planEntrypoint(), w.pathExample(), maxFiles,
              Texts.typed(gateway.spec(), ArchitecturePlan.class, descriptions, maxOutputTokens)));
    }

    @Override
    public Set<String> models() {
      return Set.of(gateway.spec().key());
    }
  }

  /** Build: the file AI service; code comes back as text in one fenced block. */
  public static final class Writer implements FileGenerator, ModelBacked {
    private final FileService service;
    private final ModelGateway gateway;
    private final Replies replies;
    private final int maxOutputTokens;

    public Writer(ModelGateway gateway, Replies replies, int maxOutputTokens) {
      this.service = service(FileService.class, gateway);
      this.gateway = gateway;
      this.replies = replies;
      this.maxOutputTokens = maxOutputTokens;
    }

    @Override
    public String generate(FileRequest request, RunContext context) {
      String path = request.file().path();
      String language = Texts.language(path);
      CallScope scope = new CallScope(context, Activity.BUILD, path);
      String previous = request.previousProblem().isBlank() ? ""
          : "\nA previous attempt at this file was rejected: " + request.previousProblem() + "\n";
      return replies.code(scope, gateway, "file " + path, language, false,
          () -> service.write(language, request.stackNotes(), Texts.planSummary(request.plan()), path,
              request.file().kind().name(), request.file().purpose(), Texts.blocks(request.dependencySignatures()),
              previous, Texts.text(maxOutputTokens))).code();
    }

    @Override
    public Set<String> models() {
      return Set.of(gateway.spec().key());
    }
  }

  /** Test: the fix AI service, one call per file at fault. */
  public static final class Fixer implements FileFixer, ModelBacked {
    private static final Pattern REASON = Pattern.compile("(?im)^\\s*\\**REASON\\**\\s*:\\s*(.+?)\\s*$");

    private final FixService service;
    private final ModelGateway gateway;
    private final Replies replies;
    private final int maxOutputTokens;

    public Fixer(ModelGateway gateway, Replies replies, int maxOutputTokens) {
      this.service = service(FixService.class, gateway);
      this.gateway = gateway;
      this.replies = replies;
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
        CallScope scope = new CallScope(context, Activity.TEST, path);
        Replies.Code code = replies.code(scope, gateway, "fix of " + path, language, true,
            () -> service.fix(language, request.stackNotes(), Texts.planSummary(request.plan()),
                Texts.bullets(request.failures()), path, file.getValue(), Texts.blocks(readOnly), request.round(),
                Texts.text(maxOutputTokens)));
        if (code.code() == null) {
          continue;
        }
        Matcher m = REASON.matcher(beforeFence(code.reply()));
        fixes.add(new FileFix(path, code.code(), m.find() ? m.group(1) : ""));
      }
      return fixes;
    }

    private static String beforeFence(String reply) {
      int fence = reply.indexOf("```");
      return fence < 0 ? reply : reply.substring(0, fence);
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
    private final Replies replies;
    private final int maxOutputTokens;

    public DiagnosisWriter(ModelGateway gateway, Replies replies, int maxOutputTokens) {
      this.service = service(DiagnoseService.class, gateway);
      this.gateway = gateway;
      this.replies = replies;
      this.maxOutputTokens = maxOutputTokens;
    }

    @Override
    public HealthReport.Diagnosis diagnose(DiagnosisRequest request, RunContext context) {
      CallScope scope = new CallScope(context, Activity.MONITOR, "");
      return replies.typed(scope, gateway, "diagnosis", HealthReport.Diagnosis.class, new DiagnosisRules(request),
          () -> service.diagnose(Texts.planSummary(request.plan()), Texts.fileList(request.plan()),
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
    private final Replies replies;
    private final TargetStack stack;
    private final int maxOutputTokens;

    public Deployer(ModelGateway gateway, Replies replies, TargetStack stack, int maxOutputTokens) {
      this.service = service(DeployService.class, gateway);
      this.stack = Objects.requireNonNull(stack, "stack == null");
      this.gateway = gateway;
      this.replies = replies;
      this.maxOutputTokens = maxOutputTokens;
    }

    @Override
    public DeploymentSpec propose(ArchitecturePlan plan, RunContext context) {
      CallScope scope = new CallScope(context, Activity.DEPLOY, "");
      TargetStack.Wording w = stack.wording();
      return replies.typed(scope, gateway, "deployment", DeploymentSpec.class, new DeployRules(plan, stack),
          () -> service.deploy(plan.stack(), w.deployEntrypoint(), Texts.planSummary(plan), Texts.fileList(plan),
              Texts.typed(gateway.spec(), DeploymentSpec.class, Map.of("DeploymentSpec.entrypoint", w.entrypointSchema()),
                  maxOutputTokens)));
    }

    @Override
    public Set<String> models() {
      return Set.of(gateway.spec().key());
    }
  }
}
