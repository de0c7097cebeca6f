package dev.spectra.orchestrator.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 12's acceptance on the repair corpus (src/test/resources/json/repair): every case gives the expected value,
 * a flagged value or nothing, never another value without a flag; and at least 97 % give the expected value.
 * ModelJsonRepairBenchmark prints the figures per kind next to LangChain4j's (docs/benchmarks.md).
 */
class ModelJsonRepairCorpusTest {
  private static final List<ReplyCorpus.Case> CASES = RepairCorpus.all();

  static List<ReplyCorpus.Case> cases() {
    return CASES;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void neverAnotherValueWithoutAFlag(ReplyCorpus.Case c) {
    RepairCorpus.Verdict verdict = RepairCorpus.judge(c, RepairCorpus::modelJson);

    assertThat(verdict)
        .as("%s%nreply: %s%nexpected: %s%ngot: %s", c.name(), c.reply(), c.header("expect"),
            ModelJson.candidates(c.reply()))
        .isNotEqualTo(RepairCorpus.Verdict.WRONG);
  }

  @Test
  void atLeast97PercentAreRecoveredExactly() {
    Map<RepairCorpus.Verdict, List<String>> byVerdict = new EnumMap<>(RepairCorpus.Verdict.class);
    for (ReplyCorpus.Case c : CASES) {
      byVerdict.computeIfAbsent(RepairCorpus.judge(c, RepairCorpus::modelJson), v -> new java.util.ArrayList<>())
          .add(c.name());
    }
    int recovered = byVerdict.getOrDefault(RepairCorpus.Verdict.RECOVERED, List.of()).size();

    assertThat(recovered * 100.0 / CASES.size())
        .as("recovered %d of %d; not recovered:%n%s", recovered, CASES.size(), byVerdict.entrySet().stream()
            .filter(e -> e.getKey() != RepairCorpus.Verdict.RECOVERED)
            .flatMap(e -> e.getValue().stream().map(n -> e.getKey() + "  " + n))
            .collect(Collectors.joining("\n")))
        .isGreaterThanOrEqualTo(97.0);
  }

  @Test
  void theCorpusHasEveryKindAndAtLeast400Cases() {
    Map<String, Long> perKind = CASES.stream()
        .collect(Collectors.groupingBy(ReplyCorpus.Case::category, TreeMap::new, Collectors.counting()));

    assertThat(CASES).hasSizeGreaterThanOrEqualTo(400);
    assertThat(perKind.keySet()).containsExactlyInAnyOrderElementsOf(RepairCorpus.KINDS);
    assertThat(perKind.values()).allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(10));
    assertThat(CASES.stream().map(ReplyCorpus.Case::name).distinct().count()).isEqualTo(CASES.size());
  }
}
