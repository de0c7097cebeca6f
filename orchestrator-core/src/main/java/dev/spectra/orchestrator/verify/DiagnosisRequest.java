package dev.spectra.orchestrator.verify;

import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.internal.Checks;
import java.util.List;

/**
 * What the diagnoser gets.
 *
 * @param plan the plan
 * @param symptoms what Monitor saw (e.g. "GET /health: connection refused x20")
 * @param logExcerpt the end of the captured service logs, cut to a safe length
 */
public record DiagnosisRequest(ArchitecturePlan plan, List<String> symptoms, String logExcerpt) {
  public DiagnosisRequest {
    Checks.notNull(plan, "plan");
    symptoms = Checks.copy(symptoms, "symptoms");
    logExcerpt = logExcerpt == null ? "" : logExcerpt;
  }
}
