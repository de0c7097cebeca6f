package dev.spectra.orchestrator.test.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import dev.spectra.orchestrator.RetryAfterHint;
import dev.spectra.orchestrator.internal.Checks;
import dev.spectra.orchestrator.internal.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The cassette file format: a pretty-printed JSON object with {@code format}, an optional free-form {@code metadata}
 * object, the recording model's {@code capabilities} and {@code entries} in recording order. Each entry holds the
 * {@code key} (informational: it is recomputed from the request on load), the normalized {@code request} and either a
 * {@code response} or an {@code error}. Texts with line breaks are stored as arrays of lines so that a changed line
 * shows as one changed line in a diff. Not API.
 */
public final class CassetteFile {
  public static final String FORMAT = "spectra-cassette/1";
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectWriter WRITER = Json.MAPPER.writer(printer());

  private CassetteFile() {}

  /** One recorded call. {@code response} xor {@code error} is non-null; {@code key} is computed from the request. */
  public record Entry(ObjectNode request, String key, ObjectNode response, ObjectNode error) {
    public Entry(ObjectNode request, ObjectNode response, ObjectNode error) {
      this(request, RequestJson.key(request), response, error);
    }
  }

  /** A whole cassette. */
  public record Contents(ObjectNode metadata, List<String> capabilities, List<Entry> entries) {
    public Contents {
      metadata = metadata == null ? NODES.objectNode() : metadata;
      capabilities = List.copyOf(capabilities);
      entries = List.copyOf(entries);
    }
  }

  private static DefaultPrettyPrinter printer() {
    DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
    DefaultPrettyPrinter printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
        .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
        .withObjectEmptySeparator("")
        .withArrayEmptySeparator(""));
    printer.indentObjectsWith(indenter);
    printer.indentArraysWith(indenter);
    return printer;
  }

  /** {@code node} pretty-printed the way cassettes are: two-space indent, LF, {@code "name": value}. */
  public static String pretty(JsonNode node) {
    try {
      return WRITER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON tree", e);
    }
  }

  // ------------------------------------------------------------------ reading

  /** Parses a cassette; {@code source} names it in error messages. */
  public static Contents parse(String json, String source) {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cassette " + source + " is not valid JSON: " + e.getOriginalMessage()
          + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("cassette " + source + " must be a JSON object with an \"entries\" array");
    }
    JsonNode format = root.get("format");
    if (format != null && !FORMAT.equals(format.asText())) {
      throw new IllegalArgumentException("cassette " + source + " has format \"" + format.asText()
          + "\", but this version of the test kit reads \"" + FORMAT + "\"");
    }
    JsonNode metadata = root.get("metadata");
    if (metadata != null && !metadata.isObject()) {
      throw new IllegalArgumentException("cassette " + source + ": \"metadata\" must be an object, but was "
          + metadata.getNodeType());
    }
    List<String> capabilities = new ArrayList<>();
    JsonNode caps = root.get("capabilities");
    if (caps != null) {
      if (!caps.isArray()) {
        throw new IllegalArgumentException("cassette " + source + ": \"capabilities\" must be an array of names");
      }
      caps.forEach(c -> capabilities.add(c.asText()));
    }
    JsonNode entries = root.get("entries");
    if (entries == null || !entries.isArray()) {
      throw new IllegalArgumentException("cassette " + source + " has no \"entries\" array");
    }
    List<Entry> out = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      out.add(entry(entries.get(i), source + ": entries[" + i + "]"));
    }
    return new Contents((ObjectNode) metadata, capabilities, out);
  }

  private static Entry entry(JsonNode node, String where) {
    if (!node.isObject()) {
      throw new IllegalArgumentException("cassette " + where + " must be an object");
    }
    JsonNode request = node.get("request");
    if (request == null || !request.isObject()) {
      throw new IllegalArgumentException("cassette " + where + " has no \"request\" object; each entry needs a "
          + "\"request\" and a \"response\" or an \"error\"");
    }
    JsonNode messages = request.get("messages");
    if (messages == null || !messages.isArray() || messages.isEmpty()) {
      throw new IllegalArgumentException("cassette " + where + ".request needs a non-empty \"messages\" array");
    }
    ObjectNode req = request.deepCopy();
    for (int m = 0; m < messages.size(); m++) {
      JsonNode message = req.get("messages").get(m);
      if (!message.isObject() || !message.hasNonNull("role")) {
        throw new IllegalArgumentException("cassette " + where + ".request.messages[" + m
            + "] needs a \"role\" (system, user, ai, tool or custom)");
      }
      joinLines((ObjectNode) message, "text", where + ".request.messages[" + m + "]");
      JsonNode contents = message.get("contents");
      if (contents != null && contents.isArray()) {
        for (JsonNode c : contents) {
          if (c.isObject()) {
            joinLines((ObjectNode) c, "text", where + ".request.messages[" + m + "].contents");
          }
        }
      }
    }
    JsonNode response = node.get("response");
    JsonNode error = node.get("error");
    if ((response == null) == (error == null)) {
      throw new IllegalArgumentException("cassette " + where + " needs exactly one of \"response\" and \"error\"");
    }
    if (response != null) {
      if (!response.isObject()) {
        throw new IllegalArgumentException("cassette " + where + ".response must be an object");
      }
      ObjectNode res = response.deepCopy();
      joinLines(res, "text", where + ".response");
      responseFromJson(res, where + ".response");
      return new Entry(req, res, null);
    }
    if (!error.isObject() || !error.hasNonNull("type")) {
      throw new IllegalArgumentException("cassette " + where + ".error needs a \"type\"");
    }
    ErrorKind.fromId(error.get("type").asText(), "cassette " + where + ".error.type");
    return new Entry(req, null, (ObjectNode) error.deepCopy());
  }

  private static void joinLines(ObjectNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull() || value.isTextual()) {
      return;
    }
    if (!value.isArray()) {
      throw new IllegalArgumentException("cassette " + where + "." + field
          + " must be a string or an array of lines, but was " + value.getNodeType());
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < value.size(); i++) {
      if (!value.get(i).isTextual()) {
        throw new IllegalArgumentException("cassette " + where + "." + field + "[" + i + "] must be a string");
      }
      if (i > 0) {
        sb.append('\n');
      }
      sb.append(value.get(i).textValue());
    }
    node.put(field, sb.toString());
  }

  // ------------------------------------------------------------------ writing

  /** The file text: stable for equal contents, LF line endings, a final newline. */
  public static String write(Contents contents) {
    ObjectNode root = NODES.objectNode();
    root.put("format", FORMAT);
    if (!contents.metadata().isEmpty()) {
      root.set("metadata", RequestJson.sorted(contents.metadata()));
    }
    ArrayNode caps = root.putArray("capabilities");
    contents.capabilities().stream().sorted().forEach(caps::add);
    ArrayNode entries = root.putArray("entries");
    for (Entry e : contents.entries()) {
      ObjectNode n = entries.addObject();
      n.put("key", e.key());
      ObjectNode request = (ObjectNode) RequestJson.sorted(e.request());
      for (JsonNode message : request.withArray("messages")) {
        splitLines((ObjectNode) message, "text");
        JsonNode parts = message.get("contents");
        if (parts != null) {
          parts.forEach(p -> splitLines((ObjectNode) p, "text"));
        }
      }
      n.set("request", request);
      if (e.response() != null) {
        ObjectNode response = (ObjectNode) RequestJson.sorted(e.response());
        splitLines(response, "text");
        n.set("response", response);
      } else {
        n.set("error", RequestJson.sorted(e.error()));
      }
    }
    try {
      return WRITER.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a cassette", e);
    }
  }

  private static void splitLines(ObjectNode node, String field) {
    JsonNode value = node.get(field);
    if (value != null && value.isTextual() && value.textValue().indexOf('\n') >= 0) {
      ArrayNode lines = NODES.arrayNode();
      for (String line : value.textValue().split("\n", -1)) {
        lines.add(line);
      }
      node.set(field, lines);
    }
  }

  // ------------------------------------------------------------------ responses and errors

  /** The stored form of a response: text, tool calls, finish reason, model name, id and token usage, scrubbed. */
  public static ObjectNode responseToJson(ChatResponse response, SecretScrubber scrubber) {
    ObjectNode n = NODES.objectNode();
    AiMessage message = response.aiMessage();
    if (message.text() != null) {
      n.put("text", scrubber.scrub(message.text()));
    }
    if (message.thinking() != null) {
      n.put("thinking", scrubber.scrub(message.thinking()));
    }
    if (message.hasToolExecutionRequests()) {
      n.set("toolCalls", RequestJson.toolCalls(message.toolExecutionRequests(), scrubber));
    }
    if (response.finishReason() != null) {
      n.put("finishReason", response.finishReason().name());
    }
    if (response.modelName() != null) {
      n.put("modelName", scrubber.scrub(response.modelName()));
    }
    if (response.id() != null) {
      n.put("id", scrubber.scrub(response.id()));
    }
    TokenUsage usage = response.tokenUsage();
    if (usage != null) {
      ObjectNode u = n.putObject("tokenUsage");
      if (usage.inputTokenCount() != null) {
        u.put("input", usage.inputTokenCount());
      }
      if (usage.outputTokenCount() != null) {
        u.put("output", usage.outputTokenCount());
      }
      if (usage.totalTokenCount() != null) {
        u.put("total", usage.totalTokenCount());
      }
    }
    return n;
  }

  /** The response a stored entry replays; {@code where} names the entry in error messages. */
  public static ChatResponse responseFromJson(ObjectNode n, String where) {
    String text = n.hasNonNull("text") ? n.get("text").asText() : null;
    List<ToolExecutionRequest> calls = new ArrayList<>();
    JsonNode toolCalls = n.get("toolCalls");
    if (toolCalls != null) {
      if (!toolCalls.isArray()) {
        throw new IllegalArgumentException("cassette " + where + ".toolCalls must be an array");
      }
      for (JsonNode c : toolCalls) {
        calls.add(ToolExecutionRequest.builder()
            .id(c.hasNonNull("id") ? c.get("id").asText() : null)
            .name(c.path("name").asText())
            .arguments(c.hasNonNull("arguments") ? c.get("arguments").asText() : null)
            .build());
      }
    }
    AiMessage.Builder message = AiMessage.builder().text(text == null && calls.isEmpty() ? "" : text);
    if (!calls.isEmpty()) {
      message.toolExecutionRequests(calls);
    }
    if (n.hasNonNull("thinking")) {
      message.thinking(n.get("thinking").asText());
    }
    ChatResponse.Builder b = ChatResponse.builder().aiMessage(message.build());
    if (n.hasNonNull("finishReason")) {
      String reason = n.get("finishReason").asText();
      try {
        b.finishReason(FinishReason.valueOf(reason.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("cassette " + where + ".finishReason must be one of "
            + List.of(FinishReason.values()) + ", but was \"" + reason + "\"", e);
      }
    }
    if (n.hasNonNull("modelName")) {
      b.modelName(n.get("modelName").asText());
    }
    if (n.hasNonNull("id")) {
      b.id(n.get("id").asText());
    }
    JsonNode usage = n.get("tokenUsage");
    if (usage != null && usage.isObject()) {
      Integer input = usage.hasNonNull("input") ? usage.get("input").asInt() : null;
      Integer output = usage.hasNonNull("output") ? usage.get("output").asInt() : null;
      Integer total = usage.hasNonNull("total") ? Integer.valueOf(usage.get("total").asInt())
          : input != null && output != null ? Integer.valueOf(input + output) : null;
      b.tokenUsage(new TokenUsage(input, output, total));
    }
    return b.build();
  }

  /** The stored form of a provider error: its kind, scrubbed message and any retry-after hint. */
  public static ObjectNode errorToJson(Throwable error, SecretScrubber scrubber) {
    ObjectNode n = NODES.objectNode();
    n.put("type", ErrorKind.of(error).id());
    n.put("message", Checks.excerpt(scrubber.scrub(String.valueOf(error.getMessage())), 500));
    RetryAfterHint hint = RetryAfterHint.find(error);
    if (hint != null) {
      n.put("retryAfterMillis", hint.retryAfter().toMillis());
    }
    return n;
  }

  /** The exception a stored error entry throws again. */
  public static RuntimeException errorFromJson(ObjectNode n) {
    ErrorKind kind = ErrorKind.fromId(n.path("type").asText(), "error type");
    Duration retryAfter = n.hasNonNull("retryAfterMillis") ? Duration.ofMillis(n.get("retryAfterMillis").asLong()) : null;
    return kind.create(n.path("message").asText("replayed " + kind.id() + " error"), retryAfter);
  }
}
