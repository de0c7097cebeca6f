package dev.spectra.orchestrator.examples.cli;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.spectra.orchestrator.Activity;
import dev.spectra.orchestrator.InvalidPlanException;
import dev.spectra.orchestrator.QualityReport;
import dev.spectra.orchestrator.RunEvent;
import dev.spectra.orchestrator.RunReport;
import dev.spectra.orchestrator.TestReport;
import dev.spectra.orchestrator.Usage;
import dev.spectra.orchestrator.cost.Cost;
import dev.spectra.orchestrator.internal.Checks;
import dev.spectra.orchestrator.json.ModelOutputException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One model's figures over every request and run of a comparison. The typed reply measured for well-formedness is
 * the plan (the reply the seed's Python orchestrator failed on when models wrapped JSON in markdown).
 *
 * @param model the model as given, e.g. {@code openai:gpt-4o-mini} or {@code chaos:small-local}
 * @param source where its replies came from
 * @param runs how many runs were made (requests times runs per request)
 * @param runsSucceeded runs whose outcome was SUCCEEDED
 * @param wellFormedStrict plans valid and validating on the first reply, with no repair at all
 * @param wellFormedLenient plans accepted from the first reply after lenient extraction (ModelJson), without a re-prompt
 * @param successAfterRepair plans obtained at all, re-prompts included
 * @param testsPassed generated tests passed out of tests run (runs whose Test step was skipped count nothing)
 * @param qualityScore the mean SPECTRA quality score (0 to 100), or {@code null} when no run was graded
 * @param qualityGrade the grade of the median graded run, or {@code null}
 * @param tokens tokens over all runs
 * @param cost cost over all runs (unknown when a model has no price)
 * @param latencyP50Millis median latency of one model call, or {@code null} (n/a) when not live or no call was made
 * @param latencyP95Millis 95th percentile latency of one model call, or {@code null} (n/a)
 * @param repairs repaired replies by kind (LENIENT, REPROMPT, CODE_UNWRAP, RETRY), over all activities
 * @param failures failed runs by failure type
 * @param perRequest runs succeeded out of runs made, per request (in suite order)
 * @param note what this source's figures measure when it is not a plain model (e.g. a chaos profile over a canned
 *     service), or {@code null}
 */
@JsonIgnoreProperties(value = {"runSuccess", "tokensPerRun", "costPerRunUsd", "costPerSuccessUsd"}, allowGetters = true)
record ComparisonResult(
    String model,
    SourceKind source,
    int runs,
    int runsSucceeded,
    Rate wellFormedStrict,
    Rate wellFormedLenient,
    Rate successAfterRepair,
    Rate testsPassed,
    Double qualityScore,
    String qualityGrade,
    Usage tokens,
    Cost cost,
    Double latencyP50Millis,
    Double latencyP95Millis,
    Map<String, Integer> repairs,
    Map<String, Integer> failures,
    List<Rate> perRequest,
    String note) {

  public ComparisonResult {
    Checks.notBlank(model, "model");
    Checks.notNull(source, "source");
    Checks.nonNegative(runs, "runs");
    if (runsSucceeded < 0 || runsSucceeded > runs) {
      throw new IllegalArgumentException("runsSucceeded must be within 0.." + runs + ", but was " + runsSucceeded);
    }
    Checks.notNull(wellFormedStrict, "wellFormedStrict");
    Checks.notNull(wellFormedLenient, "wellFormedLenient");
    Checks.notNull(successAfterRepair, "successAfterRepair");
    Checks.notNull(testsPassed, "testsPassed");
    tokens = tokens == null ? Usage.ZERO : tokens;
    cost = cost == null ? Cost.ZERO : cost;
    repairs = Map.copyOf(repairs == null ? Map.of() : repairs);
    failures = Map.copyOf(failures == null ? Map.of() : failures);
    perRequest = List.copyOf(perRequest == null ? List.of() : perRequest);
  }

  /**
   * Failure types of the Plan step that mean "the model's reply could not be turned into a plan": the repair ladder
   * gave up, or the plan it gave cannot be built. Other Plan failures (a bad key, a network error) say nothing about
   * well-formedness and are left out of the well-formed figures.
   */
  public static final Set<String> PLAN_OUTPUT_FAILURES = Set.of(
      ModelOutputException.class.getSimpleName(), InvalidPlanException.class.getSimpleName());

  /** The figures of one model over its observed runs, with no note; the requests are those the runs name. */
  public static ComparisonResult of(String model, SourceKind source, List<RunObservation> observations) {
    int requests = observations.stream().mapToInt(o -> o.requestIndex() + 1).max().orElse(0);
    return of(model, source, null, requests, observations);
  }

  /**
   * The figures of one model over its observed runs of a suite of {@code requests} requests.
   *
   * @param note what the figures measure when the source is not a plain model, or {@code null}
   */
  public static ComparisonResult of(String model, SourceKind source, String note, int requests,
      List<RunObservation> observations) {
    Checks.copy(observations, "observations");
    int[] perRequestRuns = new int[requests];
    int[] perRequestSucceeded = new int[requests];
    int succeeded = 0;
    int planAttempted = 0;
    int planStrict = 0;
    int planLenient = 0;
    int planObtained = 0;
    int testsPassed = 0;
    int testsRun = 0;
    List<QualityReport> graded = new ArrayList<>();
    Usage tokens = Usage.ZERO;
    Cost cost = Cost.ZERO;
    List<Duration> latencies = new ArrayList<>();
    Map<String, Integer> repairs = new TreeMap<>();
    Map<String, Integer> failures = new TreeMap<>();
    for (RunObservation o : observations) {
      RunReport r = o.report();
      if (o.requestIndex() >= requests) {
        throw new IllegalArgumentException("run of request " + (o.requestIndex() + 1) + " in a suite of " + requests);
      }
      perRequestRuns[o.requestIndex()]++;
      if (r.succeeded()) {
        succeeded++;
        perRequestSucceeded[o.requestIndex()]++;
      }
      RunReport.Failure f = r.failure();
      if (f != null) {
        failures.merge(f.type(), 1, Integer::sum);
      }
      boolean planFailed = f != null && f.activity() == Activity.PLAN;
      boolean obtained = r.plan() != null && !planFailed;
      if (obtained || (planFailed && PLAN_OUTPUT_FAILURES.contains(f.type()))) {
        planAttempted++;
      }
      if (obtained) {
        planObtained++;
        boolean reprompted = o.repairs().stream().anyMatch(e -> e.activity() == Activity.PLAN && e.kind() == RunEvent.Repaired.Kind.REPROMPT);
        boolean repaired = o.repairs().stream().anyMatch(e -> e.activity() == Activity.PLAN && e.kind() != RunEvent.Repaired.Kind.RETRY);
        planLenient += reprompted ? 0 : 1;
        planStrict += repaired ? 0 : 1;
      }
      o.repairs().forEach(e -> repairs.merge(e.kind().name(), 1, Integer::sum));
      TestReport test = r.test();
      if (test != null && test.status() != TestReport.Status.SKIPPED) {
        long passed = test.count(TestReport.Outcome.PASSED);
        testsPassed += (int) passed;
        testsRun += (int) (passed + test.count(TestReport.Outcome.FAILED) + test.count(TestReport.Outcome.ERROR));
        if (test.quality() != null) {
          graded.add(test.quality());
        }
      }
      tokens = tokens.plus(r.total().usage());
      cost = cost.plus(r.total().cost());
      latencies.addAll(o.callLatencies());
    }
    Double qualityScore = graded.isEmpty() ? null : graded.stream().mapToDouble(QualityReport::score).average().orElseThrow();
    String qualityGrade = null;
    if (!graded.isEmpty()) {
      graded.sort(Comparator.comparingDouble(QualityReport::score));
      qualityGrade = graded.get((graded.size() - 1) / 2).grade();
    }
    boolean timed = source == SourceKind.LIVE && !latencies.isEmpty();
    List<Rate> perRequest = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      perRequest.add(new Rate(perRequestSucceeded[i], perRequestRuns[i]));
    }
    return new ComparisonResult(model, source, observations.size(), succeeded,
        new Rate(planStrict, planAttempted), new Rate(planLenient, planAttempted), new Rate(planObtained, planAttempted),
        new Rate(testsPassed, testsRun), qualityScore, qualityGrade, tokens, cost,
        timed ? percentileMillis(latencies, 50) : null, timed ? percentileMillis(latencies, 95) : null, repairs, failures,
        perRequest, note);
  }

  /** The nearest-rank percentile of the durations, in milliseconds. */
  static double percentileMillis(List<Duration> durations, int percentile) {
    if (durations.isEmpty()) {
      throw new IllegalArgumentException("durations must not be empty");
    }
    if (percentile <= 0 || percentile > 100) {
      throw new IllegalArgumentException("percentile must be within 1..100, but was " + percentile);
    }
    List<Duration> sorted = new ArrayList<>(durations);
    sorted.sort(Comparator.naturalOrder());
    int rank = (int) Math.ceil(percentile / 100.0 * sorted.size());
    return sorted.get(rank - 1).toNanos() / 1_000_000.0;
  }

  /** Runs succeeded out of runs made. */
  @JsonProperty("runSuccess")
  public Rate runSuccess() {
    return new Rate(runsSucceeded, runs);
  }

  /** Mean input plus output tokens per run, or {@code null} when no run was made. */
  @JsonProperty("tokensPerRun")
  public Double tokensPerRun() {
    return runs == 0 ? null : (double) tokens.totalTokens() / runs;
  }

  /** Mean USD per run, or {@code null} (n/a) when no run was made or some price was unknown. */
  @JsonProperty("costPerRunUsd")
  public Double costPerRunUsd() {
    if (runs == 0 || !cost.complete()) {
      return null;
    }
    return cost.knownUsd().divide(BigDecimal.valueOf(runs), MathContext.DECIMAL64).doubleValue();
  }

  /**
   * USD spent over all runs divided by the runs that succeeded: what one working service costs, failed attempts
   * included. {@code null} (n/a) when no run succeeded or some price was unknown.
   */
  @JsonProperty("costPerSuccessUsd")
  public Double costPerSuccessUsd() {
    if (runsSucceeded == 0 || !cost.complete()) {
      return null;
    }
    return cost.knownUsd().divide(BigDecimal.valueOf(runsSucceeded), MathContext.DECIMAL64).doubleValue();
  }
}
