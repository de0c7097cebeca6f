package dev.spectra.orchestrator.examples.cli;

import dev.spectra.orchestrator.Activity;
import dev.spectra.orchestrator.RunEvent;
import dev.spectra.orchestrator.RunListener;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts, per activity, the faults of model replies that a run repaired, as the run's events report them, under the
 * names a demo cassette's metadata uses:
 * <ul>
 *   <li>a lenient repair or a code unwrap ({@link RunEvent.Repaired.Kind#LENIENT},
 *       {@link RunEvent.Repaired.Kind#CODE_UNWRAP}) counts each repair by its name: {@code fence}, {@code prose},
 *       {@code trailing-comma}, {@code single-quotes}, ...; an ignored unknown field is {@value #UNKNOWN_FIELD}, other
 *       schema-level repairs {@value #VALUE_FIX};</li>
 *   <li>a re-prompt ({@link RunEvent.Repaired.Kind#REPROMPT}) counts once, named by its first error:
 *       {@value #MISSING_FIELD}, {@value #EMPTY_REPLY}, {@value #NO_CODE}, {@value #TRUNCATION} or
 *       {@value #INVALID_REPLY};</li>
 *   <li>a retried model call ({@link RunEvent.Retrying}) counts as {@value #RATE_LIMIT}, {@value #SERVER_ERROR},
 *       {@value #TIMEOUT} or {@value #TRANSIENT_ERROR}; a file the build generated again ({@code Kind.RETRY}) as
 *       {@value #FILE_RETRY}.</li>
 * </ul>
 * Thread-safe: the build reports from several threads.
 */
final class RepairTally implements RunListener {
  /** A re-prompt because a required field was missing. */
  public static final String MISSING_FIELD = "missing-field";
  /** A re-prompt because the reply was empty. */
  public static final String EMPTY_REPLY = "empty-reply";
  /** A re-prompt because a code reply held no code. */
  public static final String NO_CODE = "no-code";
  /** A re-prompt because the reply was cut off. */
  public static final String TRUNCATION = "truncation";
  /** A re-prompt for any other error. */
  public static final String INVALID_REPLY = "invalid-reply";
  /** A field the record does not have, ignored. */
  public static final String UNKNOWN_FIELD = "unknown-field";
  /** Another schema-level repair: a value converted or normalized. */
  public static final String VALUE_FIX = "value-fix";
  /** A call retried after a 429. */
  public static final String RATE_LIMIT = "rate-limit";
  /** A call retried after a 5xx. */
  public static final String SERVER_ERROR = "server-error";
  /** A call retried after a timeout. */
  public static final String TIMEOUT = "timeout";
  /** A call retried after another transient error. */
  public static final String TRANSIENT_ERROR = "transient-error";
  /** A file generated again by the build. */
  public static final String FILE_RETRY = "file-retry";

  private final Map<Activity, Map<String, Integer>> counts = new EnumMap<>(Activity.class);

  @Override
  public synchronized void onEvent(RunEvent event) {
    if (event instanceof RunEvent.Repaired r) {
      switch (r.kind()) {
        case LENIENT, CODE_UNWRAP -> r.repairs().forEach(name -> add(r.activity(), repairName(name)));
        case REPROMPT -> add(r.activity(), repromptCause(r.repairs()));
        case RETRY -> add(r.activity(), FILE_RETRY);
      }
    } else if (event instanceof RunEvent.Retrying r) {
      add(r.activity(), retryCause(r.reason()));
    }
  }

  /** Fault name to count, per activity where a repair happened; a snapshot. */
  public synchronized Map<Activity, Map<String, Integer>> byActivity() {
    Map<Activity, Map<String, Integer>> copy = new EnumMap<>(Activity.class);
    counts.forEach((a, m) -> copy.put(a, Collections.unmodifiableMap(new TreeMap<>(m))));
    return Collections.unmodifiableMap(copy);
  }

  private void add(Activity activity, String fault) {
    counts.computeIfAbsent(activity, a -> new TreeMap<>()).merge(fault, 1, Integer::sum);
  }

  /** The fault a lenient or code repair names: the name itself, or a category for the descriptive ones. */
  static String repairName(String repair) {
    if (!repair.contains(" ")) {
      return repair;
    }
    return repair.startsWith("ignored unknown field") ? UNKNOWN_FIELD : VALUE_FIX;
  }

  /** The fault behind a re-prompt, from its first error. */
  static String repromptCause(List<String> errors) {
    String first = errors.isEmpty() ? "" : errors.get(0).toLowerCase(Locale.ROOT);
    if (first.contains("required field is missing")) {
      return MISSING_FIELD;
    }
    if (first.contains("reply was empty")) {
      return EMPTY_REPLY;
    }
    if (first.contains("held no code")) {
      return NO_CODE;
    }
    if (first.contains("cut off")) {
      return TRUNCATION;
    }
    return INVALID_REPLY;
  }

  /** The fault behind a retried call, from the reason the gateway gives. */
  static String retryCause(String reason) {
    String r = reason.toLowerCase(Locale.ROOT);
    if (r.contains("rate limited")) {
      return RATE_LIMIT;
    }
    if (r.contains("server error")) {
      return SERVER_ERROR;
    }
    if (r.contains("timeout")) {
      return TIMEOUT;
    }
    return TRANSIENT_ERROR;
  }
}
