package dev.spectra.orchestrator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.spectra.orchestrator.cost.Totals;
import dev.spectra.orchestrator.internal.Checks;
import dev.spectra.orchestrator.internal.Json;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a run did, returned even when a step failed: the outcome, the typed failure, every activity's
 * output so far, and usage and cost per activity, model and file. Serializes to JSON with
 * {@link #SCHEMA_VERSION}.
 *
 * @param schemaVersion the JSON schema version ({@link #SCHEMA_VERSION})
 * @param runId the run's id
 * @param outcome how the run ended
 * @param failure why it failed, or {@code null}
 * @param workspace absolute path of the workspace
 * @param activities each activity that ran, in order
 * @param plan the plan, or {@code null} when Plan failed
 * @param build what Build wrote, or {@code null}
 * @param test the test report, or {@code null}
 * @param deployment the deployment, or {@code null}
 * @param health the health report, or {@code null}
 * @param total all model calls
 * @param byActivity model calls per activity
 * @param byModel model calls per served model
 * @param byFile model calls per file
 * @param startedAt when the run began
 * @param finishedAt when it ended
 * @param request the request's text, or {@code null} when the run started from a given plan (build, resume)
 * @param repairs every reply the run repaired or re-prompted, in order (schema 2; empty in a version-1 report)
 * @param retries per model ({@code provider:model}), the HTTP attempts that failed transiently and were retried (schema
 *     2; empty in a version-1 report)
 * @param budgetOvershoot how far the usage providers reported went beyond what the budget had reserved for those calls
 *     (schema 3; {@link BudgetOvershoot#NONE} in older reports and whenever the estimates held)
 */
public record RunReport(
    int schemaVersion,
    String runId,
    Outcome outcome,
    Failure failure,
    String workspace,
    List<ActivityRecord> activities,
    ArchitecturePlan plan,
    BuildResult build,
    TestReport test,
    Deployment deployment,
    HealthReport health,
    Totals total,
    Map<Activity, Totals> byActivity,
    Map<String, Totals> byModel,
    Map<String, Totals> byFile,
    Instant startedAt,
    Instant finishedAt,
    String request,
    List<Repair> repairs,
    Map<String, Integer> retries,
    BudgetOvershoot budgetOvershoot) {

  /**
   * The version of this record's JSON form. Version 2 added {@code request}, {@code repairs}, {@code retries} and the
   * failure's {@code hints}; version 3 added {@code budgetOvershoot}. {@link #fromJson} still reads versions 1 and 2
   * (the fields they lack then empty).
   */
  public static final int SCHEMA_VERSION = 3;

  /** The oldest version {@link #fromJson} reads. */
  public static final int OLDEST_READABLE_VERSION = 1;

  /** How a run (or one activity) ended. */
  public enum Outcome {
    SUCCEEDED, FAILED, CANCELLED, SKIPPED
  }

  /**
   * Why a run failed.
   *
   * @param activity the activity that failed
   * @param type a stable kind: the exception's simple class name, or {@code BUDGET_EXCEEDED}, {@code WALL_TIME},
   *     {@code TESTS_FAILED}, {@code UNHEALTHY}
   * @param message what went wrong and what to do
   * @param hints the settings the message names as the thing to change (see {@link SettingHint}); empty when none
   */
  public record Failure(Activity activity, String type, String message, List<SettingHint> hints) {
    public Failure {
      Checks.notNull(activity, "activity");
      Checks.notBlank(type, "type");
      message = message == null ? "" : message;
      hints = hints == null ? List.of() : List.copyOf(hints);
    }

    /** A failure whose message names no setting. */
    public Failure(Activity activity, String type, String message) {
      this(activity, type, message, List.of());
    }
  }

  /**
   * One reply the run repaired ({@code LENIENT}, {@code CODE_UNWRAP}), re-prompted ({@code REPROMPT}: the reply was
   * unusable and the model was asked again) or generated again ({@code RETRY}), as {@link RunEvent.Repaired} said.
   *
   * @param activity the activity whose reply it was
   * @param file the file it was for, or empty
   * @param kind what was done
   * @param details the repairs made or the errors re-prompted with
   * @param at when
   */
  public record Repair(Activity activity, String file, RunEvent.Repaired.Kind kind, List<String> details, Instant at) {
    public Repair {
      Checks.notNull(activity, "activity");
      Checks.notNull(kind, "kind");
      file = file == null ? "" : file;
      details = details == null ? List.of() : List.copyOf(details);
    }

    /** The repair an event reports. */
    public static Repair of(RunEvent.Repaired e) {
      return new Repair(e.activity(), e.file(), e.kind(), e.repairs(), e.at());
    }
  }

  /**
   * What providers reported beyond the budget's reservations. A budget admits a call against an estimate of its input;
   * a provider that reports more (a tokenizer that counts differently, a proxy that adds a system prompt) pushes the
   * run past the estimate. The budget then admits no new call until the difference is settled and scales later
   * estimates, so the overshoot is bounded by the calls already in flight; this records how large it was.
   *
   * @param tokens tokens reported beyond the reservations, summed over the run's calls; 0 when the estimates held
   * @param usd the same in USD, where the model had a price; 0 otherwise
   */
  public record BudgetOvershoot(long tokens, BigDecimal usd) {
    /** No overshoot. */
    public static final BudgetOvershoot NONE = new BudgetOvershoot(0, BigDecimal.ZERO);

    public BudgetOvershoot {
      if (tokens < 0) {
        throw new IllegalArgumentException("tokens must be >= 0, but was " + tokens);
      }
      usd = usd == null ? BigDecimal.ZERO : usd;
      if (usd.signum() < 0) {
        throw new IllegalArgumentException("usd must be >= 0, but was " + usd.toPlainString());
      }
    }

    /** True when providers reported more than was reserved. */
    public boolean happened() {
      return tokens > 0 || usd.signum() > 0;
    }
  }

  /**
   * One activity's run.
   *
   * @param activity which
   * @param outcome how it ended
   * @param startedAt when it began
   * @param millis how long it took
   */
  public record ActivityRecord(Activity activity, Outcome outcome, Instant startedAt, long millis) {}

  public RunReport {
    if (schemaVersion < OLDEST_READABLE_VERSION || schemaVersion > SCHEMA_VERSION) {
      throw new IllegalArgumentException("schemaVersion must be within " + OLDEST_READABLE_VERSION + ".." + SCHEMA_VERSION
          + ", but was " + schemaVersion + "; read it with the library version that wrote it");
    }
    Checks.notBlank(runId, "runId");
    Checks.notNull(outcome, "outcome");
    activities = Checks.copy(activities, "activities");
    total = total == null ? Totals.ZERO : total;
    byActivity = Checks.copy(byActivity, "byActivity");
    byModel = Checks.copy(byModel, "byModel");
    byFile = Checks.copy(byFile, "byFile");
    repairs = repairs == null ? List.of() : List.copyOf(repairs);
    retries = retries == null ? Map.of() : Map.copyOf(retries);
    budgetOvershoot = budgetOvershoot == null ? BudgetOvershoot.NONE : budgetOvershoot;
  }

  /** A report without a budget overshoot: the components of schema version 2. */
  public RunReport(int schemaVersion, String runId, Outcome outcome, Failure failure, String workspace,
      List<ActivityRecord> activities, ArchitecturePlan plan, BuildResult build, TestReport test, Deployment deployment,
      HealthReport health, Totals total, Map<Activity, Totals> byActivity, Map<String, Totals> byModel,
      Map<String, Totals> byFile, Instant startedAt, Instant finishedAt, String request, List<Repair> repairs,
      Map<String, Integer> retries) {
    this(schemaVersion, runId, outcome, failure, workspace, activities, plan, build, test, deployment, health, total,
        byActivity, byModel, byFile, startedAt, finishedAt, request, repairs, retries, BudgetOvershoot.NONE);
  }

  /** True when the run succeeded. */
  public boolean succeeded() {
    return outcome == Outcome.SUCCEEDED;
  }

  /** The record of this activity, if it ran. */
  public Optional<ActivityRecord> activity(Activity activity) {
    return activities.stream().filter(a -> a.activity() == activity).findFirst();
  }

  /** This report as pretty-printed JSON. */
  public String toJson() {
    try {
      return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize run report " + runId, e);
    }
  }

  /**
   * Reads a report written by {@link #toJson()}.
   *
   * @throws IllegalArgumentException when the text is not a run report, or one of another schema version
   */
  public static RunReport fromJson(String json) {
    Checks.notNull(json, "json");
    JsonNode version;
    try {
      JsonNode root = Json.MAPPER.readTree(json);
      if (root == null || !root.isObject()) {
        throw new IllegalArgumentException("not a run report: expected a JSON object");
      }
      version = root.get("schemaVersion");
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a run report: invalid JSON: " + e.getOriginalMessage(), e);
    }
    if (version == null || !version.isIntegralNumber() || version.intValue() < OLDEST_READABLE_VERSION
        || version.intValue() > SCHEMA_VERSION) {
      throw new IllegalArgumentException("run report schemaVersion " + (version == null ? "is missing" : "is " + version)
          + ", but this library reads schema versions " + OLDEST_READABLE_VERSION + " to " + SCHEMA_VERSION
          + "; read it with the library version that wrote it");
    }
    try {
      // Read from the text, not the tree: the tree would have turned USD amounts into doubles.
      return Json.MAPPER.readValue(json, RunReport.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a run report (schema version " + SCHEMA_VERSION + "): " + e.getOriginalMessage(), e);
    }
  }
}
