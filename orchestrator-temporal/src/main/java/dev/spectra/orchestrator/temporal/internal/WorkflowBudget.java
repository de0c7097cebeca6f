package dev.spectra.orchestrator.temporal.internal;

import dev.spectra.orchestrator.SettingHint;
import dev.spectra.orchestrator.cost.BudgetExceededException;
import dev.spectra.orchestrator.temporal.internal.Messages.Limits;
import dev.spectra.orchestrator.temporal.internal.Messages.Spent;
import java.math.BigDecimal;
import java.util.List;

/**
 * A run's budget as workflow state: plain fields, no clock, no lock, so a replay rebuilds it exactly. The workflow
 * {@linkplain #reserve reserves} a file's worst case before it schedules the file, and {@linkplain #settle settles}
 * the reservation with what the file's activity reports; parallel files on any number of workers cannot overshoot
 * a limit while each stays within its worst case. Plan, Test, Deploy and Monitor are given {@link #remaining(Long)} and
 * {@linkplain #charge charged} what they report. Not thread-safe: the workflow thread owns it.
 */
public final class WorkflowBudget {
  private final BigDecimal maxUsd;
  private final Long maxTokens;
  private final Long maxCalls;
  private BigDecimal spentUsd = BigDecimal.ZERO;
  private BigDecimal reservedUsd = BigDecimal.ZERO;
  private long spentTokens;
  private long reservedTokens;
  private long spentCalls;
  private long reservedCalls;
  private long overshootTokens;

  public WorkflowBudget(Limits limits) {
    this.maxUsd = limits.maxUsd() == null ? null : new BigDecimal(limits.maxUsd());
    this.maxTokens = limits.maxTokens();
    this.maxCalls = limits.maxCalls();
  }

  /** A held worst case, until settled. */
  public static final class Hold {
    private final Spent worst;
    private boolean open = true;

    private Hold(Spent worst) {
      this.worst = worst;
    }
  }

  /**
   * Holds {@code worst} for one file.
   *
   * @throws BudgetExceededException when spent + held + {@code worst} would pass a limit
   */
  public Hold reserve(Spent worst) {
    BigDecimal usd = new BigDecimal(worst.usd());
    if (maxCalls != null && spentCalls + reservedCalls + worst.calls() > maxCalls) {
      throw new BudgetExceededException(BudgetExceededException.Limit.CALLS, "call budget of " + maxCalls
          + " model calls is used up (" + spentCalls + " made, " + reservedCalls + " held for files in flight, the next"
          + " file may take " + worst.calls() + "); raise Budget.Builder.maxCalls to continue",
          List.of(new SettingHint(SettingHint.BUDGET_MAX_CALLS, "Budget.Builder.maxCalls", maxCalls.toString())));
    }
    if (maxTokens != null && spentTokens + reservedTokens + worst.tokens() > maxTokens) {
      throw new BudgetExceededException(BudgetExceededException.Limit.TOKENS, "token budget of " + maxTokens
          + " would be exceeded: " + spentTokens + " spent, " + reservedTokens + " held for files in flight, the next"
          + " file may take " + worst.tokens() + overshootNote() + "; raise Budget.Builder.maxTokens to continue",
          List.of(new SettingHint(SettingHint.BUDGET_MAX_TOKENS, "Budget.Builder.maxTokens", maxTokens.toString())));
    }
    if (maxUsd != null && spentUsd.add(reservedUsd).add(usd).compareTo(maxUsd) > 0) {
      throw new BudgetExceededException(BudgetExceededException.Limit.USD, "USD budget of $" + maxUsd.toPlainString()
          + " would be exceeded: $" + spentUsd.toPlainString() + " spent, $" + reservedUsd.toPlainString()
          + " held for files in flight, the next file may cost up to $" + usd.toPlainString() + overshootNote()
          + "; raise Budget.Builder.maxUsd to continue",
          List.of(new SettingHint(SettingHint.BUDGET_MAX_USD, "Budget.Builder.maxUsd", maxUsd.toPlainString())));
    }
    reservedCalls += worst.calls();
    reservedTokens += worst.tokens();
    reservedUsd = reservedUsd.add(usd);
    return new Hold(worst);
  }

  /** Replaces {@code hold} with what the file really spent (also when it failed). */
  public void settle(Hold hold, Spent actual) {
    if (!hold.open) {
      throw new IllegalStateException("this reservation was already settled");
    }
    hold.open = false;
    reservedCalls -= hold.worst.calls();
    reservedTokens -= hold.worst.tokens();
    reservedUsd = reservedUsd.subtract(new BigDecimal(hold.worst.usd()));
    overshootTokens += Math.max(0, actual.tokens() - hold.worst.tokens());
    charge(actual);
  }

  /** Adds what an unreserved step (Plan, Test, Deploy, Monitor) spent. */
  public void charge(Spent actual) {
    spentCalls += actual.calls();
    spentTokens += actual.tokens();
    spentUsd = spentUsd.add(new BigDecimal(actual.usd()));
  }

  /** What a step may still spend: each limit less what was spent and what is held. Call only when {@link #usedUpFailure()} is empty. */
  public Limits remaining(Long maxWallTimeMillis) {
    return new Limits(maxUsd == null ? null : maxUsd.subtract(spentUsd).subtract(reservedUsd).toPlainString(),
        maxTokens == null ? null : maxTokens - spentTokens - reservedTokens,
        maxCalls == null ? null : maxCalls - spentCalls - reservedCalls, maxWallTimeMillis);
  }

  /**
   * The failure of a step that would start with a limit used up (it could not make a single call).
   *
   * @return empty while every limit has room
   */
  public java.util.Optional<BudgetExceededException> usedUpFailure() {
    if (maxCalls != null && spentCalls + reservedCalls >= maxCalls) {
      return java.util.Optional.of(new BudgetExceededException(BudgetExceededException.Limit.CALLS, "call budget of "
          + maxCalls + " model calls is used up (" + spentCalls + " made); raise Budget.Builder.maxCalls to continue",
          List.of(new SettingHint(SettingHint.BUDGET_MAX_CALLS, "Budget.Builder.maxCalls", maxCalls.toString()))));
    }
    if (maxTokens != null && spentTokens + reservedTokens >= maxTokens) {
      return java.util.Optional.of(new BudgetExceededException(BudgetExceededException.Limit.TOKENS, "token budget of "
          + maxTokens + " is used up (" + spentTokens + " spent); raise Budget.Builder.maxTokens to continue",
          List.of(new SettingHint(SettingHint.BUDGET_MAX_TOKENS, "Budget.Builder.maxTokens", maxTokens.toString()))));
    }
    if (maxUsd != null && spentUsd.add(reservedUsd).compareTo(maxUsd) >= 0) {
      return java.util.Optional.of(new BudgetExceededException(BudgetExceededException.Limit.USD, "USD budget of $"
          + maxUsd.toPlainString() + " is used up ($" + spentUsd.toPlainString() + " spent); raise Budget.Builder.maxUsd"
          + " to continue", List.of(new SettingHint(SettingHint.BUDGET_MAX_USD, "Budget.Builder.maxUsd", maxUsd.toPlainString()))));
    }
    return java.util.Optional.empty();
  }

  /** Calls spent so far. */
  public long spentCalls() {
    return spentCalls;
  }

  /** Tokens spent so far. */
  public long spentTokens() {
    return spentTokens;
  }

  /** Calls held for files in flight. */
  public long reservedCalls() {
    return reservedCalls;
  }

  /** Tokens files used beyond their reservation (their input estimate was too low); 0 while it held. */
  public long overshootTokens() {
    return overshootTokens;
  }

  private String overshootNote() {
    return overshootTokens == 0 ? "" : " (files used " + overshootTokens + " tokens more than was reserved for them)";
  }
}
