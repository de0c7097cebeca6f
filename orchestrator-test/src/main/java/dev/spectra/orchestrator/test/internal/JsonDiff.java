package dev.spectra.orchestrator.test.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spectra.orchestrator.internal.Checks;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Structural differences between two JSON trees, by path, for failure messages. Not API. */
public final class JsonDiff {
  private JsonDiff() {}

  /** One difference; {@code expected} or {@code actual} is null when the path exists on one side only. */
  public record Difference(String path, JsonNode expected, JsonNode actual) {
    /** How large the difference is: changed lines for two texts, 1 otherwise. */
    public int weight() {
      if (expected != null && actual != null && expected.isTextual() && actual.isTextual()) {
        return Math.max(1, LineDiff.distance(expected.textValue(), actual.textValue()));
      }
      return 1;
    }
  }

  public static List<Difference> diff(JsonNode expected, JsonNode actual) {
    List<Difference> out = new ArrayList<>();
    walk("", expected, actual, out);
    return out;
  }

  /** Sum of the differences' weights: 0 for equal trees. */
  public static int distance(List<Difference> differences) {
    int total = 0;
    for (Difference d : differences) {
      total += d.weight();
    }
    return total;
  }

  private static void walk(String path, JsonNode a, JsonNode b, List<Difference> out) {
    if (a == null || b == null) {
      if (a != b) {
        out.add(new Difference(path, a, b));
      }
      return;
    }
    if (a.isObject() && b.isObject()) {
      Set<String> names = new LinkedHashSet<>();
      a.fieldNames().forEachRemaining(names::add);
      b.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        walk(path.isEmpty() ? name : path + "." + name, a.get(name), b.get(name), out);
      }
    } else if (a.isArray() && b.isArray()) {
      int n = Math.max(a.size(), b.size());
      for (int i = 0; i < n; i++) {
        walk(path + "[" + i + "]", a.get(i), b.get(i), out);
      }
    } else if (!a.equals(b)) {
      out.add(new Difference(path, a, b));
    }
  }

  /**
   * The differences, at most {@code max} of them, one per paragraph: the path, then {@code "- "} the expected and
   * {@code "+ "} the actual value (texts as a line diff).
   */
  public static String describe(List<Difference> differences, int max, String expectedLabel, String actualLabel) {
    StringBuilder sb = new StringBuilder();
    int shown = 0;
    for (Iterator<Difference> it = differences.iterator(); it.hasNext() && shown < max; shown++) {
      Difference d = it.next();
      sb.append("  ").append(d.path().isEmpty() ? "(root)" : d.path()).append(":\n");
      if (d.expected() != null && d.actual() != null && d.expected().isTextual() && d.actual().isTextual()) {
        sb.append(LineDiff.render(d.expected().textValue(), d.actual().textValue(), 2, "    "));
      } else {
        sb.append("    - ").append(d.expected() == null ? "(absent in " + expectedLabel + ")" : value(d.expected()))
            .append('\n');
        sb.append("    + ").append(d.actual() == null ? "(absent in " + actualLabel + ")" : value(d.actual()))
            .append('\n');
      }
    }
    if (differences.size() > shown) {
      sb.append("  … and ").append(differences.size() - shown).append(" more difference(s)\n");
    }
    return sb.toString();
  }

  private static String value(JsonNode node) {
    return Checks.excerpt(node.toString(), 300);
  }
}
