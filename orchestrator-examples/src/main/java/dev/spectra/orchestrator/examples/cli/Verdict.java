package dev.spectra.orchestrator.examples.cli;

import dev.spectra.orchestrator.internal.Checks;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The answer to "which model should I use for these requests?". Models are ranked by runs succeeded, then by cost per
 * successful run, then by model-call latency (p50). A model wins on success only when its 95 % Wilson interval lies
 * above every other ranked model's; when intervals overlap the runs are too few to tell those models apart by success,
 * the verdict says so, and the leader among them is the one that costs least per successful run, else the fastest.
 *
 * <p>Synthetic sources ({@code chaos:} profiles) answer every request with the same canned service; they are ranked
 * only when nothing else was compared.
 *
 * @param leader the first model in the ranking, or {@code null} when no run was made
 * @param clear true when the leader's success interval lies above every other ranked model's
 * @param tied the ranked models whose success interval overlaps the leader's (the leader first); empty when clear
 * @param decidedBy what put the leader first: {@code success}, {@code cost per successful run} or {@code latency}
 *     (among the tied), or {@code nothing} (the leader is only the one with the higher success count); {@code null}
 *     when no run was made
 * @param text the verdict as a sentence or two
 */
record Verdict(String leader, boolean clear, List<String> tied, String decidedBy, String text) {
  /** What the page prints when intervals overlap. */
  public static final String TOO_FEW_RUNS = "Too few runs to tell";

  public Verdict {
    tied = Checks.copy(tied, "tied");
    Checks.notBlank(text, "text");
  }

  /** The verdict over these results (the order given breaks exact ties). */
  public static Verdict of(List<ComparisonResult> results) {
    Checks.copy(results, "results");
    List<ComparisonResult> ranked = new ArrayList<>(results.stream()
        .filter(r -> r.runs() > 0 && r.source() != SourceKind.SYNTHETIC).toList());
    String scope = "";
    if (ranked.isEmpty()) {
      ranked.addAll(results.stream().filter(r -> r.runs() > 0).toList());
      scope = " (only chaos sources were compared: this ranks repair robustness on a canned service, not the requests)";
    }
    if (ranked.isEmpty()) {
      return new Verdict(null, false, List.of(), null, "No run was made, so there is nothing to compare.");
    }
    ranked.sort(Comparator.comparing((ComparisonResult r) -> -r.runSuccess().rate())
        .thenComparing(ComparisonResult::costPerSuccessUsd, Comparator.nullsLast(Comparator.naturalOrder()))
        .thenComparing(ComparisonResult::latencyP50Millis, Comparator.nullsLast(Comparator.naturalOrder())));
    ComparisonResult best = ranked.get(0);
    if (ranked.size() == 1) {
      return new Verdict(best.model(), false, List.of(best.model()), "nothing",
          best.model() + " is the only model ranked" + scope + ": it succeeded in " + success(best)
              + ". Compare it with another model to choose.");
    }
    List<ComparisonResult> tied = ranked.stream().filter(r -> r.runSuccess().overlaps(best.runSuccess())).toList();
    if (tied.size() == 1) {
      ComparisonResult second = ranked.get(1);
      return new Verdict(best.model(), true, List.of(), "success",
          "Use " + best.model() + scope + ": it succeeded in " + success(best) + ", above the next best, "
              + second.model() + ", with " + success(second) + " (the 95 % intervals do not overlap).");
    }
    StringBuilder text = new StringBuilder(TOO_FEW_RUNS).append(' ')
        .append(String.join(", ", tied.stream().map(ComparisonResult::model).toList()))
        .append(" apart by success").append(scope).append(": their 95 % intervals overlap (");
    for (int i = 0; i < tied.size(); i++) {
      text.append(i == 0 ? "" : "; ").append(tied.get(i).model()).append(' ').append(success(tied.get(i)));
    }
    text.append("). ");
    List<ComparisonResult> order = new ArrayList<>(tied);
    order.sort(Comparator.comparing(ComparisonResult::costPerSuccessUsd, Comparator.nullsLast(Comparator.naturalOrder()))
        .thenComparing(ComparisonResult::latencyP50Millis, Comparator.nullsLast(Comparator.naturalOrder())));
    ComparisonResult leader = order.get(0);
    ComparisonResult next = order.get(1);
    String decidedBy = "nothing";
    Double leaderCost = leader.costPerSuccessUsd();
    Double nextCost = next.costPerSuccessUsd();
    Double leaderLatency = leader.latencyP50Millis();
    Double nextLatency = next.latencyP50Millis();
    if (leaderCost != null && (nextCost == null || leaderCost < nextCost)) {
      decidedBy = "cost per successful run";
      text.append("Of these, ").append(leader.model()).append(" costs least per successful run (").append(usd(leaderCost))
          .append(" against ").append(nextCost == null ? "an unknown cost" : usd(nextCost)).append(" for ")
          .append(next.model()).append("). ");
    } else if (leaderLatency != null && (nextLatency == null || leaderLatency < nextLatency)) {
      decidedBy = "latency";
      text.append("Of these, ").append(leader.model()).append(" answers fastest (p50 ")
          .append(String.format(Locale.ROOT, "%.0f ms", leaderLatency)).append(" against ")
          .append(nextLatency == null ? "n/a" : String.format(Locale.ROOT, "%.0f ms", nextLatency)).append(" for ")
          .append(next.model()).append("). ");
    } else {
      leader = best;
      text.append("Cost per successful run and latency do not separate them either. ");
    }
    text.append("More runs (--runs N) would narrow the intervals.");
    return new Verdict(leader.model(), false, tied.stream().map(ComparisonResult::model).toList(), decidedBy,
        text.toString());
  }

  /** {@code 4/6 (30-90 %)}: the count and its 95 % interval in percent. */
  static String success(ComparisonResult r) {
    return interval(r.runSuccess());
  }

  /** {@code 4/6 (30-90 %)}, or {@code n/a} when nothing was measured. */
  static String interval(Rate rate) {
    if (rate.total() == 0) {
      return "n/a";
    }
    return rate.count() + "/" + rate.total() + " (" + Math.round(rate.low() * 100) + "\u2013" + Math.round(rate.high() * 100)
        + " %)";
  }

  static String usd(double v) {
    return "$" + new BigDecimal(v).setScale(4, RoundingMode.HALF_UP).toPlainString();
  }
}
