package dev.spectra.orchestrator.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.spectra.orchestrator.RetryAfterHint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChaosChatModelTest {
  private static final String JSON_REPLY =
      "{\"name\":\"todo-api\",\"summary\":\"A todo list API\",\"files\":[\"app/main.py\",\"app/models.py\"],\"port\":8000}";
  private static final String CODE_REPLY = "from fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get(\"/health\")\n"
      + "def health():\n    return {\"status\": \"ok\"}\n";
  private static final ObjectReader STRICT = new ObjectMapper().reader()
      .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** A request for a plan whose schema requires name and files. */
  private static final ChatRequest PLAN_REQUEST = ChatRequest.builder()
      .messages(UserMessage.from("Plan a todo API"))
      .responseFormat(ResponseFormat.builder().type(ResponseFormatType.JSON)
          .jsonSchema(JsonSchema.builder().name("Plan").rootElement(JsonObjectSchema.builder()
              .addStringProperty("name").addStringProperty("summary").required("name", "files").build()).build())
          .build())
      .build();

  /**
   * Classifies one call's outcome from the outside, knowing only the reply the wrapped model gives: exceptions by
   * type, then the text by its shape and by what strict Jackson says about it.
   */
  private static String classify(ChatModelCall call, String original) {
    ChatResponse response;
    try {
      response = call.run();
    } catch (RateLimitException e) {
      return RetryAfterHint.find(e) != null ? "RATE_LIMIT" : "RATE_LIMIT without hint";
    } catch (InternalServerException e) {
      return "SERVER_ERROR";
    } catch (TimeoutException e) {
      return "TIMEOUT";
    }
    String text = response.aiMessage().text();
    if (text.equals(original)) {
      return "NONE";
    }
    if (text.isEmpty()) {
      return "EMPTY";
    }
    if (text.startsWith("```")) {
      return text.endsWith("```") ? "FENCE" : "FENCE (unclosed)";
    }
    if (!text.startsWith(original.substring(0, 1))) {
      return text.contains(original.strip()) ? "PROSE" : "PROSE (body changed)";
    }
    if (original.startsWith(text)) {
      return response.finishReason() == FinishReason.LENGTH ? "TRUNCATION" : "TRUNCATION (finish reason "
          + response.finishReason() + ")";
    }
    JsonNode parsed;
    try {
      parsed = STRICT.readTree(text);
    } catch (JsonProcessingException e) {
      String message = e.getOriginalMessage();
      if (message.contains("(''' (code 39))")) {
        return "SINGLE_QUOTES";
      }
      String withoutComma = text.replaceFirst(",(\\s*[}\\]])\\s*$", "$1");
      if (message.startsWith("Unexpected character") && withoutComma.equals(original)) {
        return "TRAILING_COMMA";
      }
      return "UNPARSEABLE: " + message;
    }
    Set<String> before = fieldNames(original);
    Set<String> after = new LinkedHashSet<>();
    parsed.fieldNames().forEachRemaining(after::add);
    if (before.containsAll(after) && before.size() == after.size() + 1) {
      return "MISSING_FIELD";
    }
    if (after.containsAll(before) && after.size() == before.size() + 1) {
      return "UNKNOWN_FIELD";
    }
    return "CHANGED: " + text;
  }

  private static Set<String> fieldNames(String json) {
    try {
      Set<String> names = new LinkedHashSet<>();
      STRICT.readTree(json).fieldNames().forEachRemaining(names::add);
      return names;
    } catch (JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }

  @FunctionalInterface
  interface ChatModelCall {
    ChatResponse run();
  }

  private static List<String> outcomes(ChaosChatModel model, String original, int calls) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < calls; i++) {
      out.add(classify(() -> model.chat(PLAN_REQUEST), original));
    }
    return out;
  }

  private static ChaosChatModel.Builder allModes(ScriptedChatModel delegate, long seed) {
    ChaosChatModel.Builder b = ChaosChatModel.builder(delegate).seed(seed);
    double[] rates = {0.12, 0.10, 0.08, 0.07, 0.09, 0.06, 0.05, 0.04, 0.05, 0.03, 0.02};
    ChaosMode[] modes = ChaosMode.values();
    for (int i = 0; i < modes.length; i++) {
      b.rate(modes[i], rates[i]);
    }
    return b;
  }

  @Test
  void overTenThousandCallsEachModesRateMatchesItsSettingWithinTwoPoints() {
    ScriptedChatModel delegate = ScriptedChatModel.replying(JSON_REPLY);
    ChaosChatModel chaos = allModes(delegate, 2024).build();
    int n = 10_000;

    List<String> outcomes = outcomes(chaos, JSON_REPLY, n);

    Map<String, Integer> counted = new HashMap<>();
    outcomes.forEach(o -> counted.merge(o, 1, Integer::sum));
    Set<String> known = new LinkedHashSet<>();
    known.add("NONE");
    for (ChaosMode mode : ChaosMode.values()) {
      known.add(mode.name());
    }
    assertThat(known).as("every outcome is one of the modes or untouched").containsAll(counted.keySet());
    for (ChaosMode mode : ChaosMode.values()) {
      double observed = counted.getOrDefault(mode.name(), 0) / (double) n;
      assertThat(observed).as("observed rate of %s", mode).isCloseTo(chaos.profile().rate(mode), within(0.02));
    }
    assertThat(counted.getOrDefault("NONE", 0) / (double) n).isCloseTo(1 - chaos.profile().total(), within(0.02));
    // the model's own counters agree with the outside classification
    Map<ChaosMode, Long> expected = new EnumMap<>(ChaosMode.class);
    counted.forEach((k, v) -> {
      if (!k.equals("NONE")) {
        expected.put(ChaosMode.valueOf(k), (long) v);
      }
    });
    assertThat(chaos.counts()).isEqualTo(expected);
    assertThat(chaos.calls()).isEqualTo(n);
    // thrown modes never reached the wrapped model
    long thrown = counted.getOrDefault("RATE_LIMIT", 0) + counted.getOrDefault("SERVER_ERROR", 0)
        + counted.getOrDefault("TIMEOUT", 0);
    assertThat(delegate.callCount()).isEqualTo(n - thrown);
  }

  @Test
  void theSameSeedGivesTheSameSequenceAndAnotherSeedAnother() {
    List<String> first = outcomesWithText(allModes(ScriptedChatModel.replying(JSON_REPLY), 7).build());
    List<String> second = outcomesWithText(allModes(ScriptedChatModel.replying(JSON_REPLY), 7).build());
    List<String> other = outcomesWithText(allModes(ScriptedChatModel.replying(JSON_REPLY), 8).build());

    assertThat(second).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
    assertThat(new LinkedHashSet<>(first)).hasSizeGreaterThan(10);
  }

  private static List<String> outcomesWithText(ChaosChatModel model) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      try {
        out.add(model.chat(PLAN_REQUEST).aiMessage().text());
      } catch (RuntimeException e) {
        out.add(e.getClass().getSimpleName());
      }
    }
    return out;
  }

  @Test
  void codeRepliesOnlyGetFencesProseTruncationAndEmptyText() {
    ScriptedChatModel delegate = ScriptedChatModel.replying(CODE_REPLY);
    ChaosChatModel chaos = ChaosChatModel.builder(delegate).seed(3)
        .fence(0.1).prose(0.1).truncation(0.1).empty(0.1)
        .trailingComma(0.1).singleQuotes(0.1).missingField(0.1).unknownField(0.1).build();
    Map<String, Integer> counted = new HashMap<>();
    for (int i = 0; i < 2_000; i++) {
      ChatResponse r = chaos.chat(ChatRequest.builder().messages(UserMessage.from("write app/main.py")).build());
      String text = r.aiMessage().text();
      String kind = text.equals(CODE_REPLY) ? "NONE" : text.isEmpty() ? "EMPTY"
          : text.startsWith("```\n") && text.endsWith("\n```") && text.contains(CODE_REPLY.strip()) ? "FENCE"
          : text.contains(CODE_REPLY.strip()) && !text.startsWith("from") ? "PROSE"
          : CODE_REPLY.startsWith(text) && r.finishReason() == FinishReason.LENGTH ? "TRUNCATION" : "OTHER: " + text;
      counted.merge(kind, 1, Integer::sum);
    }
    assertThat(counted.keySet()).containsExactlyInAnyOrder("NONE", "EMPTY", "FENCE", "PROSE", "TRUNCATION");
    assertThat(counted.get("NONE")).as("the JSON-only modes pass code through").isBetween(1_000, 1_400);
    assertThat(chaos.counts()).containsOnlyKeys(ChaosMode.FENCE, ChaosMode.PROSE, ChaosMode.TRUNCATION,
        ChaosMode.EMPTY);
  }

  @Test
  void aMissingFieldIsARequiredOneOfTheSchema() {
    ChaosChatModel chaos = ChaosChatModel.builder(ScriptedChatModel.replying(JSON_REPLY)).missingField(1.0).build();
    for (int i = 0; i < 50; i++) {
      Set<String> fields = fieldNames(chaos.chat(PLAN_REQUEST).aiMessage().text());
      assertThat(fields).hasSize(3).containsAnyOf("name", "files").contains("summary", "port");
    }
  }

  @Test
  void aRateLimitIsLangChain4jsExceptionCarryingTheRetryAfterHint() {
    ScriptedChatModel delegate = ScriptedChatModel.replying(JSON_REPLY);
    ChaosChatModel chaos = ChaosChatModel.builder(delegate).rateLimit(1.0).retryAfter(Duration.ofMillis(250)).build();

    assertThatThrownBy(() -> chaos.chat(PLAN_REQUEST))
        .isInstanceOf(RateLimitException.class)
        .hasMessage("429 Too Many Requests: rate limit reached, retry after 250 ms (injected by ChaosChatModel)")
        .satisfies(e -> assertThat(RetryAfterHint.find(e).retryAfter()).isEqualTo(Duration.ofMillis(250)));
    assertThat(delegate.callCount()).isZero();
    assertThatThrownBy(() -> ChaosChatModel.builder(delegate).serverError(1).build().chat("x"))
        .isInstanceOf(InternalServerException.class)
        .hasMessage("500 Internal Server Error (injected by ChaosChatModel)");
    assertThatThrownBy(() -> ChaosChatModel.builder(delegate).timeout(1).build().chat("x"))
        .isInstanceOf(TimeoutException.class).hasMessage("request timed out (injected by ChaosChatModel)");
  }

  @Test
  void singleQuotesAndTrailingCommasLookLikeModelOutput() {
    assertThat(ChaosChatModel.builder(ScriptedChatModel.replying("{\"a\":\"it's\",\"b\":[1,2]}")).singleQuotes(1)
        .build().chat("x")).isEqualTo("{'a': 'it\\'s', 'b': [1, 2]}");
    assertThat(ChaosChatModel.builder(ScriptedChatModel.replying("{\"a\": 1}\n")).trailingComma(1)
        .build().chat("x")).isEqualTo("{\"a\": 1,}");
  }

  @Test
  void profilesAndRatesAreValidated() {
    assertThat(ChaosProfile.smallLocalModel().rates()).containsExactlyInAnyOrderEntriesOf(Map.of(
        ChaosMode.FENCE, 0.40, ChaosMode.PROSE, 0.20, ChaosMode.TRAILING_COMMA, 0.10, ChaosMode.TRUNCATION, 0.10,
        ChaosMode.MISSING_FIELD, 0.10, ChaosMode.RATE_LIMIT, 0.05));
    assertThat(ChaosProfile.hostedModel().total()).isCloseTo(0.12, within(1e-9));
    assertThat(ChaosProfile.none().with(ChaosMode.EMPTY, 0.5).rate(ChaosMode.EMPTY)).isEqualTo(0.5);

    ScriptedChatModel delegate = ScriptedChatModel.replying("x");
    ChaosChatModel fromProfile = ChaosChatModel.builder(delegate).profile(ChaosProfile.smallLocalModel()).seed(1)
        .build();
    assertThat(fromProfile.profile()).isEqualTo(ChaosProfile.smallLocalModel());
    assertThat(fromProfile.seed()).isEqualTo(1);
    assertThatThrownBy(() -> ChaosChatModel.builder(delegate).fence(0.7).prose(0.5).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the rates must sum to at most 1 (the modes are exclusive per reply), but they sum to 1.2: "
            + "{FENCE=0.7, PROSE=0.5}");
    assertThatThrownBy(() -> ChaosChatModel.builder(delegate).truncation(-0.1))
        .hasMessage("the rate of TRUNCATION must be in [0, 1], but was -0.1");
    assertThatThrownBy(() -> new ChaosProfile(Map.of(ChaosMode.EMPTY, Double.NaN)))
        .hasMessage("the rate of EMPTY must be in [0, 1], but was NaN");
    assertThatThrownBy(() -> ChaosChatModel.builder(delegate).retryAfter(Duration.ofSeconds(-1)))
        .hasMessage("retryAfter must be >= 0, but was PT-1S");
    assertThatThrownBy(() -> ChaosChatModel.builder(null)).hasMessage("delegate == null");
  }
}
