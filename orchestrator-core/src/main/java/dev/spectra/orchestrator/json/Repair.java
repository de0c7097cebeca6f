package dev.spectra.orchestrator.json;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The repairs {@link ModelJson} can apply, in the order they are reported. Labels are the public constants. */
enum Repair {
  FENCE(ModelJson.FENCE),
  PROSE(ModelJson.PROSE),
  DOUBLE_ENCODED(ModelJson.DOUBLE_ENCODED),
  COMMENT(ModelJson.COMMENT),
  WHITESPACE(ModelJson.WHITESPACE),
  SINGLE_QUOTES(ModelJson.SINGLE_QUOTES),
  SMART_QUOTES(ModelJson.SMART_QUOTES),
  UNESCAPED_QUOTE(ModelJson.UNESCAPED_QUOTE),
  INVALID_ESCAPE(ModelJson.INVALID_ESCAPE),
  CONTROL_CHAR(ModelJson.CONTROL_CHAR),
  UNQUOTED_KEY(ModelJson.UNQUOTED_KEY),
  PYTHON_LITERAL(ModelJson.PYTHON_LITERAL),
  NONSTANDARD_LITERAL(ModelJson.NONSTANDARD_LITERAL),
  NON_NUMERIC_NUMBER(ModelJson.NON_NUMERIC_NUMBER),
  NUMBER_FORMAT(ModelJson.NUMBER_FORMAT),
  MISSING_COMMA(ModelJson.MISSING_COMMA),
  TRAILING_COMMA(ModelJson.TRAILING_COMMA),
  BRACKET_MISMATCH(ModelJson.BRACKET_MISMATCH),
  TRUNCATION(ModelJson.TRUNCATION);

  static final Repair[] VALUES = values();

  final String label;

  Repair(String label) {
    this.label = label;
  }

  /** The labels of the repairs set in {@code mask} (bit = ordinal), in report order. */
  static List<String> labels(int mask) {
    List<String> labels = new ArrayList<>(Integer.bitCount(mask));
    for (Repair r : VALUES) {
      if ((mask & r.bit()) != 0) {
        labels.add(r.label);
      }
    }
    return Collections.unmodifiableList(labels);
  }

  int bit() {
    return 1 << ordinal();
  }
}
