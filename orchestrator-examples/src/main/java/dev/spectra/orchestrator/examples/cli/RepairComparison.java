package dev.spectra.orchestrator.examples.cli;

import dev.spectra.orchestrator.Activity;
import dev.spectra.orchestrator.RunReport;
import dev.spectra.orchestrator.internal.Checks;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The repairs a run performed next to the faults its cassette planted, fault by fault. Only the activities that ran
 * count: an activity that was skipped (Deploy without Python) made no model call, so its planted faults are listed
 * apart as not exercised.
 *
 * @param rows one row per fault name that was planted or repaired, sorted by name
 * @param notExercised planted faults of the activities that did not run, by activity
 */
record RepairComparison(List<Row> rows, Map<Activity, Map<String, Integer>> notExercised) {
  /** One fault: how many times the run repaired it, and how many the cassette planted. */
  public record Row(String fault, int performed, int planted) {
    public boolean matches() {
      return performed == planted;
    }
  }

  public RepairComparison {
    rows = Checks.copy(rows, "rows");
    notExercised = Collections.unmodifiableMap(new TreeMap<>(Checks.notNull(notExercised, "notExercised")));
  }

  /**
   * Compares what {@code tally} counted in a run with what {@code cassette} planted, for the activities that ran
   * (SUCCEEDED or FAILED) in {@code report}.
   */
  public static RepairComparison of(DemoCassette cassette, RepairTally tally, RunReport report) {
    Checks.notNull(cassette, "cassette");
    Checks.notNull(tally, "tally");
    Checks.notNull(report, "report");
    Set<Activity> ran = new TreeSet<>();
    for (RunReport.ActivityRecord r : report.activities()) {
      if (r.outcome() == RunReport.Outcome.SUCCEEDED || r.outcome() == RunReport.Outcome.FAILED) {
        ran.add(r.activity());
      }
    }
    return of(cassette.faultsByActivity(), tally.byActivity(), ran);
  }

  static RepairComparison of(Map<Activity, Map<String, Integer>> planted, Map<Activity, Map<String, Integer>> performed,
      Set<Activity> ran) {
    Map<String, int[]> byFault = new TreeMap<>();
    Map<Activity, Map<String, Integer>> notExercised = new TreeMap<>();
    planted.forEach((activity, faults) -> {
      if (ran.contains(activity)) {
        faults.forEach((name, n) -> byFault.computeIfAbsent(name, k -> new int[2])[1] += n);
      } else {
        notExercised.put(activity, faults);
      }
    });
    performed.forEach((activity, faults) ->
        faults.forEach((name, n) -> byFault.computeIfAbsent(name, k -> new int[2])[0] += n));
    List<Row> rows = new ArrayList<>();
    byFault.forEach((name, n) -> rows.add(new Row(name, n[0], n[1])));
    return new RepairComparison(rows, notExercised);
  }

  /** True when every fault was repaired exactly as often as it was planted. */
  public boolean matches() {
    return rows.stream().allMatch(Row::matches);
  }

  /** The rows that differ. */
  public List<Row> mismatches() {
    return rows.stream().filter(r -> !r.matches()).toList();
  }

  /** Repairs performed, all faults together. */
  public int performedTotal() {
    return rows.stream().mapToInt(Row::performed).sum();
  }
}
