package dev.spectra.orchestrator.verify;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The python-fastapi stack's rules for a {@link DeploymentSpec}. */
final class DeploymentRules {
  static final int MAX_VARIABLES = 32;
  private static final Pattern ENTRYPOINT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*:[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9._~/-]{0,199}");
  private static final Pattern VARIABLE = Pattern.compile("[A-Z_][A-Z0-9_]{0,63}");

  private DeploymentRules() {}

  /**
   * Validates a spec against the workspace.
   *
   * @throws InvalidDeploymentSpecException listing every broken rule
   */
  static DeploymentSpec validate(DeploymentSpec spec, Path root) {
    List<String> problems = new ArrayList<>();
    if (!ENTRYPOINT.matcher(spec.entrypoint()).matches()) {
      problems.add("entrypoint must look like module.path:attribute, but was \"" + spec.entrypoint() + "\"");
    } else {
      String module = spec.entrypoint().substring(0, spec.entrypoint().indexOf(':')).replace('.', '/');
      if (!Files.isRegularFile(root.resolve(module + ".py")) && !Files.isRegularFile(root.resolve(module + "/__init__.py"))) {
        problems.add("entrypoint module of \"" + spec.entrypoint() + "\" is not in the workspace (no " + module + ".py)");
      }
    }
    String health = spec.healthPath();
    if (!PATH.matcher(health).matches() || health.contains("//") || health.contains("/../") || health.endsWith("/..")
        || health.contains("/./") || health.endsWith("/.")) {
      problems.add("healthPath must be a plain path such as /health (letters, digits, . _ ~ - and /, no query), but was \""
          + health + "\"");
    }
    if (spec.readinessSeconds() < 1 || spec.readinessSeconds() > DeploymentSpec.MAX_READINESS_SECONDS) {
      problems.add("readinessSeconds must be within 1.." + DeploymentSpec.MAX_READINESS_SECONDS + ", but was " + spec.readinessSeconds());
    }
    if (spec.environment().size() > MAX_VARIABLES) {
      problems.add("environment may name at most " + MAX_VARIABLES + " variables, but named " + spec.environment().size());
    }
    Set<String> seen = new HashSet<>();
    for (String name : spec.environment()) {
      if (!VARIABLE.matcher(name).matches()) {
        problems.add("environment variable names must match " + VARIABLE + ", but one was \"" + name + "\"");
      } else if (reserved(name)) {
        problems.add("environment variable " + name + " is controlled by the sandbox and may not be set for the service");
      } else if (!seen.add(name)) {
        problems.add("environment variable " + name + " is named twice");
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidDeploymentSpecException(problems);
    }
    return spec;
  }

  static boolean reserved(String name) {
    return Sandbox.RESERVED.contains(name) || name.startsWith("PYTHON") || name.startsWith("LD_");
  }
}
