package dev.spectra.orchestrator.examples.cli;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.spectra.orchestrator.internal.Checks;
import dev.spectra.orchestrator.internal.Json;
import java.time.Instant;
import java.util.List;

/**
 * The whole comparison, as written to {@code results.json}; {@link ReportHtml} renders it.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION}
 * @param createdAt when the comparison finished
 * @param suite the request suite's file name
 * @param requests the requests, in suite order
 * @param runsPerRequest runs of each request per model
 * @param results one entry per model, in the order given
 * @param runs one row per run
 * @see Verdict
 */
@JsonIgnoreProperties(value = "verdict", allowGetters = true)
record ComparisonReport(int schemaVersion, Instant createdAt, String suite, List<String> requests,
    int runsPerRequest, List<ComparisonResult> results, List<RunSummary> runs) {
  /** The version of the results.json format. */
  public static final int SCHEMA_VERSION = 2;

  public ComparisonReport {
    if (schemaVersion != SCHEMA_VERSION) {
      throw new IllegalArgumentException("schemaVersion must be " + SCHEMA_VERSION + ", but was " + schemaVersion);
    }
    Checks.notNull(createdAt, "createdAt");
    suite = suite == null ? "" : suite;
    requests = Checks.copy(requests, "requests");
    Checks.positive(runsPerRequest, "runsPerRequest");
    results = Checks.copy(results, "results");
    runs = Checks.copy(runs, "runs");
  }

  /** Which model to use, derived from {@link #results()} (written to results.json, ignored when read back). */
  @JsonProperty("verdict")
  public Verdict verdict() {
    return Verdict.of(results);
  }

  /** This report as pretty-printed JSON (the content of results.json). */
  public String toJson() {
    try {
      return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize the comparison: " + e.getOriginalMessage(), e);
    }
  }

  /** Reads a report written by {@link #toJson()}. */
  public static ComparisonReport fromJson(String json) {
    try {
      return Json.MAPPER.readValue(json, ComparisonReport.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a comparison results.json (schema " + SCHEMA_VERSION + "): "
          + e.getOriginalMessage(), e);
    }
  }
}
