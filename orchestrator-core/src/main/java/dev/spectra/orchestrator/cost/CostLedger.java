package dev.spectra.orchestrator.cost;

import dev.spectra.orchestrator.Activity;
import dev.spectra.orchestrator.internal.Checks;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every model call of a run, with exact totals per activity, model and file. Thread-safe: parallel file
 * generations record into one ledger, and the totals are exact (no lost updates, no rounding).
 */
public final class CostLedger {
  private final CostLedger parent;
  private final List<ModelCall> calls = new ArrayList<>();
  private Totals total = Totals.ZERO;
  private final Map<Activity, Totals> byActivity = new EnumMap<>(Activity.class);
  private final Map<String, Totals> byModel = new LinkedHashMap<>();
  private final Map<String, Totals> byFile = new LinkedHashMap<>();

  /** An empty ledger. */
  public CostLedger() {
    this(null);
  }

  private CostLedger(CostLedger parent) {
    this.parent = parent;
  }

  /**
   * A new, empty ledger that also records every call into this one. A step that must know what its own model calls
   * used (one file of a build) hands its calls a context with a child ledger and reads the child's totals, rather
   * than subtracting snapshots of the shared ledger that other steps record into at the same time.
   */
  public CostLedger child() {
    return new CostLedger(this);
  }

  /** Records one call (and records it in the parent ledger, for a {@linkplain #child() child}). */
  public void record(ModelCall call) {
    Checks.notNull(call, "call");
    synchronized (this) {
      calls.add(call);
      total = total.plus(call);
      if (call.activity() != null) {
        byActivity.merge(call.activity(), Totals.ZERO.plus(call), (a, b) -> a.plus(call));
      }
      byModel.merge(call.servedModel(), Totals.ZERO.plus(call), (a, b) -> a.plus(call));
      if (!call.file().isEmpty()) {
        byFile.merge(call.file(), Totals.ZERO.plus(call), (a, b) -> a.plus(call));
      }
    }
    if (parent != null) {
      parent.record(call);
    }
  }

  /** The totals over every recorded call. */
  public synchronized Totals total() {
    return total;
  }

  /** Totals per activity (calls made outside a run have none and are counted only in the other totals). */
  public synchronized Map<Activity, Totals> byActivity() {
    return Map.copyOf(byActivity);
  }

  /** Totals per served model name. */
  public synchronized Map<String, Totals> byModel() {
    return Map.copyOf(byModel);
  }

  /** Totals per file (calls made for a specific file). */
  public synchronized Map<String, Totals> byFile() {
    return Map.copyOf(byFile);
  }

  /** A snapshot of every call in recording order. */
  public synchronized List<ModelCall> calls() {
    return List.copyOf(calls);
  }
}
