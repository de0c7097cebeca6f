package dev.spectra.orchestrator;

/**
 * Receives a run's events. Called on the thread that produced the event (parallel file generations call it
 * concurrently), so implementations must be thread-safe and quick. An exception thrown here is logged and ignored:
 * a listener cannot break a run.
 */
@FunctionalInterface
public interface RunListener {
  void onEvent(RunEvent event);
}
