package dev.spectra.orchestrator.cost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spectra.orchestrator.Activity;
import dev.spectra.orchestrator.Usage;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class CostLedgerTest {
  private static final int THREADS = 16;
  private static final int PER_THREAD = 10_000;
  private static final PriceTable PRICES = PriceTable.defaults();

  /** The i-th call of thread t: varied activity, model, file and usage, with cached tokens. */
  private static ModelCall call(int t, int i) {
    Activity activity = t % 2 == 0 ? Activity.BUILD : Activity.TEST;
    String model = i % 3 == 0 ? "ollama:mistral" : "openai:gpt-4o-mini";
    String file = i % 5 == 0 ? "" : "app/file" + (i % 7) + ".py";
    Usage usage = new Usage(100 + i % 13, i % 11, 7 + t);
    return new ModelCall(activity, file, model, model, usage, PRICES.cost(model, usage));
  }

  @Test
  void totalsAreExactUnder16ThreadsOf10000Additions() throws Exception {
    CostLedger ledger = new CostLedger();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < PER_THREAD; i++) {
            ledger.record(call(thread, i));
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    // The same calls summed on one thread, field by field.
    Expected all = new Expected();
    Map<Activity, Expected> byActivity = new HashMap<>();
    Map<String, Expected> byModel = new HashMap<>();
    Map<String, Expected> byFile = new HashMap<>();
    for (int t = 0; t < THREADS; t++) {
      for (int i = 0; i < PER_THREAD; i++) {
        ModelCall c = call(t, i);
        all.add(c);
        byActivity.computeIfAbsent(c.activity(), k -> new Expected()).add(c);
        byModel.computeIfAbsent(c.servedModel(), k -> new Expected()).add(c);
        if (!c.file().isEmpty()) {
          byFile.computeIfAbsent(c.file(), k -> new Expected()).add(c);
        }
      }
    }

    assertThat(ledger.calls()).hasSize(THREADS * PER_THREAD);
    all.assertEquals(ledger.total(), "total");
    assertSame(ledger.byActivity(), byActivity, a -> a);
    assertSame(ledger.byModel(), byModel, m -> m);
    assertSame(ledger.byFile(), byFile, f -> f);
    assertThat(ledger.byModel().get("ollama:mistral").cost().knownUsd()).isEqualByComparingTo(BigDecimal.ZERO);
    assertThat(ledger.byFile()).doesNotContainKey("");
  }

  @Test
  void oneCallOfAnUnknownPriceMakesTheTotalsALowerBound() {
    CostLedger ledger = new CostLedger();
    Usage usage = Usage.of(1_000_000, 0);
    ledger.record(new ModelCall(Activity.PLAN, "", "openai:gpt-4o-mini", null, usage, PRICES.cost("openai:gpt-4o-mini", usage)));
    ledger.record(new ModelCall(Activity.BUILD, "app/main.py", "acme:big", "acme:big-2", usage, PRICES.cost("acme:big", usage)));
    assertThat(ledger.total().calls()).isEqualTo(2);
    assertThat(ledger.total().cost().isKnown()).isFalse();
    assertThat(ledger.total().cost()).hasToString(">= $0.1500 (some prices unknown)");
    assertThat(ledger.byActivity().get(Activity.PLAN).cost()).hasToString("$0.1500");
    assertThat(ledger.byModel().keySet()).containsExactlyInAnyOrder("openai:gpt-4o-mini", "acme:big-2");
    assertThat(ledger.byFile().get("app/main.py").cost()).hasToString("unknown");
  }

  private static <K> void assertSame(Map<K, Totals> actual, Map<K, Expected> expected, Function<K, Object> label) {
    assertThat(actual.keySet()).isEqualTo(expected.keySet());
    expected.forEach((k, e) -> e.assertEquals(actual.get(k), String.valueOf(label.apply(k))));
  }

  /** Exact sums computed on one thread. */
  private static final class Expected {
    long calls;
    long input;
    long cached;
    long output;
    BigDecimal usd = BigDecimal.ZERO;
    boolean complete = true;

    void add(ModelCall c) {
      calls++;
      input += c.usage().inputTokens();
      cached += c.usage().cachedInputTokens();
      output += c.usage().outputTokens();
      usd = usd.add(c.cost().knownUsd());
      complete &= c.cost().isKnown();
    }

    void assertEquals(Totals t, String what) {
      assertThat(t.calls()).as(what + " calls").isEqualTo(calls);
      assertThat(t.usage()).as(what + " usage").isEqualTo(new Usage(input, cached, output));
      assertThat(t.cost().knownUsd()).as(what + " usd").isEqualByComparingTo(usd);
      assertThat(t.cost().isKnown()).as(what + " complete").isEqualTo(complete);
    }
  }

  @Test
  void aChildLedgerRecordsIntoItsParentAndKeepsItsOwnTotals() {
    CostLedger run = new CostLedger();
    run.record(call(0, 1));
    CostLedger step = run.child();
    CostLedger sibling = run.child();

    step.record(call(0, 2));
    sibling.record(call(1, 3));
    step.record(call(0, 4));

    assertThat(step.calls()).containsExactly(call(0, 2), call(0, 4));
    assertThat(step.total()).isEqualTo(Totals.ZERO.plus(call(0, 2)).plus(call(0, 4)));
    assertThat(sibling.calls()).containsExactly(call(1, 3));
    assertThat(run.calls()).containsExactly(call(0, 1), call(0, 2), call(1, 3), call(0, 4));
    assertThat(run.total()).isEqualTo(Totals.ZERO.plus(call(0, 1)).plus(call(0, 2)).plus(call(1, 3)).plus(call(0, 4)));
  }
}
