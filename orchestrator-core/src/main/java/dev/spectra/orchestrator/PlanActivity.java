package dev.spectra.orchestrator;

/** Plan: turns a request into a typed plan. The LLM layer implements it with a declarative AI service. */
@FunctionalInterface
public interface PlanActivity {
  ArchitecturePlan plan(ServiceRequest request, RunContext context);
}
