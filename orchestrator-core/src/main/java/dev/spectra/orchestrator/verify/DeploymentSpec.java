package dev.spectra.orchestrator.verify;

import dev.langchain4j.model.output.structured.Description;
import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.Endpoint;
import dev.spectra.orchestrator.internal.Checks;
import dev.spectra.orchestrator.stack.TargetStack;
import java.util.List;

/**
 * How to run a generated service, proposed by the deploy AI service (or derived from the plan) and validated
 * against the stack's rules ({@link #problems}) before use.
 *
 * @param entrypoint what the stack starts, in the stack's form (see {@link TargetStack#entrypointProblems})
 * @param healthPath the path that answers 2xx when the service is up, e.g. {@code /health}
 * @param environment names of the environment variables the service reads (values never come from a model)
 * @param readinessSeconds how long to wait for readiness
 */
@Description("How to run the generated service")
public record DeploymentSpec(
    @Description("what the stack starts, in the stack's form") String entrypoint,
    @Description("a GET path that answers 2xx when the service is up, e.g. /health") String healthPath,
    @Description("names of environment variables the service reads") List<String> environment,
    @Description("seconds to wait for the service to become ready, 1 to 120") int readinessSeconds) {

  /** Readiness wait of a spec derived from the plan. */
  public static final int DEFAULT_READINESS_SECONDS = 30;

  /** The longest readiness wait a spec may ask for. */
  public static final int MAX_READINESS_SECONDS = 120;

  public DeploymentSpec {
    Checks.notBlank(entrypoint, "entrypoint");
    Checks.notBlank(healthPath, "healthPath");
    environment = Checks.copy(environment, "environment");
  }

  /**
   * The spec used when no deployment planner (model) is configured: the plan's entrypoint, {@code /health} when the
   * plan has {@code GET /health} (else its first GET endpoint without parameters, else {@code /}), no environment,
   * {@value #DEFAULT_READINESS_SECONDS} seconds.
   */
  public static DeploymentSpec fromPlan(ArchitecturePlan plan) {
    Checks.notNull(plan, "plan");
    String health = plan.endpoints().stream().filter(e -> e.probeable() && e.path().equals("/health")).map(Endpoint::path)
        .findFirst()
        .orElseGet(() -> plan.endpoints().stream().filter(Endpoint::probeable).map(Endpoint::path).findFirst().orElse("/"));
    return new DeploymentSpec(plan.entrypoint(), health, List.of(), DEFAULT_READINESS_SECONDS);
  }

  /**
   * Every rule this spec breaks for {@code plan} on {@code stack}, in field order; empty when it may be deployed. The deployers refuse a spec with problems, or whose entrypoint module is not in the workspace, with an
   * {@link InvalidDeploymentSpecException}; the LLM layer re-prompts the model with them.
   *
   * <ul>
   *   <li>{@code entrypoint}: the stack's {@linkplain TargetStack#entrypointProblems entrypoint rule}.
   *   <li>{@code healthPath}: a plain path such as {@code /health} (letters, digits, {@code . _ ~ -} and {@code /},
   *       at most 200 characters, no empty, {@code .} or {@code ..} segments, no parameters or query).
   *   <li>{@code readinessSeconds}: 1 to {@value #MAX_READINESS_SECONDS}.
   *   <li>{@code environment}: at most 32 upper-case names, none twice, none the sandbox controls ({@code PATH},
   *       {@code HOME}, {@code TMPDIR}, {@code TMP}, {@code TEMP}, {@code LD_*}, and those the stack
   *       {@linkplain TargetStack#ownsVariable owns}).
   * </ul>
   */
  public List<Problem> problems(ArchitecturePlan plan, TargetStack stack) {
    return DeploymentRules.problems(this, plan, stack);
  }

  /**
   * A rule a spec breaks.
   *
   * @param field the spec's field, with the index of a list element: {@code entrypoint}, {@code environment[2]}
   * @param message what is wrong and the value given, to follow the field, e.g. {@code must be within 1..120, but
   *     was 500}
   */
  public record Problem(String field, String message) {
    public Problem {
      Checks.notBlank(field, "field");
      Checks.notBlank(message, "message");
    }

    /** {@code field: message}, e.g. {@code readinessSeconds: must be within 1..120, but was 500}. */
    @Override
    public String toString() {
      return field + ": " + message;
    }
  }
}
