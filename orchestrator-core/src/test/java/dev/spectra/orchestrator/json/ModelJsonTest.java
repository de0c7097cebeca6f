package dev.spectra.orchestrator.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What the corpora do not show well: node types, scalars, limits, big and hostile replies, error messages. */
class ModelJsonTest {
  private static final JsonMapper MAPPER = JsonMapper.builder().build();
  private static final int ONE_MB = 1 << 20;
  /** A bounded message: the why, plus an excerpt of 200 characters (escaped control characters may grow it). */
  private static final int MESSAGE_BOUND = 2_000;

  @Test
  void allRepairsAreListedInReportOrder() {
    assertThat(ModelJson.ALL_REPAIRS).containsExactly(
        "fence", "prose", "several-values", "double-encoded", "json-in-string", "comment", "whitespace",
        "single-quotes", "smart-quotes", "unescaped-quote", "missing-quote", "invalid-escape", "control-char",
        "concatenation", "unquoted-key", "bare-word", "python-literal", "nonstandard-literal", "non-numeric-number",
        "number-format", "wrapper", "regex", "tuple", "missing-colon", "missing-comma", "stray-separator",
        "trailing-comma", "missing-value", "ellipsis", "bracket-mismatch", "extra-closer", "truncation");
  }

  @Test
  void theRiskyRepairsAreThoseThatMayChangeTheMeaning() {
    assertThat(ModelJson.RISKY_REPAIRS).containsExactly(ModelJson.UNESCAPED_QUOTE, ModelJson.MISSING_QUOTE,
        ModelJson.BARE_WORD, ModelJson.MISSING_VALUE, ModelJson.ELLIPSIS, ModelJson.TRUNCATION);
  }

  @Test
  void aCandidateSaysWhetherARepairMayHaveChangedTheMeaning() {
    ModelJson.Candidate bare = ModelJson.candidates("{\"status\": done, 'n': 1,}").get(0);
    ModelJson.Candidate cut = ModelJson.candidates("{\"files\": [\"a.py\", \"b.py\", \"c.").get(0);
    ModelJson.Candidate safe = ModelJson.candidates("```json\n{'n': 1,}\n```").get(0);

    assertThat(bare.value().toString()).isEqualTo("{\"status\":\"done\",\"n\":1}");
    assertThat(bare.risky()).isTrue();
    assertThat(bare.riskyRepairs()).containsExactly(ModelJson.BARE_WORD);
    assertThat(cut.value().toString()).isEqualTo("{\"files\":[\"a.py\",\"b.py\",\"c.\"]}");
    assertThat(cut.truncated()).isTrue();
    assertThat(cut.risky()).isTrue();
    assertThat(cut.riskyRepairs()).containsExactly(ModelJson.TRUNCATION);
    assertThat(safe.risky()).isFalse();
    assertThat(safe.riskyRepairs()).isEmpty();
    assertThat(new ModelJson.Candidate(IntNode.valueOf(1), List.of(), true).risky()).as("truncated").isTrue();
  }

  @Test
  void aRiskyCandidateComesAfterACleanOne() {
    List<ModelJson.Candidate> candidates = ModelJson.candidates(
        "```json\n{\"a\": [1, 2, oops]}\n```\nor\n```json\n{\"a\": [1, 2]}\n```");

    assertThat(candidates).extracting(c -> c.value().toString())
        .containsExactly("{\"a\":[1,2]}", "{\"a\":[1,2,\"oops\"]}");
    assertThat(candidates).extracting(ModelJson.Candidate::risky).containsExactly(false, true);
  }

  @Test
  void severalValuesAreOneArrayFirstThenEachValue() {
    List<ModelJson.Candidate> candidates = ModelJson.candidates("{\"id\": 1}\n{\"id\": 2}\n");

    assertThat(candidates).extracting(c -> c.value().toString())
        .containsExactly("[{\"id\":1},{\"id\":2}]", "{\"id\":1}", "{\"id\":2}");
    assertThat(candidates.get(0).repairs()).containsExactly(ModelJson.SEVERAL_VALUES);
    assertThat(candidates.get(1).repairs()).isEmpty();
  }

  @Test
  void severalValuesTheLastOfWhichIsCutFlagOnlyTheLast() {
    List<ModelJson.Candidate> candidates = ModelJson.candidates("{\"id\": 1}\n{\"id\": 2, \"n\": 3");

    assertThat(candidates).extracting(c -> c.value().toString())
        .containsExactly("[{\"id\":1},{\"id\":2,\"n\":3}]", "{\"id\":1}", "{\"id\":2,\"n\":3}");
    assertThat(candidates).extracting(ModelJson.Candidate::truncated).containsExactly(true, false, true);
  }

  @Test
  void thePackageExamplesHold() {
    String reply = "Sure! Here is the plan:\n```json\n"
        + "{'name': 'todo', 'files': [{path: 'app.py',},], 'async': True}\n```";
    ModelJson.Candidate c = ModelJson.candidates(reply).get(0);
    assertThat(c.value().toString()).isEqualTo("{\"name\":\"todo\",\"files\":[{\"path\":\"app.py\"}],\"async\":true}");
    assertThat(c.repairs()).containsExactly("fence", "prose", "single-quotes", "unquoted-key", "python-literal",
        "trailing-comma");

    CodeReply.Unwrapped code = CodeReply.unwrap("Here you go:\n```py\nprint('hi')\n```\nEnjoy!", "python");
    assertThat(code.code()).isEqualTo("print('hi')");
    assertThat(code.repairs()).containsExactly("fence", "prose");
  }

  @Test
  void repairedNumbersHaveTheNodeTypesOfAStrictParse() throws Exception {
    String strict = "{\"i\": 7, \"l\": 12345678901, \"b\": 123456789012345678901234567890, \"d\": 1.5, \"e\": -2E-3}";

    JsonNode repaired = ModelJson.parse(strict.replace("}", ",}"));

    assertThat(repaired).isEqualTo(MAPPER.readTree(strict));
    assertThat(repaired.get("i")).isInstanceOf(IntNode.class);
    assertThat(repaired.get("l")).isInstanceOf(LongNode.class);
    assertThat(repaired.get("b")).isInstanceOf(BigIntegerNode.class);
    assertThat(repaired.get("d")).isInstanceOf(DoubleNode.class);
  }

  @Test
  void nanAndInfinityBecomeDoubles() {
    JsonNode node = ModelJson.parse("{\"a\": NaN, \"b\": -Infinity, \"c\": nan}");

    assertThat(node.get("a").isDouble()).isTrue();
    assertThat(node.get("a").doubleValue()).isNaN();
    assertThat(node.get("b").doubleValue()).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(node.get("c").doubleValue()).isNaN();
  }

  @Test
  void aWholeReplyScalarIsACandidateButComesAfterContainers() {
    assertThat(ModelJson.candidates("42")).containsExactly(new ModelJson.Candidate(IntNode.valueOf(42), List.of(),
        false));
    assertThat(ModelJson.candidates("'done'").get(0).repairs()).containsExactly(ModelJson.SINGLE_QUOTES);

    List<ModelJson.Candidate> candidates = ModelJson.candidates("```\n42\n```\nand {\"a\": 1}");

    assertThat(candidates).extracting(c -> c.value().toString()).containsExactly("{\"a\":1}", "42");
    assertThat(candidates.get(1).repairs()).containsExactly(ModelJson.FENCE, ModelJson.PROSE);
  }

  @Test
  void parseReturnsTheFirstCandidate() {
    String reply = "First {\"a\": 1}, then {\"b\": 2}.";

    assertThat(ModelJson.parse(reply)).isEqualTo(ModelJson.candidates(reply).get(0).value());
    assertThat(ModelJson.candidates(reply)).hasSize(2);
  }

  @Test
  void windowsLineEndingsInAFence() {
    ModelJson.Candidate c = ModelJson.candidates("Here:\r\n```json\r\n{\"a\": [1,\r\n 2]}\r\n```\r\n").get(0);

    assertThat(c.value().toString()).isEqualTo("{\"a\":[1,2]}");
    assertThat(c.repairs()).containsExactly(ModelJson.FENCE, ModelJson.PROSE);
  }

  @Test
  void nullIsAnEmptyReply() {
    assertThat(ModelJson.candidates(null)).isEmpty();
    assertThatThrownBy(() -> ModelJson.parse(null))
        .isInstanceOf(ModelOutputException.class)
        .hasMessageStartingWith("the reply is empty; reply (null): \"\"");
  }

  @Test
  void nestingIsLimitedLikeJacksons() {
    String deepest = "[".repeat(1000) + "1" + "]".repeat(1000);
    String tooDeep = "[".repeat(1001) + "1" + "]".repeat(1001);

    assertThat(ModelJson.parse("x " + deepest).at("/0".repeat(999)).toString()).isEqualTo("[1]");
    assertThatThrownBy(() -> ModelJson.parse("x " + tooDeep))
        .isInstanceOf(ModelOutputException.class)
        .hasMessageContaining("nesting deeper than 1000 levels");
  }

  @Test
  void aCandidateRejectsNullAndKeepsItsRepairsImmutable() {
    List<String> repairs = new ArrayList<>(List.of(ModelJson.FENCE));
    ModelJson.Candidate c = new ModelJson.Candidate(IntNode.valueOf(1), repairs, false);
    repairs.add(ModelJson.PROSE);

    assertThat(c.repairs()).containsExactly(ModelJson.FENCE);
    assertThatThrownBy(() -> c.repairs().add("x")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> new ModelJson.Candidate(null, List.of(), false))
        .isInstanceOf(NullPointerException.class).hasMessage("value == null");
  }

  // ---------------------------------------------------------------------------------------------------------------
  // large replies: correct results (speed is measured by ModelJsonBenchmark, see docs/benchmarks.md)

  @Test
  void aOneMegabyteValueInAFenceWithProseIsRecoveredExactly() throws Exception {
    String json = bigJson(ONE_MB);
    String withTrailingComma = json.substring(0, json.length() - 2) + ",]}";
    String reply = "Here is the data:\n```json\n" + withTrailingComma + "\n```\nThat's all.";

    ModelJson.Candidate c = ModelJson.candidates(reply).get(0);

    assertThat(c.value().equals(MAPPER.readTree(json))).as("the value equals the original").isTrue();
    assertThat(c.repairs()).containsExactly(ModelJson.FENCE, ModelJson.PROSE, ModelJson.TRAILING_COMMA);
  }

  @Test
  void aOneMegabyteValueCutOffIsClosed() throws Exception {
    String json = bigJson(ONE_MB);
    JsonNode original = MAPPER.readTree(json);

    ModelJson.Candidate c = ModelJson.candidates(json.substring(0, json.length() / 2)).get(0);

    assertThat(c.truncated()).isTrue();
    assertThat(c.value().get("items").size()).isBetween(original.get("items").size() / 3,
        original.get("items").size() * 2 / 3);
    assertThat(ModelJsonPropertyTest.isPrefixClosure(c.value(), original)).as("a prefix closure").isTrue();
  }

  static List<Supplier<String>> hostileReplies() {
    return List.of(
        () -> "Lorem ipsum dolor sit amet, {consectetur} [adipiscing] elit. ".repeat(ONE_MB / 60),
        () -> "{".repeat(ONE_MB),
        () -> "[".repeat(ONE_MB),
        () -> "\"" + "x".repeat(ONE_MB),
        () -> "```json\n" + "{\"a\": oops} ".repeat(ONE_MB / 12),
        () -> "\"'".repeat(ONE_MB / 2) + "{",
        () -> new String(randomBytes(ONE_MB), StandardCharsets.ISO_8859_1));
  }

  @ParameterizedTest
  @MethodSource("hostileReplies")
  void aHostileOneMegabyteReplyIsRejectedWithABoundedMessage(Supplier<String> hostile) {
    String reply = hostile.get();

    assertThatThrownBy(() -> ModelJson.parse(reply))
        .isInstanceOf(ModelOutputException.class)
        .satisfies(e -> {
          ModelOutputException m = (ModelOutputException) e;
          assertThat(m.getMessage().length()).isLessThan(MESSAGE_BOUND);
          assertThat(m.getMessage()).contains("reply (" + reply.length() + " chars)");
          assertThat(m.getMessage().chars().filter(ch -> ch < 0x20 && ch != '\n' && ch != '\t' && ch != '\r'))
              .isEmpty();
          assertThat(m.attempts()).singleElement()
              .satisfies(a -> assertThat(a.replyExcerpt().length()).isLessThan(MESSAGE_BOUND * 3));
        });
  }

  @Test
  void aOneMegabyteStringCutOffIsKeptAndFlagged() {
    // Rejected until issue 12 (a hostile reply then): a cut string is now kept as far as it goes, flagged truncated.
    ModelJson.Candidate c = ModelJson.candidates("{\"a\": \"" + "x".repeat(ONE_MB)).get(0);

    assertThat(c.value().get("a").textValue()).hasSize(ONE_MB);
    assertThat(c.truncated()).isTrue();
    assertThat(c.repairs()).containsExactly(ModelJson.TRUNCATION);
  }

  @Test
  void binaryJunkIsRejected() {
    String junk = new String(randomBytes(4096), StandardCharsets.ISO_8859_1);

    assertThat(ModelJson.candidates(junk)).isEmpty();
    assertThatThrownBy(() -> ModelJson.parse(junk)).hasMessageStartingWith("the reply is binary data, not text");
  }

  @Test
  void aFewControlCharactersAreNotBinaryButAreNotReadInsideStrings() {
    assertThat(ModelJson.parse("\u001b[0m{\"a\": 1}\u0000").toString()).isEqualTo("{\"a\":1}");
    assertThatThrownBy(() -> ModelJson.parse("{\"a\": \"x\u0000y\"}"))
        .hasMessageContaining("binary data in a string: control character U+0000");
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    new Random(7).nextBytes(bytes);
    return bytes;
  }

  /** {"items":[{"id":0,"name":"item 0","tags":["a","b"],"ok":true},...]} of about {@code size} characters. */
  static String bigJson(int size) {
    StringBuilder b = new StringBuilder("{\"items\":[");
    for (int i = 0; b.length() < size; i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append("{\"id\":").append(i).append(",\"name\":\"item ").append(i)
          .append(" with \\\"quotes\\\" and {braces}\",\"tags\":[\"a\",\"b\"],\"ok\":").append(i % 2 == 0)
          .append(",\"score\":").append(i * 0.5).append('}');
    }
    return b.append("]}").toString();
  }
}
