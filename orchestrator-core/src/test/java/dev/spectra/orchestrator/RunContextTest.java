package dev.spectra.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spectra.orchestrator.cost.Budget;
import dev.spectra.orchestrator.cost.BudgetAccount;
import dev.spectra.orchestrator.cost.BudgetExceededException;
import dev.spectra.orchestrator.cost.PriceTable;
import dev.spectra.orchestrator.workspace.Workspace;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunContextTest {
  @TempDir
  Path dir;

  @Test
  void onlyTheWorkspaceIsRequiredAndARunIdIsMadeUp() {
    assertThatThrownBy(() -> RunContext.builder().build()).isInstanceOf(NullPointerException.class).hasMessage("workspace == null");
    RunContext ctx = RunContext.builder().workspace(Workspace.at(dir)).build();
    assertThat(ctx.runId()).matches("run-\\d{8}-\\d{6}-[0-9a-f]{6}");
    assertThat(ctx.ledger().total().calls()).isZero();
    assertThat(ctx.budget().budget().maxUsd()).isEmpty();
  }

  @Test
  void aRunIdMustBeAPathSafeName() {
    assertThatThrownBy(() -> RunContext.builder().runId("../escape"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("runId must be 1-80 letters, digits, '.', '_' or '-' (it names a folder), but was \"../escape\"");
    assertThatThrownBy(() -> RunContext.builder().runId("a".repeat(81))).isInstanceOf(IllegalArgumentException.class);
    assertThat(RunContext.builder().workspace(Workspace.at(dir)).runId("run-1.b_c").build().runId()).isEqualTo("run-1.b_c");
  }

  @Test
  void cancellationIsSharedThroughTheFlagAndSeenAtTheNextCheck() {
    AtomicBoolean flag = new AtomicBoolean();
    RunContext ctx = RunContext.builder().workspace(Workspace.at(dir)).runId("r1").cancellation(flag).build();
    ctx.throwIfCancelled();
    flag.set(true);
    assertThat(ctx.isCancelled()).isTrue();
    assertThatThrownBy(ctx::throwIfCancelled).isInstanceOf(RunCancelledException.class).hasMessage("run r1 was cancelled");
  }

  @Test
  void anInterruptedThreadCountsAsCancelled() {
    RunContext ctx = RunContext.builder().workspace(Workspace.at(dir)).runId("r2").build();
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(ctx::throwIfCancelled).isInstanceOf(RunCancelledException.class);
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void theWallTimeIsCheckedWithCancellation() {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-25T00:00:00Z"));
    BudgetAccount account = new BudgetAccount(Budget.builder().maxWallTime(Duration.ofMinutes(1)).build(),
        PriceTable.defaults(), clock);
    RunContext ctx = RunContext.builder().workspace(Workspace.at(dir)).clock(clock).budget(account).build();
    ctx.throwIfCancelled();
    clock.advance(Duration.ofSeconds(61));
    assertThatThrownBy(ctx::throwIfCancelled)
        .isInstanceOf(BudgetExceededException.class)
        .extracting(e -> ((BudgetExceededException) e).limit()).isEqualTo(BudgetExceededException.Limit.WALL_TIME);
  }

  @Test
  void notesAndEventsReachEveryListenerEvenAfterAFailingOne() {
    List<RunEvent> seen = new CopyOnWriteArrayList<>();
    RunContext ctx = RunContext.builder()
        .workspace(Workspace.at(dir))
        .runId("r3")
        .clock(Clock.fixed(Instant.parse("2026-11-25T01:02:03Z"), ZoneOffset.UTC))
        .listener(e -> {
          throw new IllegalStateException("broken listener");
        })
        .listener(seen::add)
        .build();
    ctx.note(Activity.TEST, "interpreter /usr/bin/python3 (3.11.2)");
    assertThat(seen).containsExactly(
        new RunEvent.Note("r3", Instant.parse("2026-11-25T01:02:03Z"), Activity.TEST, "interpreter /usr/bin/python3 (3.11.2)"));
  }

  @Test
  void withLedgerSharesEverythingButTheLedger() {
    AtomicBoolean flag = new AtomicBoolean();
    List<RunEvent> events = new CopyOnWriteArrayList<>();
    BudgetAccount budget = BudgetAccount.unlimited();
    dev.spectra.orchestrator.cost.CostLedger runLedger = new dev.spectra.orchestrator.cost.CostLedger();
    RunContext ctx = RunContext.builder().workspace(Workspace.at(dir)).runId("r1").budget(budget).ledger(runLedger)
        .listener(events::add).cancellation(flag).build();
    dev.spectra.orchestrator.cost.CostLedger own = runLedger.child();

    RunContext step = ctx.withLedger(own);

    assertThat(step.ledger()).isSameAs(own);
    assertThat(step.runId()).isEqualTo("r1");
    assertThat(step.workspace()).isSameAs(ctx.workspace());
    assertThat(step.budget()).isSameAs(budget);
    assertThat(step.clock()).isSameAs(ctx.clock());
    step.note(Activity.BUILD, "from the step");
    assertThat(events).singleElement().isInstanceOf(RunEvent.Note.class);
    flag.set(true);
    assertThat(step.isCancelled()).isTrue();
    ctx.cancel();
    assertThatThrownBy(step::throwIfCancelled).isInstanceOf(RunCancelledException.class);
  }
}
