package dev.spectra.orchestrator.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spectra.orchestrator.Activity;
import dev.spectra.orchestrator.RunEvent.Repaired.Kind;
import dev.spectra.orchestrator.RunEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RepairTallyTest {
  static final Instant T = Instant.parse("2026-11-25T10:00:00Z");

  static RunEvent.Repaired repaired(Activity activity, Kind kind, String... repairs) {
    return new RunEvent.Repaired("run-1", T, activity, activity == Activity.BUILD ? "app/main.py" : "", kind, List.of(repairs));
  }

  @Test
  void lenientAndCodeRepairsCountByNameAndSchemaRepairsByCategory() {
    RepairTally tally = new RepairTally();
    tally.onEvent(repaired(Activity.PLAN, Kind.LENIENT, "fence", "prose", "trailing-comma"));
    tally.onEvent(repaired(Activity.BUILD, Kind.CODE_UNWRAP, "fence", "prose"));
    tally.onEvent(repaired(Activity.BUILD, Kind.CODE_UNWRAP, "fence"));
    tally.onEvent(repaired(Activity.DEPLOY, Kind.LENIENT, "single-quotes", "ignored unknown field $.port",
        "normalized $.files[0].kind from \"source\" to SOURCE"));

    assertThat(tally.byActivity()).isEqualTo(Map.of(
        Activity.PLAN, Map.of("fence", 1, "prose", 1, "trailing-comma", 1),
        Activity.BUILD, Map.of("fence", 2, "prose", 1),
        Activity.DEPLOY, Map.of("single-quotes", 1, RepairTally.UNKNOWN_FIELD, 1, RepairTally.VALUE_FIX, 1)));
  }

  @Test
  void aRepromptCountsOnceNamedByItsFirstError() {
    RepairTally tally = new RepairTally();
    tally.onEvent(repaired(Activity.PLAN, Kind.REPROMPT, "$.entrypoint: required field is missing",
        "$.summary: required field is missing"));
    tally.onEvent(repaired(Activity.BUILD, Kind.REPROMPT, "the reply was empty"));
    tally.onEvent(repaired(Activity.BUILD, Kind.REPROMPT, "the reply held no code"));
    tally.onEvent(repaired(Activity.BUILD, Kind.REPROMPT, "the reply was cut off before the file ended (80 characters)"));
    tally.onEvent(repaired(Activity.DEPLOY, Kind.REPROMPT, "$.healthPath: must be a plain path starting with /"));

    assertThat(tally.byActivity()).isEqualTo(Map.of(
        Activity.PLAN, Map.of(RepairTally.MISSING_FIELD, 1),
        Activity.BUILD, Map.of(RepairTally.EMPTY_REPLY, 1, RepairTally.NO_CODE, 1, RepairTally.TRUNCATION, 1),
        Activity.DEPLOY, Map.of(RepairTally.INVALID_REPLY, 1)));
  }

  @Test
  void retriedCallsCountByCauseAndOtherEventsNotAtAll() {
    RepairTally tally = new RepairTally();
    tally.onEvent(new RunEvent.Retrying("run-1", T, Activity.BUILD, "openai:gpt-4o-mini", "openai:gpt-4o-mini: rate limited, retry after 1000 ms",
        1, Duration.ofSeconds(1)));
    tally.onEvent(new RunEvent.Retrying("run-1", T, Activity.BUILD, "openai:gpt-4o-mini", "openai:gpt-4o-mini: 503 server error", 2,
        Duration.ofSeconds(1)));
    tally.onEvent(new RunEvent.Retrying("run-1", T, Activity.PLAN, "ollama:mistral", "ollama:mistral: timeout", 1, Duration.ofSeconds(1)));
    tally.onEvent(new RunEvent.Retrying("run-1", T, Activity.PLAN, "ollama:mistral", "ollama:mistral: connection failed (refused)", 2,
        Duration.ofSeconds(1)));
    tally.onEvent(repaired(Activity.BUILD, Kind.RETRY, "FileGenerationException"));
    tally.onEvent(new RunEvent.Note("run-1", T, Activity.TEST, "python: /usr/bin/python3"));
    tally.onEvent(new RunEvent.ActivityStarted("run-1", T, Activity.TEST));

    assertThat(tally.byActivity()).isEqualTo(Map.of(
        Activity.BUILD, Map.of(RepairTally.RATE_LIMIT, 1, RepairTally.SERVER_ERROR, 1, RepairTally.FILE_RETRY, 1),
        Activity.PLAN, Map.of(RepairTally.TIMEOUT, 1, RepairTally.TRANSIENT_ERROR, 1)));
  }

  @Test
  void countsFromManyThreadsAddUp() throws InterruptedException {
    RepairTally tally = new RepairTally();
    Thread[] threads = new Thread[4];
    for (int i = 0; i < threads.length; i++) {
      threads[i] = new Thread(() -> {
        for (int n = 0; n < 500; n++) {
          tally.onEvent(repaired(Activity.BUILD, Kind.CODE_UNWRAP, "fence"));
        }
      });
      threads[i].start();
    }
    for (Thread t : threads) {
      t.join();
    }

    assertThat(tally.byActivity()).isEqualTo(Map.of(Activity.BUILD, Map.of("fence", 2000)));
  }
}
