package dev.spectra.orchestrator.json;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Finds markdown code fences (runs of three or more backticks or tildes) in a model reply, the way models write
 * them rather than strictly as CommonMark does:
 *
 * <ul>
 *   <li>an opening fence may follow prose on the same line ({@code Here you go: ```json}) when nothing but a
 *       language tag follows it;
 *   <li>a one-line block ({@code ```json {"a": 1}```}) is a block;
 *   <li>inside a block, a fence line with a language tag opens a nested block (a markdown file with code samples),
 *       unless that reading leaves the outer block unterminated, in which case the first bare fence closes it;
 *   <li>a block whose closing fence is glued to its last line ({@code print(1)```}) is closed there;
 *   <li>a block with no closing fence runs to the end of the reply and is marked unterminated.
 * </ul>
 *
 * <p>Linear in the reply's length for replies without nesting.
 */
final class Fences {
  /** A one-line block ends within this many characters: this bounds the work per run of backticks. */
  private static final int MAX_FENCE_LINE = 4096;
  /** After prose on the same line, only an empty or word-like tag makes a run of backticks an opening fence. */
  private static final Pattern INLINE_TAG = Pattern.compile("|[A-Za-z][A-Za-z0-9+#_-]{0,24}");

  private Fences() {}

  /**
   * One fenced block. Its opening delimiter is {@code [open, bodyStart)}, its body {@code [bodyStart, bodyEnd)}
   * (including the line break before the closing fence), its closing delimiter {@code [bodyEnd, close)}.
   */
  record Fence(int open, int bodyStart, int bodyEnd, int close, String info, boolean terminated) {
    /** The normalized language of the info string ("javascript" for "js", "js:app.js" or "app.js"), or "" if none. */
    String language() {
      return normalizeLanguage(info);
    }

    boolean contains(int start, int end) {
      return start >= bodyStart && end <= bodyEnd;
    }
  }

  static List<Fence> find(String s) {
    List<Fence> fences = new ArrayList<>();
    int n = s.length();
    int i = 0;
    while (i < n) {
      char c = s.charAt(i);
      if (c != '`' && c != '~') {
        i++;
        continue;
      }
      int runEnd = run(s, i, c, n);
      int len = runEnd - i;
      if (len < 3) {
        i = runEnd;
        continue;
      }
      Fence f = open(s, i, runEnd, c);
      if (f == null) {
        i = runEnd;
        continue;
      }
      fences.add(f);
      i = Math.max(f.close(), runEnd);
    }
    return fences;
  }

  private static Fence open(String s, int runStart, int runEnd, char c) {
    int n = s.length();
    int len = runEnd - runStart;
    boolean atLineStart = onlyIndentBefore(s, runStart);
    if (c == '`') {
      // On the rest of the line: a closing run makes a one-line block; any other backtick rules out an opener.
      int limit = Math.min(n, runEnd + MAX_FENCE_LINE);
      boolean backtick = false;
      int j = runEnd;
      while (j < limit && s.charAt(j) != '\n') {
        if (s.charAt(j) != '`') {
          j++;
          continue;
        }
        int r = run(s, j, '`', limit);
        if (r - j >= len && !s.substring(runEnd, j).isBlank()) {
          return oneLine(s, runStart, runEnd, j, len);
        }
        backtick = true;
        j = r;
      }
      if (backtick) {
        return null;
      }
    } else if (!atLineStart) {
      return null;
    }
    if (!atLineStart) {
      // After prose: only a short tag, then the end of the line.
      int j = runEnd;
      while (j < n && j - runEnd <= 25 && isTagChar(s.charAt(j))) {
        j++;
      }
      while (j < n && (s.charAt(j) == ' ' || s.charAt(j) == '\t' || s.charAt(j) == '\r')) {
        j++;
      }
      if (j < n && s.charAt(j) != '\n') {
        return null;
      }
    }
    int lineEnd = lineEnd(s, runEnd);
    String info = s.substring(runEnd, lineEnd).strip();
    if (!atLineStart && !INLINE_TAG.matcher(info).matches()) {
      return null;
    }
    int bodyStart = lineEnd < n ? lineEnd + (s.startsWith("\r\n", lineEnd) ? 2 : 1) : n;
    Fence nested = close(s, runStart, bodyStart, c, len, info, true);
    if (nested.terminated()) {
      return nested;
    }
    return close(s, runStart, bodyStart, c, len, info, false);
  }

  /** {@code ```json {"a": 1}```}: the language tag, if any, is the first word when more text follows it. */
  private static Fence oneLine(String s, int runStart, int runEnd, int bodyEnd, int len) {
    int bodyStart = runEnd;
    String info = "";
    int w = runEnd;
    while (w < bodyEnd && isTagChar(s.charAt(w))) {
      w++;
    }
    if (w > runEnd && w < bodyEnd && Character.isWhitespace(s.charAt(w)) && Character.isLetter(s.charAt(runEnd))) {
      info = s.substring(runEnd, w);
      bodyStart = w;
    }
    while (bodyStart < bodyEnd && Character.isWhitespace(s.charAt(bodyStart))) {
      bodyStart++;
    }
    return new Fence(runStart, bodyStart, bodyEnd, bodyEnd + len, info, true);
  }

  private static Fence close(String s, int open, int bodyStart, char c, int len, String info, boolean nesting) {
    int n = s.length();
    int depth = 0;
    int line = bodyStart;
    while (line < n) {
      int end = lineEnd(s, line);
      int k = line;
      while (k < end && (s.charAt(k) == ' ' || s.charAt(k) == '\t')) {
        k++;
      }
      if (k < end && s.charAt(k) == c) {
        int r = run(s, k, c, end);
        String rest = s.substring(r, end).strip();
        if (r - k >= len && rest.isEmpty()) {
          if (depth == 0) {
            return new Fence(open, bodyStart, line, end, info, true);
          }
          depth--;
        } else if (nesting && r - k >= 3 && isTag(rest) && !rest.isEmpty()) {
          depth++;
        }
      }
      int newline = s.indexOf('\n', end);
      line = newline < 0 ? n : newline + 1;
    }
    if (!nesting) {
      Fence glued = gluedClose(s, open, bodyStart, c, len, info);
      if (glued != null) {
        return glued;
      }
    }
    return new Fence(open, bodyStart, n, n, info, false);
  }

  /** A closing fence at the end of the last non-blank line: {@code print(1)```}. */
  private static Fence gluedClose(String s, int open, int bodyStart, char c, int len, String info) {
    int e = s.length();
    while (e > bodyStart && Character.isWhitespace(s.charAt(e - 1))) {
      e--;
    }
    int r = e;
    while (r > bodyStart && s.charAt(r - 1) == c) {
      r--;
    }
    if (e - r >= len && r > bodyStart) {
      return new Fence(open, bodyStart, r, e, info, true);
    }
    return null;
  }

  private static int run(String s, int from, char c, int limit) {
    int j = from;
    while (j < limit && s.charAt(j) == c) {
      j++;
    }
    return j;
  }

  /** The end of the line at {@code from}, before its line break ("\n" or "\r\n"). */
  private static int lineEnd(String s, int from) {
    int j = s.indexOf('\n', from);
    if (j < 0) {
      return s.length();
    }
    return j > from && s.charAt(j - 1) == '\r' ? j - 1 : j;
  }

  private static boolean onlyIndentBefore(String s, int at) {
    for (int j = at - 1; j >= 0; j--) {
      char c = s.charAt(j);
      if (c == '\n') {
        return true;
      }
      if (c != ' ' && c != '\t' && c != '>') {
        return false;
      }
    }
    return true;
  }

  /** A language tag such as {@code java}, {@code c++}, {@code js:app.js}, {@code {.json}}, or nothing. */
  private static boolean isTag(String info) {
    for (int j = 0; j < info.length(); j++) {
      char c = info.charAt(j);
      if (!isTagChar(c) && c != ':' && c != '{' && c != '}') {
        return false;
      }
    }
    return true;
  }

  private static boolean isTagChar(char c) {
    return Character.isLetterOrDigit(c) || c == '+' || c == '#' || c == '.' || c == '-' || c == '_' || c == '/';
  }

  private static final Map<String, String> ALIASES = Map.ofEntries(
      Map.entry("js", "javascript"), Map.entry("mjs", "javascript"),
      Map.entry("cjs", "javascript"), Map.entry("node", "javascript"), Map.entry("jsx", "javascript"),
      Map.entry("ts", "typescript"), Map.entry("tsx", "typescript"), Map.entry("sh", "shell"),
      Map.entry("bash", "shell"), Map.entry("zsh", "shell"), Map.entry("console", "shell"),
      Map.entry("shellscript", "shell"), Map.entry("yml", "yaml"), Map.entry("md", "markdown"),
      Map.entry("kt", "kotlin"), Map.entry("kts", "kotlin"), Map.entry("rb", "ruby"), Map.entry("rs", "rust"),
      Map.entry("golang", "go"), Map.entry("cpp", "c++"), Map.entry("cc", "c++"), Map.entry("cxx", "c++"),
      Map.entry("hpp", "c++"), Map.entry("h", "c"), Map.entry("cs", "c#"), Map.entry("csharp", "c#"),
      Map.entry("txt", "text"), Map.entry("plaintext", "text"), Map.entry("plain", "text"),
      Map.entry("dockerfile", "docker"), Map.entry("htm", "html"), Map.entry("jsonc", "json"),
      Map.entry("json5", "json"), Map.entry("ps1", "powershell"), Map.entry("pwsh", "powershell"),
      Map.entry("cfg", "ini"), Map.entry("env", "dotenv"));

  /**
   * Normalizes a language name or a fence's info string: first word, lower case, {@code {.x}} and {@code x:file}
   * forms unwrapped, a file name reduced to its extension, aliases resolved ("js" to "javascript"); a stack's own aliases are the caller's
   * ({@link CodeReply#unwrap(String, java.util.Set)}). "" when none.
   */
  static String normalizeLanguage(String info) {
    if (info == null) {
      return "";
    }
    String t = info.strip();
    int cut = 0;
    while (cut < t.length() && !Character.isWhitespace(t.charAt(cut)) && t.charAt(cut) != ',') {
      cut++;
    }
    t = t.substring(0, cut).toLowerCase(Locale.ROOT);
    t = t.replace("{", "").replace("}", "");
    int colon = t.indexOf(':');
    if (colon >= 0) {
      t = t.substring(0, colon);
    }
    if (t.startsWith(".")) {
      t = t.substring(1);
    }
    if (t.equals("dockerfile") || t.endsWith("/dockerfile")) {
      return "docker";
    }
    int dot = t.lastIndexOf('.');
    if (dot >= 0 && dot < t.length() - 1) {
      t = t.substring(dot + 1);
    }
    return ALIASES.getOrDefault(t, t);
  }
}
