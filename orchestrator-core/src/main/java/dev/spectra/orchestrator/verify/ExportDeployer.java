package dev.spectra.orchestrator.verify;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.spectra.orchestrator.Activity;
import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.DeployActivity;
import dev.spectra.orchestrator.Deployment;
import dev.spectra.orchestrator.ModelBacked;
import dev.spectra.orchestrator.RunContext;
import dev.spectra.orchestrator.internal.Checks;
import dev.spectra.orchestrator.internal.Json;
import dev.spectra.orchestrator.stack.TargetStack;
import dev.spectra.orchestrator.stack.ToolchainUnavailableException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Deploys nothing: writes the {@link DeploymentSpec}, validated as {@link ProcessDeployer} does, next to the
 * generated files (by default {@code deployment.json} in the workspace root), with the command that would serve it,
 * for a deployment elsewhere. Monitor then has nothing to probe.
 */
public final class ExportDeployer implements DeployActivity, ModelBacked {
  /** The default name of the exported spec. */
  public static final String DEFAULT_FILE = "deployment.json";

  private final DeploymentPlanner planner;
  private final String fileName;
  private final TargetStack stack;

  private ExportDeployer(Builder b) {
    this.stack = b.stack;
    this.planner = b.planner;
    this.fileName = b.fileName;
  }

  /** The models of its planner, when that calls models, so that a USD budget can check their prices up front. */
  @Override
  public Set<String> models() {
    return ModelBacked.of(planner);
  }

  /** A builder for the services of this stack. */
  public static Builder builder(TargetStack stack) {
    return new Builder(stack);
  }

  @Override
  public Deployment deploy(ArchitecturePlan plan, RunContext context) {
    Checks.notNull(plan, "plan");
    DeploymentSpec spec = DeploymentRules.proposeValid(planner, plan, stack, context);
    Map<String, Object> export = new LinkedHashMap<>();
    export.put("service", plan.name());
    export.put("stack", plan.stack());
    export.put("spec", spec);
    export.put("command", stack.exportedCommand(spec.entrypoint()));
    try {
      export.put("testedWith", stack.discoverToolchain().versions());
    } catch (ToolchainUnavailableException e) {
      context.note(Activity.DEPLOY, "no " + stack.id() + " toolchain here, so the export names no tested versions");
    }
    try {
      context.workspace().write(fileName, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(export) + "\n");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize the deployment spec", e);
    }
    context.note(Activity.DEPLOY, "exported the deployment spec to " + fileName);
    return new Deployment(Deployment.Kind.EXPORTED, null, "", fileName);
  }

  /** Builds an {@link ExportDeployer}. */
  public static final class Builder {
    private DeploymentPlanner planner;
    private String fileName = DEFAULT_FILE;
    private final TargetStack stack;

    private Builder(TargetStack stack) {
      this.stack = Checks.notNull(stack, "stack");
    }

    /** Proposes the spec (default none: {@link DeploymentSpec#fromPlan}). */
    public Builder planner(DeploymentPlanner planner) {
      this.planner = Checks.notNull(planner, "planner");
      return this;
    }

    /** Workspace-relative name of the exported spec (default {@value #DEFAULT_FILE}). */
    public Builder fileName(String fileName) {
      Checks.notBlank(fileName, "fileName");
      if (!fileName.matches("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*") || fileName.contains("..") || fileName.startsWith(".spectra")) {
        throw new IllegalArgumentException("fileName must be a plain relative path inside the workspace, but was \"" + fileName + "\"");
      }
      this.fileName = fileName;
      return this;
    }

    public ExportDeployer build() {
      return new ExportDeployer(this);
    }
  }
}
