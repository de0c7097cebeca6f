package dev.spectra.orchestrator.test;

import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.spectra.orchestrator.internal.Checks;
import dev.spectra.orchestrator.test.internal.RequestJson;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A predicate on a {@link ChatRequest} with a description, so that a {@link ScriptedChatModel} that finds no rule for
 * a request can say which rules it tried. "User message" means the request's last user message.
 *
 * <pre>{@code
 * model.on(userMessageContains("plan").and(systemMessageContains("architect"))).reply(PLAN_JSON);
 * }</pre>
 */
public interface RequestMatcher extends Predicate<ChatRequest> {

  /** What the matcher accepts, for failure messages, e.g. {@code user message contains "plan"}. */
  String description();

  /** Both this and {@code other}. */
  default RequestMatcher and(RequestMatcher other) {
    Checks.notNull(other, "other");
    RequestMatcher self = this;
    return of(description() + " and " + other.description(), r -> self.test(r) && other.test(r));
  }

  /** A matcher from a description and a predicate. */
  static RequestMatcher of(String description, Predicate<ChatRequest> predicate) {
    Checks.notBlank(description, "description");
    Checks.notNull(predicate, "predicate");
    return new RequestMatcher() {
      @Override
      public boolean test(ChatRequest request) {
        return predicate.test(request);
      }

      @Override
      public String description() {
        return description;
      }

      @Override
      public String toString() {
        return description;
      }
    };
  }

  /** Every request. */
  static RequestMatcher anyRequest() {
    return of("any request", r -> true);
  }

  /** The last user message contains {@code text}. */
  static RequestMatcher userMessageContains(String text) {
    Checks.notNull(text, "text");
    return of("user message contains \"" + text + "\"", r -> {
      String user = RequestJson.lastUserText(r);
      return user != null && user.contains(text);
    });
  }

  /** Some part of the last user message matches the regular expression {@code regex}. */
  static RequestMatcher userMessageMatches(String regex) {
    Pattern pattern = Pattern.compile(Checks.notNull(regex, "regex"));
    return of("user message matches /" + regex + "/", r -> {
      String user = RequestJson.lastUserText(r);
      return user != null && pattern.matcher(user).find();
    });
  }

  /** A system message contains {@code text}. */
  static RequestMatcher systemMessageContains(String text) {
    Checks.notNull(text, "text");
    return of("system message contains \"" + text + "\"", r -> {
      String system = RequestJson.systemText(r);
      return system != null && system.contains(text);
    });
  }

  /** The request asks for JSON with a schema named {@code name} (as AiServices names it after the return type). */
  static RequestMatcher jsonSchemaNamed(String name) {
    Checks.notNull(name, "name");
    return of("JSON schema named \"" + name + "\"", r -> {
      ResponseFormat format = r.responseFormat();
      return format != null && format.jsonSchema() != null && name.equals(format.jsonSchema().name());
    });
  }

  /** The request names the model {@code modelName}. */
  static RequestMatcher modelName(String modelName) {
    Checks.notNull(modelName, "modelName");
    return of("model name is \"" + modelName + "\"", r -> Objects.equals(modelName, r.modelName()));
  }
}
