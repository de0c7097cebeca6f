package dev.spectra.orchestrator.cost;

import dev.spectra.orchestrator.SettingHint;
import dev.spectra.orchestrator.Usage;
import dev.spectra.orchestrator.internal.Checks;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Enforces a {@link Budget} for one run. Before a model call its worst case (estimated input plus the output
 * limit) is {@linkplain #reserve reserved} atomically; after it the reservation is {@linkplain Reservation#settle
 * settled} with the real usage. While the estimates hold, parallel calls cannot overshoot a limit.
 *
 * <p>When a provider reports more than was reserved (the input estimate was too low), the excess is recorded
 * ({@link #overshootTokens()}, {@link #overshootUsd()}) and every later decision scales that model's input estimates
 * by the worst ratio seen, for the new call and for the calls still in flight alike: a new call is admitted only if
 * the limit holds even when every call in flight turns out as wrong as the worst one so far. A limit can then be
 * exceeded only by what the calls already in flight when the estimate first proved wrong used beyond their
 * reservations (at most the concurrency times one call's excess), and by a later call whose input grew beyond even
 * the corrected estimate.
 *
 * <pre>{@code
 * try (BudgetAccount.Reservation r = account.reserve("openai:gpt-4o-mini", promptTokens, maxOutputTokens)) {
 *   ChatResponse response = model.chat(request);
 *   r.settle(usageOf(response));
 * }
 * }</pre>
 */
public final class BudgetAccount {
  private final Budget budget;
  private final PriceTable prices;
  private final Clock clock;
  private final Instant started;

  // Guarded by this.
  private BigDecimal spentUsd = BigDecimal.ZERO;
  private BigDecimal reservedUsd = BigDecimal.ZERO;
  private long spentTokens;
  private long reservedTokens;
  private long spentCalls;
  private long reservedCalls;
  private long overshootTokens;
  private BigDecimal overshootUsd = BigDecimal.ZERO;
  /** The reservations not yet settled or released. */
  private final java.util.Set<Reservation> open = new java.util.LinkedHashSet<>();
  /** Worst ratio of reported to estimated input per model; the estimate of later reservations is scaled by it. */
  private final java.util.Map<String, Double> inputFactor = new java.util.HashMap<>();

  public BudgetAccount(Budget budget, PriceTable prices, Clock clock) {
    this.budget = Checks.notNull(budget, "budget");
    this.prices = Checks.notNull(prices, "prices");
    this.clock = Checks.notNull(clock, "clock");
    this.started = clock.instant();
  }

  /** An account with no limits. */
  public static BudgetAccount unlimited() {
    return new BudgetAccount(Budget.unlimited(), PriceTable.defaults(), Clock.systemUTC());
  }

  public Budget budget() {
    return budget;
  }

  public PriceTable prices() {
    return prices;
  }

  /**
   * Reserves the worst case of one call.
   *
   * @throws BudgetExceededException when the call could go over a limit, or the wall time is over
   */
  public Reservation reserve(String providerModel, long estimatedInputTokens, long maxOutputTokens) {
    Checks.nonNegative(estimatedInputTokens, "estimatedInputTokens");
    Checks.nonNegative(maxOutputTokens, "maxOutputTokens");
    checkWallTime();
    synchronized (this) {
      long input = (long) Math.ceil(estimatedInputTokens * inputFactor.getOrDefault(providerModel, 1.0));
      long tokens = Math.addExact(input, maxOutputTokens);
      BigDecimal usd = BigDecimal.ZERO;
      if (budget.maxUsd().isPresent()) {
        Price price = prices.lookup(providerModel).orElseThrow(() -> Budget.unpriced(providerModel));
        usd = price.cost(Usage.of(input, maxOutputTokens));
      }
      if (budget.maxCalls().isPresent() && spentCalls + reservedCalls + 1 > budget.maxCalls().get()) {
        throw new BudgetExceededException(BudgetExceededException.Limit.CALLS,
            "call budget of " + budget.maxCalls().get() + " model calls is used up (" + spentCalls + " made, "
                + reservedCalls + " in flight); raise Budget.Builder.maxCalls to continue",
            List.of(new SettingHint(SettingHint.BUDGET_MAX_CALLS, "Budget.Builder.maxCalls", budget.maxCalls().get().toString())));
      }
      long inFlightTokens = inFlightTokens();
      BigDecimal inFlightUsd = inFlightUsd();
      if (budget.maxTokens().isPresent() && spentTokens + inFlightTokens + tokens > budget.maxTokens().get()) {
        throw new BudgetExceededException(BudgetExceededException.Limit.TOKENS,
            "token budget of " + budget.maxTokens().get() + " would be exceeded: " + spentTokens + " spent, "
                + inFlightTokens + " reserved, this call may take " + tokens + overshootNote()
                + "; raise Budget.Builder.maxTokens to continue",
            List.of(new SettingHint(SettingHint.BUDGET_MAX_TOKENS, "Budget.Builder.maxTokens", budget.maxTokens().get().toString())));
      }
      if (budget.maxUsd().isPresent() && spentUsd.add(inFlightUsd).add(usd).compareTo(budget.maxUsd().get()) > 0) {
        throw new BudgetExceededException(BudgetExceededException.Limit.USD,
            "USD budget of $" + budget.maxUsd().get().toPlainString() + " would be exceeded: $" + spentUsd.toPlainString()
                + " spent, $" + inFlightUsd.toPlainString() + " reserved, this call may cost up to $"
                + usd.toPlainString() + overshootNote() + "; raise Budget.Builder.maxUsd to continue",
            List.of(new SettingHint(SettingHint.BUDGET_MAX_USD, "Budget.Builder.maxUsd", budget.maxUsd().get().toPlainString())));
      }
      reservedCalls++;
      reservedTokens += tokens;
      reservedUsd = reservedUsd.add(usd);
      Reservation r = new Reservation(providerModel, estimatedInputTokens, maxOutputTokens, input, tokens, usd);
      open.add(r);
      return r;
    }
  }

  /** The calls in flight, each at least its reservation, scaled by its model's worst input ratio seen since. */
  private long inFlightTokens() {
    long sum = 0;
    for (Reservation r : open) {
      sum += Math.max(r.tokens, (long) Math.ceil(r.estimatedInput * inputFactor.getOrDefault(r.providerModel, 1.0)) + r.maxOutput);
    }
    return sum;
  }

  private BigDecimal inFlightUsd() {
    BigDecimal sum = BigDecimal.ZERO;
    for (Reservation r : open) {
      BigDecimal scaled = r.usd;
      double factor = inputFactor.getOrDefault(r.providerModel, 1.0);
      if (factor > 1.0) {
        BigDecimal worst = prices.lookup(r.providerModel)
            .map(p -> p.cost(Usage.of((long) Math.ceil(r.estimatedInput * factor), r.maxOutput))).orElse(BigDecimal.ZERO);
        scaled = scaled.max(worst);
      }
      sum = sum.add(scaled);
    }
    return sum;
  }

  private String overshootNote() {
    return overshootTokens == 0 ? "" : " (providers reported " + overshootTokens + " tokens"
        + (overshootUsd.signum() > 0 ? ", $" + overshootUsd.toPlainString() + "," : "") + " more than was reserved)";
  }

  /** Tokens that settled calls used beyond their reservations (the input estimate was too low); 0 while it held. */
  public synchronized long overshootTokens() {
    return overshootTokens;
  }

  /** USD that settled calls cost beyond their reservations. */
  public synchronized BigDecimal overshootUsd() {
    return overshootUsd;
  }

  /** Throws when the budget's wall time is over. */
  public void checkWallTime() {
    if (budget.maxWallTime().isPresent()) {
      Duration elapsed = Duration.between(started, clock.instant());
      if (elapsed.compareTo(budget.maxWallTime().get()) > 0) {
        throw new BudgetExceededException(BudgetExceededException.Limit.WALL_TIME,
            "wall-time budget of " + budget.maxWallTime().get() + " is over (" + elapsed + " elapsed); raise Budget.Builder.maxWallTime to continue",
            List.of(new SettingHint(SettingHint.BUDGET_MAX_WALL_TIME, "Budget.Builder.maxWallTime", budget.maxWallTime().get().toString())));
      }
    }
  }

  /** Time left before the wall-time limit, or {@code null} when there is none. */
  public Duration remainingWallTime() {
    return budget.maxWallTime().map(max -> max.minus(Duration.between(started, clock.instant()))).orElse(null);
  }

  /** USD settled so far (known prices only). */
  public synchronized BigDecimal spentUsd() {
    return spentUsd;
  }

  /** Tokens settled so far. */
  public synchronized long spentTokens() {
    return spentTokens;
  }

  /** Calls settled so far. */
  public synchronized long spentCalls() {
    return spentCalls;
  }

  /** The worst case of one call, held until settled or released. Closing an unsettled one releases it. */
  public final class Reservation implements AutoCloseable {
    private final String providerModel;
    private final long estimatedInput;
    private final long maxOutput;
    private final long input;
    private final long tokens;
    private final BigDecimal usd;
    private boolean open = true;

    private Reservation(String providerModel, long estimatedInput, long maxOutput, long input, long tokens, BigDecimal usd) {
      this.providerModel = providerModel;
      this.estimatedInput = estimatedInput;
      this.maxOutput = maxOutput;
      this.input = input;
      this.tokens = tokens;
      this.usd = usd;
    }

    /**
     * Replaces the reservation with what the call really used. The call counts even if it used more than
     * estimated; the next reservation then sees it.
     *
     * @param servedModel the model name the provider reported (for pricing dated names), or {@code null}
     */
    public void settle(Usage actual, String servedModel) {
      Checks.notNull(actual, "actual");
      String model = servedModel == null || servedModel.isBlank() ? providerModel : qualify(servedModel);
      BigDecimal cost = prices.lookup(model).or(() -> prices.lookup(providerModel))
          .map(p -> p.cost(actual)).orElse(BigDecimal.ZERO);
      synchronized (BudgetAccount.this) {
        if (!open) {
          throw new IllegalStateException("reservation for " + providerModel + " was already settled or released");
        }
        open = false;
        BudgetAccount.this.open.remove(this);
        reservedCalls--;
        reservedTokens -= tokens;
        reservedUsd = reservedUsd.subtract(usd);
        spentCalls++;
        spentTokens += actual.totalTokens();
        spentUsd = spentUsd.add(cost);
        long excess = actual.totalTokens() - tokens;
        // without a USD limit nothing was reserved in USD, so a call's cost is no overshoot
        BigDecimal excessUsd = budget.maxUsd().isPresent() ? cost.subtract(usd) : BigDecimal.ZERO;
        if (excess > 0 || excessUsd.signum() > 0) {
          overshootTokens += Math.max(0, excess);
          overshootUsd = overshootUsd.add(excessUsd.max(BigDecimal.ZERO));
          if (estimatedInput > 0 && actual.inputTokens() > input) {
            inputFactor.merge(providerModel, (double) actual.inputTokens() / estimatedInput, Math::max);
          }
        }
      }
    }

    /** Settles with the configured model's price. */
    public void settle(Usage actual) {
      settle(actual, null);
    }

    /** Gives the reservation back: the call did not happen or returned no body. */
    public void release() {
      synchronized (BudgetAccount.this) {
        if (!open) {
          return;
        }
        open = false;
        BudgetAccount.this.open.remove(this);
        reservedCalls--;
        reservedTokens -= tokens;
        reservedUsd = reservedUsd.subtract(usd);
      }
    }

    @Override
    public void close() {
      release();
    }

    private String qualify(String served) {
      // Providers report bare model names (Ollama's may hold a colon, e.g. qwen2.5-coder:7b): prefix the provider.
      return providerModel.substring(0, providerModel.indexOf(':') + 1) + served;
    }
  }
}
