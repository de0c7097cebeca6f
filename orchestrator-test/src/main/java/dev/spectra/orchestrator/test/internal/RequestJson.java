package dev.spectra.orchestrator.test.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.CustomMessage;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonAnyOfSchema;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNullSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonReferenceSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import dev.spectra.orchestrator.internal.Hashing;
import dev.spectra.orchestrator.internal.Json;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The provider-neutral JSON form of a {@link ChatRequest} that cassettes store and hash, and the helpers that read
 * texts out of a request. Not API.
 *
 * <p>Fields (absent when unset): {@code messages}, {@code modelName}, {@code temperature}, {@code topP}, {@code topK},
 * {@code frequencyPenalty}, {@code presencePenalty}, {@code maxOutputTokens}, {@code stopSequences}, {@code seed}
 * (read from provider parameters that have one), {@code responseFormat} (omitted for plain text), {@code tools},
 * {@code toolChoice}, {@code customParameters} (provider parameters that have them).
 */
public final class RequestJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private RequestJson() {}

  /** The normalized request with every text scrubbed by {@code scrubber}. */
  public static ObjectNode normalize(ChatRequest request, SecretScrubber scrubber) {
    ObjectNode out = NODES.objectNode();
    ArrayNode messages = out.putArray("messages");
    for (ChatMessage message : request.messages()) {
      messages.add(message(message, scrubber));
    }
    ChatRequestParameters p = request.parameters();
    if (p.modelName() != null) {
      out.put("modelName", p.modelName());
    }
    putNumber(out, "temperature", p.temperature());
    putNumber(out, "topP", p.topP());
    putNumber(out, "topK", p.topK());
    putNumber(out, "frequencyPenalty", p.frequencyPenalty());
    putNumber(out, "presencePenalty", p.presencePenalty());
    putNumber(out, "maxOutputTokens", p.maxOutputTokens());
    if (p.stopSequences() != null && !p.stopSequences().isEmpty()) {
      ArrayNode stops = out.putArray("stopSequences");
      p.stopSequences().forEach(s -> stops.add(scrubber.scrub(s)));
    }
    Object seed = property(p, "seed");
    if (seed instanceof Number n) {
      out.put("seed", n.longValue());
    }
    ResponseFormat format = p.responseFormat();
    if (format != null && format.type() == ResponseFormatType.JSON) {
      ObjectNode f = out.putObject("responseFormat");
      f.put("type", "json");
      if (format.jsonSchema() != null) {
        ObjectNode schema = f.putObject("schema");
        if (format.jsonSchema().name() != null) {
          schema.put("name", format.jsonSchema().name());
        }
        if (format.jsonSchema().rootElement() != null) {
          schema.set("root", schema(format.jsonSchema().rootElement()));
        }
      }
    }
    if (p.toolSpecifications() != null && !p.toolSpecifications().isEmpty()) {
      ArrayNode tools = out.putArray("tools");
      for (ToolSpecification tool : p.toolSpecifications()) {
        ObjectNode t = tools.addObject();
        t.put("name", tool.name());
        if (tool.description() != null) {
          t.put("description", scrubber.scrub(tool.description()));
        }
        if (tool.parameters() != null) {
          t.set("parameters", schema(tool.parameters()));
        }
      }
    }
    if (p.toolChoice() != null) {
      out.put("toolChoice", p.toolChoice().name());
    }
    Object custom = property(p, "customParameters");
    if (custom instanceof Map<?, ?> map && !map.isEmpty()) {
      JsonNode tree;
      try {
        tree = Json.MAPPER.valueToTree(stringKeys(map));
      } catch (IllegalArgumentException e) {
        tree = NODES.textNode(String.valueOf(stringKeys(map)));
      }
      out.set("customParameters", scrubber.scrubTree(tree));
    }
    return out;
  }

  private static Map<String, Object> stringKeys(Map<?, ?> map) {
    Map<String, Object> out = new TreeMap<>();
    map.forEach((k, v) -> out.put(String.valueOf(k), v));
    return out;
  }

  private static ObjectNode message(ChatMessage message, SecretScrubber scrubber) {
    ObjectNode m = NODES.objectNode();
    if (message instanceof SystemMessage s) {
      m.put("role", "system");
      m.put("text", scrubber.scrub(s.text()));
    } else if (message instanceof UserMessage u) {
      m.put("role", "user");
      if (u.name() != null) {
        m.put("name", u.name());
      }
      if (u.hasSingleText()) {
        m.put("text", scrubber.scrub(u.singleText()));
      } else {
        ArrayNode contents = m.putArray("contents");
        for (Content c : u.contents()) {
          contents.add(content(c, scrubber));
        }
      }
    } else if (message instanceof AiMessage a) {
      m.put("role", "ai");
      if (a.text() != null) {
        m.put("text", scrubber.scrub(a.text()));
      }
      if (a.hasToolExecutionRequests()) {
        m.set("toolCalls", toolCalls(a.toolExecutionRequests(), scrubber));
      }
    } else if (message instanceof ToolExecutionResultMessage t) {
      m.put("role", "tool");
      if (t.id() != null) {
        m.put("id", t.id());
      }
      m.put("toolName", t.toolName());
      m.put("text", scrubber.scrub(t.text()));
    } else if (message instanceof CustomMessage c) {
      m.put("role", "custom");
      JsonNode attributes;
      try {
        attributes = Json.MAPPER.valueToTree(new TreeMap<>(c.attributes()));
      } catch (IllegalArgumentException e) {
        attributes = NODES.textNode(String.valueOf(new TreeMap<>(c.attributes())));
      }
      m.set("attributes", scrubber.scrubTree(attributes));
    } else {
      m.put("role", message.type().name().toLowerCase(java.util.Locale.ROOT));
      m.put("text", scrubber.scrub(String.valueOf(message)));
    }
    return m;
  }

  private static ObjectNode content(Content c, SecretScrubber scrubber) {
    ObjectNode n = NODES.objectNode();
    if (c instanceof TextContent t) {
      n.put("type", "text");
      n.put("text", scrubber.scrub(t.text()));
    } else if (c instanceof ImageContent i) {
      n.put("type", "image");
      if (i.image().url() != null) {
        n.put("url", scrubber.scrub(i.image().url().toString()));
      }
      if (i.image().base64Data() != null) {
        n.put("sha256", Hashing.sha256(i.image().base64Data()));
      }
      if (i.image().mimeType() != null) {
        n.put("mimeType", i.image().mimeType());
      }
    } else {
      n.put("type", c.type().name().toLowerCase(java.util.Locale.ROOT));
      n.put("sha256", Hashing.sha256(String.valueOf(c)));
    }
    return n;
  }

  /** Tool calls as {@code [{"id","name","arguments"}]}. */
  public static ArrayNode toolCalls(List<ToolExecutionRequest> calls, SecretScrubber scrubber) {
    ArrayNode out = NODES.arrayNode();
    for (ToolExecutionRequest call : calls) {
      ObjectNode c = out.addObject();
      if (call.id() != null) {
        c.put("id", call.id());
      }
      c.put("name", call.name());
      if (call.arguments() != null) {
        c.put("arguments", scrubber.scrub(call.arguments()));
      }
    }
    return out;
  }

  /** A JSON-schema element as JSON, keeping the declared property order. */
  public static JsonNode schema(JsonSchemaElement element) {
    ObjectNode n = NODES.objectNode();
    if (element instanceof JsonObjectSchema o) {
      n.put("type", "object");
      describe(n, o.description());
      ObjectNode props = n.putObject("properties");
      if (o.properties() != null) {
        o.properties().forEach((name, child) -> props.set(name, schema(child)));
      }
      if (o.required() != null && !o.required().isEmpty()) {
        ArrayNode required = n.putArray("required");
        o.required().forEach(required::add);
      }
      if (o.additionalProperties() != null) {
        n.put("additionalProperties", o.additionalProperties());
      }
      if (o.definitions() != null && !o.definitions().isEmpty()) {
        ObjectNode defs = n.putObject("definitions");
        o.definitions().forEach((name, child) -> defs.set(name, schema(child)));
      }
    } else if (element instanceof JsonStringSchema) {
      n.put("type", "string");
      describe(n, element.description());
    } else if (element instanceof JsonIntegerSchema) {
      n.put("type", "integer");
      describe(n, element.description());
    } else if (element instanceof JsonNumberSchema) {
      n.put("type", "number");
      describe(n, element.description());
    } else if (element instanceof JsonBooleanSchema) {
      n.put("type", "boolean");
      describe(n, element.description());
    } else if (element instanceof JsonNullSchema) {
      n.put("type", "null");
    } else if (element instanceof JsonEnumSchema e) {
      n.put("type", "string");
      describe(n, e.description());
      ArrayNode values = n.putArray("enum");
      e.enumValues().forEach(values::add);
    } else if (element instanceof JsonArraySchema a) {
      n.put("type", "array");
      describe(n, a.description());
      if (a.items() != null) {
        n.set("items", schema(a.items()));
      }
    } else if (element instanceof JsonAnyOfSchema any) {
      describe(n, any.description());
      ArrayNode options = n.putArray("anyOf");
      any.anyOf().forEach(option -> options.add(schema(option)));
    } else if (element instanceof JsonReferenceSchema r) {
      n.put("$ref", r.reference());
    } else if (element instanceof JsonRawSchema raw) {
      try {
        return Json.MAPPER.readTree(raw.schema());
      } catch (JsonProcessingException e) {
        n.put("raw", raw.schema());
      }
    } else {
      n.put("type", element.getClass().getSimpleName());
      describe(n, element.description());
    }
    return n;
  }

  private static void describe(ObjectNode n, String description) {
    if (description != null) {
      n.put("description", description);
    }
  }

  private static void putNumber(ObjectNode n, String name, Number value) {
    if (value instanceof Double d) {
      n.put(name, d);
    } else if (value instanceof Integer i) {
      n.put(name, i);
    } else if (value != null) {
      n.put(name, value.doubleValue());
    }
  }

  /** The value of a public no-argument getter {@code name()} of a provider's parameter class, or null. */
  public static Object property(Object target, String name) {
    try {
      Method m = target.getClass().getMethod(name);
      return m.getParameterCount() == 0 ? m.invoke(target) : null;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  /** The JSON with every object's keys sorted, written without whitespace. */
  public static String canonical(JsonNode node) {
    try {
      return Json.MAPPER.writeValueAsString(sorted(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON tree", e);
    }
  }

  /** A copy of {@code node} whose objects list their keys in sorted order. */
  public static JsonNode sorted(JsonNode node) {
    if (node.isObject()) {
      ObjectNode out = NODES.objectNode();
      List<String> names = new ArrayList<>();
      node.fieldNames().forEachRemaining(names::add);
      names.sort(null);
      for (String name : names) {
        out.set(name, sorted(node.get(name)));
      }
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = NODES.arrayNode();
      node.forEach(child -> out.add(sorted(child)));
      return out;
    }
    return node;
  }

  /** SHA-256 (hex) of the canonical JSON. */
  public static String key(JsonNode normalizedRequest) {
    return Hashing.sha256(canonical(normalizedRequest));
  }

  /** Text of the last user message (text parts joined by newlines), or null when there is none. */
  public static String lastUserText(ChatRequest request) {
    List<ChatMessage> messages = request.messages();
    for (int i = messages.size() - 1; i >= 0; i--) {
      if (messages.get(i) instanceof UserMessage u) {
        return userText(u);
      }
    }
    return null;
  }

  /** The text of a user message, text parts joined by newlines. */
  public static String userText(UserMessage u) {
    if (u.hasSingleText()) {
      return u.singleText();
    }
    StringBuilder sb = new StringBuilder();
    for (Content c : u.contents()) {
      if (c instanceof TextContent t) {
        if (sb.length() > 0) {
          sb.append('\n');
        }
        sb.append(t.text());
      }
    }
    return sb.toString();
  }

  /** The system messages' texts joined by blank lines, or null when there is none. */
  public static String systemText(ChatRequest request) {
    StringBuilder sb = null;
    for (ChatMessage m : request.messages()) {
      if (m instanceof SystemMessage s) {
        if (sb == null) {
          sb = new StringBuilder();
        } else {
          sb.append("\n\n");
        }
        sb.append(s.text());
      }
    }
    return sb == null ? null : sb.toString();
  }
}
