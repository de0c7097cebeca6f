package dev.spectra.orchestrator.workspace;

import dev.spectra.orchestrator.internal.Checks;
import dev.spectra.orchestrator.workspace.UnsafePathException.Rule;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The string rules of a workspace path, checked in the order documented on {@link Workspace}: each rule scans the
 * whole path before the next one runs, so a path breaking several rules always reports the same (earliest) one.
 * Pure: touches no file system.
 */
final class PathRules {
  /** Windows device names, with or without an extension, in any case; Windows also accepts superscript digits. */
  private static final Pattern DEVICE_NAME =
      Pattern.compile("(?:CON|PRN|AUX|NUL|CONIN\\$|CONOUT\\$|COM[0-9\u00b9\u00b2\u00b3]|LPT[0-9\u00b9\u00b2\u00b3])",
          Pattern.CASE_INSENSITIVE);
  private static final String WINDOWS_ILLEGAL = "<>:\"|?*";
  private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:.*", Pattern.DOTALL);

  private final int maxDepth;
  private final int maxNameBytes;

  PathRules(int maxDepth, int maxNameBytes) {
    this.maxDepth = maxDepth;
    this.maxNameBytes = maxNameBytes;
  }

  /** The path's segments, or an {@link UnsafePathException} naming the first rule (in order) that it breaks. */
  List<String> check(String path) {
    if (path.isEmpty() || path.chars().allMatch(c -> c == ' ')) {
      throw refuse(path, Rule.EMPTY, "the path is empty or only spaces; give a file path relative to the workspace, "
          + "e.g. \"src/app.txt\"");
    }
    checkCharacters(path);
    if (path.startsWith("//") || path.startsWith("\\\\")) {
      throw refuse(path, Rule.UNC, "UNC and device paths are not allowed; give a path relative to the workspace, "
          + "e.g. \"src/app.txt\"");
    }
    if (path.startsWith("/")) {
      throw refuse(path, Rule.ABSOLUTE, "absolute paths are not allowed; drop the leading '/' and give a path "
          + "relative to the workspace, e.g. \"src/app.txt\"");
    }
    if (DRIVE.matcher(path).matches()) {
      throw refuse(path, Rule.DRIVE_LETTER, "drive-letter paths are not allowed; give a path relative to the "
          + "workspace, e.g. \"src/app.txt\"");
    }
    int backslash = path.indexOf('\\');
    if (backslash >= 0) {
      throw refuse(path, Rule.BACKSLASH, "backslash at index " + backslash + "; separate folders with '/' only");
    }
    List<String> segments = List.of(path.split("/", -1));
    for (int i = 0; i < segments.size(); i++) {
      if (segments.get(i).isEmpty()) {
        throw refuse(path, Rule.EMPTY_SEGMENT, "segment " + (i + 1) + " of " + segments.size()
            + " is empty (a doubled or trailing '/'); write each folder once and end with a file name");
      }
    }
    for (int i = 0; i < segments.size(); i++) {
      if (segments.get(i).equals("..")) {
        throw refuse(path, Rule.PARENT_SEGMENT, "segment " + (i + 1) + " of " + segments.size()
            + " is \"..\"; paths must stay below the workspace root and be written without '..'");
      }
    }
    for (int i = 0; i < segments.size(); i++) {
      if (segments.get(i).equals(".")) {
        throw refuse(path, Rule.DOT_SEGMENT, "segment " + (i + 1) + " of " + segments.size()
            + " is \".\"; write the path without '.' segments, e.g. \"a/b.txt\" rather than \"./a/b.txt\"");
      }
    }
    if (segments.size() > maxDepth) {
      throw refuse(path, Rule.TOO_DEEP, segments.size() + " segments, but this workspace allows at most " + maxDepth
          + " (maxDepth); use a flatter layout");
    }
    for (String segment : segments) {
      for (int j = 0; j < segment.length(); j++) {
        if (WINDOWS_ILLEGAL.indexOf(segment.charAt(j)) >= 0) {
          throw refuse(path, Rule.ILLEGAL_CHARACTER, "segment " + quote(segment) + " holds '" + segment.charAt(j)
              + "', which is not allowed in file names on Windows (< > : \" | ? *); rename it");
        }
      }
    }
    for (String segment : segments) {
      if (isDeviceName(segment)) {
        int dot = segment.indexOf('.');
        String renamed = dot < 0 ? segment + "_" : segment.substring(0, dot) + "_" + segment.substring(dot);
        throw refuse(path, Rule.RESERVED_NAME, "segment " + quote(segment) + " is a Windows device name (CON, PRN, "
            + "AUX, NUL, COM0-9, LPT0-9, with any extension); rename it, e.g. " + quote(renamed));
      }
      if (segment.regionMatches(true, 0, Workspace.TEMP_PREFIX, 0, Workspace.TEMP_PREFIX.length())) {
        throw refuse(path, Rule.RESERVED_NAME, "names starting with \"" + Workspace.TEMP_PREFIX
            + "\" are the workspace's temporary files; rename it");
      }
    }
    for (String segment : segments) {
      if (segment.endsWith(".") || segment.endsWith(" ")) {
        throw refuse(path, Rule.TRAILING_DOT_OR_SPACE, "segment " + quote(segment)
            + " ends with '.' or ' ', which Windows strips; remove the trailing character");
      }
    }
    for (String segment : segments) {
      int bytes = utf8Length(segment);
      if (bytes > maxNameBytes) {
        throw refuse(path, Rule.NAME_TOO_LONG, "a segment is " + bytes + " bytes in UTF-8, but this workspace allows "
            + "at most " + maxNameBytes + " (maxNameBytes); use a shorter name");
      }
    }
    String reserved = reservedFolder(segments);
    if (reserved != null) {
      throw refuse(path, Rule.RESERVED_FOLDER, reserved);
    }
    return segments;
  }

  /**
   * Why the segments (relative to the workspace root) lie in a reserved folder, or null: {@code .spectra} as the
   * first segment, {@code .git} as any segment, in any case.
   */
  static String reservedFolder(List<String> segments) {
    if (!segments.isEmpty() && segments.get(0).equalsIgnoreCase(Workspace.ENGINE_FOLDER)) {
      return "\"" + Workspace.ENGINE_FOLDER + "/\" is the engine's own folder; generated files may not be written "
          + "there; choose another folder";
    }
    for (String segment : segments) {
      if (segment.equalsIgnoreCase(".git")) {
        return "\".git/\" folders hold version-control data and hooks; generated files may not be written there; "
            + "choose another folder";
      }
    }
    return null;
  }

  private static void checkCharacters(String path) {
    for (int i = 0; i < path.length(); ) {
      int c = path.codePointAt(i);
      if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029) {
        throw refuse(path, Rule.CONTROL_CHARACTER, describe(c, i) + " is a control character; "
            + "file names must be printable");
      }
      i += Character.charCount(c);
    }
    for (int i = 0; i < path.length(); ) {
      int c = path.codePointAt(i);
      if (isBidiControl(c)) {
        throw refuse(path, Rule.BIDI_CONTROL, describe(c, i) + " is a bidirectional control, which can make a name "
            + "display differently from what it is; remove it");
      }
      i += Character.charCount(c);
    }
    for (int i = 0; i < path.length(); ) {
      int c = path.codePointAt(i);
      if (Character.getType(c) == Character.FORMAT) {
        throw refuse(path, Rule.INVISIBLE_CHARACTER, describe(c, i) + " is an invisible format character; "
            + "remove it");
      }
      i += Character.charCount(c);
    }
    for (int i = 0; i < path.length(); ) {
      int c = path.codePointAt(i);
      if (Character.getType(c) == Character.SURROGATE) {
        throw refuse(path, Rule.MALFORMED_UNICODE, describe(c, i) + " is an unpaired surrogate, which has no "
            + "UTF-8 form; the path text is corrupt");
      }
      i += Character.charCount(c);
    }
  }

  static boolean isBidiControl(int c) {
    return (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f
        || c == 0x061c;
  }

  private static boolean isDeviceName(String segment) {
    int dot = segment.indexOf('.');
    String stem = dot < 0 ? segment : segment.substring(0, dot);
    int end = stem.length();
    while (end > 0 && stem.charAt(end - 1) == ' ') {
      end--;
    }
    return DEVICE_NAME.matcher(stem.substring(0, end)).matches();
  }

  static int utf8Length(String s) {
    int bytes = 0;
    for (int i = 0; i < s.length(); ) {
      int c = s.codePointAt(i);
      bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
      i += Character.charCount(c);
    }
    return bytes;
  }

  private static String describe(int c, int index) {
    return String.format(Locale.ROOT, "character U+%04X at index %d", c, index);
  }

  /** A segment for a message: escaped, quoted and cut to a readable length. */
  private static String quote(String segment) {
    return "\"" + UnsafePathException.escape(Checks.excerpt(segment, 80)) + "\"";
  }

  private static UnsafePathException refuse(String path, Rule rule, String detail) {
    return new UnsafePathException(path, rule, detail);
  }
}
