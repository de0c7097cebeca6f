package dev.spectra.orchestrator.verify;

import dev.spectra.orchestrator.sandbox.Sandbox;
import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.RunContext;
import dev.spectra.orchestrator.internal.Checks;
import dev.spectra.orchestrator.verify.DeploymentSpec.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.LinkedHashSet;
import dev.spectra.orchestrator.stack.TargetStack;

/**
 * The rules for a {@link DeploymentSpec}: the single place they are written (the entrypoint's rule is the stack's);
 * the LLM layer checks a model's reply with them through {@link DeploymentSpec#problems}.
 */
final class DeploymentRules {
  static final int MAX_VARIABLES = 32;
  private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9._~/-]{0,199}");
  private static final Pattern VARIABLE = Pattern.compile("[A-Z_][A-Z0-9_]{0,63}");

  private DeploymentRules() {}

  /**
   * The spec to deploy: the planner's proposal (or the plan's own when there is no planner), validated.
   *
   * @throws InvalidDeploymentSpecException listing every rule it breaks
   */
  static DeploymentSpec proposeValid(DeploymentPlanner planner, ArchitecturePlan plan, TargetStack stack, RunContext context) {
    DeploymentSpec spec = planner == null ? DeploymentSpec.fromPlan(plan) : planner.propose(plan, context);
    if (spec == null) {
      throw new InvalidDeploymentSpecException(List.of("the deployment planner returned no spec"));
    }
    return validate(spec, plan, stack, context.workspace().root());
  }

  /** Every rule {@code spec} breaks for {@code plan}, in field order. */
  static List<Problem> problems(DeploymentSpec spec, ArchitecturePlan plan, TargetStack stack) {
    Checks.notNull(spec, "spec");
    Checks.notNull(plan, "plan");
    Checks.notNull(stack, "stack");
    List<Problem> problems = new ArrayList<>();
    Set<String> planned = new LinkedHashSet<>();
    plan.files().forEach(f -> planned.add(f.path()));
    for (String p : stack.entrypointProblems(spec.entrypoint(), planned)) {
      problems.add(new Problem("entrypoint", p + "; the plan's entrypoint is " + plan.entrypoint()));
    }
    String health = spec.healthPath();
    if (!PATH.matcher(health).matches() || health.contains("//") || health.contains("/../") || health.endsWith("/..")
        || health.contains("/./") || health.endsWith("/.")) {
      problems.add(new Problem("healthPath", "must be a plain path such as /health (letters, digits, . _ ~ - and /,"
          + " no parameters or query), but was \"" + health + "\""));
    }
    if (spec.readinessSeconds() < 1 || spec.readinessSeconds() > DeploymentSpec.MAX_READINESS_SECONDS) {
      problems.add(new Problem("readinessSeconds", "must be within 1.." + DeploymentSpec.MAX_READINESS_SECONDS
          + ", but was " + spec.readinessSeconds()));
    }
    List<String> environment = spec.environment();
    if (environment.size() > MAX_VARIABLES) {
      problems.add(new Problem("environment", "may name at most " + MAX_VARIABLES + " variables, but named "
          + environment.size()));
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < environment.size(); i++) {
      String name = environment.get(i);
      String field = "environment[" + i + "]";
      if (!VARIABLE.matcher(name).matches()) {
        problems.add(new Problem(field, "must be an upper-case variable name (A-Z, 0-9 and _, not starting with a"
            + " digit, at most 64 characters), but was \"" + name + "\""));
      } else if (reserved(name, stack)) {
        problems.add(new Problem(field, name + " is set by the sandbox; name only variables the service itself reads"));
      } else if (!seen.add(name)) {
        problems.add(new Problem(field, name + " is named twice"));
      }
    }
    return List.copyOf(problems);
  }

  /**
   * Validates a spec for a plan and the workspace it is deployed from: {@link #problems}, and the entrypoint's module
   * must be a file in {@code root}.
   *
   * @throws InvalidDeploymentSpecException listing every broken rule
   */
  static DeploymentSpec validate(DeploymentSpec spec, ArchitecturePlan plan, TargetStack stack, Path root) {
    List<Problem> problems = new ArrayList<>(problems(spec, plan, stack));
    if (problems.stream().noneMatch(p -> p.field().equals("entrypoint"))) {
      List<String> files = stack.entrypointFiles(spec.entrypoint());
      if (files.stream().noneMatch(f -> Files.isRegularFile(root.resolve(f)))) {
        problems.add(0, new Problem("entrypoint", "\"" + spec.entrypoint() + "\" is planned but not in the"
            + " workspace (no " + String.join(" or ", files) + "); build the plan before deploying it"));
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidDeploymentSpecException(problems.stream().map(Problem::toString).toList());
    }
    return spec;
  }

  /** True for the variables the sandbox controls ({@link Sandbox#RESERVED}, {@code LD_*}) and those the stack owns. */
  static boolean reserved(String name, TargetStack stack) {
    return Sandbox.RESERVED.contains(name) || name.startsWith("LD_") || stack.ownsVariable(name);
  }
}
