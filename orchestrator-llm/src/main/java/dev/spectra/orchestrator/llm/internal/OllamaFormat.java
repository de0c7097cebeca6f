package dev.spectra.orchestrator.llm.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spectra.orchestrator.internal.Json;

/**
 * Ollama gets the schema OpenAI gets. LangChain4j writes Ollama's {@code format} with its non-strict schema mapping,
 * which drops {@code additionalProperties: false}; the records' schemas ({@link RecordShapes}) forbid undeclared
 * fields, so this puts it back on every object of {@code format} before the request is sent.
 */
final class OllamaFormat {
  private OllamaFormat() {}

  /** The request body with {@code additionalProperties: false} on every object schema of its {@code format}. */
  static String closeObjects(String body) {
    if (body == null || !body.contains("\"format\"")) {
      return body;
    }
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      return body;
    }
    if (!(root instanceof ObjectNode o) || !(o.get("format") instanceof ObjectNode format)) {
      return body;
    }
    close(format);
    try {
      return Json.MAPPER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the Ollama request: " + e.getOriginalMessage(), e);
    }
  }

  private static void close(JsonNode node) {
    if (node instanceof ObjectNode o) {
      if ("object".equals(o.path("type").asText()) && o.has("properties") && !o.has("additionalProperties")) {
        o.put("additionalProperties", false);
      }
      o.forEach(OllamaFormat::close);
    } else if (node != null && node.isArray()) {
      node.forEach(OllamaFormat::close);
    }
  }
}
