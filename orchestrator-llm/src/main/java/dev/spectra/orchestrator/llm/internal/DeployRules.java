package dev.spectra.orchestrator.llm.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.verify.DeploymentSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import dev.spectra.orchestrator.stack.TargetStack;
import java.util.Set;

/**
 * Rules of a {@link DeploymentSpec} reply: core's {@link DeploymentSpec#problems} (the deployer's own rules, checked
 * early so that the model is re-prompted instead of the deployment failing), each at its JSON path
 * ({@code $.environment[2]: ...}); and before them what only the raw tree can show, values the record cannot hold: a
 * blank entrypoint or health path, a readiness beyond {@code int}.
 */
public final class DeployRules implements ReplyRules {
  private final ArchitecturePlan plan;
  private final TargetStack stack;

  public DeployRules(ArchitecturePlan plan, TargetStack stack) {
    this.plan = plan;
    this.stack = stack;
  }

  @Override
  public void check(ObjectNode spec, List<String> errors, List<String> repairs) {
    Set<String> unbound = new HashSet<>();
    String entrypoint = spec.path("entrypoint").asText();
    if (entrypoint.isBlank()) {
      errors.add("$.entrypoint: must not be blank; the plan's entrypoint is " + plan.entrypoint());
      unbound.add("entrypoint");
      entrypoint = plan.entrypoint();
    }
    String healthPath = spec.path("healthPath").asText();
    if (healthPath.isBlank()) {
      errors.add("$.healthPath: must not be blank; give a GET path such as /health");
      unbound.add("healthPath");
      healthPath = "/";
    }
    JsonNode readiness = spec.path("readinessSeconds");
    int seconds = readiness.asInt();
    if (!readiness.canConvertToInt()) {
      errors.add("$.readinessSeconds: must be within 1.." + DeploymentSpec.MAX_READINESS_SECONDS + ", but was "
          + readiness.asText());
      unbound.add("readinessSeconds");
      seconds = DeploymentSpec.DEFAULT_READINESS_SECONDS;
    }
    List<String> environment = new ArrayList<>();
    spec.path("environment").forEach(name -> environment.add(name.asText()));
    DeploymentSpec bound = new DeploymentSpec(entrypoint, healthPath, environment, seconds);
    for (DeploymentSpec.Problem p : bound.problems(plan, stack)) {
      if (!unbound.contains(p.field())) {
        errors.add("$." + p.field() + ": " + p.message());
      }
    }
  }
}
