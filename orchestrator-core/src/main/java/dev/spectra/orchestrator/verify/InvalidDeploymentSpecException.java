package dev.spectra.orchestrator.verify;

import dev.spectra.orchestrator.OrchestratorException;
import java.util.List;

/** A {@link DeploymentSpec} broke the stack's rules; nothing was started. The message lists every problem. */
public final class InvalidDeploymentSpecException extends OrchestratorException {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  InvalidDeploymentSpecException(List<String> problems) {
    super("deployment spec refused: " + String.join("; ", problems)
        + "; fix the deployment planner's reply or deploy without a planner (the plan's entrypoint is used)");
    this.problems = List.copyOf(problems);
  }

  /**
   * Each rule the spec broke, as {@link DeploymentSpec.Problem#toString() field: message}, e.g.
   * {@code readinessSeconds: must be within 1..120, but was 500}.
   */
  public List<String> problems() {
    return problems;
  }
}
