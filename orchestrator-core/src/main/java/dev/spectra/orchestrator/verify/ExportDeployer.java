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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Deploys nothing: writes the {@link DeploymentSpec}, validated as {@link UvicornDeployer} does, next to the
 * generated files (by default {@code deployment.json} in the workspace root), with the command that would serve it,
 * for a deployment elsewhere. Monitor then has nothing to probe.
 */
public final class ExportDeployer implements DeployActivity, ModelBacked {
  /** The default name of the exported spec. */
  public static final String DEFAULT_FILE = "deployment.json";

  private final DeploymentPlanner planner;
  private final String fileName;
  private final PythonToolchain python;

  private ExportDeployer(Builder b) {
    this.planner = b.planner;
    this.fileName = b.fileName;
    this.python = b.python;
  }

  /** The models of its planner, when that calls models, so that a USD budget can check their prices up front. */
  @Override
  public Set<String> models() {
    return ModelBacked.of(planner);
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Deployment deploy(ArchitecturePlan plan, RunContext context) {
    Checks.notNull(plan, "plan");
    DeploymentSpec spec = DeploymentRules.proposeValid(planner, plan, context);
    Map<String, Object> export = new LinkedHashMap<>();
    export.put("service", plan.name());
    export.put("stack", plan.stack());
    export.put("spec", spec);
    export.put("command", List.of("python3", "-m", "uvicorn", spec.entrypoint(), "--host", "127.0.0.1", "--port", "8000"));
    if (python != null) {
      export.put("testedWith", python.versions());
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
    private PythonToolchain python;

    private Builder() {}

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

    /** The interpreter the service was tested with; its versions go into the export. */
    public Builder python(PythonToolchain python) {
      this.python = Checks.notNull(python, "python");
      return this;
    }

    public ExportDeployer build() {
      return new ExportDeployer(this);
    }
  }
}
