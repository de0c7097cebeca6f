package dev.spectra.orchestrator.llm.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.FileSpec;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Rules of a {@link dev.spectra.orchestrator.verify.DeploymentSpec} reply: an entrypoint whose module is a planned
 * file, a plain GET path for health, 1 to 120 seconds of readiness, environment variable names only.
 */
public final class DeployRules implements ReplyRules {
  private final ArchitecturePlan plan;

  public DeployRules(ArchitecturePlan plan) {
    this.plan = plan;
  }

  @Override
  public void check(ObjectNode spec, List<String> errors, List<String> repairs) {
    String entrypoint = spec.path("entrypoint").asText();
    if (!PlanRules.ENTRYPOINT.matcher(entrypoint).matches()) {
      errors.add("$.entrypoint: must look like module.path:attribute (e.g. " + plan.entrypoint() + "), but was \"" + entrypoint + "\"");
    } else {
      String module = entrypoint.substring(0, entrypoint.indexOf(':')).replace('.', '/');
      Set<String> paths = new HashSet<>();
      for (FileSpec f : plan.files()) {
        paths.add(f.path());
      }
      if (!paths.contains(module + ".py") && !paths.contains(module + "/__init__.py")) {
        errors.add("$.entrypoint: module of \"" + entrypoint + "\" is not a planned file; the plan's entrypoint is " + plan.entrypoint());
      }
    }
    String health = spec.path("healthPath").asText();
    if (!health.startsWith("/") || health.contains("{") || health.contains("://") || health.contains(" ")) {
      errors.add("$.healthPath: must be a plain path starting with / without parameters, e.g. /health, but was \"" + health + "\"");
    }
    long readiness = spec.path("readinessSeconds").asLong();
    if (readiness < 1 || readiness > 120) {
      errors.add("$.readinessSeconds: must be within 1..120, but was " + readiness);
    }
    ArrayNode env = (ArrayNode) spec.get("environment");
    for (int i = 0; i < env.size(); i++) {
      String name = env.get(i).asText();
      if (!name.matches("[A-Za-z_][A-Za-z0-9_]{0,63}")) {
        errors.add("$.environment[" + i + "]: must be an environment variable name (letters, digits, _), but was \"" + name + "\"");
      }
    }
  }
}
