package dev.spectra.orchestrator.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spectra.orchestrator.Activity;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RepairComparisonTest {
  static final Map<Activity, Map<String, Integer>> PLANTED = Map.of(
      Activity.PLAN, Map.of("fence", 1, "missing-field", 1),
      Activity.BUILD, Map.of("fence", 3, "rate-limit", 1),
      Activity.DEPLOY, Map.of("fence", 1, "single-quotes", 1));

  @Test
  void equalCountsMatchFaultByFaultOverTheActivitiesThatRan() {
    RepairComparison c = RepairComparison.of(PLANTED, Map.of(
        Activity.PLAN, Map.of("fence", 1, "missing-field", 1),
        Activity.BUILD, Map.of("fence", 3, "rate-limit", 1),
        Activity.DEPLOY, Map.of("fence", 1, "single-quotes", 1)), EnumSet.allOf(Activity.class));

    assertThat(c.matches()).isTrue();
    assertThat(c.rows()).containsExactly(new RepairComparison.Row("fence", 5, 5),
        new RepairComparison.Row("missing-field", 1, 1), new RepairComparison.Row("rate-limit", 1, 1),
        new RepairComparison.Row("single-quotes", 1, 1));
    assertThat(c.performedTotal()).isEqualTo(8);
    assertThat(c.notExercised()).isEmpty();
  }

  @Test
  void aSkippedActivitysFaultsAreNotExercisedRatherThanMissing() {
    RepairComparison c = RepairComparison.of(PLANTED, Map.of(
        Activity.PLAN, Map.of("fence", 1, "missing-field", 1),
        Activity.BUILD, Map.of("fence", 3, "rate-limit", 1)), EnumSet.of(Activity.PLAN, Activity.BUILD));

    assertThat(c.matches()).isTrue();
    assertThat(c.rows()).contains(new RepairComparison.Row("fence", 4, 4)).noneMatch(r -> r.fault().equals("single-quotes"));
    assertThat(c.notExercised()).isEqualTo(Map.of(Activity.DEPLOY, Map.of("fence", 1, "single-quotes", 1)));
  }

  @Test
  void aMissingOrAnUnplannedRepairIsAMismatch() {
    RepairComparison c = RepairComparison.of(PLANTED, Map.of(
        Activity.PLAN, Map.of("fence", 1),
        Activity.BUILD, Map.of("fence", 3, "rate-limit", 1),
        Activity.TEST, Map.of("invalid-reply", 1)), EnumSet.of(Activity.PLAN, Activity.BUILD, Activity.TEST));

    assertThat(c.matches()).isFalse();
    assertThat(c.mismatches()).containsExactly(new RepairComparison.Row("invalid-reply", 1, 0),
        new RepairComparison.Row("missing-field", 0, 1));
  }
}
