package dev.spectra.orchestrator.cost;

import dev.spectra.orchestrator.SettingHint;
import dev.spectra.orchestrator.internal.Checks;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Limits on what one run may spend: USD, tokens, model calls and wall time. An immutable value; each run gets
 * its own {@link BudgetAccount} that enforces it.
 *
 * <pre>{@code
 * Budget budget = Budget.builder().maxUsd("0.50").maxCalls(200).maxWallTime(Duration.ofMinutes(10)).build();
 * }</pre>
 */
public final class Budget {
  private static final Budget UNLIMITED = new Builder().build();

  private final BigDecimal maxUsd;
  private final Long maxTokens;
  private final Long maxCalls;
  private final Duration maxWallTime;

  private Budget(Builder b) {
    this.maxUsd = b.maxUsd;
    this.maxTokens = b.maxTokens;
    this.maxCalls = b.maxCalls;
    this.maxWallTime = b.maxWallTime;
  }

  /** No limits. */
  public static Budget unlimited() {
    return UNLIMITED;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Optional<BigDecimal> maxUsd() {
    return Optional.ofNullable(maxUsd);
  }

  public Optional<Long> maxTokens() {
    return Optional.ofNullable(maxTokens);
  }

  public Optional<Long> maxCalls() {
    return Optional.ofNullable(maxCalls);
  }

  public Optional<Duration> maxWallTime() {
    return Optional.ofNullable(maxWallTime);
  }

  /**
   * Fails when a USD limit is set and {@code providerModel} has no price: such a budget could not be enforced.
   *
   * @throws IllegalStateException naming the model and the fix; its cause is the {@link BudgetExceededException}
   *     (limit USD) whose {@link BudgetExceededException#hints() hints} name the price to add and the other budgets
   */
  public void requirePriced(String providerModel, PriceTable prices) {
    if (maxUsd != null && prices.lookup(providerModel).isEmpty()) {
      BudgetExceededException e = unpriced(providerModel);
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** The failure of a USD budget over a model without a price. */
  static BudgetExceededException unpriced(String providerModel) {
    return new BudgetExceededException(BudgetExceededException.Limit.USD,
        "a USD budget is set but model " + providerModel + " has no known price, so the budget cannot be enforced;"
            + " give the model a price with PriceTable.Builder.put, or use Budget.Builder.maxTokens or"
            + " Budget.Builder.maxCalls instead of Budget.Builder.maxUsd",
        List.of(new SettingHint(SettingHint.PRICE, "PriceTable.Builder.put", providerModel),
            SettingHint.of(SettingHint.BUDGET_MAX_TOKENS, "Budget.Builder.maxTokens"),
            SettingHint.of(SettingHint.BUDGET_MAX_CALLS, "Budget.Builder.maxCalls"),
            SettingHint.of(SettingHint.BUDGET_MAX_USD, "Budget.Builder.maxUsd")));
  }

  @Override
  public String toString() {
    return "Budget{maxUsd=" + maxUsd + ", maxTokens=" + maxTokens + ", maxCalls=" + maxCalls + ", maxWallTime=" + maxWallTime + "}";
  }

  /** Builds a {@link Budget}; every limit is optional. */
  public static final class Builder {
    private BigDecimal maxUsd;
    private Long maxTokens;
    private Long maxCalls;
    private Duration maxWallTime;

    private Builder() {}

    public Builder maxUsd(BigDecimal usd) {
      Checks.notNull(usd, "usd");
      if (usd.signum() <= 0) {
        throw new IllegalArgumentException("maxUsd must be > 0, but was " + usd.toPlainString());
      }
      this.maxUsd = usd;
      return this;
    }

    public Builder maxUsd(String usd) {
      return maxUsd(new BigDecimal(Checks.notBlank(usd, "usd")));
    }

    public Builder maxTokens(long tokens) {
      this.maxTokens = Checks.positive(tokens, "maxTokens");
      return this;
    }

    public Builder maxCalls(long calls) {
      this.maxCalls = Checks.positive(calls, "maxCalls");
      return this;
    }

    public Builder maxWallTime(Duration wallTime) {
      Checks.notNull(wallTime, "wallTime");
      this.maxWallTime = Checks.positive(wallTime, "maxWallTime");
      return this;
    }

    public Budget build() {
      return new Budget(this);
    }
  }
}
