package dev.spectra.orchestrator.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spectra.orchestrator.test.PromptSnapshots;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * File prompts stay flat as plans grow: they carry the plan block, the file's own spec and its dependencies'
 * signatures, never the other files. Token counts (o200k) are deterministic, so this is a unit test; the table is
 * benchmark (1) in docs/benchmarks.md.
 */
class PromptSizeTest {
  @TempDir Path small;
  @TempDir Path large;

  @Test
  void theLargestFilePromptWithoutThePlanBlockIsTheSameFor5And50Files() {
    PromptTokensBenchmark.Row five = PromptTokensBenchmark.measure(5, small);
    PromptTokensBenchmark.Row fifty = PromptTokensBenchmark.measure(50, large);

    assertThat(five.prompts()).isEqualTo(5);
    assertThat(fifty.prompts()).isEqualTo(50);
    assertThat((double) fifty.maxWithoutSummary()).isLessThanOrEqualTo(1.1 * five.maxWithoutSummary());
    assertThat(fifty.largestUser()).contains("### app/mod_02.py", "### app/mod_01.py", "### app/mod_00.py",
        "def create_02(name: str, tags: Optional[list[str]] = None) -> Record02:");
    assertThat(fifty.largestUser()).doesNotContain("mod_04.py");
    PromptSnapshots.defaults().assertMatches("file-in-50-file-plan", fifty.largest());
  }

  @Test
  void theSameHoldsForJavaSpringBootPlansOnJavaParserSignatures() {
    PromptTokensBenchmark.Row five = PromptTokensBenchmark.measure(PromptTokensBenchmark.JAVA, 5, small);
    PromptTokensBenchmark.Row fifty = PromptTokensBenchmark.measure(PromptTokensBenchmark.JAVA, 50, large);

    assertThat(fifty.prompts()).isEqualTo(50);
    assertThat((double) fifty.maxWithoutSummary()).isLessThanOrEqualTo(1.1 * five.maxWithoutSummary());
    assertThat(fifty.largestUser()).contains("### " + JavaBenchPlans.module(2), "### " + JavaBenchPlans.module(0),
        "public record Item(long id, String name, List<String> tags) {}",
        "/** Creates and stores a record of kind 02. */", "public Item create(String name, List<String> tags);")
        .doesNotContain(JavaBenchPlans.module(4), "store.put(");
  }
}
