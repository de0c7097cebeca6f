package dev.spectra.orchestrator.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * The repair corpus of issue 12 in src/test/resources/json/repair, one file per kind of broken JSON (in
 * {@link ReplyCorpus}'s format, "expect" holding the value a careful human reads), and how a reader is judged on it.
 */
final class RepairCorpus {
  /** The kinds, each a file {@code json/repair/<kind>.txt}: those of issue 12, then today's. */
  static final List<String> KINDS = List.of(
      "missing-quotes", "missing-punctuation", "extra-punctuation", "truncation", "ellipsis", "non-json-values",
      "quotes-whitespace", "strings", "several-values", "json-in-string",
      "fences", "prose", "python-literals", "single-quotes", "trailing-commas", "comments");

  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  /** Numbers are equal by value ({@code 2}, {@code 2.0}): a reader may pick another numeric node type. */
  private static final Comparator<JsonNode> BY_VALUE = (a, b) -> {
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue());
    }
    return a.equals(b) ? 0 : 1;
  };

  private RepairCorpus() {}

  /** Every case of every kind, in kind order. */
  static List<ReplyCorpus.Case> all() {
    List<ReplyCorpus.Case> all = new ArrayList<>();
    for (String kind : KINDS) {
      all.addAll(ReplyCorpus.load("/json/repair/" + kind + ".txt"));
    }
    return all;
  }

  static JsonNode expected(ReplyCorpus.Case c) {
    try {
      return MAPPER.readTree(c.header("expect"));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("case '" + c.name() + "': bad expect", e);
    }
  }

  static boolean sameValue(JsonNode expected, JsonNode got) {
    return got != null && expected.equals(BY_VALUE, got);
  }

  /** What a reader made of a reply: its preferred value and whether it flagged it as possibly wrong. */
  record Reading(JsonNode value, boolean flagged) {}

  enum Verdict {
    /** The expected value. */
    RECOVERED,
    /** Another value, flagged as possibly wrong (truncated or a risky repair): the ladder does not trust it blindly. */
    FLAGGED,
    /** No value. */
    REFUSED,
    /** Another value without a flag: the one outcome that must never happen. */
    WRONG
  }

  /** Judges {@code reader} (null reading for a refusal) on one case; a reader's exception counts as a refusal. */
  static Verdict judge(ReplyCorpus.Case c, Function<String, Reading> reader) {
    Reading r;
    try {
      r = reader.apply(c.reply());
    } catch (RuntimeException e) {
      return Verdict.REFUSED;
    }
    if (r == null || r.value() == null) {
      return Verdict.REFUSED;
    }
    if (sameValue(expected(c), r.value())) {
      return Verdict.RECOVERED;
    }
    return r.flagged() ? Verdict.FLAGGED : Verdict.WRONG;
  }

  /** ModelJson's reading: its first candidate, flagged when risky (truncated or a repair that may change the meaning). */
  static Reading modelJson(String reply) {
    List<ModelJson.Candidate> candidates = ModelJson.candidates(reply);
    if (candidates.isEmpty()) {
      return null;
    }
    ModelJson.Candidate first = candidates.get(0);
    return new Reading(first.value(), first.risky());
  }
}
