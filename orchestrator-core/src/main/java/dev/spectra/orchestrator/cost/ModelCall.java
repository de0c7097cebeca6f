package dev.spectra.orchestrator.cost;

import dev.spectra.orchestrator.Activity;
import dev.spectra.orchestrator.Usage;
import dev.spectra.orchestrator.internal.Checks;

/**
 * One model call as the ledger records it.
 *
 * @param activity the activity that made it, or {@code null} for a call made outside a run (a typed AI service
 *     of the caller's own)
 * @param file the file it was for, or empty
 * @param configuredModel {@code provider:model} as configured
 * @param servedModel the model name the provider reported serving (may be dated), or the configured one
 * @param usage tokens
 * @param cost USD, unknown when the model has no price
 */
public record ModelCall(Activity activity, String file, String configuredModel, String servedModel, Usage usage, Cost cost) {
  public ModelCall {
    file = file == null ? "" : file;
    Checks.notBlank(configuredModel, "configuredModel");
    servedModel = servedModel == null || servedModel.isBlank() ? configuredModel : servedModel;
    Checks.notNull(usage, "usage");
    Checks.notNull(cost, "cost");
  }
}
