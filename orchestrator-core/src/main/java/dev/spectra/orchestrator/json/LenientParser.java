package dev.spectra.orchestrator.json;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * A one-pass, non-recursive reader of "almost JSON" that rewrites what it reads into strict JSON text and records
 * which leniencies it needed. Strict JSON passes through with no repair recorded, so recorded repairs are exactly
 * the ones that fired. Jackson then parses the rewritten text, so numbers get Jackson's usual node types.
 *
 * <p>Accepted beyond RFC 8259 (each records a {@link Repair}): {@code //}, {@code /* *}{@code /} and {@code #}
 * comments; exotic whitespace (NBSP, BOM, zero-width space); single-quoted and typographic-quoted strings; a quote
 * inside a string followed by a word and another quote on the line (taken as a literal quote); invalid escapes
 * (kept as a literal backslash; {@code \'} and {@code \xHH} decoded); raw line breaks and tabs in strings (other
 * control characters are binary data and fail); unquoted keys; {@code True}, {@code False}, {@code None};
 * {@code TRUE}, {@code NULL}, {@code undefined} and other case variants; {@code NaN} and {@code Infinity};
 * {@code +1}, {@code 01}, {@code .5}, {@code 5.}, {@code 0x1F}; missing commas between members; trailing commas; a
 * closing bracket of the wrong kind when an enclosing container matches it.
 *
 * <p>With {@code truncate} on, running out of text closes the value instead of failing: the output is cut back to
 * the last completed member (dropping a dangling key, a partial string, number or literal, a trailing comma),
 * containers left with no completed member are dropped, and the rest are closed innermost first. Repairs that fired
 * only in the dropped part are not reported. A number that touches the end of the text is never taken as complete.
 *
 * <p>Work is linear in the characters examined; nesting is limited to {@value #MAX_DEPTH} levels (Jackson's own
 * default limit), without recursion.
 */
final class LenientParser {
  static final int MAX_DEPTH = 1000;

  private static final int VALUE = 0;
  private static final int FIRST_VALUE = 1;
  private static final int KEY = 2;
  private static final int FIRST_KEY = 3;
  private static final int AFTER_VALUE = 4;

  private static final int DOUBLE = 0;
  private static final int SINGLE = 1;
  private static final int SMART_DOUBLE = 2;
  private static final int SMART_SINGLE = 3;

  /** The outcome of one attempt: either the strict JSON text of a value or why none was read. */
  static final class Outcome {
    final boolean ok;
    /** Source index just after the value (ok), or where reading failed. */
    final int end;
    final String json;
    final int repairs;
    final boolean truncated;
    final String error;
    /** The failure was running out of text (the value may be truncated). */
    final boolean eof;
    /** After a failure: where a search for further values should resume (past what this attempt covered). */
    final int resume;

    private Outcome(
        boolean ok, int end, String json, int repairs, boolean truncated, String error, boolean eof, int resume) {
      this.ok = ok;
      this.end = end;
      this.json = json;
      this.repairs = repairs;
      this.truncated = truncated;
      this.error = error;
      this.eof = eof;
      this.resume = resume;
    }
  }

  private final String s;
  private final int to;
  private final boolean truncate;
  private final StringBuilder out;
  private final int[] firstFire = new int[Repair.VALUES.length];
  private int i;

  private boolean[] isObj = new boolean[16];
  private int[] members = new int[16];
  private int[] safeOut = new int[16];
  private int[] safeSrc = new int[16];
  private int depth;

  private String error;
  private int errorAt;
  private boolean eof;
  private int resumeAt;

  private LenientParser(String s, int from, int to, boolean truncate) {
    this.s = s;
    this.to = to;
    this.truncate = truncate;
    this.i = from;
    this.out = new StringBuilder(Math.min(to - from, 256) + 16);
    Arrays.fill(firstFire, Integer.MAX_VALUE);
  }

  /**
   * Reads the one value that fills {@code [from, to)} apart from whitespace and comments; scalars allowed; no
   * truncation closing.
   */
  static Outcome whole(String s, int from, int to) {
    LenientParser p = new LenientParser(s, from, to, false);
    if (!p.skipSpace()) {
      return p.failure();
    }
    if (p.i >= to) {
      p.fail(p.i, "no value", true);
      return p.failure();
    }
    if (!p.run()) {
      return p.failure();
    }
    int end = p.i;
    if (!p.skipSpace()) {
      return p.failure();
    }
    if (p.i < to) {
      p.fail(p.i, "unexpected " + describe(s.charAt(p.i)) + " after the value", false);
      return p.failure();
    }
    return p.success(end, false);
  }

  /**
   * Reads one object or array starting exactly at {@code from} (which holds '{' or '['), up to at most {@code to};
   * with {@code truncate}, running out of text closes the value.
   */
  static Outcome at(String s, int from, int to, boolean truncate) {
    LenientParser p = new LenientParser(s, from, to, truncate);
    if (p.run()) {
      return p.success(p.i, false);
    }
    if (p.eof && truncate && p.depth > 0) {
      return p.closeTruncated();
    }
    return p.failure();
  }

  /**
   * A cheap test before {@link #at}: whether the '{' or '[' at {@code p} could start a value, judged by the next
   * character that is not plain whitespace. Saves an attempt per bracket in text such as "{{{{".
   */
  static boolean canStart(String s, int p, int to) {
    int j = p + 1;
    while (j < to && (s.charAt(j) == ' ' || s.charAt(j) == '\n' || s.charAt(j) == '\r' || s.charAt(j) == '\t')) {
      j++;
    }
    if (j >= to) {
      return true;
    }
    char c = s.charAt(j);
    if (c == '/' || c == '#' || isExoticSpace(c)) {
      return true;
    }
    return s.charAt(p) == '{' ? c == '}' || c == ']' || isKeyStart(c) : c == ']' || c == '}' || isValueStart(c);
  }

  private Outcome success(int end, boolean truncated) {
    int mask = 0;
    for (Repair r : Repair.VALUES) {
      if (firstFire[r.ordinal()] != Integer.MAX_VALUE) {
        mask |= r.bit();
      }
    }
    return new Outcome(true, end, out.toString(), mask, truncated, null, false, end);
  }

  private Outcome failure() {
    return new Outcome(false, errorAt, null, 0, false, error, eof, Math.max(errorAt, resumeAt));
  }

  /** Cuts back to the last completed member and closes what is still open. */
  private Outcome closeTruncated() {
    int retainedSrc = -1;
    out.setLength(safeOut[depth - 1]);
    while (depth > 0) {
      int t = depth - 1;
      if (retainedSrc < 0 && members[t] == 0) {
        depth--;
        if (depth == 0) {
          error = "the text ends before any complete value";
          return failure();
        }
        out.setLength(safeOut[depth - 1]);
        continue;
      }
      if (retainedSrc < 0) {
        retainedSrc = safeSrc[t];
      }
      out.append(isObj[t] ? '}' : ']');
      depth--;
      if (depth > 0) {
        members[depth - 1]++;
      }
    }
    for (int r = 0; r < firstFire.length; r++) {
      if (firstFire[r] >= retainedSrc) {
        firstFire[r] = Integer.MAX_VALUE;
      }
    }
    firstFire[Repair.TRUNCATION.ordinal()] = 0;
    return success(to, true);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // the state machine

  private boolean run() {
    int state = VALUE;
    while (true) {
      switch (state) {
        case VALUE, FIRST_VALUE -> {
          if (!skipSpace()) {
            return false;
          }
          if (i >= to) {
            return fail(i, "expected a value", true);
          }
          char c = s.charAt(i);
          if (c == ']' && state == FIRST_VALUE) {
            if (!close(c)) {
              return false;
            }
            if (depth == 0) {
              return true;
            }
            state = AFTER_VALUE;
            continue;
          }
          if (depth > 0 && members[depth - 1] > 0 && !isObj[depth - 1]) {
            out.append(',');
          }
          if (c == '{' || c == '[') {
            if (!push(c == '{')) {
              return false;
            }
            state = c == '{' ? FIRST_KEY : FIRST_VALUE;
            continue;
          }
          if (!scalar()) {
            return false;
          }
          if (depth == 0) {
            return true;
          }
          completeMember();
          state = AFTER_VALUE;
        }
        case KEY, FIRST_KEY -> {
          if (!skipSpace()) {
            return false;
          }
          if (i >= to) {
            return fail(i, "expected a key", true);
          }
          char c = s.charAt(i);
          if (state == FIRST_KEY && (c == '}' || c == ']')) {
            if (!close(c)) {
              return false;
            }
            if (depth == 0) {
              return true;
            }
            state = AFTER_VALUE;
            continue;
          }
          if (members[depth - 1] > 0) {
            out.append(',');
          }
          if (!key()) {
            return false;
          }
          if (!skipSpace()) {
            return false;
          }
          if (i >= to) {
            return fail(i, "expected ':' after the key", true);
          }
          if (s.charAt(i) != ':') {
            return fail(i, "expected ':' after the key, found " + describe(s.charAt(i)), false);
          }
          out.append(':');
          i++;
          state = VALUE;
        }
        case AFTER_VALUE -> {
          if (!skipSpace()) {
            return false;
          }
          boolean obj = isObj[depth - 1];
          if (i >= to) {
            return fail(i, "expected ',' or '" + (obj ? '}' : ']') + "'", true);
          }
          char c = s.charAt(i);
          if (c == ',') {
            int comma = i++;
            if (!skipSpace()) {
              return false;
            }
            if (i >= to) {
              return fail(i, obj ? "expected a key" : "expected a value", true);
            }
            char next = s.charAt(i);
            if (next == '}' || next == ']') {
              fire(Repair.TRAILING_COMMA, comma);
              if (!close(next)) {
                return false;
              }
              if (depth == 0) {
                return true;
              }
              continue;
            }
            state = obj ? KEY : VALUE;
          } else if (c == '}' || c == ']') {
            if (!close(c)) {
              return false;
            }
            if (depth == 0) {
              return true;
            }
          } else if (obj ? isKeyStart(c) : isValueStart(c)) {
            fire(Repair.MISSING_COMMA, i);
            state = obj ? KEY : VALUE;
          } else {
            return fail(i, "expected ',' or '" + (obj ? '}' : ']') + "', found " + describe(c), false);
          }
        }
        default -> throw new IllegalStateException("state " + state);
      }
    }
  }

  private boolean push(boolean obj) {
    if (depth == MAX_DEPTH) {
      resumeAt = skipBrackets(i);
      return fail(i, "nesting deeper than " + MAX_DEPTH + " levels", false);
    }
    if (depth == isObj.length) {
      int n = depth * 2;
      isObj = Arrays.copyOf(isObj, n);
      members = Arrays.copyOf(members, n);
      safeOut = Arrays.copyOf(safeOut, n);
      safeSrc = Arrays.copyOf(safeSrc, n);
    }
    out.append(obj ? '{' : '[');
    i++;
    isObj[depth] = obj;
    members[depth] = 0;
    safeOut[depth] = out.length();
    safeSrc[depth] = i;
    depth++;
    return true;
  }

  /**
   * Handles the closer at {@code i}. If it does not match the innermost container but matches an enclosing one, the
   * inner containers are closed first (a bracket-mismatch repair) and the closer is then consumed by its match.
   */
  private boolean close(char c) {
    boolean wantObj = c == '}';
    if (isObj[depth - 1] != wantObj) {
      int k = depth - 2;
      while (k >= 0 && isObj[k] != wantObj) {
        k--;
      }
      if (k < 0) {
        return fail(i, "unexpected " + describe(c), false);
      }
      fire(Repair.BRACKET_MISMATCH, i);
      while (depth - 1 > k) {
        out.append(isObj[depth - 1] ? '}' : ']');
        depth--;
        completeMember();
      }
    }
    out.append(c);
    i++;
    depth--;
    if (depth > 0) {
      completeMember();
    }
    return true;
  }

  /**
   * Where the brackets opened so far would all be closed (or the end): a search for further values resumes there,
   * so that the inside of a value nested too deeply is not offered piecemeal. Double-quoted strings are skipped.
   */
  private int skipBrackets(int j) {
    int open = depth;
    boolean inString = false;
    for (; j < to && open > 0; j++) {
      char c = s.charAt(j);
      if (inString) {
        if (c == '\\') {
          j++;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '{' || c == '[') {
        open++;
      } else if (c == '}' || c == ']') {
        open--;
      }
    }
    return j;
  }

  private void completeMember() {
    int t = depth - 1;
    members[t]++;
    safeOut[t] = out.length();
    safeSrc[t] = i;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // tokens

  private boolean key() {
    char c = s.charAt(i);
    int kind = quoteKind(c);
    if (kind >= 0) {
      return string(kind);
    }
    if (!isIdentPart(c)) {
      return fail(i, "expected a key, found " + describe(c), false);
    }
    int start = i;
    while (i < to && (isIdentPart(s.charAt(i)) || s.charAt(i) == '-' || s.charAt(i) == '.')) {
      i++;
    }
    if (i >= to) {
      return fail(i, "expected ':' after the key", true);
    }
    fire(Repair.UNQUOTED_KEY, start);
    out.append('"').append(s, start, i).append('"');
    return true;
  }

  private boolean scalar() {
    char c = s.charAt(i);
    int kind = quoteKind(c);
    if (kind >= 0) {
      return string(kind);
    }
    if (c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9')) {
      return number();
    }
    if (Character.isLetter(c) || c == '_' || c == '$') {
      return word();
    }
    return fail(i, "expected a value, found " + describe(c), false);
  }

  private static int quoteKind(char c) {
    return switch (c) {
      case '"' -> DOUBLE;
      case '\'' -> SINGLE;
      case '\u201C', '\u201D', '\u201E' -> SMART_DOUBLE;
      case '\u2018', '\u2019' -> SMART_SINGLE;
      default -> -1;
    };
  }

  private static boolean closes(int kind, char c) {
    return switch (kind) {
      case DOUBLE -> c == '"';
      case SINGLE -> c == '\'';
      case SMART_DOUBLE -> c == '\u201D' || c == '\u201C';
      default -> c == '\u2019' || c == '\u2018';
    };
  }

  private boolean string(int kind) {
    if (kind == SINGLE) {
      fire(Repair.SINGLE_QUOTES, i);
    } else if (kind != DOUBLE) {
      fire(Repair.SMART_QUOTES, i);
    }
    i++;
    out.append('"');
    while (true) {
      if (i >= to) {
        return fail(i, "the text ends inside a string", true);
      }
      char c = s.charAt(i);
      if (closes(kind, c)) {
        if (quotesAWord(kind, i + 1)) {
          fire(Repair.UNESCAPED_QUOTE, i);
          if (c == '"') {
            out.append("\\\"");
          } else {
            out.append(c);
          }
          i++;
          continue;
        }
        out.append('"');
        i++;
        return true;
      }
      if (c == '\\') {
        if (!escape(kind)) {
          return false;
        }
        continue;
      }
      if (c == '"') {
        out.append("\\\"");
      } else if (c == '\n' || c == '\r' || c == '\t') {
        fire(Repair.CONTROL_CHAR, i);
        appendControl(c);
      } else if (c < 0x20) {
        return fail(i, "binary data in a string: " + describe(c), false);
      } else {
        out.append(c);
      }
      i++;
    }
  }

  /**
   * A closing quote followed by a letter (spaces and tabs between) with another closing quote later on the same line
   * is taken as part of the text ({@code "say "hi" now"}, {@code 'it's'}), not as the end of the string, unless the
   * word is followed by a colon (then it is the next key, after a missing comma). The look ahead stops at the next
   * quote, which the string reaches anyway, so the work stays linear.
   */
  private boolean quotesAWord(int kind, int j) {
    while (j < to && (s.charAt(j) == ' ' || s.charAt(j) == '\t')) {
      j++;
    }
    if (j >= to || !Character.isLetter(s.charAt(j))) {
      return false;
    }
    while (j < to && (isIdentPart(s.charAt(j)) || s.charAt(j) == '-')) {
      j++;
    }
    int k = j;
    while (k < to && (s.charAt(k) == ' ' || s.charAt(k) == '\t')) {
      k++;
    }
    if (k < to && s.charAt(k) == ':') {
      return false;
    }
    for (; j < to; j++) {
      char c = s.charAt(j);
      if (c == '\n' || c == '\r') {
        return false;
      }
      if (closes(kind, c)) {
        return true;
      }
    }
    return false;
  }

  private boolean escape(int kind) {
    if (i + 1 >= to) {
      return fail(i, "the text ends inside a string", true);
    }
    char e = s.charAt(i + 1);
    switch (e) {
      case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
        out.append('\\').append(e);
        i += 2;
      }
      case '\'' -> {
        if (kind != SINGLE) {
          fire(Repair.INVALID_ESCAPE, i);
        }
        out.append('\'');
        i += 2;
      }
      case 'u' -> {
        if (i + 6 > to && hexRun(i + 2, to) == to - i - 2) {
          return fail(i, "the text ends inside a string", true);
        }
        if (hexRun(i + 2, i + 6) == 4) {
          out.append(s, i, i + 6);
          i += 6;
        } else {
          fire(Repair.INVALID_ESCAPE, i);
          out.append("\\\\u");
          i += 2;
        }
      }
      case 'x' -> {
        if (i + 4 > to && hexRun(i + 2, to) == to - i - 2) {
          return fail(i, "the text ends inside a string", true);
        }
        fire(Repair.INVALID_ESCAPE, i);
        if (hexRun(i + 2, i + 4) == 2) {
          out.append("\\u00").append(s, i + 2, i + 4);
          i += 4;
        } else {
          out.append("\\\\x");
          i += 2;
        }
      }
      case '\n' -> {
        fire(Repair.INVALID_ESCAPE, i);
        i += 2;
      }
      case '\r' -> {
        fire(Repair.INVALID_ESCAPE, i);
        i += 2;
        if (i < to && s.charAt(i) == '\n') {
          i++;
        }
      }
      default -> {
        // An unknown escape such as C:\Users: keep the backslash as text; the next character is read as usual.
        fire(Repair.INVALID_ESCAPE, i);
        out.append("\\\\");
        i++;
      }
    }
    return true;
  }

  private int hexRun(int from, int until) {
    int n = 0;
    for (int j = from; j < Math.min(until, to); j++) {
      if (Character.digit(s.charAt(j), 16) < 0) {
        break;
      }
      n++;
    }
    return n;
  }

  private void appendControl(char c) {
    out.append(c == '\n' ? "\\n" : c == '\r' ? "\\r" : "\\t");
  }

  private boolean number() {
    int start = i;
    int j = i;
    char sign = 0;
    if (s.charAt(j) == '-' || s.charAt(j) == '+') {
      sign = s.charAt(j);
      j++;
    }
    if (j >= to) {
      return fail(start, "the text ends inside a number", true);
    }
    if (Character.isLetter(s.charAt(j))) {
      int w = j;
      while (w < to && isIdentPart(s.charAt(w))) {
        w++;
      }
      String word = s.substring(j, w);
      if (w >= to && truncate) {
        return fail(start, "the text ends inside a number", true);
      }
      if (word.equalsIgnoreCase("infinity") || word.equalsIgnoreCase("inf")) {
        fire(Repair.NON_NUMERIC_NUMBER, start);
        out.append(sign == '-' ? "-Infinity" : "Infinity");
      } else if (word.equalsIgnoreCase("nan")) {
        fire(Repair.NON_NUMERIC_NUMBER, start);
        out.append("NaN");
      } else {
        return fail(start, "expected a number, found " + describe(s.charAt(start)), false);
      }
      i = w;
      return true;
    }
    if (s.charAt(j) == '0' && j + 1 < to && (s.charAt(j + 1) == 'x' || s.charAt(j + 1) == 'X')) {
      int h = j + 2;
      int digits = hexRun(h, to);
      if (h + digits >= to && truncate) {
        return fail(start, "the text ends inside a number", true);
      }
      if (digits == 0 || (h + digits < to && !isDelimiter(s.charAt(h + digits)))) {
        return fail(start, "malformed number", false);
      }
      BigInteger v = new BigInteger(s.substring(h, h + digits), 16);
      fire(Repair.NUMBER_FORMAT, start);
      out.append(sign == '-' ? v.negate() : v);
      i = h + digits;
      return true;
    }
    int intStart = j;
    while (j < to && isDigit(s.charAt(j))) {
      j++;
    }
    int intEnd = j;
    boolean dot = false;
    int fracStart = j;
    if (j < to && s.charAt(j) == '.') {
      dot = true;
      j++;
      fracStart = j;
      while (j < to && isDigit(s.charAt(j))) {
        j++;
      }
    }
    int fracEnd = j;
    int expStart = j;
    if (j < to && (s.charAt(j) == 'e' || s.charAt(j) == 'E')) {
      j++;
      if (j < to && (s.charAt(j) == '+' || s.charAt(j) == '-')) {
        j++;
      }
      int expDigits = j;
      while (j < to && isDigit(s.charAt(j))) {
        j++;
      }
      if (j == expDigits) {
        return j >= to ? fail(start, "the text ends inside a number", true) : fail(start, "malformed number", false);
      }
    }
    if (j >= to && truncate) {
      return fail(start, "the text ends inside a number", true);
    }
    if (intEnd == intStart && fracEnd == fracStart) {
      return j >= to ? fail(start, "the text ends inside a number", true) : fail(start, "malformed number", false);
    }
    if (j < to && !isDelimiter(s.charAt(j))) {
      return fail(start, "malformed number", false);
    }
    boolean strict = sign != '+' && intEnd > intStart && (intEnd - intStart == 1 || s.charAt(intStart) != '0')
        && (!dot || fracEnd > fracStart);
    if (strict) {
      out.append(s, start, j);
    } else {
      fire(Repair.NUMBER_FORMAT, start);
      if (sign == '-') {
        out.append('-');
      }
      int z = intStart;
      while (z < intEnd - 1 && s.charAt(z) == '0') {
        z++;
      }
      if (z < intEnd) {
        out.append(s, z, intEnd);
      } else {
        out.append('0');
      }
      if (dot) {
        out.append('.');
        if (fracEnd > fracStart) {
          out.append(s, fracStart, fracEnd);
        } else {
          out.append('0');
        }
      }
      out.append(s, expStart, j);
    }
    i = j;
    return true;
  }

  private boolean word() {
    int start = i;
    int j = i;
    while (j < to && isIdentPart(s.charAt(j))) {
      j++;
    }
    String w = s.substring(start, j);
    String json = switch (w) {
      case "true", "false", "null" -> w;
      case "True", "False" -> fired(Repair.PYTHON_LITERAL, start, w.toLowerCase(java.util.Locale.ROOT));
      case "None" -> fired(Repair.PYTHON_LITERAL, start, "null");
      case "NaN", "Infinity" -> fired(Repair.NON_NUMERIC_NUMBER, start, w);
      default -> lenientWord(w, start);
    };
    if (json == null) {
      if (j >= to) {
        return fail(start, "the text ends inside a word", true);
      }
      return fail(start, "unexpected word '" + excerpt(w) + "'", false);
    }
    out.append(json);
    i = j;
    return true;
  }

  private String lenientWord(String w, int start) {
    String lower = w.toLowerCase(java.util.Locale.ROOT);
    switch (lower) {
      case "true", "false", "null" -> {
        return fired(Repair.NONSTANDARD_LITERAL, start, lower);
      }
      case "none", "undefined" -> {
        return fired(Repair.NONSTANDARD_LITERAL, start, "null");
      }
      case "nan" -> {
        return fired(Repair.NON_NUMERIC_NUMBER, start, "NaN");
      }
      case "infinity", "inf" -> {
        return fired(Repair.NON_NUMERIC_NUMBER, start, "Infinity");
      }
      default -> {
        return null;
      }
    }
  }

  private String fired(Repair r, int at, String json) {
    fire(r, at);
    return json;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // whitespace and comments

  /** Skips whitespace and comments; false (an end-of-text failure) inside an unterminated block comment. */
  private boolean skipSpace() {
    while (i < to) {
      char c = s.charAt(i);
      if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
        i++;
      } else if (c == '/' && i + 1 < to && s.charAt(i + 1) == '/') {
        fire(Repair.COMMENT, i);
        i = lineEnd(i + 2);
      } else if (c == '/' && i + 1 < to && s.charAt(i + 1) == '*') {
        fire(Repair.COMMENT, i);
        int j = i + 2;
        while (j + 1 < to && !(s.charAt(j) == '*' && s.charAt(j + 1) == '/')) {
          j++;
        }
        if (j + 1 >= to) {
          return fail(i, "the text ends inside a comment", true);
        }
        i = j + 2;
      } else if (c == '/' && i + 1 == to) {
        return fail(i, "the text ends inside a comment", true);
      } else if (c == '#') {
        fire(Repair.COMMENT, i);
        i = lineEnd(i + 1);
      } else if (isExoticSpace(c)) {
        fire(Repair.WHITESPACE, i);
        i++;
      } else {
        return true;
      }
    }
    return true;
  }

  private int lineEnd(int j) {
    while (j < to && s.charAt(j) != '\n' && s.charAt(j) != '\r') {
      j++;
    }
    return j;
  }

  static boolean isExoticSpace(char c) {
    return c == '\u00A0' || c == '\uFEFF' || c == '\u200B' || c == '\u2028' || c == '\u2029' || c == '\u3000'
        || c == '\u000B' || c == '\u000C' || (c >= '\u2000' && c <= '\u200A') || c == '\u202F' || c == '\u205F';
  }

  private static boolean isDelimiter(char c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == ',' || c == ']' || c == '}' || c == '/'
        || c == '#' || isExoticSpace(c);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isIdentPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$';
  }

  private static boolean isKeyStart(char c) {
    return quoteKind(c) >= 0 || isIdentPart(c);
  }

  private static boolean isValueStart(char c) {
    return quoteKind(c) >= 0 || c == '{' || c == '[' || c == '-' || c == '+' || c == '.' || isIdentPart(c);
  }

  // ---------------------------------------------------------------------------------------------------------------

  private void fire(Repair r, int at) {
    int k = r.ordinal();
    if (at < firstFire[k]) {
      firstFire[k] = at;
    }
  }

  private boolean fail(int at, String why, boolean endOfText) {
    this.errorAt = at;
    this.error = why;
    this.eof = endOfText;
    return false;
  }

  static String describe(char c) {
    if (c < 0x20 || c == 0x7f || Character.isISOControl(c)) {
      return String.format("control character U+%04X", (int) c);
    }
    return "'" + c + "'";
  }

  private static String excerpt(String w) {
    return w.length() <= 40 ? w : w.substring(0, 40) + "…";
  }
}
