package dev.spectra.orchestrator;

/** Deploy: starts (or exports) the generated service. */
public interface DeployActivity {
  Deployment deploy(ArchitecturePlan plan, RunContext context);

  /** Stops what {@link #deploy} started; called at the end of a run unless the deployment is kept. */
  default void undeploy(Deployment deployment, RunContext context) {}
}
