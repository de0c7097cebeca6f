package dev.spectra.orchestrator.verify;

import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.RunContext;

/** Proposes a {@link DeploymentSpec} for a plan. The LLM layer implements it with the deploy AI service. */
@FunctionalInterface
public interface DeploymentPlanner {
  DeploymentSpec propose(ArchitecturePlan plan, RunContext context);
}
