package dev.spectra.orchestrator.llm.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.FileSpec;
import dev.spectra.orchestrator.verify.DeploymentSpec;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Rules of a {@link dev.spectra.orchestrator.verify.DeploymentSpec} reply, those of the deployer
 * ({@code verify.DeploymentRules}) checked early so that the model is re-prompted instead of the deployment
 * failing: an entrypoint whose module is a planned file, a plain health path, 1 to
 * {@value DeploymentSpec#MAX_READINESS_SECONDS} seconds of readiness, at most {@value #MAX_VARIABLES} upper-case
 * variable names, none twice and none the sandbox controls.
 */
public final class DeployRules implements ReplyRules {
  static final int MAX_VARIABLES = 32;
  private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9._~/-]{0,199}");
  private static final Pattern VARIABLE = Pattern.compile("[A-Z_][A-Z0-9_]{0,63}");
  /** The variables core's sandbox sets itself (verify.Sandbox.RESERVED, package-private there), besides PYTHON* and LD_*. */
  private static final Set<String> SANDBOX = Set.of("PATH", "HOME", "TMPDIR", "TMP", "TEMP");

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
    if (!PATH.matcher(health).matches() || health.contains("//") || health.contains("/./") || health.contains("/..")
        || health.endsWith("/.")) {
      errors.add("$.healthPath: must be a plain path such as /health (letters, digits, . _ ~ - and /, no parameters or"
          + " query), but was \"" + health + "\"");
    }
    long readiness = spec.path("readinessSeconds").asLong();
    if (readiness < 1 || readiness > DeploymentSpec.MAX_READINESS_SECONDS) {
      errors.add("$.readinessSeconds: must be within 1.." + DeploymentSpec.MAX_READINESS_SECONDS + ", but was " + readiness);
    }
    ArrayNode env = (ArrayNode) spec.get("environment");
    if (env.size() > MAX_VARIABLES) {
      errors.add("$.environment: may name at most " + MAX_VARIABLES + " variables, but named " + env.size());
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < env.size(); i++) {
      String name = env.get(i).asText();
      if (!VARIABLE.matcher(name).matches()) {
        errors.add("$.environment[" + i + "]: must be an upper-case variable name (A-Z, 0-9, _), but was \"" + name + "\"");
      } else if (SANDBOX.contains(name) || name.startsWith("PYTHON") || name.startsWith("LD_")) {
        errors.add("$.environment[" + i + "]: " + name + " is set by the sandbox; name only variables the service itself reads");
      } else if (!seen.add(name)) {
        errors.add("$.environment[" + i + "]: " + name + " is named twice");
      }
    }
  }
}
