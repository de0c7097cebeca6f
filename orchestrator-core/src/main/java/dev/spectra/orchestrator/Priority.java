package dev.spectra.orchestrator;

/** Generation priority of a file inside its dependency level: CRITICAL first, LOW last. */
public enum Priority {
  CRITICAL, NORMAL, LOW
}
