package dev.spectra.orchestrator.json;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

/**
 * A one-pass, non-recursive reader of "almost JSON" that rewrites what it reads into strict JSON text and records
 * which leniencies it needed. Strict JSON passes through with no repair recorded, so recorded repairs are exactly
 * the ones that fired. Jackson then parses the rewritten text, so numbers get Jackson's usual node types.
 *
 * <p>Accepted beyond RFC 8259 (each records a {@link Repair}; {@link ModelJson}'s constants describe them): comments;
 * exotic whitespace; single, typographic and backtick quotes; unescaped inner quotes; missing end or start quotes;
 * invalid escapes; raw line breaks and tabs in strings; string concatenation with {@code +}; unquoted keys; bare
 * words as strings; Python and other literals; NaN and Infinity; numbers JSON does not allow; MongoDB and JavaScript
 * wrappers; regular expressions; Python tuples; missing colons and commas; stray and trailing commas; missing values;
 * ellipses; closing brackets of the wrong kind or closing nothing; a fenced JSON block inside a string; and, when the
 * whole text is read, several values in a row and an object that goes on after a stray closing brace.
 *
 * <p>Running out of text inside a container closes it (when truncation is allowed): a string, number or literal cut
 * at the end is kept as far as it goes, a cut key or a key without its value is dropped with the comma before it,
 * containers left with no member are dropped, and the rest are closed innermost first. Repairs that fired only in the
 * dropped part are not reported.
 *
 * <p>Every look-ahead stops at the next quote, line break or token, and what it looked at is then read once more at
 * most, so the work stays linear in the characters examined ({@link #reads}); nesting is limited to
 * {@value #MAX_DEPTH} levels (Jackson's own default limit), without recursion. A nested parse (a fenced block inside a
 * string) reads only that block.
 */
final class LenientParser {
  static final int MAX_DEPTH = 1000;

  private static final int VALUE = 0;
  private static final int KEY = 1;
  private static final int AFTER_VALUE = 2;

  private static final byte OBJ = 0;
  private static final byte ARR = 1;
  private static final byte TUP = 2;

  private static final int DOUBLE = 0;
  private static final int SINGLE = 1;
  private static final int SMART_DOUBLE = 2;
  private static final int SMART_SINGLE = 3;
  private static final int BACKTICK = 4;

  private static final int NOTHING = 0;
  private static final int SKIPPED = 1;
  private static final int CLOSED = 2;
  private static final int COMPLETE = 3;
  private static final int FAILED = 4;

  /** A look-ahead ran into the end of the text. */
  private static final int CUT = -2;

  /** The outcome of one attempt: either the strict JSON text of a value or why none was read. */
  static final class Outcome {
    final boolean ok;
    /** Source index just after the value (ok), or where reading failed. */
    final int end;
    final String json;
    final EnumSet<Repair> repairs;
    final boolean truncated;
    final String error;
    /** The failure was running out of text (the value may be truncated). */
    final boolean eof;
    /** After a failure: where a search for further values should resume (past what this attempt covered). */
    final int resume;
    /** Several values were read as one array ({@link Repair#SEVERAL_VALUES}): {@link #json} is that array. */
    final boolean several;
    /** Characters this attempt examined (for the linear-work property test). */
    final long reads;

    private Outcome(boolean ok, int end, String json, EnumSet<Repair> repairs, boolean truncated, String error,
        boolean eof, int resume, boolean several, long reads) {
      this.ok = ok;
      this.end = end;
      this.json = json;
      this.repairs = repairs;
      this.truncated = truncated;
      this.error = error;
      this.eof = eof;
      this.resume = resume;
      this.several = several;
      this.reads = reads;
    }
  }

  private final String s;
  private final int to;
  /** Whether running out of text inside a container closes it. */
  private final boolean truncate;
  /** The whole text is the value: bare words, missing values and several values are read (not in prose). */
  private final boolean lenient;
  private final StringBuilder out;
  private final int[] firstFire = new int[Repair.VALUES.length];
  private int i;
  /** Characters examined, counted by {@link #ch}. */
  private long reads;

  private byte[] kind = new byte[16];
  private int[] members = new int[16];
  private int[] safeOut = new int[16];
  private int[] safeSrc = new int[16];
  /** For a wrapper such as {@code NumberLong(}: where its '[' is in the output, else -1; negative-2 for Number*. */
  private int[] wrapperAt = new int[16];
  private boolean[] numberWrapper = new boolean[16];
  private int depth;

  /** Source index of a comma just read, -1 after anything else: a closer then makes it a trailing comma. */
  private int pendingComma = -1;
  /** Where the current member's colon is. */
  private int colonAt;
  /** The output length before the current member's key (and its comma), to drop a member whose value is "...". */
  private int keyOut;
  /** The output ends with a string value just read: a '+' may continue it. */
  private int stringEndOut = -1;

  private String error;
  private int errorAt;
  private boolean eof;
  private int resumeAt;

  private LenientParser(String s, int from, int to, boolean truncate, boolean lenient) {
    this.s = s;
    this.to = to;
    this.truncate = truncate;
    this.lenient = lenient;
    this.i = from;
    this.out = new StringBuilder(Math.min(to - from, 256) + 16);
    Arrays.fill(firstFire, Integer.MAX_VALUE);
  }

  /**
   * Reads the values that fill {@code [from, to)} apart from whitespace, comments, commas between them and stray
   * closing brackets after them: one value (a scalar only if it is alone), or several objects and arrays read as one
   * array ({@link Repair#SEVERAL_VALUES}, {@link Outcome#several}). The last may be cut off.
   */
  static Outcome whole(String s, int from, int to) {
    LenientParser p = new LenientParser(s, from, to, true, true);
    return p.readWhole();
  }

  /**
   * Reads one object or array starting exactly at {@code from} (which holds '{' or '['), up to at most {@code to},
   * as found in prose: no bare words, no missing values; with {@code truncate}, running out of text closes the value.
   */
  static Outcome at(String s, int from, int to, boolean truncate) {
    LenientParser p = new LenientParser(s, from, to, truncate, false);
    if (p.run()) {
      return p.success(p.i, 1);
    }
    if (p.eof && truncate && p.depth > 0 && p.closeTruncated()) {
      return p.success(to, 1);
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

  private Outcome readWhole() {
    if (!skipSpace()) {
      return failure();
    }
    if (i >= to) {
      fail(i, "no value", true);
      return failure();
    }
    int values = 0;
    boolean containers = true;
    while (true) {
      int start = out.length();
      char first = ch(i);
      if (values > 0) {
        fire(Repair.SEVERAL_VALUES, i);
        out.append(',');
      }
      if (!run()) {
        if (eof && depth > 0 && closeTruncated()) {
          return success(to, values + 1);
        }
        if (eof && values > 0) {
          out.setLength(start);
          fire(Repair.TRUNCATION, start);
          return success(to, values);
        }
        return failure();
      }
      containers &= first == '{' || first == '[' || first == '(';
      values++;
      if (values > 1 && (fired(Repair.BARE_WORD) || fired(Repair.MISSING_VALUE))) {
        // Prose after a value ("[see below]") is not a second value: the search in prose takes over.
        fail(i, "several values, one of them not JSON", false);
        return failure();
      }
      int end = i;
      if (!skipSpace()) {
        return failure();
      }
      while (i < to && isCloser(ch(i))) {
        fire(Repair.EXTRA_CLOSER, i);
        i++;
        if (!skipSpace()) {
          return failure();
        }
      }
      if (i < to && ch(i) == ',') {
        int comma = i++;
        if (!skipSpace()) {
          return failure();
        }
        if (i >= to) {
          fire(Repair.TRAILING_COMMA, comma);
        }
      }
      if (i >= to) {
        return success(end, values);
      }
      char c = ch(i);
      if (!containers || (c != '{' && c != '[')) {
        fail(i, "unexpected " + describe(c) + " after the value", false);
        return failure();
      }
    }
  }

  /** The value read; with {@code values} of 2 or more, {@link #out} holds them separated by commas. */
  private Outcome success(int end, int values) {
    EnumSet<Repair> repairs = EnumSet.noneOf(Repair.class);
    for (Repair r : Repair.VALUES) {
      if (firstFire[r.ordinal()] != Integer.MAX_VALUE) {
        repairs.add(r);
      }
    }
    boolean truncated = repairs.contains(Repair.TRUNCATION);
    if (values < 2) {
      repairs.remove(Repair.SEVERAL_VALUES);
      return new Outcome(true, end, out.toString(), repairs, truncated, null, false, end, false, reads);
    }
    String array = "[" + out + "]";
    return new Outcome(true, end, array, repairs, truncated, null, false, end, true, reads);
  }

  private Outcome failure() {
    return new Outcome(false, errorAt, null, EnumSet.noneOf(Repair.class), false, error, eof,
        Math.max(errorAt, resumeAt), false, reads);
  }

  /** Cuts back to the last completed member and closes what is still open; false if nothing is left. */
  private boolean closeTruncated() {
    int retainedSrc = -1;
    out.setLength(safeOut[depth - 1]);
    while (depth > 0) {
      int t = depth - 1;
      if (retainedSrc < 0 && members[t] == 0) {
        depth--;
        if (depth == 0) {
          error = "the text ends before any complete value";
          return false;
        }
        out.setLength(safeOut[depth - 1]);
        continue;
      }
      if (retainedSrc < 0) {
        retainedSrc = safeSrc[t];
      }
      closeTop();
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
    return true;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // the state machine

  private boolean run() {
    int state = VALUE;
    while (true) {
      if (!skipSpace()) {
        return false;
      }
      if (i < to && (state == KEY || (state == VALUE && depth > 0 && kind[depth - 1] != OBJ))) {
        int before = beforeMember(ch(i));
        if (before == COMPLETE || before == FAILED) {
          return before == COMPLETE;
        }
        if (before != NOTHING) {
          state = before == CLOSED ? AFTER_VALUE : state;
          continue;
        }
      }
      if (state == VALUE) {
        if (i >= to) {
          return fail(i, "expected a value", true);
        }
        char c = ch(i);
        boolean inObj = depth > 0 && kind[depth - 1] == OBJ;
        int ellipsis = ellipsisEnd(i);
        if (depth > 0 && ellipsis > 0) {
          fire(Repair.ELLIPSIS, i);
          if (inObj) {
            out.setLength(keyOut);
          }
          i = ellipsis;
          pendingComma = -1;
          state = AFTER_VALUE;
          continue;
        }
        if (inObj && (c == ',' || c == ';' || isCloser(c)
            || (lenient && quoteKind(c) >= 0 && lineBreakSince(colonAt) && startsItem(quoteKind(c), i)))) {
          if (!lenient) {
            return fail(i, "expected a value, found " + describe(c), false);
          }
          fire(Repair.MISSING_VALUE, i);
          out.append("null");
          completeMember();
          state = AFTER_VALUE;
          continue;
        }
        pendingComma = -1;
        stringEndOut = -1;
        separate();
        if (c == '{' || c == '[' || c == '(') {
          if (c == '(') {
            if (depth == 0 && !tupleStart(i + 1)) {
              return fail(i, "expected a value, found '('", false);
            }
            fire(Repair.TUPLE, i);
          }
          if (!push(c == '{' ? OBJ : c == '[' ? ARR : TUP, i + 1, false)) {
            return false;
          }
          state = c == '{' ? KEY : VALUE;
          continue;
        }
        int paren = wrapperParen(i);
        if (paren > 0) {
          fire(Repair.WRAPPER, i);
          boolean number = s.startsWith("Number", i);
          if (!push(TUP, paren + 1, number)) {
            return false;
          }
          wrapperAt[depth - 1] = out.length() - 1;
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
      } else if (state == KEY) {
        if (i >= to) {
          return fail(i, "expected a key", true);
        }
        char c = ch(i);
        int ellipsis = ellipsisEnd(i);
        if (ellipsis > 0) {
          fire(Repair.ELLIPSIS, i);
          i = ellipsis;
          state = AFTER_VALUE;
          continue;
        }
        pendingComma = -1;
        keyOut = out.length();
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
        c = ch(i);
        if (c == ':') {
          colonAt = i++;
          while (skipSpace() && i < to && ch(i) == ':') {
            fire(Repair.STRAY_SEPARATOR, i++);
          }
          out.append(':');
          state = VALUE;
        } else if (c == '=') {
          fire(Repair.MISSING_COLON, i++);
          if (i < to && ch(i) == '>') {
            i++;
          }
          out.append(':');
          state = VALUE;
        } else if (c == ',' || c == ';' || isCloser(c)) {
          if (!lenient) {
            return fail(i, "expected ':' after the key, found " + describe(c), false);
          }
          fire(Repair.MISSING_VALUE, i);
          out.append(":null");
          completeMember();
          state = AFTER_VALUE;
        } else if (isValueStart(c)) {
          fire(Repair.MISSING_COLON, i);
          out.append(':');
          state = VALUE;
        } else {
          return fail(i, "expected ':' after the key, found " + describe(c), false);
        }
      } else {
        boolean obj = kind[depth - 1] == OBJ;
        if (i >= to) {
          return fail(i, "expected ',' or '" + closerOf(kind[depth - 1]) + "'", true);
        }
        char c = ch(i);
        if (c == ',' || c == ';') {
          if (c == ';') {
            fire(Repair.STRAY_SEPARATOR, i);
          }
          pendingComma = i++;
          stringEndOut = -1;
          state = obj ? KEY : VALUE;
        } else if (isCloser(c)) {
          if (!close(c)) {
            return false;
          }
          if (finished()) {
            return true;
          }
        } else if (c == '+' && stringEndOut == out.length() && quoteAfter(i + 1) >= 0) {
          if (!concatenation()) {
            return false;
          }
          completeMemberAgain();
        } else if (ellipsisEnd(i) > 0) {
          fire(Repair.ELLIPSIS, i);
          i = ellipsisEnd(i);
        } else if (obj ? isKeyStart(c) : isValueStart(c)) {
          fire(Repair.MISSING_COMMA, i);
          stringEndOut = -1;
          state = obj ? KEY : VALUE;
        } else {
          return fail(i, "expected ',' or '" + closerOf(kind[depth - 1]) + "', found " + describe(c), false);
        }
      }
    }
  }

  /**
   * Where an array item or an object key could start: a stray comma or semicolon is skipped ({@link #SKIPPED}); a
   * closer closes the container (a comma before it was a trailing comma): {@link #CLOSED}, {@link #COMPLETE} when
   * that completes the value, or {@link #FAILED}; anything else is {@link #NOTHING}.
   */
  private int beforeMember(char c) {
    if (c == ',' || c == ';') {
      fire(Repair.STRAY_SEPARATOR, i++);
      return SKIPPED;
    }
    if (!isCloser(c)) {
      return NOTHING;
    }
    if (pendingComma >= 0) {
      fire(Repair.TRAILING_COMMA, pendingComma);
    }
    if (!close(c)) {
      return FAILED;
    }
    return finished() ? COMPLETE : CLOSED;
  }

  /** After a close: true when the value is complete; an object closed too early is reopened in a whole reply. */
  private boolean finished() {
    if (depth > 0) {
      return false;
    }
    if (lenient && kind[0] == OBJ && reopens()) {
      fire(Repair.EXTRA_CLOSER, i - 1);
      out.setLength(out.length() - 1);
      depth = 1;
      return false;
    }
    return true;
  }

  /** After a top-level '}': whether a key and a colon follow (an optional comma first), on the next line at most. */
  private boolean reopens() {
    int j = i;
    int lines = 0;
    while (j < to && Character.isWhitespace(ch(j))) {
      if (ch(j++) == '\n' && ++lines > 1) {
        return false;
      }
    }
    if (j < to && ch(j) == ',') {
      j++;
      while (j < to && (ch(j) == ' ' || ch(j) == '\t' || ch(j) == '\n' || ch(j) == '\r')) {
        j++;
      }
    }
    int q = j < to ? quoteKind(ch(j)) : -1;
    if (q < 0) {
      return false;
    }
    j = closingQuote(q, j + 1);
    if (j < 0) {
      return false;
    }
    j = nextNonSpace(j + 1);
    return j < to && ch(j) == ':';
  }

  private void separate() {
    if (depth > 0 && kind[depth - 1] != OBJ && members[depth - 1] > 0) {
      out.append(',');
    }
  }

  private boolean push(byte k, int next, boolean number) {
    if (depth == MAX_DEPTH) {
      resumeAt = skipBrackets(i);
      return fail(i, "nesting deeper than " + MAX_DEPTH + " levels", false);
    }
    if (depth == kind.length) {
      int n = depth * 2;
      kind = Arrays.copyOf(kind, n);
      members = Arrays.copyOf(members, n);
      safeOut = Arrays.copyOf(safeOut, n);
      safeSrc = Arrays.copyOf(safeSrc, n);
      wrapperAt = Arrays.copyOf(wrapperAt, n);
      numberWrapper = Arrays.copyOf(numberWrapper, n);
    }
    out.append(k == OBJ ? '{' : '[');
    i = next;
    kind[depth] = k;
    members[depth] = 0;
    safeOut[depth] = out.length();
    safeSrc[depth] = i;
    wrapperAt[depth] = -1;
    numberWrapper[depth] = number;
    depth++;
    return true;
  }

  /** Writes the closer of the innermost container (unwrapping a wrapper) and pops it. */
  private void closeTop() {
    int t = depth - 1;
    int at = wrapperAt[t];
    if (at >= 0) {
      if (members[t] == 0) {
        out.setLength(at);
        out.append("null");
      } else if (members[t] == 1) {
        out.deleteCharAt(at);
        if (numberWrapper[t]) {
          unquoteNumber(at);
        }
      } else {
        out.append(']');
      }
    } else {
      out.append(kind[t] == OBJ ? '}' : ']');
    }
    depth--;
  }

  /** A {@code Number…("12")} wrapper: the quoted number from {@code at} to the end becomes a number. */
  private void unquoteNumber(int at) {
    int end = out.length();
    if (end - at < 3 || out.charAt(at) != '"' || out.charAt(end - 1) != '"') {
      return;
    }
    String inner = out.substring(at + 1, end - 1);
    if (inner.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]+)?")) {
      out.setLength(at);
      out.append(inner);
    }
  }

  /**
   * Handles the closer at {@code i}. If it does not match the innermost container but matches an enclosing one, the
   * inner containers are closed first (a bracket-mismatch repair). A closer that matches nothing open closes the
   * innermost container when the text ends or another closer follows, and is skipped otherwise.
   */
  private boolean close(char c) {
    byte want = c == '}' ? OBJ : c == ']' ? ARR : TUP;
    if (!matches(kind[depth - 1], want)) {
      int k = depth - 2;
      while (k >= 0 && !matches(kind[k], want)) {
        k--;
      }
      if (k < 0) {
        int j = i + 1;
        while (j < to && Character.isWhitespace(ch(j))) {
          j++;
        }
        if (j < to && !isCloser(ch(j))) {
          fire(Repair.EXTRA_CLOSER, i++);
          return true;
        }
        fire(Repair.BRACKET_MISMATCH, i);
        k = depth - 1;
      } else {
        fire(Repair.BRACKET_MISMATCH, i);
      }
      while (depth - 1 > k) {
        closeTop();
        completeMember();
      }
    }
    i++;
    closeTop();
    if (depth > 0) {
      completeMember();
    }
    return true;
  }

  private static boolean matches(byte open, byte closer) {
    return open == closer || (open == TUP && closer == ARR);
  }

  /**
   * Where the brackets opened so far would all be closed (or the end): a search for further values resumes there,
   * so that the inside of a value nested too deeply is not offered piecemeal. Double-quoted strings are skipped.
   */
  private int skipBrackets(int j) {
    int open = depth;
    boolean inString = false;
    for (; j < to && open > 0; j++) {
      char c = ch(j);
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

  /** A member grown after it was complete (a concatenated string): its end moves. */
  private void completeMemberAgain() {
    int t = depth - 1;
    safeOut[t] = out.length();
    safeSrc[t] = i;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // tokens

  private boolean key() {
    char c = ch(i);
    int q = quoteKind(c);
    if (q >= 0) {
      return string(q, true);
    }
    if (!isIdentPart(c)) {
      return fail(i, "expected a key, found " + describe(c), false);
    }
    int start = i;
    while (i < to && (isIdentPart(ch(i)) || ch(i) == '-' || ch(i) == '.')) {
      i++;
    }
    if (i >= to) {
      return fail(i, "expected ':' after the key", true);
    }
    fire(Repair.UNQUOTED_KEY, start);
    out.append('"').append(s, start, i).append('"');
    if (quoteKind(ch(i)) >= 0 && nextOnLine(i + 1) < to && ch(nextOnLine(i + 1)) == ':') {
      fire(Repair.MISSING_QUOTE, i++);
    }
    return true;
  }

  private boolean scalar() {
    char c = ch(i);
    int q = quoteKind(c);
    if (q >= 0) {
      if (!string(q, false)) {
        return false;
      }
      stringEndOut = out.length();
      return true;
    }
    if (c == '-' || c == '+' || c == '.' || isDigit(c)) {
      return number();
    }
    if (Character.isLetter(c) || c == '_' || c == '$') {
      return word();
    }
    if (c == '/') {
      return regex();
    }
    if (lenient && depth > 0 && !isStructural(c)) {
      return bare(i);
    }
    return fail(i, "expected a value, found " + describe(c), false);
  }

  /**
   * {@code Name(} or {@code new Name(} at {@code j}, inside a container: the index of the '('; otherwise -1. At the top
   * it is code ({@code print({'a': 1})}), not a wrapped value.
   */
  private int wrapperParen(int j) {
    if (depth == 0 || !Character.isLetter(ch(j))) {
      return -1;
    }
    int k = j;
    while (k < to && isIdentPart(ch(k))) {
      k++;
    }
    if (k - j == 3 && s.startsWith("new", j) && k < to && ch(k) == ' ') {
      while (k < to && ch(k) == ' ') {
        k++;
      }
      int name = k;
      while (k < to && isIdentPart(ch(k))) {
        k++;
      }
      if (k == name) {
        return -1;
      }
    }
    return k < to && ch(k) == '(' ? k : -1;
  }

  private static int quoteKind(char c) {
    return switch (c) {
      case '"' -> DOUBLE;
      case '\'' -> SINGLE;
      case '\u201C', '\u201D', '\u201E' -> SMART_DOUBLE;
      case '\u2018', '\u2019' -> SMART_SINGLE;
      case '`' -> BACKTICK;
      default -> -1;
    };
  }

  private static boolean closes(int q, char c) {
    return switch (q) {
      case DOUBLE -> c == '"';
      case SINGLE -> c == '\'';
      case SMART_DOUBLE -> c == '\u201D' || c == '\u201C';
      case SMART_SINGLE -> c == '\u2019' || c == '\u2018';
      default -> c == '`';
    };
  }

  /**
   * Reads a string (its opening quote at {@code i}). Where it ends is decided at each quote of its kind, by what
   * follows; a missing end quote is found before a key or item that follows a comma or line break inside it, before
   * the closing brackets at the end of the text, or, for a key, at its colon.
   */
  private boolean string(int q, boolean isKey) {
    if (q == SINGLE) {
      fire(Repair.SINGLE_QUOTES, i);
    } else if (q != DOUBLE) {
      fire(Repair.SMART_QUOTES, i);
    }
    int outStart = out.length();
    i++;
    out.append('"');
    if (!isKey && fencedJson(q, outStart)) {
      return true;
    }
    return stringBody(q, isKey);
  }

  private boolean stringBody(int q, boolean isKey) {
    int colonOut = -1;
    int colonSrc = -1;
    int sepOut = -1;
    int sepSrc = -1;
    boolean innerOpen = false;
    while (true) {
      if (i >= to) {
        if (isKey && colonSrc >= 0 && closersBefore(to, out.length())[0] < to) {
          return endKeyAtColon(colonOut, colonSrc); // {"count: 3}: the brackets at the end close it
        }
        return stringAtEnd(isKey);
      }
      char c = ch(i);
      if (closes(q, c)) {
        if (isKey) {
          int n = nextToken(i + 1);
          if (n >= to || ch(n) == ':' || ch(n) == '=') {
            out.append('"');
            i++;
            return true;
          }
          if (colonSrc >= 0) {
            return endKeyAtColon(colonOut, colonSrc);
          }
          if (i + 1 < to && Character.isLetter(ch(i + 1)) && quotesAWord(q, i + 1)) {
            literalQuote(c);
            continue;
          }
          out.append('"');
          i++;
          return true;
        }
        if (sepSrc >= 0 && startsItem(q, i)) {
          return endAtSeparator(sepOut, sepSrc);
        }
        int verdict = valueQuote(q, i, innerOpen);
        if (verdict > 0) {
          out.append('"');
          i++;
          return true;
        }
        innerOpen = !innerOpen;
        literalQuote(c);
        sepSrc = -1;
        continue;
      }
      if (c == '\\') {
        if (!escape(q)) {
          return false;
        }
        sepSrc = -1;
        continue;
      }
      if (c == ':' && isKey && colonSrc < 0) {
        colonOut = out.length();
        colonSrc = i;
      }
      if (c == '\n' || c == '\r') {
        if (isKey && colonSrc >= 0) {
          return endKeyAtColon(colonOut, colonSrc);
        }
        if (!isKey && c == '\n' && depth > 0 && closerLineFollows(i + 1)) {
          return endAtSeparator(out.length(), i);
        }
        if (c == '\n' || sepSrc < 0) {
          sepOut = out.length();
          sepSrc = i;
        }
        fire(Repair.CONTROL_CHAR, i);
        appendControl(c);
        i++;
        continue;
      }
      if (c == ',') {
        sepOut = out.length();
        sepSrc = i;
      } else if (c != ' ' && c != '\t') {
        sepSrc = -1;
      }
      if (c == '"') {
        out.append("\\\"");
      } else if (c == '\t') {
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

  private void literalQuote(char c) {
    fire(Repair.UNESCAPED_QUOTE, i);
    out.append(c == '"' ? "\\\"" : String.valueOf(c));
    i++;
  }

  /**
   * At a quote of a value string's kind: 1 if it ends the string, 0 if it is text. It ends the string when what
   * follows on the line continues the container: a closer, a comma before the next member or item, a colon, a
   * {@code +}, a comment, the end of the line or text, or (outside a pair of inner quotes) another string or an
   * unquoted key; a word with another quote later on the line is text ({@code "say "hi" now"}).
   */
  private int valueQuote(int q, int at, boolean innerOpen) {
    int n = nextOnLine(at + 1);
    if (n >= to) {
      return 1;
    }
    char c = ch(n);
    if (c == '\n' || c == '\r') {
      return 1;
    }
    if (quoteKind(c) >= 0) {
      return innerOpen && closes(q, c) ? 0 : 1;
    }
    if (c == ',') {
      return commaContinues(n + 1) ? 1 : 0;
    }
    if (c == '}' || c == ']' || (c == ')' && tupleOpen())) {
      return 1;
    }
    if (c == ':' || c == '+' || c == '/' || c == '#' || c == ';') {
      return 1;
    }
    if (!Character.isLetterOrDigit(c) && c != '_' && c != '$') {
      return innerOpen || anotherQuoteOnLine(q, n) ? 0 : 1;
    }
    if (n > at + 1 && depth > 0 && kind[depth - 1] == OBJ && wordThenColon(n)) {
      return 1;
    }
    return quotesAWord(q, at + 1) ? 0 : 1;
  }

  /** At the top, '(' starts a tuple only before a value that is not a word: "(see below)" is prose. */
  private boolean tupleStart(int j) {
    while (j < to && Character.isWhitespace(ch(j))) {
      j++;
    }
    if (j >= to) {
      return false;
    }
    char c = ch(j);
    return quoteKind(c) >= 0 || isDigit(c) || c == '-' || c == '{' || c == '[' || c == '(' || c == ')';
  }

  private boolean lineBreakSince(int j) {
    for (int k = j; k < i; k++) {
      if (s.charAt(k) == '\n') {
        return true;
      }
    }
    return false;
  }

  private boolean tupleOpen() {
    for (int k = depth - 1; k >= 0; k--) {
      if (kind[k] == TUP) {
        return true;
      }
    }
    return false;
  }

  /** After a comma that follows a quote: whether the next member (a key and colon) or item starts there. */
  private boolean commaContinues(int j) {
    j = nextToken(j);
    if (j >= to) {
      return true;
    }
    char c = ch(j);
    if (isCloser(c) || ellipsisEnd(j) > 0) {
      return true;
    }
    if (depth > 0 && kind[depth - 1] == OBJ) {
      int q = quoteKind(c);
      if (q >= 0) {
        int k = closingQuote(q, j + 1);
        return k == CUT || (k >= 0 && (nextToken(k + 1) >= to || ch(nextToken(k + 1)) == ':'));
      }
      return wordThenColon(j);
    }
    if (quoteKind(c) >= 0 || isDigit(c) || c == '-' || c == '{' || c == '[' || c == '(') {
      return true;
    }
    int k = j;
    while (k < to && Character.isLetter(ch(k))) {
      k++;
    }
    if (k >= to) {
      return true; // a cut reply: the continuation is the likelier reading
    }
    return isDelimiter(ch(k)) && literal(s.substring(j, k)) != null;
  }

  /**
   * At a quote that follows a comma or line break inside a string: whether it starts the next key (a quoted word and
   * a colon, in an object) or item (a quoted word and a comma or closer, elsewhere), so that the string's end quote
   * was missing before the separator.
   */
  private boolean startsItem(int q, int at) {
    int k = closingQuote(q, at + 1);
    if (k < 0 || k == at + 1) {
      return false;
    }
    int n = k + 1;
    while (n < to && Character.isWhitespace(ch(n))) {
      n++;
    }
    if (depth > 0 && kind[depth - 1] == OBJ) {
      return n < to && ch(n) == ':';
    }
    return n >= to || ch(n) == ',' || isCloser(ch(n));
  }

  /** After a line break in a value string: whether the next line holds only closers (then the text or a comma). */
  private boolean closerLineFollows(int j) {
    while (j < to && (ch(j) == ' ' || ch(j) == '\t')) {
      j++;
    }
    if (j >= to || !isCloser(ch(j))) {
      return false;
    }
    while (j < to && (isCloser(ch(j)) || Character.isWhitespace(ch(j)))) {
      j++;
    }
    return j >= to || ch(j) == ',';
  }

  /** A word (letters, digits, '_', '-') then spaces and a colon not starting "://": an unquoted key. */
  private boolean wordThenColon(int j) {
    int k = j;
    while (k < to && (isIdentPart(ch(k)) || ch(k) == '-')) {
      k++;
    }
    if (k == j) {
      return false;
    }
    k = nextToken(k);
    return k >= to || (ch(k) == ':' && !(k + 1 < to && ch(k + 1) == '/'));
  }

  private boolean anotherQuoteOnLine(int q, int j) {
    return closingQuote(q, j) >= 0;
  }


  /**
   * The next quote of kind {@code q} from {@code j} that is not escaped, on the same line; -1 if the line ends first,
   * {@link #CUT} if the text does.
   */
  private int closingQuote(int q, int j) {
    for (; j < to; j++) {
      char c = ch(j);
      if (c == '\n' || c == '\r') {
        return -1;
      }
      if (c == '\\') {
        j++;
      } else if (closes(q, c)) {
        return j;
      }
    }
    return CUT;
  }

  /**
   * Ends the string at the separator at {@code sepSrc} (a comma or line break after which the next token starts):
   * the spaces before it, a comma before a line break, and closing brackets that close open containers are left
   * out of the string and read next.
   */
  private boolean endAtSeparator(int sepOut, int sepSrc) {
    fire(Repair.MISSING_QUOTE, sepSrc);
    int j = sepSrc;
    int o = sepOut;
    if (ch(j) != ',' && j > 0) {
      while (j - 1 >= 0 && (ch(j - 1) == ' ' || ch(j - 1) == '\t') && o > 0 && out.charAt(o - 1) != '"') {
        j--;
        o -= ch(j) == '\t' ? 2 : 1;
      }
      if (j - 1 >= 0 && ch(j - 1) == ',' && out.charAt(o - 1) == ',') {
        j--;
        o--;
      }
    }
    int[] back = closersBefore(j, o);
    out.setLength(back[1]);
    trimSpaces();
    out.append('"');
    i = back[0];
    return true;
  }

  /**
   * Going back from source {@code j} (output {@code o}) over spaces and closing brackets that close the open
   * containers innermost first: the source and output positions where they start.
   */
  private int[] closersBefore(int j, int o) {
    int k = j;
    int ko = o;
    int bestJ = j;
    int bestO = o;
    int open = depth - 1;
    List<Character> seen = new ArrayList<>();
    while (k - 1 >= 0 && ko - 1 >= 0) {
      char c = ch(k - 1);
      if (c == ' ' && out.charAt(ko - 1) == ' ') {
        k--;
        ko--;
      } else if (isCloser(c) && out.charAt(ko - 1) == c) {
        seen.add(c);
        k--;
        ko--;
        bestJ = k;
        bestO = ko;
      } else {
        break;
      }
      if (seen.size() > depth) {
        return new int[] {j, o};
      }
    }
    // the closers, read forward, must close the innermost containers in order
    for (int n = seen.size() - 1, t = open; n >= 0; n--, t--) {
      char c = seen.get(n);
      if (t < 0 || !matches(kind[t], c == '}' ? OBJ : c == ']' ? ARR : TUP)) {
        return new int[] {j, o};
      }
    }
    return new int[] {bestJ, bestO};
  }

  private void trimSpaces() {
    int n = out.length();
    while (n > 1 && out.charAt(n - 1) == ' ' && out.charAt(n - 2) != '\\') {
      n--;
    }
    out.setLength(n);
  }

  private boolean endKeyAtColon(int colonOut, int colonSrc) {
    fire(Repair.MISSING_QUOTE, colonSrc);
    out.setLength(colonOut);
    trimSpaces();
    out.append('"');
    i = colonSrc;
    return true;
  }

  /**
   * The text ends inside a value string: closing brackets at its end that close the open containers were meant to
   * follow it (its end quote is missing); otherwise, inside a container, it is kept as far as it goes. Either way the
   * value is truncated: the reply may have been cut.
   */
  private boolean stringAtEnd(boolean isKey) {
    if (isKey || depth == 0 || !truncate) {
      return fail(i, "the text ends inside a string", true);
    }
    int j = to;
    int o = out.length();
    while (j - 1 >= 0 && (ch(j - 1) == '\n' || ch(j - 1) == '\r' || ch(j - 1) == '\t') && o >= 2
        && out.charAt(o - 2) == '\\') {
      j--;
      o -= 2;
    }
    int[] back = closersBefore(j, o);
    if (back[0] < j) {
      fire(Repair.MISSING_QUOTE, back[0]);
      out.setLength(back[1]);
      trimSpaces();
      out.append('"');
      i = back[0];
      fire(Repair.TRUNCATION, back[0]);
      return true;
    }
    out.append('"');
    fire(Repair.TRUNCATION, to);
    return true;
  }

  /**
   * A string whose text is a fenced block ({@code "```json ... ```"}) written as it would be outside a string, with
   * raw line breaks or quotes of the string's own kind: the block's value is read in its place. A fenced block
   * written as a valid string ({@code "```json\n{\"a\": 1}\n```"}) stays a string, as in strict JSON.
   */
  private boolean fencedJson(int q, int outStart) {
    int j = i;
    while (j < to && (ch(j) == ' ' || ch(j) == '\n')) {
      j++;
    }
    if (j + 3 > to || !(s.startsWith("```", j) || s.startsWith("~~~", j))) {
      return false;
    }
    String marker = s.substring(j, j + 3);
    int bodyStart = j + 3;
    while (bodyStart < to && Character.isLetter(ch(bodyStart))) {
      bodyStart++;
    }
    int bodyEnd = s.indexOf(marker, bodyStart);
    if (bodyEnd < 0 || bodyEnd > to) {
      return false;
    }
    reads += bodyEnd - bodyStart;
    int k = bodyEnd + 3;
    while (k < to && (ch(k) == ' ' || ch(k) == '\n')) {
      k++;
    }
    if (k >= to || !closes(q, ch(k))) {
      return false;
    }
    boolean raw = false;
    for (int b = bodyStart; b < bodyEnd && !raw; b++) {
      char c = s.charAt(b);
      raw = c == '\n' || (closes(q, c) && s.charAt(b - 1) != '\\');
    }
    if (!raw) {
      return false;
    }
    Outcome inner = whole(s, bodyStart, bodyEnd);
    reads += inner.reads;
    if (!inner.ok || inner.truncated || !(inner.json.startsWith("{") || inner.json.startsWith("["))) {
      return false;
    }
    fire(Repair.JSON_IN_STRING, i);
    out.setLength(outStart);
    out.append(inner.json);
    i = k + 1;
    return true;
  }

  /**
   * A closing quote followed by a letter (spaces and tabs between) with another closing quote later on the same line
   * is taken as part of the text ({@code "say "hi" now"}, {@code 'it's'}), not as the end of the string, unless the
   * word is followed by a colon (then it is the next key, after a missing comma). The look ahead stops at the next
   * quote, which the string reaches anyway, so the work stays linear.
   */
  private boolean quotesAWord(int q, int j) {
    while (j < to && (ch(j) == ' ' || ch(j) == '\t')) {
      j++;
    }
    if (j >= to || !Character.isLetterOrDigit(ch(j))) {
      return false;
    }
    while (j < to && (isIdentPart(ch(j)) || ch(j) == '-')) {
      j++;
    }
    int k = j;
    while (k < to && (ch(k) == ' ' || ch(k) == '\t')) {
      k++;
    }
    if (k < to && ch(k) == ':' && !(k + 1 < to && ch(k + 1) == '/')) {
      return false;
    }
    return anotherQuoteOnLine(q, j);
  }

  private boolean escape(int q) {
    if (i + 1 >= to) {
      return endOfTextInEscape();
    }
    char e = ch(i + 1);
    switch (e) {
      case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
        out.append('\\').append(e);
        i += 2;
      }
      case '\'' -> {
        if (q != SINGLE) {
          fire(Repair.INVALID_ESCAPE, i);
        }
        out.append('\'');
        i += 2;
      }
      case 'u' -> {
        if (i + 6 > to && hexRun(i + 2, to) == to - i - 2) {
          return endOfTextInEscape();
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
          return endOfTextInEscape();
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
        if (i < to && ch(i) == '\n') {
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

  /** The text ends inside an escape: inside a container the string is kept up to it, otherwise this fails. */
  private boolean endOfTextInEscape() {
    if (depth > 0 && truncate) {
      i = to;
      return true;
    }
    return fail(i, "the text ends inside a string", true);
  }

  private int hexRun(int from, int until) {
    int n = 0;
    for (int j = from; j < Math.min(until, to); j++) {
      if (Character.digit(ch(j), 16) < 0) {
        break;
      }
      n++;
    }
    return n;
  }

  private void appendControl(char c) {
    out.append(c == '\n' ? "\\n" : c == '\r' ? "\\r" : "\\t");
  }

  /** The index of a quote after whitespace from {@code j}, or -1. */
  private int quoteAfter(int j) {
    while (j < to && Character.isWhitespace(ch(j))) {
      j++;
    }
    return j < to && quoteKind(ch(j)) >= 0 ? j : -1;
  }

  /** After a string value, {@code + "more"}: the next string is appended to it. */
  private boolean concatenation() {
    int j = quoteAfter(i + 1);
    int q = quoteKind(ch(j));
    fire(Repair.CONCATENATION, i);
    out.setLength(out.length() - 1);
    i = j + 1;
    if (q == SINGLE) {
      fire(Repair.SINGLE_QUOTES, j);
    } else if (q != DOUBLE) {
      fire(Repair.SMART_QUOTES, j);
    }
    if (!stringBody(q, false)) {
      return false;
    }
    stringEndOut = out.length();
    return true;
  }

  private boolean number() {
    int start = i;
    int j = i;
    char sign = 0;
    if (ch(j) == '-' || ch(j) == '+') {
      sign = ch(j);
      j++;
    }
    if (j >= to) {
      return fail(start, "the text ends inside a number", true);
    }
    if (Character.isLetter(ch(j))) {
      int w = j;
      while (w < to && isIdentPart(ch(w))) {
        w++;
      }
      String word = s.substring(j, w);
      if (word.equalsIgnoreCase("infinity") || word.equalsIgnoreCase("inf")) {
        fire(Repair.NON_NUMERIC_NUMBER, start);
        out.append(sign == '-' ? "-Infinity" : "Infinity");
      } else if (word.equalsIgnoreCase("nan")) {
        fire(Repair.NON_NUMERIC_NUMBER, start);
        out.append("NaN");
      } else {
        return notANumber(start);
      }
      i = w;
      return true;
    }
    boolean partial = false;
    if (ch(j) == '0' && j + 1 < to && (ch(j + 1) == 'x' || ch(j + 1) == 'X')) {
      int h = j + 2;
      int digits = hexRun(h, to);
      if (digits == 0 || (h + digits < to && !isDelimiterAt(h + digits))) {
        return notANumber(start);
      }
      BigInteger v = new BigInteger(s.substring(h, h + digits), 16);
      fire(Repair.NUMBER_FORMAT, start);
      out.append(sign == '-' ? v.negate() : v);
      i = h + digits;
      if (i >= to && depth > 0 && truncate) {
        fire(Repair.TRUNCATION, i);
      }
      return true;
    }
    StringBuilder intDigits = new StringBuilder();
    boolean underscore = false;
    while (j < to && (isDigit(ch(j)) || (ch(j) == '_' && intDigits.length() > 0 && j + 1 < to
        && isDigit(ch(j + 1))))) {
      if (ch(j) == '_') {
        underscore = true;
      } else {
        intDigits.append(ch(j));
      }
      j++;
    }
    boolean dot = false;
    int fracStart = j;
    int fracEnd = j;
    if (j < to && ch(j) == '.') {
      if (j + 2 < to && ch(j + 1) == '.' && ch(j + 2) == '.') {
        return notANumber(start);
      }
      dot = true;
      j++;
      fracStart = j;
      while (j < to && isDigit(ch(j))) {
        j++;
      }
      fracEnd = j;
    }
    int expStart = j;
    if (j < to && (ch(j) == 'e' || ch(j) == 'E') && (intDigits.length() > 0 || fracEnd > fracStart)) {
      j++;
      if (j < to && (ch(j) == '+' || ch(j) == '-')) {
        j++;
      }
      int expDigits = j;
      while (j < to && isDigit(ch(j))) {
        j++;
      }
      if (j == expDigits) {
        if (j < to || depth == 0 || !truncate) {
          return notANumber(start);
        }
        j = expStart;
        partial = true;
      }
    }
    int end = j;
    if (intDigits.length() == 0 && fracEnd == fracStart) {
      return j >= to ? fail(start, "the text ends inside a number", true) : notANumber(start);
    }
    if (!partial && j < to && !isDelimiterAt(j)) {
      return notANumber(start);
    }
    if (j >= to && depth > 0 && truncate) {
      partial = true;
    }
    if (partial && dot && fracEnd == fracStart) {
      dot = false; // "2." cut at the end: the fraction never came
    }
    boolean strict = sign != '+' && !underscore && intDigits.length() > 0
        && (intDigits.length() == 1 || intDigits.charAt(0) != '0') && (!dot || fracEnd > fracStart);
    if (strict) {
      out.append(s, start, dot || expStart < end ? end : intEndOf(start, sign));
    } else {
      fire(Repair.NUMBER_FORMAT, start);
      if (sign == '-') {
        out.append('-');
      }
      int z = 0;
      while (z < intDigits.length() - 1 && intDigits.charAt(z) == '0') {
        z++;
      }
      out.append(intDigits.length() > 0 ? intDigits.substring(z) : "0");
      if (dot) {
        out.append('.');
        out.append(fracEnd > fracStart ? s.substring(fracStart, fracEnd) : "0");
      }
      out.append(s, expStart, end);
    }
    i = partial ? to : end;
    if (partial) {
      fire(Repair.TRUNCATION, end);
    }
    return true;
  }

  /** The end of a strict number's integer digits, from its start. */
  private int intEndOf(int start, char sign) {
    int k = sign != 0 ? start + 1 : start;
    while (k < to && isDigit(ch(k))) {
      k++;
    }
    return k;
  }

  /** What started like a number is not one ({@code 0.0.1}, {@code 1/3}, {@code 12:30}): a bare word, or a failure. */
  private boolean notANumber(int start) {
    if (lenient && depth > 0) {
      return bare(start);
    }
    return fail(start, "malformed number", false);
  }

  private boolean word() {
    int start = i;
    int j = i;
    while (j < to && isIdentPart(ch(j))) {
      j++;
    }
    String w = s.substring(start, j);
    String json = literal(w);
    if (json != null && (j >= to || !isWordPart(ch(j)))) {
      fireLiteral(w, start);
      out.append(json);
      i = j;
      return true;
    }
    if (j >= to && depth > 0 && truncate) {
      for (String whole : List.of("true", "false", "null", "True", "False", "None")) {
        if (whole.startsWith(w)) {
          out.append(literal(whole));
          i = j;
          fire(Repair.TRUNCATION, start);
          return true;
        }
      }
    }
    if (lenient && depth > 0) {
      return bare(start);
    }
    if (j >= to) {
      return fail(start, "the text ends inside a word", true);
    }
    return fail(start, "unexpected word '" + excerpt(w) + "'", false);
  }

  /** The JSON of a literal word ({@code True}, {@code none}, {@code NaN}...), or null. */
  private static String literal(String w) {
    return switch (w) {
      case "true", "false", "null", "True", "False" -> w.toLowerCase(Locale.ROOT);
      case "None" -> "null";
      case "NaN", "Infinity" -> w;
      default -> switch (w.toLowerCase(Locale.ROOT)) {
        case "true", "false", "null" -> w.toLowerCase(Locale.ROOT);
        case "none", "undefined" -> "null";
        case "nan" -> "NaN";
        case "infinity", "inf" -> "Infinity";
        default -> null;
      };
    };
  }

  /** Fires the repair a literal word needs, if any. */
  private void fireLiteral(String literalWord, int at) {
    switch (literalWord) {
      case "true", "false", "null" -> { }
      case "True", "False", "None" -> fire(Repair.PYTHON_LITERAL, at);
      case "NaN", "Infinity" -> fire(Repair.NON_NUMERIC_NUMBER, at);
      default -> {
        String lower = literalWord.toLowerCase(Locale.ROOT);
        fire(lower.equals("nan") || lower.startsWith("inf") ? Repair.NON_NUMERIC_NUMBER : Repair.NONSTANDARD_LITERAL,
            at);
      }
    }
  }

  /**
   * Unquoted text where a value belongs, up to the next comma, closer of the innermost container, line break or
   * comment, read as a string ({@code hello world}, {@code 0.0.1}); a quote that ends it was its missing start
   * quote's partner ({@code hello"}).
   */
  private boolean bare(int start) {
    byte k = depth > 0 ? kind[depth - 1] : ARR;
    char closer = k == OBJ ? '}' : k == ARR ? ']' : ')';
    int j = start;
    boolean endQuote = false;
    while (j < to) {
      char c = ch(j);
      if (c == ',' || c == closer || c == '\n' || c == '\r') {
        break;
      }
      if ((c == '/' && j + 1 < to && ch(j + 1) == '/' || c == '#') && j > start && ch(j - 1) == ' ') {
        break;
      }
      if (quoteKind(c) >= 0) {
        int n = nextOnLine(j + 1);
        endQuote = n >= to || ch(n) == ',' || isCloser(ch(n)) || ch(n) == '\n' || ch(n) == '\r';
        break;
      }
      j++;
    }
    int end = j;
    while (end > start && Character.isWhitespace(ch(end - 1))) {
      end--;
    }
    if (end == start) {
      return fail(start, "expected a value, found " + describe(ch(start)), false);
    }
    fire(endQuote ? Repair.MISSING_QUOTE : Repair.BARE_WORD, start);
    out.append('"');
    for (int b = start; b < end; b++) {
      char c = s.charAt(b);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    out.append('"');
    i = endQuote ? j + 1 : end;
    if (j >= to && depth > 0 && truncate) {
      fire(Repair.TRUNCATION, to);
    }
    return true;
  }

  /** A regular expression literal, {@code /ab+c/gi}, read as a string holding it. */
  private boolean regex() {
    int start = i;
    int j = i + 1;
    while (j < to && ch(j) != '/' && ch(j) != '\n') {
      j += ch(j) == '\\' ? 2 : 1;
    }
    if (j >= to || ch(j) != '/' || j == start + 1) {
      return lenient && depth > 0 ? bare(start) : fail(start, "expected a value, found '/'", j >= to);
    }
    j++;
    while (j < to && Character.isLetter(ch(j))) {
      j++;
    }
    fire(Repair.REGEX, start);
    out.append('"');
    for (int b = start; b < j; b++) {
      char c = s.charAt(b);
      out.append(c == '\\' || c == '"' ? "\\" + c : String.valueOf(c));
    }
    out.append('"');
    i = j;
    return true;
  }

  /** {@code ...} (or more dots) or {@code …} at {@code j}: the index after it; otherwise -1. */
  private int ellipsisEnd(int j) {
    if (j < to && ch(j) == '\u2026') {
      return j + 1;
    }
    int k = j;
    while (k < to && ch(k) == '.') {
      k++;
    }
    return k - j >= 3 ? k : -1;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // whitespace and comments

  /** Skips whitespace and comments; false (an end-of-text failure) inside an unterminated block comment. */
  private boolean skipSpace() {
    while (i < to) {
      char c = ch(i);
      if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
        i++;
      } else if (c == '/' && i + 1 < to && ch(i + 1) == '/') {
        fire(Repair.COMMENT, i);
        i = lineEnd(i + 2);
      } else if (c == '/' && i + 1 < to && ch(i + 1) == '*') {
        fire(Repair.COMMENT, i);
        int j = i + 2;
        while (j + 1 < to && !(ch(j) == '*' && ch(j + 1) == '/')) {
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
    while (j < to && ch(j) != '\n' && ch(j) != '\r') {
      j++;
    }
    return j;
  }

  /** The first index from {@code j} that is not a space or tab (the end of the text if none). */
  private int nextOnLine(int j) {
    while (j < to && (ch(j) == ' ' || ch(j) == '\t')) {
      j++;
    }
    return j;
  }

  /** The first index from {@code j} that is neither whitespace nor in a comment (the end of the text if none). */
  private int nextToken(int j) {
    while (j < to) {
      char c = ch(j);
      if (Character.isWhitespace(c) || isExoticSpace(c)) {
        j++;
      } else if (c == '#' || (c == '/' && j + 1 < to && ch(j + 1) == '/')) {
        j = lineEnd(j + 1);
      } else if (c == '/' && j + 1 < to && ch(j + 1) == '*') {
        int end = s.indexOf("*/", j + 2);
        if (end < 0 || end >= to) {
          return to;
        }
        reads += end - j;
        j = end + 2;
      } else {
        return j;
      }
    }
    return j;
  }

  /** The first index from {@code j} that is not whitespace (the end of the text if none). */
  private int nextNonSpace(int j) {
    while (j < to && Character.isWhitespace(ch(j))) {
      j++;
    }
    return j;
  }

  static boolean isExoticSpace(char c) {
    return c == '\u00A0' || c == '\uFEFF' || c == '\u200B' || c == '\u2028' || c == '\u2029' || c == '\u3000'
        || c == '\u000B' || c == '\u000C' || (c >= '\u2000' && c <= '\u200A') || c == '\u202F' || c == '\u205F';
  }

  private static boolean isDelimiter(char c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == ',' || c == ']' || c == '}' || c == ')'
        || c == ';' || c == '/' || c == '#' || isExoticSpace(c);
  }

  /** A delimiter after a number; '/' only when it starts a comment ({@code 1/3} is not a number). */
  private boolean isDelimiterAt(int j) {
    char c = ch(j);
    if (c == '/') {
      return j + 1 < to && (ch(j + 1) == '/' || ch(j + 1) == '*');
    }
    return isDelimiter(c);
  }

  private static boolean isCloser(char c) {
    return c == '}' || c == ']' || c == ')';
  }

  private static boolean isStructural(char c) {
    return c == '{' || c == '}' || c == '[' || c == ']' || c == '(' || c == ')' || c == ',' || c == ':'
        || quoteKind(c) >= 0;
  }

  private static char closerOf(byte k) {
    return k == OBJ ? '}' : k == ARR ? ']' : ')';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isIdentPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$';
  }

  /** A character that would make a literal part of a longer bare word ({@code true-ish}, {@code null.x}). */
  private static boolean isWordPart(char c) {
    return c == '-' || c == '.' || c == '@' || c == '%';
  }

  private static boolean isKeyStart(char c) {
    return quoteKind(c) >= 0 || isIdentPart(c);
  }

  private static boolean isValueStart(char c) {
    return quoteKind(c) >= 0 || c == '{' || c == '[' || c == '(' || c == '-' || c == '+' || c == '.'
        || isIdentPart(c);
  }

  // ---------------------------------------------------------------------------------------------------------------

  /** The character at {@code j}, counted as read. */
  private char ch(int j) {
    reads++;
    return s.charAt(j);
  }

  private void fire(Repair r, int at) {
    int k = r.ordinal();
    if (at < firstFire[k]) {
      firstFire[k] = at;
    }
  }

  private boolean fired(Repair r) {
    return firstFire[r.ordinal()] != Integer.MAX_VALUE;
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
