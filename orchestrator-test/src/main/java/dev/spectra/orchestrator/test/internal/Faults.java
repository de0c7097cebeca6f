package dev.spectra.orchestrator.test.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spectra.orchestrator.internal.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The text rewrites behind the chaos model's faults. Each returns the faulty text, or {@code null} when the fault
 * does not apply to this text (e.g. removing a field from an empty object). Not API.
 */
public final class Faults {
  private static final ObjectReader STRICT = Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final String[] JSON_INTROS = {
      "Here is the JSON you asked for:\n\n",
      "Sure! Here's the result:\n",
      "Certainly. Below is the requested output.\n\n"};
  private static final String[] CODE_INTROS = {
      "Here is the complete file:\n\n",
      "Sure! Here's the implementation:\n",
      "Certainly. Below is the code.\n\n"};
  private static final String[] OUTROS = {
      "\n\nLet me know if you need any changes.",
      "\n\nI hope this helps!",
      "\n\nNote: adjust the values above to your needs."};
  private static final String[] EXTRA_FIELDS = {"note", "confidence", "explanation", "comment", "extra_info"};

  private Faults() {}

  /** The text parsed as a strict JSON object or array (nothing around it), or null. */
  public static JsonNode parseContainer(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      JsonNode node = STRICT.readTree(text);
      return node != null && node.isContainerNode() ? node : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  public static String fence(String text, boolean json, Random random) {
    String body = json ? text.strip() : stripTrailingNewline(text);
    String tag = json && random.nextBoolean() ? "json" : "";
    return "```" + tag + "\n" + body + "\n```";
  }

  public static String prose(String text, boolean json, Random random) {
    String[] intros = json ? JSON_INTROS : CODE_INTROS;
    String body = json ? text.strip() : stripTrailingNewline(text);
    return intros[random.nextInt(intros.length)] + body + OUTROS[random.nextInt(OUTROS.length)];
  }

  /** A comma after the last member of the top-level object or array. */
  public static String trailingComma(String json) {
    String t = json.strip();
    int close = t.length() - 1;
    int last = close - 1;
    while (last >= 0 && Character.isWhitespace(t.charAt(last))) {
      last--;
    }
    if (last < 0 || t.charAt(last) == '{' || t.charAt(last) == '[') {
      return null;
    }
    return t.substring(0, last + 1) + "," + t.substring(last + 1);
  }

  /** The JSON written with single-quoted keys and strings, as Python's repr of a dict looks. */
  public static String singleQuotes(JsonNode node) {
    StringBuilder sb = new StringBuilder();
    writeSingleQuoted(node, sb);
    String out = sb.toString();
    return out.indexOf('\'') < 0 ? null : out;
  }

  private static void writeSingleQuoted(JsonNode node, StringBuilder sb) {
    if (node.isObject()) {
      sb.append('{');
      boolean first = true;
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        if (!first) {
          sb.append(", ");
        }
        first = false;
        quote(e.getKey(), sb);
        sb.append(": ");
        writeSingleQuoted(e.getValue(), sb);
      }
      sb.append('}');
    } else if (node.isArray()) {
      sb.append('[');
      for (int i = 0; i < node.size(); i++) {
        if (i > 0) {
          sb.append(", ");
        }
        writeSingleQuoted(node.get(i), sb);
      }
      sb.append(']');
    } else if (node.isTextual()) {
      quote(node.textValue(), sb);
    } else {
      sb.append(node.toString());
    }
  }

  private static void quote(String s, StringBuilder sb) {
    sb.append('\'');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\'' -> sb.append("\\'");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> sb.append(c);
      }
    }
    sb.append('\'');
  }

  /** The text cut between 30 % and 90 % of its (stripped) length; null for texts shorter than 2 characters. */
  public static String truncate(String text, Random random) {
    String t = text.strip();
    if (t.length() < 2) {
      return null;
    }
    int cut = (int) (t.length() * (0.3 + 0.6 * random.nextDouble()));
    cut = Math.max(1, Math.min(t.length() - 1, cut));
    return t.substring(0, cut);
  }

  /** The object without one field, preferring {@code required} fields that are present. */
  public static String removeField(ObjectNode object, List<String> required, boolean pretty, Random random) {
    List<String> candidates = new ArrayList<>();
    for (String name : required) {
      if (object.has(name)) {
        candidates.add(name);
      }
    }
    if (candidates.isEmpty()) {
      object.fieldNames().forEachRemaining(candidates::add);
    }
    if (candidates.isEmpty()) {
      return null;
    }
    ObjectNode copy = object.deepCopy();
    copy.remove(candidates.get(random.nextInt(candidates.size())));
    return write(copy, pretty);
  }

  /** The object with one field it did not have. */
  public static String addField(ObjectNode object, boolean pretty, Random random) {
    int start = random.nextInt(EXTRA_FIELDS.length);
    for (int i = 0; i < EXTRA_FIELDS.length; i++) {
      String name = EXTRA_FIELDS[(start + i) % EXTRA_FIELDS.length];
      if (!object.has(name)) {
        ObjectNode copy = object.deepCopy();
        copy.put(name, "added by the model");
        return write(copy, pretty);
      }
    }
    return null;
  }

  private static String write(JsonNode node, boolean pretty) {
    try {
      return pretty ? Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node)
          : Json.MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON tree", e);
    }
  }

  private static String stripTrailingNewline(String text) {
    String t = text;
    while (t.endsWith("\n") || t.endsWith("\r")) {
      t = t.substring(0, t.length() - 1);
    }
    return t;
  }
}
