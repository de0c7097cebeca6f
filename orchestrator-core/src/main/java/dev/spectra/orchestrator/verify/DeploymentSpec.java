package dev.spectra.orchestrator.verify;

import dev.langchain4j.model.output.structured.Description;
import dev.spectra.orchestrator.internal.Checks;
import java.util.List;

/**
 * How to run a generated service, proposed by the deploy AI service (or derived from the plan) and validated
 * against the stack's rules before use.
 *
 * @param entrypoint the ASGI app as {@code module:attribute}
 * @param healthPath the path that answers 2xx when the service is up, e.g. {@code /health}
 * @param environment names of the environment variables the service reads (values never come from a model)
 * @param readinessSeconds how long to wait for readiness
 */
@Description("How to run the generated service")
public record DeploymentSpec(
    @Description("the ASGI application as module:attribute, e.g. app.main:app") String entrypoint,
    @Description("a GET path that answers 2xx when the service is up, e.g. /health") String healthPath,
    @Description("names of environment variables the service reads") List<String> environment,
    @Description("seconds to wait for the service to become ready, 1 to 120") int readinessSeconds) {
  public DeploymentSpec {
    Checks.notBlank(entrypoint, "entrypoint");
    Checks.notBlank(healthPath, "healthPath");
    environment = Checks.copy(environment, "environment");
  }
}
