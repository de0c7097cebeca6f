package dev.spectra.orchestrator.examples.cli;

import dev.spectra.orchestrator.Activity;
import dev.spectra.orchestrator.internal.Checks;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a demo cassette's metadata says about its replies: who wrote them, for which request, and the formatting
 * faults planted in them, by activity, named as {@link RepairTally} names the repairs a run performs.
 *
 * @param source who wrote the replies, e.g. {@value #HAND_WRITTEN}
 * @param request the request the replies answer
 * @param faultsByActivity fault name to count, per activity that has faults
 */
record DemoCassette(String source, String request, Map<Activity, Map<String, Integer>> faultsByActivity) {
  /** The {@link #source} of the shipped cassettes. */
  public static final String HAND_WRITTEN = "hand-written replies in the style of a small local model";

  /**
   * How to regenerate the shipped cassettes, from the repository root: after a change of the prompts, of the
   * hand-written sources or of the planted faults (DemoCassettesTest fails until then).
   */
  public static final String REGENERATE = "mvn -B -pl orchestrator-examples -am test -Dtest=DemoCassettesTest"
      + " -Dsurefire.failIfNoSpecifiedTests=false -Dspectra.demo.regenerate=true";

  static final String SOURCE = "source";
  static final String REQUEST = "request";
  static final String FAULTS = "faults";
  static final String FAULTS_BY_ACTIVITY = "faultsByActivity";

  public DemoCassette {
    Checks.notBlank(source, "source");
    Checks.notBlank(request, "request");
    Checks.notNull(faultsByActivity, "faultsByActivity");
    Map<Activity, Map<String, Integer>> copy = new EnumMap<>(Activity.class);
    faultsByActivity.forEach((activity, faults) -> {
      Map<String, Integer> counts = new TreeMap<>();
      Checks.notNull(faults, "faultsByActivity[" + activity + "]").forEach((name, n) -> {
        if (n == null || n <= 0) {
          throw new IllegalArgumentException("fault counts must be > 0, but " + activity + " " + name + " was " + n);
        }
        counts.put(Checks.notBlank(name, "fault name"), n);
      });
      if (!counts.isEmpty()) {
        copy.put(Checks.notNull(activity, "activity"), Collections.unmodifiableMap(counts));
      }
    });
    faultsByActivity = Collections.unmodifiableMap(copy);
  }

  /** Fault name to count over all activities, sorted by name. */
  public Map<String, Integer> faults() {
    Map<String, Integer> total = new TreeMap<>();
    faultsByActivity.values().forEach(m -> m.forEach((name, n) -> total.merge(name, n, Integer::sum)));
    return Collections.unmodifiableMap(total);
  }

  /**
   * The cassette metadata: {@code source}, {@code request}, {@code faults} (the totals) and {@code faultsByActivity}
   * (activity names in lower case).
   */
  public Map<String, Object> toMetadata() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(SOURCE, source);
    m.put(REQUEST, request);
    m.put(FAULTS, faults());
    Map<String, Object> byActivity = new LinkedHashMap<>();
    faultsByActivity.forEach((a, f) -> byActivity.put(a.name().toLowerCase(Locale.ROOT), f));
    m.put(FAULTS_BY_ACTIVITY, byActivity);
    return m;
  }

  /**
   * Reads the metadata of a cassette ({@code ReplayChatModel.metadata()}).
   *
   * @param where names the cassette in error messages
   * @throws IllegalArgumentException naming the cassette and what is missing or malformed, including totals in
   *     {@code faults} that differ from the sum of {@code faultsByActivity}
   */
  public static DemoCassette fromMetadata(Map<String, Object> metadata, String where) {
    Checks.notNull(metadata, "metadata");
    String source = text(metadata, SOURCE, where);
    String request = text(metadata, REQUEST, where);
    Object byActivity = metadata.get(FAULTS_BY_ACTIVITY);
    if (!(byActivity instanceof Map<?, ?> activities)) {
      throw bad(where, FAULTS_BY_ACTIVITY + " must be an object of activity name to {fault: count}, but was " + byActivity);
    }
    Map<Activity, Map<String, Integer>> faults = new EnumMap<>(Activity.class);
    for (Map.Entry<?, ?> e : activities.entrySet()) {
      Activity activity;
      try {
        activity = Activity.valueOf(String.valueOf(e.getKey()).toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException ex) {
        throw bad(where, FAULTS_BY_ACTIVITY + " names an unknown activity \"" + e.getKey() + "\"");
      }
      faults.put(activity, counts(e.getValue(), FAULTS_BY_ACTIVITY + "." + e.getKey(), where));
    }
    DemoCassette cassette;
    try {
      cassette = new DemoCassette(source, request, faults);
    } catch (IllegalArgumentException ex) {
      throw bad(where, ex.getMessage());
    }
    Map<String, Integer> totals = counts(metadata.get(FAULTS), FAULTS, where);
    if (!totals.equals(cassette.faults())) {
      throw bad(where, FAULTS + " " + totals + " differ from the sum of " + FAULTS_BY_ACTIVITY + " " + cassette.faults());
    }
    return cassette;
  }

  private static String text(Map<String, Object> metadata, String key, String where) {
    Object v = metadata.get(key);
    if (!(v instanceof String s) || s.isBlank()) {
      throw bad(where, "metadata." + key + " must be a non-blank string, but was " + v);
    }
    return s;
  }

  private static Map<String, Integer> counts(Object value, String key, String where) {
    if (!(value instanceof Map<?, ?> map)) {
      throw bad(where, key + " must be an object of fault name to count, but was " + value);
    }
    Map<String, Integer> out = new TreeMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getValue() instanceof Integer n)) {
        throw bad(where, key + "." + e.getKey() + " must be a whole number, but was " + e.getValue());
      }
      out.put(String.valueOf(e.getKey()), n);
    }
    return out;
  }

  private static IllegalArgumentException bad(String where, String what) {
    return new IllegalArgumentException("demo cassette " + where + ": " + what);
  }
}
