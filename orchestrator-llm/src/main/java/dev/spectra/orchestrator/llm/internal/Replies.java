package dev.spectra.orchestrator.llm.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.spectra.orchestrator.RunEvent;
import dev.spectra.orchestrator.internal.Checks;
import dev.spectra.orchestrator.internal.Json;
import dev.spectra.orchestrator.json.CodeReply;
import dev.spectra.orchestrator.json.ModelJson;
import dev.spectra.orchestrator.json.ModelOutputException;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The repair ladder (DESIGN section 3) for every model reply.
 *
 * <p>Typed replies: (1) the provider constrains the reply with the JSON schema where it can (sent by the typed
 * service); (2) {@code ModelJson} extracts candidates leniently (fences, prose, trailing commas, comments,
 * truncation); (3) each candidate is checked against the type's shape and the scope's rules (a pipeline activity's),
 * with errors by JSON path; (4) when none passes, the model is re-prompted with the original messages, its bad reply and the
 * errors (with a doubled output limit after a reply cut off by it), up to {@code maxAttempts} replies in all; (5) then a {@code ModelOutputException} carries every attempt
 * (reply excerpts only).
 *
 * <p>Code replies: one fenced block is unwrapped ({@code CodeReply}); an empty or truncated reply is re-prompted
 * the same way.
 *
 * <p>Re-prompts go straight to the {@link ModelGateway} with the conversation the typed service built (the gateway
 * keeps it in the {@link CallScope}): the original messages, the bad reply as the model's own message, and the
 * errors. (LangChain4j's guardrail re-prompt drops the conversation unless a chat memory holds it, and a memory
 * would keep the bad reply.) The declarative interface stays the single source of the prompts; the ladder only
 * appends to what it sent.
 */
public final class Replies {
  /**
   * Default replies per call, the first included: one reply and up to four re-prompts. With a small local model's
   * fault mix (a fifth of JSON replies truncated or missing a field) three replies left 1.8 % of 2,000 seeded plans
   * unusable, four 0.5 %, five 0.2 % (docs/benchmarks.md). The run's budget still bounds what they cost.
   */
  public static final int DEFAULT_MAX_ATTEMPTS = 5;
  /** A reply cut off by the output limit is re-prompted with a limit this many times larger, at most {@link #MAX_GROWTH}x the first. */
  static final int LENGTH_GROWTH = 2;
  static final int MAX_GROWTH = 4;
  private final int maxAttempts;

  public Replies(int maxAttempts) {
    this.maxAttempts = Checks.positive(maxAttempts, "maxAttempts");
  }

  public int maxAttempts() {
    return maxAttempts;
  }

  /**
   * Runs a typed call in {@code scope}: sends {@code request} through the gateway, then climbs the ladder for a
   * value of {@code type} (any type {@link RecordShapes} supports; an {@code Optional} may come back empty) that
   * also passes the scope's {@linkplain CallScope#describe rules}.
   *
   * @param what what the reply is, for messages (e.g. {@code plan}, {@code Extractor.extract})
   */
  public Object typed(CallScope scope, ModelGateway gateway, String what, Type type, ChatRequest request) {
    return scope.run(() -> ladder(scope, gateway, what, type, scope.rules(), send(gateway, request)));
  }

  private Object ladder(CallScope scope, ModelGateway gateway, String what, Type type, ReplyRules rules, Reply reply) {
    ChatRequest original = scope.lastRequest();
    List<ModelOutputException.Attempt> attempts = new ArrayList<>();
    int[] outputLimit = {0};
    for (int n = 1; ; n++) {
      List<String> errors = new ArrayList<>();
      List<String> repairs = new ArrayList<>();
      Object value = evaluate(reply, type, rules, errors, repairs);
      if (value != null) {
        if (!repairs.isEmpty()) {
          scope.events().repaired(RunEvent.Repaired.Kind.LENIENT, repairs);
        }
        return value;
      }
      attempts.add(ModelOutputException.Attempt.of(n, reply.text, errors));
      if (n >= maxAttempts) {
        throw failure(what, gateway, scope, attempts);
      }
      scope.events().repaired(RunEvent.Repaired.Kind.REPROMPT, errors);
      reply = reprompt(gateway, original, reply, "reprompt-json.txt", errors, outputLimit);
    }
  }

  /**
   * A code reply: the unwrapped code ({@code null} when the model said {@code UNCHANGED} and that was allowed) and
   * the raw reply it came from.
   */
  public record Code(String code, String reply) {}

  /**
   * Runs a code call in {@code scope}: sends {@code request} through the gateway, then climbs the code ladder for the
   * code of one fenced block.
   *
   * @param allowUnchanged whether a reply of just {@code UNCHANGED} means "no change" (the fixer)
   */
  public Code code(CallScope scope, ModelGateway gateway, String what, String language, boolean allowUnchanged,
      ChatRequest request) {
    return scope.run(() -> codeLadder(scope, gateway, what, language, allowUnchanged, send(gateway, request)));
  }

  /** Sends one request through the gateway (in the caller's scope) and returns the raw reply text, {@code null} for none. */
  public static String text(CallScope scope, ModelGateway gateway, ChatRequest request) {
    return scope.run(() -> send(gateway, request).text);
  }

  private static Reply send(ModelGateway gateway, ChatRequest request) {
    ChatResponse response = gateway.chat(request);
    return new Reply(response.aiMessage() == null ? null : response.aiMessage().text(), response.finishReason());
  }

  private Code codeLadder(CallScope scope, ModelGateway gateway, String what, String language, boolean allowUnchanged,
      Reply first) {
    Reply reply = first;
    ChatRequest original = scope.lastRequest();
    List<ModelOutputException.Attempt> attempts = new ArrayList<>();
    int[] outputLimit = {0};
    for (int n = 1; ; n++) {
      List<String> errors = new ArrayList<>();
      String code = null;
      if (reply.text == null || reply.text.isBlank()) {
        errors.add("the reply was empty");
      } else if (allowUnchanged && reply.text.strip().replaceAll("[.*`\\s]", "").equalsIgnoreCase("UNCHANGED")) {
        return new Code(null, reply.text);
      } else {
        CodeReply.Unwrapped u = unwrap(reply.text, language);
        if (u == null || u.code().isBlank()) {
          errors.add("the reply held no code");
        } else if (u.truncated() || reply.finishReason == FinishReason.LENGTH && !u.repairs().contains(CodeReply.FENCE)) {
          // cut off: an unclosed block, or unfenced code at the output limit (a closed fence proves the block whole)
          errors.add("the reply was cut off before the file ended (" + reply.text.length()
              + " characters); write the file more compactly");
        } else {
          // a file ends with one line break; CodeReply trims the block's trailing blank lines
          code = u.code().endsWith("\n") ? u.code() : u.code() + "\n";
          if (!u.repairs().isEmpty()) {
            scope.events().repaired(RunEvent.Repaired.Kind.CODE_UNWRAP, u.repairs());
          }
        }
      }
      if (code != null) {
        return new Code(code, reply.text);
      }
      attempts.add(ModelOutputException.Attempt.of(n, reply.text, errors));
      if (n >= maxAttempts) {
        throw failure(what, gateway, scope, attempts);
      }
      scope.events().repaired(RunEvent.Repaired.Kind.REPROMPT, errors);
      reply = reprompt(gateway, original, reply, "reprompt-code.txt", errors, outputLimit);
    }
  }

  private static Object evaluate(Reply reply, Type type, ReplyRules rules, List<String> errors, List<String> repairs) {
    if (reply.text == null || reply.text.isBlank()) {
      errors.add("$: the reply was empty; answer with the JSON " + (RecordShapes.isObject(type) ? "object" : "value"));
      return null;
    }
    List<ModelJson.Candidate> candidates = new ArrayList<>(ModelJson.candidates(reply.text));
    if (!RecordShapes.isObject(type)) {
      ModelJson.Candidate scalar = scalar(reply.text);
      if (scalar != null) {
        candidates.add(scalar);
      }
    }
    List<String> best = null;
    boolean truncated = false;
    for (ModelJson.Candidate c : candidates) {
      if (c.truncated()) {
        truncated |= c.truncated();
        continue;
      }
      for (JsonNode node : shapes(c.value(), type)) {
        RecordShapes.Validation v = RecordShapes.validate(node, type);
        List<String> candidateErrors = new ArrayList<>(v.errors());
        List<String> candidateRepairs = new ArrayList<>(c.repairs());
        if (node != c.value()) {
          candidateRepairs.add("unwrapped the value from {\"" + c.value().fieldNames().next() + "\": ...}");
        }
        candidateRepairs.addAll(v.repairs());
        Object value = null;
        if (v.ok()) {
          if (v.normalized() instanceof ObjectNode root) {
            rules.check(root, candidateErrors, candidateRepairs);
          }
          if (candidateErrors.isEmpty()) {
            value = RecordShapes.bind(v.normalized(), type, candidateErrors);
          }
        }
        if (value != null) {
          repairs.addAll(candidateRepairs);
          return value;
        }
        if (best == null || candidateErrors.size() < best.size()) {
          best = candidateErrors;
        }
      }
    }
    if (best != null) {
      errors.addAll(best);
    } else if (truncated || reply.finishReason == FinishReason.LENGTH) {
      errors.add("$: the reply was cut off before the JSON ended (" + reply.text.length()
          + " characters); answer with the complete JSON " + (RecordShapes.isObject(type) ? "object" : "value")
          + " and keep the texts short");
    } else {
      errors.add("$: the reply holds no JSON " + (RecordShapes.isObject(type) ? "object" : "value") + "; answer with the JSON "
          + (RecordShapes.isObject(type) ? "object" : "value") + " only");
    }
    return null;
  }

  /** The node itself and, for an object that is only {@code {"value": x}} or {@code {"values": x}} (a schema-shaped non-object reply), x. */
  private static List<JsonNode> shapes(JsonNode node, Type type) {
    if (!RecordShapes.isObject(type) && node.isObject() && node.size() == 1
        && (node.has(RecordShapes.VALUE) || node.has(RecordShapes.VALUES))) {
      return List.of(node, node.elements().next());
    }
    return List.of(node);
  }

  /**
   * A reply that is one bare value (an enum name, a number, {@code true}, {@code null}), possibly fenced, quoted or
   * followed by a full stop, as a candidate; {@code null} when the reply is longer than one short line.
   */
  static ModelJson.Candidate scalar(String text) {
    String s = text.strip();
    List<String> repairs = new ArrayList<>();
    if (s.startsWith("```") || s.startsWith("~~~")) {
      CodeReply.Unwrapped u = unwrap(s, "");
      if (u == null || u.truncated()) {
        return null;
      }
      s = u.code().strip();
      repairs.add(ModelJson.FENCE);
    }
    if (s.isEmpty() || s.length() > 200 || s.contains("\n")) {
      return null;
    }
    if (s.endsWith(".") && !s.matches(".*\\d\\.")) {
      s = s.substring(0, s.length() - 1).strip();
    }
    if (s.length() >= 2 && (s.charAt(0) == '`' && s.charAt(s.length() - 1) == '`'
        || s.charAt(0) == '\'' && s.charAt(s.length() - 1) == '\'')) {
      s = s.substring(1, s.length() - 1).strip();
    }
    try {
      JsonNode node = Json.MAPPER.readTree(s);
      if (node != null && (node.isValueNode() || node.isNull())) {
        return new ModelJson.Candidate(node, repairs, false);
      }
      return null;
    } catch (Exception notJson) {
      return s.matches("[\\p{L}\\p{N}_ -]{1,80}") ? new ModelJson.Candidate(JsonNodeFactory.instance.textNode(s), repairs, false) : null;
    }
  }

  /**
   * {@link CodeReply#unwrap} and, for a file that is not markdown, once more when the block's whole body is itself
   * one fenced block (a reply fenced twice, {@code ```} around {@code ```python}); {@code null} for a blank reply.
   */
  static CodeReply.Unwrapped unwrap(String text, String language) {
    CodeReply.Unwrapped u;
    try {
      u = CodeReply.unwrap(text, language);
    } catch (ModelOutputException blank) {
      return null;
    }
    if (u.truncated() || language.equals("markdown") || !u.repairs().contains(CodeReply.FENCE)) {
      return u;
    }
    String body = u.code().strip();
    if (!(body.startsWith("```") || body.startsWith("~~~")) || !(body.endsWith("```") || body.endsWith("~~~"))) {
      return u;
    }
    try {
      CodeReply.Unwrapped inner = CodeReply.unwrap(body, language);
      if (inner.truncated() || inner.repairs().contains(CodeReply.PROSE) || inner.repairs().contains(CodeReply.MULTIPLE_FENCES)
          || inner.code().isBlank()) {
        return u;
      }
      List<String> repairs = new ArrayList<>(u.repairs());
      repairs.add("nested-fence");
      return new CodeReply.Unwrapped(inner.code(), repairs, false);
    } catch (ModelOutputException blank) {
      return u;
    }
  }

  /**
   * Re-prompts with the original messages, the bad reply and the errors, and the original parameters (schema
   * included); when the bad reply stopped at the output limit, the limit is doubled, up to {@link #MAX_GROWTH} times
   * the original.
   */
  private static Reply reprompt(ModelGateway gateway, ChatRequest original, Reply bad, String template, List<String> errors,
      int[] outputLimit) {
    List<ChatMessage> conversation = new ArrayList<>(original.messages());
    conversation.add(AiMessage.from(bad.text == null || bad.text.isEmpty() ? "(empty reply)" : bad.text));
    conversation.add(UserMessage.from(Prompts.render(template, Map.of("errors", "- " + String.join("\n- ", errors)))));
    ChatRequestParameters parameters = original.parameters();
    Integer first = parameters.maxOutputTokens();
    if (bad.finishReason == FinishReason.LENGTH && first != null) {
      outputLimit[0] = Math.min(first * MAX_GROWTH, Math.max(outputLimit[0], first) * LENGTH_GROWTH);
    }
    if (first != null && outputLimit[0] > first) {
      parameters = parameters.overrideWith(ChatRequestParameters.builder().maxOutputTokens(outputLimit[0]).build());
    }
    ChatResponse response = gateway.chat(ChatRequest.builder().messages(conversation).parameters(parameters).build());
    return new Reply(response.aiMessage() == null ? null : response.aiMessage().text(), response.finishReason());
  }

  private static ModelOutputException failure(String what, ModelGateway gateway, CallScope scope,
      List<ModelOutputException.Attempt> attempts) {
    List<String> last = attempts.get(attempts.size() - 1).errors();
    String shown = String.join("; ", last.subList(0, Math.min(5, last.size())))
        + (last.size() > 5 ? "; and " + (last.size() - 5) + " more" : "");
    return new ModelOutputException("the " + what + " reply of " + gateway.spec().key() + " was not usable after "
        + attempts.size() + " attempts: " + Checks.excerpt(shown, 1500) + ". " + scope.hint(), attempts);
  }

  private record Reply(String text, FinishReason finishReason) {}
}
