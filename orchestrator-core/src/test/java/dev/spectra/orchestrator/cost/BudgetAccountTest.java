package dev.spectra.orchestrator.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spectra.orchestrator.MutableClock;
import dev.spectra.orchestrator.SettingHint;
import dev.spectra.orchestrator.Usage;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BudgetAccountTest {
  private static final String MINI = "openai:gpt-4o-mini";
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T00:00:00Z"));

  private BudgetAccount account(Budget budget) {
    return new BudgetAccount(budget, PriceTable.defaults(), clock);
  }

  /** A provider reporting 40 times the estimated input: one call at a time, the limit holds. */
  @Test
  void aProviderReportingFortyTimesTheEstimatedInputCannotTakeASerialRunOverItsTokenBudget() {
    BudgetAccount account = account(Budget.builder().maxTokens(50_000).build());
    int calls = 0;
    try {
      while (calls < 100) {
        BudgetAccount.Reservation r = account.reserve(MINI, 480, 500);
        r.settle(Usage.of(480 * 40, 100));
        calls++;
      }
    } catch (BudgetExceededException e) {
      assertThat(e.getMessage()).contains("more than was reserved");
    }

    assertThat(calls).isEqualTo(2); // the first call overshoots; the second is reserved at 40 x the estimate
    assertThat(account.spentTokens()).isLessThanOrEqualTo(50_000);
    assertThat(account.overshootTokens()).isEqualTo(19_300 - 980);
  }

  /**
   * Four calls in flight when the estimate proves 40 times too low: a new call is admitted only if the limit holds with
   * the other three as wrong as the first.
   */
  @Test
  void afterAnOvershootTheCallsInFlightCountAtTheObservedRatio() {
    BudgetAccount account = account(Budget.builder().maxTokens(50_000).build());
    List<BudgetAccount.Reservation> inFlight = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      inFlight.add(account.reserve(MINI, 480, 500));
    }
    inFlight.get(0).settle(Usage.of(480 * 40, 100));

    assertThatThrownBy(() -> account.reserve(MINI, 480, 500)).isInstanceOf(BudgetExceededException.class)
        .hasMessageContaining("19300 spent, 59100 reserved").hasMessageContaining("providers reported 18320 tokens").hasMessageContaining("more than was reserved");
    for (int i = 1; i < 4; i++) {
      inFlight.get(i).settle(Usage.of(480 * 40, 100));
    }
    // The limit was exceeded only by the four calls in flight when the estimate proved wrong, and the report can say by how much.
    assertThat(account.spentTokens()).isEqualTo(4 * 19_300);
    assertThat(account.overshootTokens()).isEqualTo(4 * (19_300 - 980));
    assertThatThrownBy(() -> account.reserve(MINI, 480, 500)).isInstanceOf(BudgetExceededException.class);
  }

  /** With room in the budget the corrected estimate admits calls again, in parallel. */
  @Test
  void aGenerousBudgetStillAdmitsCallsAtTheCorrectedEstimate() {
    BudgetAccount account = account(Budget.builder().maxTokens(1_000_000).build());
    account.reserve(MINI, 480, 500).settle(Usage.of(480 * 40, 100));

    BudgetAccount.Reservation a = account.reserve(MINI, 480, 500);
    BudgetAccount.Reservation b = account.reserve(MINI, 480, 500);
    a.settle(Usage.of(480 * 40, 100));
    b.settle(Usage.of(480 * 40, 100));

    assertThat(account.overshootTokens()).as("the corrected reservations held").isEqualTo(19_300 - 980);
  }

  @Test
  void racingThreadsGetExactlyTheCallBudget() throws Exception {
    int threads = 32;
    int attemptsEach = 20;
    int limit = 50;
    BudgetAccount account = account(Budget.builder().maxCalls(limit).build());
    ConcurrentLinkedQueue<BudgetAccount.Reservation> granted = new ConcurrentLinkedQueue<>();
    AtomicInteger refused = new AtomicInteger();
    race(threads, () -> {
      for (int i = 0; i < attemptsEach; i++) {
        try {
          granted.add(account.reserve(MINI, 10, 10));
        } catch (BudgetExceededException e) {
          assertThat(e.limit()).isEqualTo(BudgetExceededException.Limit.CALLS);
          refused.incrementAndGet();
        }
      }
    });
    assertThat(granted).hasSize(limit);
    assertThat(refused.get()).isEqualTo(threads * attemptsEach - limit);
    // Half of them settle, half give back: the settled ones stay counted, the released ones free their place.
    List<BudgetAccount.Reservation> all = new ArrayList<>(granted);
    for (int i = 0; i < all.size(); i++) {
      if (i % 2 == 0) {
        all.get(i).settle(Usage.of(5, 5));
      } else {
        all.get(i).release();
      }
    }
    assertThat(account.spentCalls()).isEqualTo(limit / 2);
    AtomicInteger second = new AtomicInteger();
    race(threads, () -> {
      for (int i = 0; i < attemptsEach; i++) {
        try {
          account.reserve(MINI, 1, 1);
          second.incrementAndGet();
        } catch (BudgetExceededException e) {
          // expected once the freed places are taken
        }
      }
    });
    assertThat(second.get()).isEqualTo(limit - limit / 2);
  }

  @Test
  void racingThreadsNeverOvershootTheTokenBudget() throws Exception {
    BudgetAccount account = account(Budget.builder().maxTokens(1_000).build());
    AtomicInteger granted = new AtomicInteger();
    race(16, () -> {
      for (int i = 0; i < 10; i++) {
        try {
          account.reserve(MINI, 20, 10);
          granted.incrementAndGet();
        } catch (BudgetExceededException e) {
          assertThat(e.limit()).isEqualTo(BudgetExceededException.Limit.TOKENS);
        }
      }
    });
    assertThat(granted.get()).isEqualTo(1_000 / 30);
  }

  @Test
  void usdReservationIsTheWorstCaseOfEstimatedInputPlusTheOutputLimit() {
    // gpt-4o-mini: 1000 input x 0.15 + 1000 output x 0.60 = 750 per million = $0.00075
    BudgetAccount account = account(Budget.builder().maxUsd("0.001").build());
    BudgetAccount.Reservation first = account.reserve(MINI, 1_000, 1_000);
    assertThatThrownBy(() -> account.reserve(MINI, 1_000, 1_000))
        .isInstanceOf(BudgetExceededException.class)
        .hasMessage("USD budget of $0.001 would be exceeded: $0 spent, $0.00075 reserved, this call may cost up to "
            + "$0.00075; raise Budget.Builder.maxUsd to continue")
        .satisfies(e -> assertThat(((BudgetExceededException) e).hints())
            .containsExactly(new SettingHint(SettingHint.BUDGET_MAX_USD, "Budget.Builder.maxUsd", "0.001")))
        .extracting(e -> ((BudgetExceededException) e).limit()).isEqualTo(BudgetExceededException.Limit.USD);
    // The call used far less than its worst case: 1000 input (400 cached) and 100 output.
    first.settle(new Usage(1_000, 400, 100));
    // 600 x 0.15 + 400 x 0.075 + 100 x 0.60 = 180 per million
    assertThat(account.spentUsd()).isEqualByComparingTo(new BigDecimal("0.00018"));
    // 0.00018 spent + 0.00075 worst case = 0.00093 <= 0.001: admitted now
    BudgetAccount.Reservation second = account.reserve(MINI, 1_000, 1_000);
    second.settle(Usage.of(0, 0));
    assertThat(account.spentCalls()).isEqualTo(2);
  }

  @Test
  void settlingReplacesTheReservationWithTheActualTokens() {
    BudgetAccount account = account(Budget.builder().maxTokens(100).build());
    BudgetAccount.Reservation big = account.reserve(MINI, 40, 50); // 90 reserved
    account.reserve(MINI, 5, 5); // 100 reserved: exactly the limit
    assertThatThrownBy(() -> account.reserve(MINI, 1, 0))
        .isInstanceOf(BudgetExceededException.class)
        .hasMessage("token budget of 100 would be exceeded: 0 spent, 100 reserved, this call may take 1; raise Budget.Builder.maxTokens "
            + "to continue");
    big.settle(new Usage(10, 2, 5)); // 15 spent, 10 still reserved
    assertThat(account.spentTokens()).isEqualTo(15);
    account.reserve(MINI, 70, 5); // 15 + 10 + 75 = 100
    assertThatThrownBy(() -> account.reserve(MINI, 0, 1))
        .hasMessage("token budget of 100 would be exceeded: 15 spent, 85 reserved, this call may take 1; raise Budget.Builder.maxTokens "
            + "to continue");
  }

  @Test
  void withoutAUsdLimitAPricedCallWithinItsReservationIsNoOvershoot() {
    BudgetAccount account = account(Budget.builder().maxTokens(100_000).build());

    account.reserve(MINI, 1_000, 500).settle(Usage.of(900, 400)); // priced, within the tokens reserved

    assertThat(account.spentUsd()).isPositive();
    assertThat(account.overshootTokens()).isZero();
    assertThat(account.overshootUsd()).isZero();
  }

  @Test
  void releaseGivesTheReservationBackOnceAndCloseReleasesAnUnsettledOne() {
    BudgetAccount account = account(Budget.builder().maxCalls(2).build());
    BudgetAccount.Reservation a = account.reserve(MINI, 1, 1);
    try (BudgetAccount.Reservation b = account.reserve(MINI, 1, 1)) {
      assertThatThrownBy(() -> account.reserve(MINI, 1, 1))
          .hasMessage("call budget of 2 model calls is used up (0 made, 2 in flight); raise Budget.Builder.maxCalls to continue");
      assertThat(b).isNotNull();
    }
    a.release();
    a.release(); // idempotent: must not free a place twice
    account.reserve(MINI, 1, 1).settle(Usage.of(1, 1));
    BudgetAccount.Reservation last = account.reserve(MINI, 1, 1);
    assertThatThrownBy(() -> account.reserve(MINI, 1, 1))
        .hasMessage("call budget of 2 model calls is used up (1 made, 1 in flight); raise Budget.Builder.maxCalls to continue");
    last.settle(Usage.of(1, 1));
    last.close(); // closing a settled reservation changes nothing
    assertThat(account.spentCalls()).isEqualTo(2);
    assertThatThrownBy(() -> last.settle(Usage.of(1, 1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("reservation for openai:gpt-4o-mini was already settled or released");
    assertThatThrownBy(() -> a.settle(Usage.of(1, 1))).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void settlingPricesTheServedDatedModel() {
    // $10: after the first call used 1000 times its estimate, the second is reserved at the corrected $2.51.
    BudgetAccount account = account(Budget.builder().maxUsd("10").build());
    account.reserve("openai:gpt-4o", 1_000, 1_000).settle(Usage.of(1_000_000, 0), "gpt-4o-mini-2024-07-18");
    assertThat(account.spentUsd()).isEqualByComparingTo(new BigDecimal("0.15"));
    account.reserve("openai:gpt-4o", 1_000, 1_000).settle(Usage.of(1_000_000, 0), null);
    assertThat(account.spentUsd()).isEqualByComparingTo(new BigDecimal("2.65"));
  }

  @Test
  void aUsdBudgetCannotAdmitAnUnpricedModel() {
    BudgetAccount account = account(Budget.builder().maxUsd("1").build());
    assertThatThrownBy(() -> account.reserve("acme:mystery", 1, 1))
        .isInstanceOf(BudgetExceededException.class)
        .hasMessage("a USD budget is set but model acme:mystery has no known price, so the budget cannot be enforced;"
            + " give the model a price with PriceTable.Builder.put, or use Budget.Builder.maxTokens or"
            + " Budget.Builder.maxCalls instead of Budget.Builder.maxUsd");
    assertThatThrownBy(() -> Budget.builder().maxUsd("1").build().requirePriced("acme:mystery", PriceTable.defaults()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("model acme:mystery has no known price")
        .cause().isInstanceOfSatisfying(BudgetExceededException.class, e -> {
          assertThat(e.hints()).extracting(SettingHint::key).containsExactly(SettingHint.PRICE,
              SettingHint.BUDGET_MAX_TOKENS, SettingHint.BUDGET_MAX_CALLS, SettingHint.BUDGET_MAX_USD);
          assertThat(e.hints().get(0).value()).isEqualTo("acme:mystery");
          // a front end names its own settings; every Java name in the message is replaced
          assertThat(e.message(h -> switch (h.key()) {
            case SettingHint.PRICE -> "--price " + h.value() + "=IN,OUT";
            case SettingHint.BUDGET_MAX_TOKENS -> "--max-tokens";
            case SettingHint.BUDGET_MAX_CALLS -> "--max-calls";
            default -> "--budget-usd";
          })).endsWith("give the model a price with --price acme:mystery=IN,OUT, or use --max-tokens or --max-calls"
              + " instead of --budget-usd").doesNotContain("Builder");
        });
    // Without a USD limit an unpriced model is fine (its cost is reported as unknown).
    account(Budget.builder().maxCalls(1).build()).reserve("acme:mystery", 1, 1).settle(Usage.of(1, 1));
  }

  @Test
  void theWallTimeLimitStopsNewCalls() {
    BudgetAccount account = account(Budget.builder().maxWallTime(Duration.ofSeconds(10)).build());
    clock.advance(Duration.ofSeconds(10));
    account.reserve(MINI, 1, 1).release();
    assertThat(account.remainingWallTime()).isEqualTo(Duration.ZERO);
    clock.advance(Duration.ofMillis(1));
    assertThatThrownBy(() -> account.reserve(MINI, 1, 1))
        .isInstanceOf(BudgetExceededException.class)
        .hasMessage("wall-time budget of PT10S is over (PT10.001S elapsed); raise Budget.Builder.maxWallTime to continue")
        .extracting(e -> ((BudgetExceededException) e).limit()).isEqualTo(BudgetExceededException.Limit.WALL_TIME);
    assertThat(account(Budget.unlimited()).remainingWallTime()).isNull();
  }

  @Test
  void reservationArgumentsAndBudgetLimitsAreValidatedWithTheValue() {
    BudgetAccount account = BudgetAccount.unlimited();
    assertThatThrownBy(() -> account.reserve(MINI, -1, 1)).hasMessage("estimatedInputTokens must be >= 0, but was -1");
    assertThatThrownBy(() -> account.reserve(MINI, 1, Long.MAX_VALUE)).isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> Budget.builder().maxUsd("0")).hasMessage("maxUsd must be > 0, but was 0");
    assertThatThrownBy(() -> Budget.builder().maxTokens(0)).hasMessage("maxTokens must be > 0, but was 0");
    assertThatThrownBy(() -> Budget.builder().maxCalls(-3)).hasMessage("maxCalls must be > 0, but was -3");
    assertThatThrownBy(() -> Budget.builder().maxWallTime(Duration.ZERO)).hasMessage("maxWallTime must be > 0, but was PT0S");
  }

  /** Runs {@code body} on {@code threads} threads released at once, and waits for all of them. */
  private static void race(int threads, ThrowingRunnable body) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(pool.submit(() -> {
          start.await();
          body.run();
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @FunctionalInterface
  private interface ThrowingRunnable {
    void run() throws Exception;
  }
}
