package dev.spectra.orchestrator;

import java.util.Set;

/**
 * Implemented by activities and generators that call models, so that the orchestrator can check at build time
 * that a USD budget can price every model it may use.
 */
public interface ModelBacked {
  /** Every {@code provider:model} this component may call. */
  Set<String> models();

  /** The models of {@code component} when it is model-backed, else none; for components that delegate to one. */
  static Set<String> of(Object component) {
    return component instanceof ModelBacked m ? m.models() : Set.of();
  }
}
