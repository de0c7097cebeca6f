package dev.spectra.orchestrator.workspace;

import dev.spectra.orchestrator.OrchestratorException;
import dev.spectra.orchestrator.SettingHint;
import dev.spectra.orchestrator.internal.Checks;
import java.util.List;

/**
 * A {@link Workspace} refused a path (or a write's size) before anything was written. The message names the path,
 * escaped so that control, bidirectional and invisible characters are visible (a NUL shows as
 * <code>&#92;u0000</code>, a right-to-left override as <code>&#92;u202e</code>, a backslash as
 * <code>&#92;&#92;</code>), the {@link Rule} that fired, and what to do.
 *
 * <p>Nothing is created when this is thrown: no file, no temporary file and no directory, inside or outside the
 * workspace. The rules, and the order in which they are checked, are listed on {@link Workspace}.
 */
public final class UnsafePathException extends OrchestratorException {
  private static final long serialVersionUID = 1L;

  /** How many code points of a path a message shows at most. */
  static final int MAX_SHOWN_CODE_POINTS = 300;

  /** The rule that refused a path; see {@link Workspace} for the order in which they are checked. */
  public enum Rule {
    /** The path is empty or only spaces. */
    EMPTY,
    /** A C0 control character (NUL, tab, newline...), DEL, a C1 control (U+0080-U+009F), or U+2028/U+2029. */
    CONTROL_CHARACTER,
    /** A bidirectional control: U+202A-U+202E, U+2066-U+2069, U+200E, U+200F or U+061C. */
    BIDI_CONTROL,
    /** Another invisible format character (Unicode category Cf: zero-width space and joiners, BOM, soft hyphen...). */
    INVISIBLE_CHARACTER,
    /** An unpaired UTF-16 surrogate, which has no UTF-8 form. */
    MALFORMED_UNICODE,
    /** A UNC or device path: starts with {@code //} or a double backslash. */
    UNC,
    /** An absolute path: starts with {@code /}. */
    ABSOLUTE,
    /** A drive-letter path: {@code C:}, {@code c:foo}, {@code C:/x}. */
    DRIVE_LETTER,
    /** A backslash anywhere: separators are forward slashes only. */
    BACKSLASH,
    /** An empty segment: {@code a//b} or a trailing slash. */
    EMPTY_SEGMENT,
    /** A {@code ..} segment in any position. */
    PARENT_SEGMENT,
    /** A {@code .} segment in any position. */
    DOT_SEGMENT,
    /** More segments than the workspace's {@code maxDepth}. */
    TOO_DEEP,
    /** A character that Windows forbids in names: {@code < > : " | ? *}. */
    ILLEGAL_CHARACTER,
    /**
     * A Windows device name (CON, PRN, AUX, NUL, CONIN$, CONOUT$, COM0-9, LPT0-9 and the superscript-digit forms
     * such as COM¹), in any case and with any extension ({@code nul.txt}, {@code COM1.tar.gz}); or the prefix
     * of the workspace's own temporary files, {@value Workspace#TEMP_PREFIX}.
     */
    RESERVED_NAME,
    /** A segment ending with '.' or ' ', which Windows silently strips. */
    TRAILING_DOT_OR_SPACE,
    /** A segment longer than the workspace's {@code maxNameBytes} in UTF-8. */
    NAME_TOO_LONG,
    /** The engine's folder {@code .spectra/} (first segment) or a {@code .git} folder (any segment); any case. */
    RESERVED_FOLDER,
    /** Resolves outside the workspace after normalization; a last line of defence behind the rules above. */
    OUTSIDE_WORKSPACE,
    /** A file larger than {@code maxFileBytes}, or a write that would take the total past {@code maxTotalBytes}. */
    TOO_LARGE,
    /** A new file past the workspace's {@code maxFiles}. */
    TOO_MANY_FILES,
    /**
     * An existing folder on the path is a symbolic link resolving outside the workspace (or dangling), or the
     * target itself is a symbolic link (never written or read through, wherever it points).
     */
    SYMLINK_ESCAPE,
    /** An existing entry on the way to the target is not a directory. */
    NOT_A_DIRECTORY,
    /** The target exists but is not a regular file (a directory, a device, a pipe). */
    NOT_A_FILE
  }

  private final String path;
  private final Rule rule;
  private final String detail;

  /**
   * @param path the refused path as given (may hold any characters: the message escapes them)
   * @param rule the rule that fired
   * @param detail what exactly was wrong and what to do instead
   */
  public UnsafePathException(String path, Rule rule, String detail) {
    this(path, rule, detail, List.of());
  }

  /** An exception whose {@code detail} names the {@code hints} (a workspace limit to raise). */
  public UnsafePathException(String path, Rule rule, String detail, List<SettingHint> hints) {
    super("refused path \"" + escape(path) + "\": " + Checks.notNull(rule, "rule") + " - " + detail, hints);
    this.path = path;
    this.rule = rule;
    this.detail = detail;
  }

  /** The refused path as given, unescaped. */
  public String path() {
    return path;
  }

  /** The rule that fired. */
  public Rule rule() {
    return rule;
  }

  /** What exactly was wrong and what to do instead (without the path and rule). */
  public String detail() {
    return detail;
  }

  /**
   * The text with backslashes and double quotes escaped, and control, bidirectional, invisible, separator and
   * unpaired-surrogate characters shown as <code>&#92;uXXXX</code> (or <code>&#92;u{XXXXX}</code> beyond the BMP);
   * cut after {@value #MAX_SHOWN_CODE_POINTS} code points.
   */
  static String escape(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder b = new StringBuilder();
    int shown = 0;
    for (int i = 0; i < s.length(); ) {
      if (shown == MAX_SHOWN_CODE_POINTS) {
        b.append("…[").append(s.codePointCount(i, s.length())).append(" more code points]");
        break;
      }
      int c = s.codePointAt(i);
      i += Character.charCount(c);
      shown++;
      if (c == '\\') {
        b.append("\\\\");
      } else if (c == '"') {
        b.append("\\\"");
      } else if (mustEscape(c)) {
        b.append(c <= 0xFFFF ? String.format("\\u%04x", c) : String.format("\\u{%x}", c));
      } else {
        b.appendCodePoint(c);
      }
    }
    return b.toString();
  }

  private static boolean mustEscape(int c) {
    switch (Character.getType(c)) {
      case Character.CONTROL:
      case Character.FORMAT:
      case Character.SURROGATE:
      case Character.LINE_SEPARATOR:
      case Character.PARAGRAPH_SEPARATOR:
      case Character.UNASSIGNED:
      case Character.PRIVATE_USE:
        return true;
      default:
        return false;
    }
  }
}
