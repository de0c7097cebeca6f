package dev.spectra.orchestrator;

/** Monitor: probes a deployment and judges its health. */
@FunctionalInterface
public interface MonitorActivity {
  HealthReport monitor(ArchitecturePlan plan, Deployment deployment, RunContext context);
}
