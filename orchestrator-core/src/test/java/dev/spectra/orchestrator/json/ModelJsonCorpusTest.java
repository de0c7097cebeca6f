package dev.spectra.orchestrator.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The reply corpora in src/test/resources/json: exact values and exact repairs, and the replies to reject. */
class ModelJsonCorpusTest {
  private static final ObjectMapper EXPECTED = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .build();
  private static final List<ReplyCorpus.Case> MESSY = ReplyCorpus.load("/json/messy-replies.txt");
  private static final List<ReplyCorpus.Case> REJECTED = ReplyCorpus.load("/json/rejected-replies.txt");

  @TestFactory
  Stream<DynamicTest> recoversTheExactValueAndNamesTheRepairs() {
    return MESSY.stream().map(c -> dynamicTest(c.name(), () -> {
      JsonNode expected = EXPECTED.readTree(c.header("expect"));
      List<String> repairs = "none".equals(c.header("repairs")) ? List.of()
          : Arrays.stream(c.header("repairs").split(",")).map(String::strip).collect(Collectors.toList());
      boolean truncated = "true".equals(c.header("truncated"));

      List<ModelJson.Candidate> candidates = ModelJson.candidates(c.reply());

      assertThat(candidates).as("candidates of %s", c.reply()).isNotEmpty();
      ModelJson.Candidate first = candidates.get(0);
      assertThat(first.value()).as("value").isEqualTo(expected);
      assertThat(first.repairs()).as("repairs").isEqualTo(repairs);
      assertThat(first.truncated()).as("truncated").isEqualTo(truncated);
      assertThat(ModelJson.parse(c.reply())).isEqualTo(expected);
      if (c.header("count") != null) {
        assertThat(candidates).as("candidates").hasSize(Integer.parseInt(c.header("count")));
      }
    }));
  }

  @TestFactory
  Stream<DynamicTest> rejectsRepliesWithNothingToRecover() {
    return REJECTED.stream().map(c -> dynamicTest(c.name(), () -> {
      assertThat(ModelJson.candidates(c.reply())).isEmpty();
      assertThatThrownBy(() -> ModelJson.parse(c.reply()))
          .isInstanceOf(ModelOutputException.class)
          .hasMessageContaining(c.header("why"))
          .satisfies(e -> assertThat(((ModelOutputException) e).attempts()).singleElement()
              .satisfies(a -> assertThat(a.errors()).singleElement().asString().contains(c.header("why"))));
    }));
  }

  @Test
  void theCorporaKeepTheirCoverage() {
    Map<String, Long> perCategory = MESSY.stream()
        .collect(Collectors.groupingBy(ReplyCorpus.Case::category, TreeMap::new, Collectors.counting()));
    assertThat(MESSY).hasSizeGreaterThanOrEqualTo(60);
    for (String category : List.of("fence", "prose", "trailing-comma", "comment", "single-quotes", "unquoted-key",
        "capitalized-literal", "truncation", "nested", "unicode", "array", "candidates")) {
      assertThat(perCategory.getOrDefault(category, 0L)).as(category).isGreaterThanOrEqualTo(5);
    }
    assertThat(REJECTED).hasSizeGreaterThanOrEqualTo(10);
    assertThat(MESSY.stream().map(ReplyCorpus.Case::name).distinct().count()).isEqualTo(MESSY.size());
  }
}
