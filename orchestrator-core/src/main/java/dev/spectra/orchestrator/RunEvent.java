package dev.spectra.orchestrator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What happens during a run, in order, delivered to {@link RunListener}s. Every event names its run.
 * A progress bar, a log line writer and a metrics exporter are all listeners.
 */
public sealed interface RunEvent {
  /** The run this event belongs to. */
  String runId();

  /** When it happened, by the run's clock. */
  Instant at();

  /** A run began. */
  record RunStarted(String runId, Instant at, List<Activity> activities) implements RunEvent {}

  /** An activity began. */
  record ActivityStarted(String runId, Instant at, Activity activity) implements RunEvent {}

  /** Build planned its work: how many files, in how many levels. */
  record BuildPlanned(String runId, Instant at, int files, int levels, int alreadyFinished) implements RunEvent {}

  /** A file's generation began. */
  record FileStarted(String runId, Instant at, String path, int level) implements RunEvent {}

  /** A file was written. */
  record FileGenerated(String runId, Instant at, String path, GeneratedFile.Origin origin, int attempts, Usage usage)
      implements RunEvent {}

  /**
   * A model reply was repaired: leniently parsed ({@code kind = LENIENT}, {@code repairs} such as
   * {@code fence}, {@code trailing-comma}), re-prompted with the errors ({@code kind = REPROMPT}), or a code reply
   * unwrapped ({@code kind = CODE_UNWRAP}).
   */
  record Repaired(String runId, Instant at, Activity activity, String file, Kind kind, List<String> repairs)
      implements RunEvent {
    /** How the reply was repaired. */
    public enum Kind {
      LENIENT, REPROMPT, CODE_UNWRAP, RETRY
    }
  }

  /**
   * A model call failed transiently and will be retried after {@code delay}.
   *
   * @param model the model called, {@code provider:model}
   * @param attempt the attempt about to be made (2 for the first retry)
   */
  record Retrying(String runId, Instant at, Activity activity, String model, String reason, int attempt, Duration delay)
      implements RunEvent {}

  /** A step produced a note worth showing (interpreter chosen, a warning such as a context-window risk). */
  record Note(String runId, Instant at, Activity activity, String message) implements RunEvent {}

  /** An activity ended. {@code outcome} is SUCCEEDED, FAILED, SKIPPED or CANCELLED. */
  record ActivityFinished(String runId, Instant at, Activity activity, RunReport.Outcome outcome, Duration took)
      implements RunEvent {}

  /** The run ended; the report is complete. */
  record RunFinished(String runId, Instant at, RunReport report) implements RunEvent {}
}
