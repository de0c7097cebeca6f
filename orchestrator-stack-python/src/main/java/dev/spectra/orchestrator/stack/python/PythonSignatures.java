package dev.spectra.orchestrator.stack.python;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The public surface of a Python module, without bodies: imports, decorators, {@code def}/{@code async def}/
 * {@code class} headers (multi-line ones joined), the first line of each docstring, and module- and class-level
 * assignments and annotated fields. Private names ({@code _x}, but not dunders) are left out.
 *
 * <p>Line-based over Python's indentation, with a small lexer that knows strings, comments, brackets and
 * backslash continuations; good enough for prompt context (the quality gate parses with Python's own {@code ast}).
 */
final class PythonSignatures {
  private PythonSignatures() {}

  /** Longest line kept; longer ones end with {@code ...}. */
  static final int MAX_LINE_CHARS = 240;
  /** Longest assignment value shown; longer (or multi-line) values become {@code ...}. */
  static final int MAX_VALUE_CHARS = 80;

  private static final Pattern DEF = Pattern.compile("^(?:async\\s+)?def\\s+([A-Za-z_]\\w*)");
  private static final Pattern CLASS = Pattern.compile("^class\\s+([A-Za-z_]\\w*)");
  private static final Pattern IMPORT = Pattern.compile("^(?:import|from)\\s");
  private static final Pattern FIRST_WORD = Pattern.compile("^([A-Za-z_]\\w*)");
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_]\\w*");
  private static final Pattern STRING_PREFIX = Pattern.compile("^[rRbBuUfF]{0,2}");
  private static final Set<String> COMPOUND = Set.of(
      "if", "elif", "else", "for", "while", "try", "except", "finally", "with", "async", "match", "case");

  /** One logical line: physical lines joined inside brackets and after backslashes; comments removed. */
  record Logical(int indent, String text, int physicalLines) {}

  /** The module's surface, at most {@code maxLines} lines (the last one says how many were cut). */
  static String extract(String source, int maxLines) {
    List<String> out = surface(logicalLines(source));
    if (out.size() > maxLines) {
      int cut = out.size() - (maxLines - 1);
      out = new ArrayList<>(out.subList(0, maxLines - 1));
      out.add("# ... " + cut + " more signature lines cut");
    }
    return out.isEmpty() ? "" : String.join("\n", out) + "\n";
  }

  private static final class Frame {
    final int indent;
    final boolean skip;
    final int bodyDepth;

    Frame(int indent, boolean skip, int bodyDepth) {
      this.indent = indent;
      this.skip = skip;
      this.bodyDepth = bodyDepth;
    }
  }

  private static List<String> surface(List<Logical> lines) {
    List<String> out = new ArrayList<>();
    Deque<Frame> stack = new ArrayDeque<>();
    List<String> decorators = new ArrayList<>();
    boolean expectDoc = true; // the module docstring
    int docOwnerIndent = -1;
    int docDepth = 0;
    for (Logical line : lines) {
      while (!stack.isEmpty() && line.indent() <= stack.peek().indent) {
        stack.pop();
      }
      boolean docCandidate = expectDoc && line.indent() > docOwnerIndent;
      expectDoc = false;
      String text = line.text();
      if (docCandidate && isStringLiteral(text)) {
        String first = docstringFirstLine(text);
        if (!first.isEmpty()) {
          add(out, docDepth, "\"\"\"" + first + "\"\"\"");
        }
        continue;
      }
      if (!stack.isEmpty() && stack.peek().skip) {
        continue;
      }
      int depth = stack.isEmpty() ? 0 : stack.peek().bodyDepth;
      if (text.startsWith("@")) {
        decorators.add(collapse(text));
        continue;
      }
      Matcher def = DEF.matcher(text);
      Matcher cls = CLASS.matcher(text);
      boolean isDef = def.find();
      if (isDef || cls.find()) {
        String name = isDef ? def.group(1) : cls.group(1);
        boolean show = isPublic(name);
        if (show) {
          decorators.forEach(d -> add(out, depth, d));
          add(out, depth, collapse(header(text)));
          expectDoc = true;
          docOwnerIndent = line.indent();
          docDepth = depth + 1;
        }
        decorators.clear();
        stack.push(new Frame(line.indent(), isDef || !show, depth + 1));
        continue;
      }
      decorators.clear();
      if (IMPORT.matcher(text).find()) {
        if (stack.isEmpty()) {
          add(out, depth, collapse(text));
        }
        continue;
      }
      Matcher word = FIRST_WORD.matcher(text);
      if (word.find() && COMPOUND.contains(word.group(1)) && isCompound(word.group(1), text)) {
        stack.push(new Frame(line.indent(), true, depth + 1));
        continue;
      }
      String assignment = assignment(line);
      if (assignment != null) {
        add(out, depth, assignment);
      }
    }
    return out;
  }

  private static boolean isCompound(String keyword, String text) {
    if (keyword.equals("match") || keyword.equals("case")) {
      return text.endsWith(":") && assignmentIndex(text) < 0; // soft keywords: "match = ..." is an assignment
    }
    return true;
  }

  private static boolean isPublic(String name) {
    return !name.startsWith("_") || (name.startsWith("__") && name.endsWith("__"));
  }

  private static void add(List<String> out, int depth, String line) {
    String text = line.length() > MAX_LINE_CHARS ? line.substring(0, MAX_LINE_CHARS - 3) + "..." : line;
    out.add("    ".repeat(depth) + text);
  }

  /** {@code name: Type = value} with a short value, or {@code null} when the line is no simple assignment. */
  private static String assignment(Logical line) {
    String text = line.text();
    int eq = assignmentIndex(text);
    String target = eq < 0 ? text : text.substring(0, eq);
    int colon = topLevel(target, ':');
    String name = (colon < 0 ? target : target.substring(0, colon)).strip();
    if (!IDENTIFIER.matcher(name).matches() || !isPublic(name) || (eq < 0 && colon < 0)) {
      return null;
    }
    StringBuilder sb = new StringBuilder(name);
    if (colon >= 0) {
      String annotation = collapse(target.substring(colon + 1));
      if (annotation.isEmpty()) {
        return null;
      }
      sb.append(": ").append(annotation);
    }
    if (eq >= 0) {
      String value = collapse(text.substring(eq + 1));
      boolean simple = line.physicalLines() == 1 && value.length() <= MAX_VALUE_CHARS;
      sb.append(" = ").append(simple ? value : "...");
    }
    return sb.toString();
  }

  /** The index of the assignment's {@code =} at bracket depth 0 (not {@code ==}, {@code <=}, {@code +=}...), or -1. */
  static int assignmentIndex(String text) {
    int depth = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\'') {
        i = stringEnd(text, i) - 1;
      } else if (c == '(' || c == '[' || c == '{') {
        depth++;
      } else if (c == ')' || c == ']' || c == '}') {
        depth = Math.max(0, depth - 1);
      } else if (c == '=' && depth == 0) {
        char before = i > 0 ? text.charAt(i - 1) : ' ';
        char after = i + 1 < text.length() ? text.charAt(i + 1) : ' ';
        if (after == '=' || "=<>!+-*/%&|^@:".indexOf(before) >= 0) {
          return -1; // a comparison, an augmented assignment or a walrus: not a simple assignment
        }
        return i;
      }
    }
    return -1;
  }

  /** The index of the first {@code c} at bracket depth 0 outside strings, or -1. */
  private static int topLevel(String text, char wanted) {
    int depth = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\'') {
        i = stringEnd(text, i) - 1;
      } else if (c == '(' || c == '[' || c == '{') {
        depth++;
      } else if (c == ')' || c == ']' || c == '}') {
        depth = Math.max(0, depth - 1);
      } else if (c == wanted && depth == 0) {
        return i;
      }
    }
    return -1;
  }

  /** A {@code def} or {@code class} header up to and including its colon (a one-line body is dropped). */
  private static String header(String text) {
    int colon = topLevel(text, ':');
    return colon < 0 ? text : text.substring(0, colon + 1);
  }

  private static boolean isStringLiteral(String text) {
    Matcher prefix = STRING_PREFIX.matcher(text);
    prefix.find();
    int start = prefix.end();
    if (start >= text.length() || (text.charAt(start) != '"' && text.charAt(start) != '\'')) {
      return false;
    }
    return stringEnd(text, start) == text.length();
  }

  private static String docstringFirstLine(String literal) {
    Matcher prefix = STRING_PREFIX.matcher(literal);
    prefix.find();
    String body = literal.substring(prefix.end());
    int quote = body.startsWith("\"\"\"") || body.startsWith("'''") ? 3 : 1;
    body = body.substring(quote, Math.max(quote, body.length() - quote));
    for (String l : body.split("\n", -1)) {
      if (!l.isBlank()) {
        return l.strip();
      }
    }
    return "";
  }

  /**
   * One line of code with the whitespace of joined lines collapsed: single spaces, none just inside brackets, and
   * no trailing comma left before a closing bracket on a line of its own. Strings are kept as written.
   */
  static String collapse(String text) {
    StringBuilder sb = new StringBuilder(text.length());
    boolean space = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\'') {
        int end = stringEnd(text, i);
        if (space && sb.length() > 0 && !isOpener(sb.charAt(sb.length() - 1))) {
          sb.append(' ');
        }
        space = false;
        sb.append(text, i, end);
        i = end - 1;
      } else if (Character.isWhitespace(c)) {
        space = true;
      } else if (c == ')' || c == ']' || c == '}') {
        if (space && sb.length() > 0 && sb.charAt(sb.length() - 1) == ',') {
          sb.setLength(sb.length() - 1);
        }
        space = false;
        sb.append(c);
      } else {
        if (space && sb.length() > 0 && !isOpener(sb.charAt(sb.length() - 1))) {
          sb.append(' ');
        }
        space = false;
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static boolean isOpener(char c) {
    return c == '(' || c == '[' || c == '{';
  }

  /** The index just after the string literal whose opening quote is at {@code start} (the end of text if open). */
  static int stringEnd(String text, int start) {
    char q = text.charAt(start);
    int n = text.length();
    if (start + 2 < n && text.charAt(start + 1) == q && text.charAt(start + 2) == q) {
      int i = start + 3;
      while (i < n) {
        char c = text.charAt(i);
        if (c == '\\') {
          i += 2;
        } else if (c == q && i + 2 < n && text.charAt(i + 1) == q && text.charAt(i + 2) == q) {
          return i + 3;
        } else {
          i++;
        }
      }
      return n;
    }
    int i = start + 1;
    while (i < n) {
      char c = text.charAt(i);
      if (c == '\\') {
        i += 2;
      } else if (c == q) {
        return i + 1;
      } else if (c == '\n') {
        return i;
      } else {
        i++;
      }
    }
    return n;
  }

  /** Splits source into logical lines with their indentation; blank and comment-only lines are dropped. */
  static List<Logical> logicalLines(String source) {
    String src = source.replace("\r\n", "\n").replace('\r', '\n');
    List<Logical> out = new ArrayList<>();
    StringBuilder buf = new StringBuilder();
    int n = src.length();
    int i = 0;
    int indent = 0;
    int physical = 1;
    int depth = 0;
    boolean lineStart = true;
    while (i < n) {
      if (lineStart) {
        int col = 0;
        while (i < n && (src.charAt(i) == ' ' || src.charAt(i) == '\t' || src.charAt(i) == '\f')) {
          col = src.charAt(i) == '\t' ? (col / 8 + 1) * 8 : col + 1;
          i++;
        }
        indent = col;
        physical = 1;
        depth = 0;
        buf.setLength(0);
        lineStart = false;
        continue;
      }
      char c = src.charAt(i);
      if (c == '#') {
        while (i < n && src.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '"' || c == '\'') {
        int end = stringEnd(src, i);
        for (int k = i; k < end; k++) {
          if (src.charAt(k) == '\n') {
            physical++;
          }
        }
        buf.append(src, i, end);
        i = end;
      } else if (c == '\\' && i + 1 < n && src.charAt(i + 1) == '\n') {
        buf.append(' ');
        physical++;
        i += 2;
      } else if (c == '\n') {
        i++;
        if (depth > 0) {
          buf.append(' ');
          physical++;
        } else {
          finish(out, buf, indent, physical);
          lineStart = true;
        }
      } else {
        if (c == '(' || c == '[' || c == '{') {
          depth++;
        } else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
          depth--;
        }
        buf.append(c);
        i++;
      }
    }
    if (!lineStart) {
      finish(out, buf, indent, physical);
    }
    return out;
  }

  private static void finish(List<Logical> out, StringBuilder buf, int indent, int physical) {
    String text = buf.toString().strip();
    if (!text.isEmpty()) {
      out.add(new Logical(indent, text, physical));
    }
  }
}
