package dev.spectra.orchestrator.json;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The repairs {@link ModelJson} can apply, in the order they are reported. Labels are the public constants. A risky
 * repair may have changed what the model meant (a guess where a quote ended, a bare word read as a string, a value
 * filled in or dropped, a cut-off value closed): {@link ModelJson.Candidate#risky()}.
 */
enum Repair {
  FENCE(ModelJson.FENCE, false),
  PROSE(ModelJson.PROSE, false),
  SEVERAL_VALUES(ModelJson.SEVERAL_VALUES, false),
  DOUBLE_ENCODED(ModelJson.DOUBLE_ENCODED, false),
  JSON_IN_STRING(ModelJson.JSON_IN_STRING, false),
  COMMENT(ModelJson.COMMENT, false),
  WHITESPACE(ModelJson.WHITESPACE, false),
  SINGLE_QUOTES(ModelJson.SINGLE_QUOTES, false),
  SMART_QUOTES(ModelJson.SMART_QUOTES, false),
  UNESCAPED_QUOTE(ModelJson.UNESCAPED_QUOTE, true),
  MISSING_QUOTE(ModelJson.MISSING_QUOTE, true),
  INVALID_ESCAPE(ModelJson.INVALID_ESCAPE, false),
  CONTROL_CHAR(ModelJson.CONTROL_CHAR, false),
  CONCATENATION(ModelJson.CONCATENATION, false),
  UNQUOTED_KEY(ModelJson.UNQUOTED_KEY, false),
  BARE_WORD(ModelJson.BARE_WORD, true),
  PYTHON_LITERAL(ModelJson.PYTHON_LITERAL, false),
  NONSTANDARD_LITERAL(ModelJson.NONSTANDARD_LITERAL, false),
  NON_NUMERIC_NUMBER(ModelJson.NON_NUMERIC_NUMBER, false),
  NUMBER_FORMAT(ModelJson.NUMBER_FORMAT, false),
  WRAPPER(ModelJson.WRAPPER, false),
  REGEX(ModelJson.REGEX, false),
  TUPLE(ModelJson.TUPLE, false),
  MISSING_COLON(ModelJson.MISSING_COLON, false),
  MISSING_COMMA(ModelJson.MISSING_COMMA, false),
  STRAY_SEPARATOR(ModelJson.STRAY_SEPARATOR, false),
  TRAILING_COMMA(ModelJson.TRAILING_COMMA, false),
  MISSING_VALUE(ModelJson.MISSING_VALUE, true),
  ELLIPSIS(ModelJson.ELLIPSIS, true),
  BRACKET_MISMATCH(ModelJson.BRACKET_MISMATCH, false),
  EXTRA_CLOSER(ModelJson.EXTRA_CLOSER, false),
  TRUNCATION(ModelJson.TRUNCATION, true);

  static final Repair[] VALUES = values();

  final String label;
  /** Whether the repair could have changed what the model meant. */
  final boolean risky;

  Repair(String label, boolean risky) {
    this.label = label;
    this.risky = risky;
  }

  /** The labels of {@code repairs}, in report order. */
  static List<String> labels(Set<Repair> repairs) {
    List<String> labels = new ArrayList<>(repairs.size());
    for (Repair r : VALUES) {
      if (repairs.contains(r)) {
        labels.add(r.label);
      }
    }
    return Collections.unmodifiableList(labels);
  }

  /** The labels of the risky repairs, in report order. */
  static List<String> riskyLabels() {
    EnumSet<Repair> risky = EnumSet.noneOf(Repair.class);
    for (Repair r : VALUES) {
      if (r.risky) {
        risky.add(r);
      }
    }
    return labels(risky);
  }
}
