package dev.spectra.orchestrator.temporal.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spectra.orchestrator.cost.BudgetExceededException;
import dev.spectra.orchestrator.temporal.internal.Messages.Limits;
import dev.spectra.orchestrator.temporal.internal.Messages.Spent;
import org.junit.jupiter.api.Test;

/** The run's budget as workflow state: reservations hold room, settlements replace them with what was spent. */
class WorkflowBudgetTest {
  static final Spent FILE = new Spent(3, 3_000, "0.30");

  @Test
  void reservationsHoldRoomUntilSettledAndTheNextOneThatWouldPassALimitIsRefused() {
    WorkflowBudget budget = new WorkflowBudget(new Limits("1.00", null, null, null));
    WorkflowBudget.Hold a = budget.reserve(FILE);
    WorkflowBudget.Hold b = budget.reserve(FILE);
    budget.reserve(FILE); // 0.90 held

    assertThatThrownBy(() -> budget.reserve(FILE)).isInstanceOf(BudgetExceededException.class)
        .hasMessageContaining("USD budget of $1.00 would be exceeded: $0 spent, $0.90 held for files in flight")
        .extracting(e -> ((BudgetExceededException) e).limit()).isEqualTo(BudgetExceededException.Limit.USD);

    budget.settle(a, new Spent(1, 900, "0.05"));
    budget.settle(b, new Spent(1, 900, "0.05"));
    budget.reserve(FILE); // 0.10 spent + 0.60 held: room again
    assertThat(budget.remaining(null).maxUsd()).isEqualTo("0.30");
  }

  @Test
  void callsAndTokensAreLimitsToo() {
    WorkflowBudget calls = new WorkflowBudget(new Limits(null, null, 5L, null));
    calls.reserve(FILE);
    assertThatThrownBy(() -> calls.reserve(FILE)).hasMessageContaining("call budget of 5 model calls is used up");

    WorkflowBudget tokens = new WorkflowBudget(new Limits(null, 5_000L, null, null));
    tokens.reserve(FILE);
    assertThatThrownBy(() -> tokens.reserve(FILE)).hasMessageContaining("token budget of 5000 would be exceeded");
  }

  @Test
  void aFileThatUsedMoreThanItsReservationIsAnOvershootThatLaterMessagesName() {
    WorkflowBudget budget = new WorkflowBudget(new Limits(null, 9_000L, null, null));
    budget.settle(budget.reserve(FILE), new Spent(3, 4_000, "0"));

    assertThat(budget.overshootTokens()).isEqualTo(1_000);
    budget.reserve(FILE);
    assertThatThrownBy(() -> budget.reserve(FILE)).hasMessageContaining("files used 1000 tokens more than was reserved");
  }

  @Test
  void aStepIsNotStartedOnceALimitIsUsedUp() {
    WorkflowBudget budget = new WorkflowBudget(new Limits(null, null, 2L, null));
    assertThat(budget.usedUpFailure()).isEmpty();

    budget.charge(new Spent(2, 10, "0"));

    assertThat(budget.usedUpFailure()).get().extracting(BudgetExceededException::limit)
        .isEqualTo(BudgetExceededException.Limit.CALLS);
  }
}
