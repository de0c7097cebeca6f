package dev.spectra.orchestrator.verify;

import dev.spectra.orchestrator.HealthReport;
import dev.spectra.orchestrator.RunContext;

/** Reads an unhealthy deployment's logs and returns a typed diagnosis. The LLM layer implements it. */
@FunctionalInterface
public interface Diagnoser {
  HealthReport.Diagnosis diagnose(DiagnosisRequest request, RunContext context);
}
