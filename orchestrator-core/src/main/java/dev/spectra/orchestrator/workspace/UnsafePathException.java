package dev.spectra.orchestrator.workspace;

import dev.spectra.orchestrator.OrchestratorException;

/** A path was refused before anything was written; names the path (escaped) and the rule that fired. */
public final class UnsafePathException extends OrchestratorException {
  private static final long serialVersionUID = 1L;

  /** The rules of DESIGN section 7. */
  public enum Rule {
    EMPTY, ABSOLUTE, DRIVE_LETTER, UNC, BACKSLASH, PARENT_SEGMENT, DOT_SEGMENT, EMPTY_SEGMENT, CONTROL_CHARACTER,
    BIDI_CONTROL, RESERVED_NAME, TRAILING_DOT_OR_SPACE, NAME_TOO_LONG, TOO_DEEP, TOO_MANY_FILES, TOO_LARGE,
    SYMLINK_ESCAPE, OUTSIDE_WORKSPACE, RESERVED_FOLDER, NOT_A_FILE
  }

  private final String path;
  private final Rule rule;

  public UnsafePathException(String path, Rule rule, String detail) {
    super("refused path \"" + escape(path) + "\": " + rule + " - " + detail);
    this.path = path;
    this.rule = rule;
  }

  /** The refused path as given. */
  public String path() {
    return path;
  }

  /** The rule that fired. */
  public Rule rule() {
    return rule;
  }

  static String escape(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder b = new StringBuilder();
    s.codePoints().limit(300).forEach(c -> {
      if (c < 0x20 || c == 0x7f || (c >= 0x200e && c <= 0x200f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) {
        b.append(String.format("\\u%04x", c));
      } else {
        b.appendCodePoint(c);
      }
    });
    return s.length() > 300 ? b + "…" : b.toString();
  }
}
