package dev.spectra.orchestrator.test;

import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.spectra.orchestrator.internal.Checks;
import dev.spectra.orchestrator.test.internal.RequestJson;
import java.util.List;
import java.util.Objects;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.AbstractStringAssert;
import org.assertj.core.api.Assertions;

/**
 * AssertJ assertions on what a model received: system and user text, response format and JSON schema, model
 * parameters. Obtain one with {@link SpectraAssertions#assertThat(ChatRequest)}. "User message" means the request's
 * last user message. Needs AssertJ on the test class path.
 */
public final class ChatRequestAssert extends AbstractAssert<ChatRequestAssert, ChatRequest> {

  ChatRequestAssert(ChatRequest actual) {
    super(actual, ChatRequestAssert.class);
  }

  /** The system messages' text (joined by blank lines), for further string assertions. */
  public AbstractStringAssert<?> systemMessage() {
    isNotNull();
    String system = RequestJson.systemText(actual);
    if (system == null) {
      failWithMessage("Expected the request to have a system message, but it has none; its messages are: %s",
          roles());
    }
    return Assertions.assertThat(system).as("system message");
  }

  /** The last user message's text, for further string assertions. */
  public AbstractStringAssert<?> userMessage() {
    isNotNull();
    String user = RequestJson.lastUserText(actual);
    if (user == null) {
      failWithMessage("Expected the request to have a user message, but it has none; its messages are: %s", roles());
    }
    return Assertions.assertThat(user).as("user message");
  }

  /** The system message contains every one of {@code parts}. */
  public ChatRequestAssert hasSystemMessageContaining(String... parts) {
    String system = systemMessage().actual();
    containsAll("system message", system, parts);
    return this;
  }

  /** The request has no system message. */
  public ChatRequestAssert hasNoSystemMessage() {
    isNotNull();
    String system = RequestJson.systemText(actual);
    if (system != null) {
      failWithMessage("Expected the request to have no system message, but it has:%n  \"%s\"",
          Checks.excerpt(system, 500));
    }
    return this;
  }

  /** The last user message contains every one of {@code parts}. */
  public ChatRequestAssert hasUserMessageContaining(String... parts) {
    String user = userMessage().actual();
    containsAll("user message", user, parts);
    return this;
  }

  /** The last user message contains none of {@code parts}. */
  public ChatRequestAssert hasUserMessageNotContaining(String... parts) {
    String user = userMessage().actual();
    for (String part : Checks.notNull(parts, "parts")) {
      if (user.contains(part)) {
        failWithMessage("Expected the user message not to contain:%n  \"%s\"%nbut it does:%n  \"%s\"", part,
            Checks.excerpt(user, 500));
      }
    }
    return this;
  }

  /** The request has {@code count} messages. */
  public ChatRequestAssert hasMessageCount(int count) {
    isNotNull();
    if (actual.messages().size() != count) {
      failWithMessage("Expected the request to have %d messages, but it has %d: %s", count, actual.messages().size(),
          roles());
    }
    return this;
  }

  /** The response format is {@code type} (no format counts as TEXT). */
  public ChatRequestAssert hasResponseFormat(ResponseFormatType type) {
    isNotNull();
    ResponseFormat format = actual.responseFormat();
    ResponseFormatType actualType = format == null ? ResponseFormatType.TEXT : format.type();
    if (actualType != type) {
      failWithMessage("Expected the response format to be %s, but it was %s", type, actualType);
    }
    return this;
  }

  /** The request asks for JSON with a schema named {@code name}. */
  public ChatRequestAssert hasJsonSchemaNamed(String name) {
    isNotNull();
    ResponseFormat format = actual.responseFormat();
    if (format == null || format.jsonSchema() == null) {
      failWithMessage("Expected a JSON schema named \"%s\", but the request has no JSON schema (response format: %s)."
          + " Does the model declare RESPONSE_FORMAT_JSON_SCHEMA?", name, format == null ? "none" : format.type());
    }
    if (!Objects.equals(name, format.jsonSchema().name())) {
      failWithMessage("Expected a JSON schema named \"%s\", but it was named \"%s\"", name, format.jsonSchema().name());
    }
    return this;
  }

  /** The JSON schema's root object declares every one of {@code properties}. */
  public ChatRequestAssert hasJsonSchemaProperties(String... properties) {
    JsonObjectSchema root = rootObject();
    for (String p : Checks.notNull(properties, "properties")) {
      if (root.properties() == null || !root.properties().containsKey(p)) {
        failWithMessage("Expected the JSON schema to declare property \"%s\", but it declares %s", p,
            root.properties() == null ? List.of() : root.properties().keySet());
      }
    }
    return this;
  }

  /** The JSON schema's root object requires every one of {@code properties}. */
  public ChatRequestAssert hasJsonSchemaRequiring(String... properties) {
    JsonObjectSchema root = rootObject();
    List<String> required = root.required() == null ? List.of() : root.required();
    for (String p : Checks.notNull(properties, "properties")) {
      if (!required.contains(p)) {
        failWithMessage("Expected the JSON schema to require \"%s\", but it requires %s", p, required);
      }
    }
    return this;
  }

  /** The request names model {@code modelName}. */
  public ChatRequestAssert hasModelName(String modelName) {
    isNotNull();
    if (!Objects.equals(modelName, actual.modelName())) {
      failWithMessage("Expected model name \"%s\", but it was %s", modelName,
          actual.modelName() == null ? "not set" : "\"" + actual.modelName() + "\"");
    }
    return this;
  }

  /** The request sets temperature {@code temperature}. */
  public ChatRequestAssert hasTemperature(double temperature) {
    isNotNull();
    if (actual.temperature() == null || Double.compare(actual.temperature(), temperature) != 0) {
      failWithMessage("Expected temperature %s, but it was %s", temperature,
          actual.temperature() == null ? "not set" : actual.temperature());
    }
    return this;
  }

  /** The request limits the output to {@code maxOutputTokens}. */
  public ChatRequestAssert hasMaxOutputTokens(int maxOutputTokens) {
    isNotNull();
    if (!Objects.equals(actual.maxOutputTokens(), maxOutputTokens)) {
      failWithMessage("Expected max output tokens %s, but it was %s", maxOutputTokens,
          actual.maxOutputTokens() == null ? "not set" : actual.maxOutputTokens());
    }
    return this;
  }

  /** The request's provider parameters set seed {@code seed}. */
  public ChatRequestAssert hasSeed(long seed) {
    isNotNull();
    Object value = RequestJson.property(actual.parameters(), "seed");
    if (!(value instanceof Number n) || n.longValue() != seed) {
      failWithMessage("Expected seed %s, but it was %s", seed, value == null ? "not set" : value);
    }
    return this;
  }

  /** The request matches prompt snapshot {@code name} (see {@link PromptSnapshots#defaults()}). */
  public ChatRequestAssert matchesSnapshot(String name) {
    isNotNull();
    PromptSnapshots.defaults().assertMatches(name, actual);
    return this;
  }

  private JsonObjectSchema rootObject() {
    isNotNull();
    ResponseFormat format = actual.responseFormat();
    if (format == null || format.jsonSchema() == null) {
      failWithMessage("Expected the request to carry a JSON schema, but it has none (response format: %s)",
          format == null ? "none" : format.type());
    }
    JsonSchemaElement root = format.jsonSchema().rootElement();
    if (!(root instanceof JsonObjectSchema object)) {
      failWithMessage("Expected the JSON schema's root to be an object, but it was %s",
          root == null ? "null" : root.getClass().getSimpleName());
      throw new IllegalStateException("unreachable");
    }
    return object;
  }

  private void containsAll(String what, String text, String... parts) {
    for (String part : Checks.notNull(parts, "parts")) {
      if (!text.contains(part)) {
        failWithMessage("Expected the %s to contain:%n  \"%s\"%nbut it was:%n  \"%s\"", what, part,
            Checks.excerpt(text, 800));
      }
    }
  }

  private String roles() {
    StringBuilder sb = new StringBuilder("[");
    actual.messages().forEach(m -> sb.append(sb.length() > 1 ? ", " : "").append(m.type()));
    return sb.append(']').toString();
  }
}
