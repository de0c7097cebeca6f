package dev.spectra.orchestrator;

/** The five activities of a run, in pipeline order. */
public enum Activity {
  PLAN, BUILD, TEST, DEPLOY, MONITOR
}
