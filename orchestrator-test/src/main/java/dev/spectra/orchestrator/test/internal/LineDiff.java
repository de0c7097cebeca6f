package dev.spectra.orchestrator.test.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A line diff for failure messages: {@code "  "} marks a common line, {@code "- "} a line only in the expected
 * text, {@code "+ "} a line only in the actual text. Long runs of common lines are collapsed. Not API.
 */
public final class LineDiff {
  private static final long MAX_TABLE = 4_000_000L;

  private LineDiff() {}

  /** The lines of {@code text} with {@code \r\n} and {@code \r} read as {@code \n}; a trailing newline gives a last empty line. */
  public static List<String> lines(String text) {
    return List.of(normalizeNewlines(text).split("\n", -1));
  }

  public static String normalizeNewlines(String text) {
    return text.replace("\r\n", "\n").replace('\r', '\n');
  }

  /** Number of lines removed plus added between the two texts (0 when equal). */
  public static int distance(String expected, String actual) {
    int n = 0;
    for (String line : ops(lines(expected), lines(actual))) {
      if (line.charAt(0) != ' ') {
        n++;
      }
    }
    return n;
  }

  /**
   * The diff with {@code context} common lines kept around each change, each line prefixed with
   * {@code indent}; the empty string when the texts are equal.
   */
  public static String render(String expected, String actual, int context, String indent) {
    List<String> ops = ops(lines(expected), lines(actual));
    boolean[] keep = new boolean[ops.size()];
    boolean changed = false;
    for (int i = 0; i < ops.size(); i++) {
      if (ops.get(i).charAt(0) != ' ') {
        changed = true;
        for (int j = Math.max(0, i - context); j <= Math.min(ops.size() - 1, i + context); j++) {
          keep[j] = true;
        }
      }
    }
    if (!changed) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    int skipped = 0;
    for (int i = 0; i < ops.size(); i++) {
      if (keep[i]) {
        if (skipped > 0) {
          out.append(indent).append("  … ").append(skipped).append(skipped == 1 ? " common line\n" : " common lines\n");
          skipped = 0;
        }
        out.append(indent).append(ops.get(i)).append('\n');
      } else {
        skipped++;
      }
    }
    if (skipped > 0) {
      out.append(indent).append("  … ").append(skipped).append(skipped == 1 ? " common line\n" : " common lines\n");
    }
    return out.toString();
  }

  /** Edit script: each line prefixed with "  ", "- " or "+ ". */
  static List<String> ops(List<String> a, List<String> b) {
    int prefix = 0;
    while (prefix < a.size() && prefix < b.size() && a.get(prefix).equals(b.get(prefix))) {
      prefix++;
    }
    int suffix = 0;
    while (suffix < a.size() - prefix && suffix < b.size() - prefix
        && a.get(a.size() - 1 - suffix).equals(b.get(b.size() - 1 - suffix))) {
      suffix++;
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < prefix; i++) {
      out.add("  " + a.get(i));
    }
    List<String> midA = a.subList(prefix, a.size() - suffix);
    List<String> midB = b.subList(prefix, b.size() - suffix);
    if ((long) midA.size() * midB.size() > MAX_TABLE) {
      midA.forEach(l -> out.add("- " + l));
      midB.forEach(l -> out.add("+ " + l));
    } else {
      lcs(midA, midB, out);
    }
    for (int i = a.size() - suffix; i < a.size(); i++) {
      out.add("  " + a.get(i));
    }
    return out;
  }

  private static void lcs(List<String> a, List<String> b, List<String> out) {
    int n = a.size();
    int m = b.size();
    int[][] len = new int[n + 1][m + 1];
    for (int i = n - 1; i >= 0; i--) {
      for (int j = m - 1; j >= 0; j--) {
        len[i][j] = a.get(i).equals(b.get(j)) ? len[i + 1][j + 1] + 1 : Math.max(len[i + 1][j], len[i][j + 1]);
      }
    }
    int i = 0;
    int j = 0;
    while (i < n && j < m) {
      if (a.get(i).equals(b.get(j))) {
        out.add("  " + a.get(i));
        i++;
        j++;
      } else if (len[i + 1][j] >= len[i][j + 1]) {
        out.add("- " + a.get(i++));
      } else {
        out.add("+ " + b.get(j++));
      }
    }
    while (i < n) {
      out.add("- " + a.get(i++));
    }
    while (j < m) {
      out.add("+ " + b.get(j++));
    }
  }
}
