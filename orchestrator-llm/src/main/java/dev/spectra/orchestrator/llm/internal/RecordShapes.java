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
import dev.spectra.orchestrator.internal.Checks;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The JSON shape of a typed reply, read from its Java type: the JSON schema sent to the provider ({@code @Description}s
 * kept, no additional properties), the structural validation of a parsed reply against it with errors listed by JSON
 * path ({@code $.files[2].kind: must be one of ...}), and the binding of a valid tree to the Java value (a record's
 * canonical constructor, whose exceptions are reported by path too).
 *
 * <p>Supported types: {@code String}; {@code int}/{@code long}/{@code short}/{@code byte}/{@code double}/
 * {@code float}/{@code boolean}, their boxes, {@code BigInteger} and {@code BigDecimal}; enums; {@code List<T>},
 * {@code Set<T>} and {@code Map<String or enum, T>} of supported types; records and POJOs (a class with a no-argument
 * constructor, its non-static non-transient fields as properties) of supported types; and {@code Optional<T>} as a
 * record component, a POJO field or a whole reply. A component or field is required unless it is an
 * {@code Optional} or annotated {@code @Nullable} (any annotation of that simple name). A {@code Map} anywhere
 * makes a shape that a strict schema cannot express ({@link #strictExpressible}). Anything else is rejected when the
 * shape is checked, that is when a service is built.
 *
 * <p>A whole reply whose type is not an object (an enum, a number, a list...) is sent as the schema of an object
 * with one property, {@code values} for a List or Set and {@code value} otherwise (as LangChain4j does, so a model
 * answers both alike), because strict providers want an object at the root; validation accepts both the bare value
 * and that wrapper.
 */
public final class RecordShapes {
  /** The property that holds a non-object, non-collection reply in its schema (LangChain4j's name too). */
  public static final String VALUE = "value";
  /** The property that holds a List or Set reply in its schema (LangChain4j's name too). */
  public static final String VALUES = "values";

  private RecordShapes() {}

  /** The outcome of {@link #validate}: the normalized tree, the errors by path, and the repairs made. */
  public record Validation(JsonNode normalized, List<String> errors, List<String> repairs) {
    public boolean ok() {
      return errors.isEmpty();
    }
  }

  private enum Kind { STRING, INTEGER, NUMBER, BOOLEAN, ENUM, LIST, SET, MAP, OPTIONAL, RECORD, POJO }

  // ---- checks ----

  /** Fails with a message naming the component when {@code type} is not a record or has a component of an unsupported type. */
  public static void requireSupported(Class<?> type) {
    if (!type.isRecord()) {
      throw new IllegalArgumentException(type.getName() + " must be a record to be a typed reply");
    }
    requireSupported(type, type.getSimpleName());
  }

  /**
   * Fails when {@code type} cannot be a typed reply, with a message that starts with {@code where} and names the
   * part at fault.
   */
  public static void requireSupported(Type type, String where) {
    require(type, where, true, new LinkedHashSet<>());
  }

  private static void require(Type t, String where, boolean optionalAllowed, Set<Class<?>> seen) {
    Kind kind = kind(t, where);
    switch (kind) {
      case STRING, INTEGER, NUMBER, BOOLEAN, ENUM -> { }
      case LIST, SET -> require(argument(t, 0, where), where + "[]", false, seen);
      case MAP -> {
        Type key = argument(t, 0, where);
        if (key != String.class && !(key instanceof Class<?> k && k.isEnum())) {
          throw new IllegalArgumentException(where + " is a Map with keys of type " + key.getTypeName()
              + "; JSON object keys are text, so use String or an enum");
        }
        require(argument(t, 1, where), where + "{}", false, seen);
      }
      case OPTIONAL -> {
        if (!optionalAllowed) {
          throw new IllegalArgumentException(where + " is an Optional inside a collection or another Optional;"
              + " use Optional only for a record component, a field or a whole reply");
        }
        require(argument(t, 0, where), where, false, seen);
      }
      case RECORD, POJO -> {
        Class<?> raw = raw(t);
        if (raw.getTypeParameters().length > 0) {
          throw new IllegalArgumentException(where + " has type " + t.getTypeName()
              + ", a generic class; typed replies need a concrete record or class");
        }
        if (!seen.add(raw)) {
          throw new IllegalArgumentException(where + " refers back to " + raw.getSimpleName()
              + "; recursive types cannot be typed replies");
        }
        if (kind == Kind.POJO) {
          try {
            raw.getDeclaredConstructor();
          } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(where + " has type " + raw.getName()
                + ", a class without a no-argument constructor; make it a record or add one");
          }
        }
        for (Property p : properties(raw)) {
          require(p.type, raw.getSimpleName() + "." + p.name, true, seen);
        }
        seen.remove(raw);
      }
      default -> throw new IllegalStateException(kind.name());
    }
  }

  /** True when the shape has no {@code Map} anywhere, so that a strict JSON schema can express it. */
  public static boolean strictExpressible(Type t) {
    Kind kind = kind(t, t.getTypeName());
    return switch (kind) {
      case MAP -> false;
      case LIST, SET, OPTIONAL -> strictExpressible(argument(t, 0, ""));
      case RECORD, POJO -> properties(raw(t)).stream().allMatch(p -> strictExpressible(p.type));
      default -> true;
    };
  }

  /** True when a reply of this type is a JSON object by itself (a record or a POJO), not wrapped in {@value #VALUE}. */
  public static boolean isObject(Type t) {
    Kind kind = kind(t, t.getTypeName());
    return kind == Kind.RECORD || kind == Kind.POJO;
  }

  // ---- schema ----

  /** The schema for a record: named after its simple name, required fields listed, no extra properties. */
  public static JsonSchema schema(Class<?> type) {
    return schema(type, Map.of());
  }

  /** {@link #schema(Class)} with the descriptions of some components replaced, keyed {@code Record.component}. */
  public static JsonSchema schema(Class<?> type, Map<String, String> descriptions) {
    requireSupported(type);
    return JsonSchema.builder().name(type.getSimpleName()).rootElement(element(type, description(type), descriptions)).build();
  }

  /**
   * The schema of any supported reply type: a record or POJO as is, anything else as an object whose one property
   * {@value #VALUE} holds it. Named after the type ({@code Contact}, {@code List_of_Contact}).
   */
  public static JsonSchema schemaOf(Type type) {
    requireSupported(type, type.getTypeName());
    JsonSchemaElement root = isObject(type) ? element(type, description(raw(type)), Map.of())
        : JsonObjectSchema.builder().addProperty(wrapper(type), element(type, null, Map.of())).required(required(type, wrapper(type)))
            .additionalProperties(false).build();
    return JsonSchema.builder().name(name(type)).rootElement(root).build();
  }

  /** The property that holds a reply of this non-object type in its schema: {@value #VALUES} or {@value #VALUE}. */
  public static String wrapper(Type t) {
    Kind kind = kind(t, t.getTypeName());
    if (kind == Kind.OPTIONAL) {
      kind = kind(argument(t, 0, t.getTypeName()), t.getTypeName());
    }
    return kind == Kind.LIST || kind == Kind.SET ? VALUES : VALUE;
  }

  private static List<String> required(Type t, String name) {
    return kind(t, name) == Kind.OPTIONAL ? List.of() : List.of(name);
  }

  private static String name(Type t) {
    Class<?> raw = raw(t);
    if (t instanceof ParameterizedType p) {
      StringBuilder sb = new StringBuilder(raw.getSimpleName()).append("_of");
      for (Type a : p.getActualTypeArguments()) {
        sb.append('_').append(name(a));
      }
      return sb.toString();
    }
    return raw.isPrimitive() ? raw.getName() : raw.getSimpleName();
  }

  private static JsonSchemaElement element(Type t, String description, Map<String, String> descriptions) {
    Class<?> raw = raw(t);
    switch (kind(t, t.getTypeName())) {
      case STRING:
        return JsonStringSchema.builder().description(description).build();
      case INTEGER:
        return JsonIntegerSchema.builder().description(description).build();
      case NUMBER:
        return JsonNumberSchema.builder().description(description).build();
      case BOOLEAN:
        return JsonBooleanSchema.builder().description(description).build();
      case ENUM:
        return JsonEnumSchema.builder().description(description != null ? description : description(raw))
            .enumValues(enumNames(raw)).build();
      case LIST:
      case SET:
        return JsonArraySchema.builder().description(description).items(element(argument(t, 0, ""), null, descriptions)).build();
      case OPTIONAL:
        return element(argument(t, 0, ""), description, descriptions);
      case MAP:
        // never sent as a schema (not strictly expressible); described for the text instructions
        return JsonObjectSchema.builder().description((description == null ? "" : description + "; ")
            + "an object whose keys are " + (argument(t, 0, "") == String.class ? "texts" : "one of "
            + String.join(", ", enumNames(raw(argument(t, 0, ""))))) + " and whose values are "
            + valueWords(argument(t, 1, ""))).build();
      default:
        break;
    }
    JsonObjectSchema.Builder b = JsonObjectSchema.builder()
        .description(description != null ? description : description(raw));
    List<String> required = new ArrayList<>();
    for (Property p : properties(raw)) {
      String own = descriptions.getOrDefault(raw.getSimpleName() + "." + p.name, p.description);
      b.addProperty(p.name, element(p.type, own, descriptions));
      if (!p.optional) {
        required.add(p.name);
      }
    }
    return b.required(required).additionalProperties(false).build();
  }

  private static String valueWords(Type t) {
    return switch (kind(t, "")) {
      case STRING -> "strings";
      case INTEGER -> "integers";
      case NUMBER -> "numbers";
      case BOOLEAN -> "booleans";
      case ENUM -> "one of " + String.join(", ", enumNames(raw(t)));
      case LIST, SET -> "arrays";
      default -> "objects";
    };
  }

  /** The schema as JSON Schema text, for instructions in a prompt when the model cannot take the schema natively. */
  public static ObjectNode toJson(JsonSchemaElement e) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode out = f.objectNode();
    String description = null;
    if (e instanceof JsonObjectSchema o) {
      out.put("type", "object");
      description = o.description();
      if (o.properties() != null && !o.properties().isEmpty()) {
        ObjectNode props = out.putObject("properties");
        o.properties().forEach((k, v) -> props.set(k, toJson(v)));
        ArrayNode req = out.putArray("required");
        if (o.required() != null) {
          o.required().forEach(req::add);
        }
      }
    } else if (e instanceof JsonArraySchema a) {
      out.put("type", "array");
      description = a.description();
      out.set("items", toJson(a.items()));
    } else if (e instanceof JsonEnumSchema en) {
      out.put("type", "string");
      description = en.description();
      ArrayNode values = out.putArray("enum");
      en.enumValues().forEach(values::add);
    } else if (e instanceof JsonStringSchema s) {
      out.put("type", "string");
      description = s.description();
    } else if (e instanceof JsonIntegerSchema i) {
      out.put("type", "integer");
      description = i.description();
    } else if (e instanceof JsonNumberSchema n) {
      out.put("type", "number");
      description = n.description();
    } else if (e instanceof JsonBooleanSchema b) {
      out.put("type", "boolean");
      description = b.description();
    }
    if (description != null) {
      out.put("description", description);
    }
    return out;
  }

  // ---- validation ----

  /**
   * Checks a parsed reply against the record's shape: required fields present and not null, types right, enum
   * values known. Fixes what is unambiguous and says so in the repairs: enum case ({@code "source"} to
   * {@code SOURCE}), numbers and booleans sent as strings, unknown fields dropped, a single object wrapped in an
   * array.
   */
  public static Validation validate(JsonNode root, Type type) {
    List<String> errors = new ArrayList<>();
    List<String> repairs = new ArrayList<>();
    JsonNode node = root;
    if (isObject(type) && node != null && node.isArray() && node.size() == 1 && node.get(0).isObject()) {
      repairs.add("unwrapped a one-element array around the object");
      node = node.get(0);
    }
    if (kind(type, "$") == Kind.OPTIONAL) {
      if (node == null || node.isNull() || node.isMissingNode()) {
        return new Validation(JsonNodeFactory.instance.nullNode(), List.of(), List.of());
      }
      type = argument(type, 0, "$");
    } else if (node == null || node.isNull()) {
      return new Validation(node, List.of("$: must not be null"), List.of());
    }
    JsonNode normalized = check(node, type, "$", errors, repairs);
    return new Validation(normalized, List.copyOf(errors), List.copyOf(repairs));
  }

  private static JsonNode check(JsonNode n, Type t, String path, List<String> errors, List<String> repairs) {
    Class<?> raw = raw(t);
    JsonNodeFactory f = JsonNodeFactory.instance;
    Kind kind = kind(t, path);
    switch (kind) {
      case STRING -> {
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
      case INTEGER -> {
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
      case NUMBER -> {
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
      case BOOLEAN -> {
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
      case ENUM -> {
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
      case LIST, SET -> {
        Type item = argument(t, 0, path);
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
      case MAP -> {
        if (!n.isObject()) {
          errors.add(path + ": must be a JSON object, but was " + kind(n));
          return n;
        }
        Type key = argument(t, 0, path);
        Type value = argument(t, 1, path);
        ObjectNode out = f.objectNode();
        for (Map.Entry<String, JsonNode> e : n.properties()) {
          String p = path + "." + e.getKey();
          String k = e.getKey();
          if (key != String.class) {
            JsonNode normalizedKey = check(f.textNode(k), key, p + " (key)", errors, repairs);
            k = normalizedKey.asText();
          }
          if (e.getValue().isNull()) {
            errors.add(p + ": must not be null");
            continue;
          }
          out.set(k, check(e.getValue(), value, p, errors, repairs));
        }
        return out;
      }
      default -> {
        // a record or a POJO
        if (!n.isObject()) {
          errors.add(path + ": must be a JSON object, but was " + kind(n));
          return n;
        }
        ObjectNode out = f.objectNode();
        List<String> known = new ArrayList<>();
        for (Property c : properties(raw)) {
          known.add(c.name);
          String p = path + "." + c.name;
          JsonNode v = n.get(c.name);
          if (c.optional && (v == null || v.isNull())) {
            continue;
          }
          if (v == null) {
            errors.add(p + ": required field is missing");
          } else if (v.isNull()) {
            errors.add(p + ": must not be null");
          } else {
            Type inner = kind(c.type, p) == Kind.OPTIONAL ? argument(c.type, 0, p) : c.type;
            out.set(c.name, check(v, inner, p, errors, repairs));
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
    }
  }

  // ---- binding ----

  /**
   * Builds the Java value of a tree that {@link #validate} accepted. What a constructor throws (a record's compact
   * constructor, say) is added to {@code errors} with the path of the object it was building, and {@code null} is
   * returned.
   */
  public static Object bind(JsonNode normalized, Type type, List<String> errors) {
    if (kind(type, "$") == Kind.OPTIONAL) {
      if (normalized == null || normalized.isNull()) {
        return Optional.empty();
      }
      Object inner = value(normalized, argument(type, 0, "$"), "$", errors);
      return errors.isEmpty() ? Optional.ofNullable(inner) : null;
    }
    Object value = value(normalized, type, "$", errors);
    return errors.isEmpty() ? value : null;
  }

  private static Object value(JsonNode n, Type t, String path, List<String> errors) {
    Class<?> raw = raw(t);
    switch (kind(t, path)) {
      case STRING:
        return n.asText();
      case INTEGER:
        return integer(n, raw, path, errors);
      case NUMBER:
        if (raw == BigDecimal.class) {
          return n.decimalValue();
        }
        return raw == float.class || raw == Float.class ? (Object) (float) n.asDouble() : (Object) n.asDouble();
      case BOOLEAN:
        return n.asBoolean();
      case ENUM:
        return enumValue(raw, n.asText());
      case LIST: {
        List<Object> out = new ArrayList<>(n.size());
        for (int i = 0; i < n.size(); i++) {
          out.add(value(n.get(i), argument(t, 0, path), path + "[" + i + "]", errors));
        }
        return Collections.unmodifiableList(out);
      }
      case SET: {
        Set<Object> out = new LinkedHashSet<>();
        for (int i = 0; i < n.size(); i++) {
          out.add(value(n.get(i), argument(t, 0, path), path + "[" + i + "]", errors));
        }
        return Collections.unmodifiableSet(out);
      }
      case MAP: {
        Map<Object, Object> out = new LinkedHashMap<>();
        Type key = argument(t, 0, path);
        for (Map.Entry<String, JsonNode> e : n.properties()) {
          Object k = key == String.class ? e.getKey() : enumValue(raw(key), e.getKey());
          out.put(k, value(e.getValue(), argument(t, 1, path), path + "." + e.getKey(), errors));
        }
        return Collections.unmodifiableMap(out);
      }
      case OPTIONAL:
        return n == null || n.isNull() ? Optional.empty() : Optional.ofNullable(value(n, argument(t, 0, path), path, errors));
      default:
        break;
    }
    List<Property> properties = properties(raw);
    Object[] values = new Object[properties.size()];
    for (int i = 0; i < values.length; i++) {
      Property p = properties.get(i);
      JsonNode v = n.get(p.name);
      if (v == null || v.isNull()) {
        values[i] = kind(p.type, path) == Kind.OPTIONAL ? Optional.empty() : defaultValue(raw(p.type));
      } else {
        values[i] = value(v, p.type, path + "." + p.name, errors);
      }
    }
    if (!errors.isEmpty()) {
      return null;
    }
    try {
      if (raw.isRecord()) {
        Class<?>[] types = new Class<?>[properties.size()];
        for (int i = 0; i < types.length; i++) {
          types[i] = raw(properties.get(i).type);
        }
        Constructor<?> c = raw.getDeclaredConstructor(types);
        c.setAccessible(true);
        return c.newInstance(values);
      }
      Constructor<?> c = raw.getDeclaredConstructor();
      c.setAccessible(true);
      Object o = c.newInstance();
      for (int i = 0; i < values.length; i++) {
        if (values[i] != null) {
          Field field = properties.get(i).field;
          field.setAccessible(true);
          field.set(o, values[i]);
        }
      }
      return o;
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      errors.add(path + ": " + (cause.getMessage() == null ? cause.getClass().getSimpleName()
          : Checks.excerpt(cause.getMessage(), 300)));
      return null;
    } catch (ReflectiveOperationException | RuntimeException e) {
      errors.add(path + ": cannot create " + raw.getSimpleName() + " (" + e + ")");
      return null;
    }
  }

  private static Object integer(JsonNode n, Class<?> raw, String path, List<String> errors) {
    if (raw == BigInteger.class) {
      return n.bigIntegerValue();
    }
    long v = n.asLong();
    long min;
    long max;
    if (raw == int.class || raw == Integer.class) {
      min = Integer.MIN_VALUE;
      max = Integer.MAX_VALUE;
    } else if (raw == short.class || raw == Short.class) {
      min = Short.MIN_VALUE;
      max = Short.MAX_VALUE;
    } else if (raw == byte.class || raw == Byte.class) {
      min = Byte.MIN_VALUE;
      max = Byte.MAX_VALUE;
    } else {
      return v;
    }
    if (!n.canConvertToLong() || v < min || v > max) {
      errors.add(path + ": must be between " + min + " and " + max + ", but was " + n.asText());
      return null;
    }
    if (raw == int.class || raw == Integer.class) {
      return (int) v;
    }
    return raw == short.class || raw == Short.class ? (Object) (short) v : (Object) (byte) v;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Object enumValue(Class<?> e, String name) {
    return Enum.valueOf((Class) e, name);
  }

  private static Object defaultValue(Class<?> raw) {
    if (!raw.isPrimitive()) {
      return null;
    }
    if (raw == boolean.class) {
      return false;
    }
    if (raw == double.class) {
      return 0.0;
    }
    if (raw == float.class) {
      return 0.0f;
    }
    if (raw == long.class) {
      return 0L;
    }
    if (raw == short.class) {
      return (short) 0;
    }
    if (raw == byte.class) {
      return (byte) 0;
    }
    return raw == char.class ? (Object) '\0' : (Object) 0;
  }

  // ---- types ----

  /** A record component or a POJO field: its name, generic type, description and whether it may be left out. */
  private record Property(String name, Type type, String description, boolean optional, Field field) {}

  private static List<Property> properties(Class<?> raw) {
    List<Property> out = new ArrayList<>();
    if (raw.isRecord()) {
      for (RecordComponent c : raw.getRecordComponents()) {
        Field f = field(raw, c.getName());
        boolean optional = !c.getType().isPrimitive() && (c.getType() == Optional.class
            || nullable(c) || nullable(c.getAnnotatedType()) || f != null && nullable(f));
        out.add(new Property(c.getName(), c.getGenericType(), description(raw, c), optional, f));
      }
      return out;
    }
    List<Class<?>> chain = new ArrayList<>();
    for (Class<?> c = raw; c != null && c != Object.class; c = c.getSuperclass()) {
      chain.add(0, c);
    }
    for (Class<?> c : chain) {
      for (Field f : c.getDeclaredFields()) {
        int m = f.getModifiers();
        if (Modifier.isStatic(m) || Modifier.isTransient(m) || f.isSynthetic()) {
          continue;
        }
        boolean optional = !f.getType().isPrimitive() && (f.getType() == Optional.class || nullable(f)
            || nullable(f.getAnnotatedType()));
        Description d = f.getAnnotation(Description.class);
        out.add(new Property(f.getName(), f.getGenericType(), d == null ? null : String.join(" ", d.value()), optional, f));
      }
    }
    return out;
  }

  private static boolean nullable(AnnotatedElement e) {
    for (Annotation a : e.getAnnotations()) {
      if (a.annotationType().getSimpleName().equals("Nullable")) {
        return true;
      }
    }
    return false;
  }

  private static Field field(Class<?> record, String name) {
    try {
      return record.getDeclaredField(name);
    } catch (NoSuchFieldException e) {
      return null;
    }
  }

  private static Kind kind(Type t, String where) {
    Class<?> raw = raw(t, where);
    if (raw == String.class) {
      return Kind.STRING;
    }
    if (isInteger(raw)) {
      return Kind.INTEGER;
    }
    if (isNumber(raw)) {
      return Kind.NUMBER;
    }
    if (isBoolean(raw)) {
      return Kind.BOOLEAN;
    }
    if (raw.isEnum()) {
      return Kind.ENUM;
    }
    if (raw == List.class) {
      return Kind.LIST;
    }
    if (raw == Set.class) {
      return Kind.SET;
    }
    if (raw == Map.class) {
      return Kind.MAP;
    }
    if (raw == Optional.class) {
      return Kind.OPTIONAL;
    }
    if (raw.isRecord()) {
      return Kind.RECORD;
    }
    if (!raw.isInterface() && !raw.isArray() && !raw.isPrimitive() && !Modifier.isAbstract(raw.getModifiers())
        && !raw.getName().startsWith("java.") && !raw.getName().startsWith("javax.")) {
      return Kind.POJO;
    }
    throw new IllegalArgumentException(where + " has type " + t.getTypeName()
        + ", which typed replies do not support (use String, numbers, boolean, enums, List, Set, Map, Optional,"
        + " records or classes with a no-argument constructor)");
  }

  private static Type argument(Type t, int i, String where) {
    if (!(t instanceof ParameterizedType p)) {
      throw new IllegalArgumentException(where + " is a raw " + raw(t).getSimpleName() + "; declare its element type");
    }
    Type a = p.getActualTypeArguments()[i];
    if (!(a instanceof Class<?>) && !(a instanceof ParameterizedType)) {
      throw new IllegalArgumentException(where + " has type " + t.getTypeName()
          + "; use concrete type arguments (no wildcards or type variables)");
    }
    return a;
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
    Field f = field(record, c.getName());
    Description d = f == null ? null : f.getAnnotation(Description.class);
    if (d == null) {
      d = c.getAnnotation(Description.class);
    }
    return d == null ? null : String.join(" ", d.value());
  }

  private static Class<?> raw(Type t) {
    return raw(t, t.getTypeName());
  }

  private static Class<?> raw(Type t, String where) {
    if (t instanceof Class<?> c) {
      return c;
    }
    if (t instanceof ParameterizedType p) {
      return (Class<?>) p.getRawType();
    }
    throw new IllegalArgumentException(where + " has type " + t.getTypeName()
        + "; use concrete types (no wildcards or type variables)");
  }

  private static boolean isInteger(Class<?> c) {
    return c == int.class || c == Integer.class || c == long.class || c == Long.class || c == short.class
        || c == Short.class || c == byte.class || c == Byte.class || c == BigInteger.class;
  }

  private static boolean isNumber(Class<?> c) {
    return c == double.class || c == Double.class || c == float.class || c == Float.class || c == BigDecimal.class;
  }

  private static boolean isBoolean(Class<?> c) {
    return c == boolean.class || c == Boolean.class;
  }
}
