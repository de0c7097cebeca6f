package dev.spectra.orchestrator.llm.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import dev.langchain4j.model.output.structured.Description;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON shape of a typed reply, read from its record class: the JSON schema sent to the provider (every field
 * required, no additional properties, {@code @Description}s kept), and the structural validation of a parsed
 * reply against it, with errors listed by JSON path ({@code $.files[2].kind: must be one of ...}).
 *
 * <p>Supported component types: {@code String}, {@code int}/{@code long}/{@code double}/{@code boolean} and their
 * boxes, enums, {@code List<T>} of those, and nested records. Anything else is rejected when the shape is built,
 * that is when the services are validated.
 */
public final class RecordShapes {
  private RecordShapes() {}

  /** The outcome of {@link #validate}: the normalized tree, the errors by path, and the repairs made. */
  public record Validation(JsonNode normalized, List<String> errors, List<String> repairs) {
    public boolean ok() {
      return errors.isEmpty();
    }
  }

  /** Fails with a message naming the component when {@code type} has a component of an unsupported type. */
  public static void requireSupported(Class<?> type) {
    if (!type.isRecord()) {
      throw new IllegalArgumentException(type.getName() + " must be a record to be a typed reply");
    }
    for (RecordComponent c : type.getRecordComponents()) {
      requireSupported(c.getGenericType(), type.getSimpleName() + "." + c.getName());
    }
  }

  private static void requireSupported(Type t, String where) {
    Class<?> raw = raw(t);
    if (raw == String.class || isInteger(raw) || isNumber(raw) || isBoolean(raw) || raw.isEnum()) {
      return;
    }
    if (raw == List.class) {
      if (!(t instanceof ParameterizedType p)) {
        throw new IllegalArgumentException(where + " is a raw List; declare its element type");
      }
      requireSupported(p.getActualTypeArguments()[0], where + "[]");
      return;
    }
    if (raw.isRecord()) {
      requireSupported(raw);
      return;
    }
    throw new IllegalArgumentException(where + " has type " + t.getTypeName()
        + ", which typed replies do not support (use String, numbers, boolean, enums, List or records)");
  }

  /** The schema for a record: named after its simple name, every field required, no extra properties. */
  public static JsonSchema schema(Class<?> type) {
    return schema(type, Map.of());
  }

  /** {@link #schema(Class)} with the descriptions of some components replaced, keyed {@code Record.component}. */
  public static JsonSchema schema(Class<?> type, Map<String, String> descriptions) {
    requireSupported(type);
    return JsonSchema.builder().name(type.getSimpleName()).rootElement(element(type, description(type), descriptions)).build();
  }

  private static JsonSchemaElement element(Type t, String description, Map<String, String> descriptions) {
    Class<?> raw = raw(t);
    if (raw == String.class) {
      return JsonStringSchema.builder().description(description).build();
    }
    if (isInteger(raw)) {
      return JsonIntegerSchema.builder().description(description).build();
    }
    if (isNumber(raw)) {
      return JsonNumberSchema.builder().description(description).build();
    }
    if (isBoolean(raw)) {
      return JsonBooleanSchema.builder().description(description).build();
    }
    if (raw.isEnum()) {
      return JsonEnumSchema.builder().description(description != null ? description : description(raw))
          .enumValues(enumNames(raw)).build();
    }
    if (raw == List.class) {
      Type item = ((ParameterizedType) t).getActualTypeArguments()[0];
      return JsonArraySchema.builder().description(description).items(element(item, null, descriptions)).build();
    }
    JsonObjectSchema.Builder b = JsonObjectSchema.builder()
        .description(description != null ? description : description(raw));
    List<String> required = new ArrayList<>();
    for (RecordComponent c : raw.getRecordComponents()) {
      String own = descriptions.getOrDefault(raw.getSimpleName() + "." + c.getName(), description(raw, c));
      b.addProperty(c.getName(), element(c.getGenericType(), own, descriptions));
      required.add(c.getName());
    }
    return b.required(required).additionalProperties(false).build();
  }

  /**
   * Checks a parsed reply against the record's shape: required fields present and not null, types right, enum
   * values known. Fixes what is unambiguous and says so in the repairs: enum case ({@code "source"} to
   * {@code SOURCE}), numbers and booleans sent as strings, unknown fields dropped, a single object wrapped in an
   * array.
   */
  public static Validation validate(JsonNode root, Class<?> type) {
    List<String> errors = new ArrayList<>();
    List<String> repairs = new ArrayList<>();
    JsonNode node = root;
    if (node != null && node.isArray() && node.size() == 1 && node.get(0).isObject()) {
      repairs.add("unwrapped a one-element array around the object");
      node = node.get(0);
    }
    JsonNode normalized = check(node, type, "$", errors, repairs);
    return new Validation(normalized, List.copyOf(errors), List.copyOf(repairs));
  }

  private static JsonNode check(JsonNode n, Type t, String path, List<String> errors, List<String> repairs) {
    Class<?> raw = raw(t);
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (raw == String.class) {
      if (n.isTextual()) {
        return n;
      }
      if (n.isNumber() || n.isBoolean()) {
        repairs.add("converted " + path + " to a string");
        return f.textNode(n.asText());
      }
      errors.add(path + ": must be a string, but was " + kind(n));
      return n;
    }
    if (isInteger(raw)) {
      if (n.isIntegralNumber()) {
        return n;
      }
      if (n.isNumber() && n.asDouble() == Math.rint(n.asDouble())) {
        repairs.add("converted " + path + " to an integer");
        return f.numberNode(n.asLong());
      }
      if (n.isTextual() && n.asText().trim().matches("-?\\d{1,18}")) {
        repairs.add("converted " + path + " from a string to an integer");
        return f.numberNode(Long.parseLong(n.asText().trim()));
      }
      errors.add(path + ": must be an integer, but was " + kind(n));
      return n;
    }
    if (isNumber(raw)) {
      if (n.isNumber()) {
        return n;
      }
      if (n.isTextual()) {
        try {
          double d = Double.parseDouble(n.asText().trim());
          repairs.add("converted " + path + " from a string to a number");
          return f.numberNode(d);
        } catch (NumberFormatException ignored) {
          // reported below
        }
      }
      errors.add(path + ": must be a number, but was " + kind(n));
      return n;
    }
    if (isBoolean(raw)) {
      if (n.isBoolean()) {
        return n;
      }
      if (n.isTextual() && (n.asText().trim().equalsIgnoreCase("true") || n.asText().trim().equalsIgnoreCase("false"))) {
        repairs.add("converted " + path + " from a string to a boolean");
        return f.booleanNode(Boolean.parseBoolean(n.asText().trim()));
      }
      errors.add(path + ": must be true or false, but was " + kind(n));
      return n;
    }
    if (raw.isEnum()) {
      List<String> names = enumNames(raw);
      if (!n.isTextual()) {
        errors.add(path + ": must be one of " + String.join(", ", names) + ", but was " + kind(n));
        return n;
      }
      String v = n.asText();
      if (names.contains(v)) {
        return n;
      }
      String canonical = v.trim().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
      if (names.contains(canonical)) {
        repairs.add("normalized " + path + " from \"" + v + "\" to " + canonical);
        return f.textNode(canonical);
      }
      errors.add(path + ": must be one of " + String.join(", ", names) + ", but was \"" + shorten(v) + "\"");
      return n;
    }
    if (raw == List.class) {
      Type item = ((ParameterizedType) t).getActualTypeArguments()[0];
      if (!n.isArray()) {
        errors.add(path + ": must be an array, but was " + kind(n));
        return n;
      }
      ArrayNode out = f.arrayNode();
      for (int i = 0; i < n.size(); i++) {
        JsonNode e = n.get(i);
        String p = path + "[" + i + "]";
        if (e == null || e.isNull()) {
          errors.add(p + ": must not be null");
          continue;
        }
        out.add(check(e, item, p, errors, repairs));
      }
      return out;
    }
    // a record
    if (!n.isObject()) {
      errors.add(path + ": must be a JSON object, but was " + kind(n));
      return n;
    }
    ObjectNode out = f.objectNode();
    List<String> known = new ArrayList<>();
    for (RecordComponent c : raw.getRecordComponents()) {
      known.add(c.getName());
      String p = path + "." + c.getName();
      JsonNode v = n.get(c.getName());
      if (v == null) {
        errors.add(p + ": required field is missing");
      } else if (v.isNull()) {
        errors.add(p + ": must not be null");
      } else {
        out.set(c.getName(), check(v, c.getGenericType(), p, errors, repairs));
      }
    }
    for (Map.Entry<String, JsonNode> field : n.properties()) {
      String name = field.getKey();
      if (!known.contains(name)) {
        repairs.add("ignored unknown field " + path + "." + name);
      }
    }
    return out;
  }

  private static String kind(JsonNode n) {
    if (n == null || n.isMissingNode()) {
      return "missing";
    }
    if (n.isNull()) {
      return "null";
    }
    if (n.isTextual()) {
      return "a string (\"" + shorten(n.asText()) + "\")";
    }
    if (n.isNumber()) {
      return "a number (" + n.asText() + ")";
    }
    if (n.isBoolean()) {
      return "a boolean (" + n.asText() + ")";
    }
    if (n.isArray()) {
      return "an array";
    }
    return "an object";
  }

  private static String shorten(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }

  private static List<String> enumNames(Class<?> e) {
    List<String> names = new ArrayList<>();
    for (Object c : e.getEnumConstants()) {
      names.add(((Enum<?>) c).name());
    }
    return names;
  }

  private static String description(Class<?> type) {
    Description d = type.getAnnotation(Description.class);
    return d == null ? null : String.join(" ", d.value());
  }

  private static String description(Class<?> record, RecordComponent c) {
    try {
      Field f = record.getDeclaredField(c.getName());
      Description d = f.getAnnotation(Description.class);
      if (d == null) {
        d = c.getAnnotation(Description.class);
      }
      return d == null ? null : String.join(" ", d.value());
    } catch (NoSuchFieldException e) {
      return null;
    }
  }

  private static Class<?> raw(Type t) {
    if (t instanceof Class<?> c) {
      return c;
    }
    if (t instanceof ParameterizedType p) {
      return (Class<?>) p.getRawType();
    }
    throw new IllegalArgumentException("unsupported type " + t.getTypeName());
  }

  private static boolean isInteger(Class<?> c) {
    return c == int.class || c == Integer.class || c == long.class || c == Long.class;
  }

  private static boolean isNumber(Class<?> c) {
    return c == double.class || c == Double.class || c == float.class || c == Float.class;
  }

  private static boolean isBoolean(Class<?> c) {
    return c == boolean.class || c == Boolean.class;
  }
}
