package dev.spectra.orchestrator.llm;

import static dev.spectra.orchestrator.llm.FakeLlmServer.openAi;
import static dev.spectra.orchestrator.llm.FakeLlmServer.openAiError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spectra.orchestrator.Activity;
import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.PlanActivity;
import dev.spectra.orchestrator.RunEvent;
import dev.spectra.orchestrator.ServiceRequest;
import dev.spectra.orchestrator.Usage;
import dev.spectra.orchestrator.cost.ModelCall;
import dev.spectra.orchestrator.json.ModelOutputException;
import dev.spectra.orchestrator.stack.python.PythonFastApiStack;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real LangChain4j OpenAI client against a local server speaking the Chat Completions protocol: what we send,
 * and how the ladder, the retries and the usage accounting handle what comes back.
 */
class OpenAiWireTest {
  private static final String KEY = "sk-test-0123456789abcdef";

  @TempDir Path workspace;
  FakeLlmServer server;
  Fixtures.RecordingSleeper sleeper = new Fixtures.RecordingSleeper();
  Fixtures.Run run;
  SpectraLlm llm;
  PlanActivity planner;

  @BeforeEach
  void setUp() throws IOException {
    server = new FakeLlmServer();
    run = new Fixtures.Run(workspace);
    llm = llm(server.openAiBaseUrl());
    planner = llm.planner(new PythonFastApiStack());
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  private SpectraLlm llm(String baseUrl) {
    LlmConfig config = LlmConfig.builder().provider("openai").openAiApiKey(KEY).openAiBaseUrl(baseUrl).build();
    return SpectraLlm.builder(ModelRouter.from(config)).sleeper(sleeper).random(new Random(7)).build();
  }

  private ArchitecturePlan plan(String request) {
    return planner.plan(ServiceRequest.of(request), run.context);
  }

  @Test
  void sendsAStrictJsonSchemaWithEveryFieldRequiredAndTheSeed() {
    server.enqueue(openAi(Fixtures.PLAN_JSON, 900, 300, 0));

    assertThat(plan("A hello service")).isEqualTo(Fixtures.plan());

    FakeLlmServer.Received r = server.request(0);
    assertThat(r.path()).isEqualTo("/v1/chat/completions");
    assertThat(r.header("Authorization")).isEqualTo("Bearer " + KEY);
    JsonNode body = r.body();
    assertThat(body.path("model").asText()).isEqualTo("gpt-4o-mini");
    assertThat(body.path("seed").asInt()).isEqualTo(42);
    assertThat(body.path("temperature").asDouble()).isEqualTo(0.0);
    assertThat(body.path("max_tokens").asInt()).isEqualTo(4096);
    JsonNode format = body.path("response_format");
    assertThat(format.path("type").asText()).isEqualTo("json_schema");
    assertThat(format.path("json_schema").path("name").asText()).isEqualTo("ArchitecturePlan");
    assertThat(format.path("json_schema").path("strict").asBoolean()).isTrue();
    JsonNode schema = format.path("json_schema").path("schema");
    assertThat(schema.path("additionalProperties").asBoolean(true)).isFalse();
    assertThat(texts(schema.path("required")))
        .containsExactly("name", "summary", "stack", "entrypoint", "files", "endpoints", "dependencies");
    JsonNode file = schema.path("properties").path("files").path("items");
    assertThat(texts(file.path("required"))).containsExactly("path", "purpose", "kind", "priority", "dependsOn");
    assertThat(texts(file.path("properties").path("kind").path("enum"))).containsExactly("SOURCE", "TEST", "CONFIG", "DOC");
    assertThat(r.messages()).extracting(m -> m.path("role").asText()).containsExactly("system", "user");
    assertThat(r.messages().get(1).path("content").asText()).contains("<request>\nA hello service\n</request>");
  }

  @Test
  void fencedJsonIsParsedLenientlyAndTheRepairIsReported() {
    server.enqueue(openAi("```json\n" + Fixtures.PLAN_JSON + "\n```", 900, 300, 0));

    assertThat(plan("A hello service")).isEqualTo(Fixtures.plan());

    assertThat(server.received()).hasSize(1);
    List<RunEvent.Repaired> repaired = run.events(RunEvent.Repaired.class);
    assertThat(repaired).hasSize(1);
    assertThat(repaired.get(0).kind()).isEqualTo(RunEvent.Repaired.Kind.LENIENT);
    assertThat(repaired.get(0).activity()).isEqualTo(Activity.PLAN);
    assertThat(repaired.get(0).repairs()).isNotEmpty();
  }

  @Test
  void proseAroundJsonIsParsed() {
    server.enqueue(openAi("Sure! Here is the plan you asked for:\n" + Fixtures.PLAN_JSON + "\nLet me know if you need more.", 900, 310, 0));

    assertThat(plan("A hello service")).isEqualTo(Fixtures.plan());
    assertThat(server.received()).hasSize(1);
    assertThat(run.events(RunEvent.Repaired.class)).extracting(RunEvent.Repaired::kind).containsExactly(RunEvent.Repaired.Kind.LENIENT);
  }

  @Test
  void truncatedJsonIsRepromptedWithTheWholeConversationThenAGoodReplyIsUsed() {
    String cut = Fixtures.PLAN_JSON.substring(0, Fixtures.PLAN_JSON.length() / 2);
    server.enqueue(openAi(cut, 900, 4096, 0, "length"), openAi(Fixtures.PLAN_JSON, 5100, 300, 896));

    assertThat(plan("A hello service")).isEqualTo(Fixtures.plan());

    assertThat(server.received()).hasSize(2);
    List<JsonNode> first = server.request(0).messages();
    List<JsonNode> second = server.request(1).messages();
    assertThat(second).extracting(m -> m.path("role").asText()).containsExactly("system", "user", "assistant", "user");
    assertThat(second.get(0)).isEqualTo(first.get(0));
    assertThat(second.get(1)).isEqualTo(first.get(1));
    assertThat(second.get(2).path("content").asText()).isEqualTo(cut);
    assertThat(second.get(3).path("content").asText()).contains("cut off before the JSON ended");
    assertThat(server.request(1).body().path("response_format")).isEqualTo(server.request(0).body().path("response_format"));
    assertThat(server.request(1).body().path("max_tokens").asInt()).isEqualTo(8192);
    assertThat(run.events(RunEvent.Repaired.class)).extracting(RunEvent.Repaired::kind).containsExactly(RunEvent.Repaired.Kind.REPROMPT);
    assertTotals(2, new Usage(900 + 5100, 896, 4096 + 300));
  }

  @Test
  void aMissingRequiredFieldIsListedByJsonPathInTheReprompt() {
    server.enqueue(openAi(Fixtures.planWithout("entrypoint"), 900, 280, 0), openAi(Fixtures.PLAN_JSON, 1300, 300, 0));

    assertThat(plan("A hello service")).isEqualTo(Fixtures.plan());

    String reprompt = server.request(1).messages().get(3).path("content").asText();
    assertThat(reprompt).contains("- $.entrypoint: required field is missing");
    assertThat(server.request(1).messages().get(2).path("content").asText()).isEqualTo(Fixtures.planWithout("entrypoint"));
    assertTotals(2, new Usage(2200, 0, 580));
  }

  @Test
  void repeatedBadRepliesEndInAModelOutputExceptionWithTheAttempts() {
    String bad = Fixtures.planWithout("files");
    server.otherwise(openAi(bad, 900, 200, 0));

    assertThatThrownBy(() -> plan("A hello service"))
        .isInstanceOfSatisfying(ModelOutputException.class, e -> {
          assertThat(e.attempts()).hasSize(5);
          assertThat(e.attempts().get(4).errors()).containsExactly("$.files: required field is missing");
          assertThat(e.getMessage()).contains("openai:gpt-4o-mini", "5 attempts", "$.files: required field is missing");
        });
    assertThat(server.received()).hasSize(5);
    assertTotals(5, new Usage(4500, 0, 1000));
  }

  @Test
  void a429WithRetryAfterFromTheServerIsWaitedForThenRetried() {
    server.enqueue(openAiError(429, "rate_limit_exceeded", "Rate limit reached for gpt-4o-mini").withHeader("Retry-After", "2"),
        openAi(Fixtures.PLAN_JSON, 900, 300, 0));

    assertThat(plan("A hello service")).isEqualTo(Fixtures.plan());

    assertThat(server.received()).hasSize(2);
    assertThat(sleeper.waits).hasSize(1);
    assertThat(sleeper.waits.get(0)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    List<RunEvent.Retrying> retrying = run.events(RunEvent.Retrying.class);
    assertThat(retrying).hasSize(1);
    assertThat(retrying.get(0).attempt()).isEqualTo(1);
    assertThat(retrying.get(0).delay()).isEqualTo(sleeper.waits.get(0));
    assertThat(retrying.get(0).reason()).contains("429", "retry after 2000 ms");
    assertTotals(1, new Usage(900, 0, 300));
    assertThat(llm.attempts()).containsEntry("openai:gpt-4o-mini", 2L);
  }

  @Test
  void retryAfterMillisecondsIsHonoured() {
    server.enqueue(openAiError(429, "rate_limit_exceeded", "slow down").withHeader("retry-after-ms", "12500"),
        openAi(Fixtures.PLAN_JSON, 900, 300, 0));

    plan("A hello service");

    assertThat(sleeper.waits).containsExactly(Duration.ofMillis(12500));
  }

  @Test
  void retryAfterAsAnHttpDateIsTheTimeUntilThen() {
    String in31Seconds = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
        .format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(31));
    server.enqueue(openAiError(429, "rate_limit_exceeded", "slow down").withHeader("Retry-After", in31Seconds),
        openAi(Fixtures.PLAN_JSON, 900, 300, 0));

    plan("A hello service");

    // the date has whole seconds, so the wait is 30 to 31 s after the time the request took
    assertThat(sleeper.waits).singleElement().satisfies(d -> assertThat(d).isBetween(Duration.ofSeconds(25), Duration.ofSeconds(31)));
  }

  @Test
  void aServerErrorTwiceThenSuccessIsRetriedWithGrowingBackoff() {
    server.enqueue(openAiError(500, "server_error", "boom"), openAiError(503, "server_error", "overloaded"),
        openAi(Fixtures.PLAN_JSON, 900, 300, 100));

    assertThat(plan("A hello service")).isEqualTo(Fixtures.plan());

    assertThat(server.received()).hasSize(3);
    assertThat(sleeper.waits).hasSize(2);
    // 500 ms then 1000 ms, each within 25 % jitter
    assertThat(sleeper.waits.get(0).toMillis()).isBetween(375L, 625L);
    assertThat(sleeper.waits.get(1).toMillis()).isBetween(750L, 1250L);
    assertThat(run.events(RunEvent.Retrying.class)).extracting(RunEvent.Retrying::attempt).containsExactly(1, 2);
    assertTotals(1, new Usage(900, 100, 300));
  }

  @Test
  void a401FailsAtOnceWithAClearMessageAndNoSecret() {
    server.enqueue(openAiError(401, "invalid_api_key", "Incorrect API key provided: " + KEY));

    assertThatThrownBy(() -> plan("A hello service"))
        .isInstanceOfSatisfying(ProviderException.class, e -> {
          assertThat(e.kind()).isEqualTo(ProviderException.Kind.AUTH);
          assertThat(e.statusCode()).isEqualTo(401);
          assertThat(e.attempts()).isEqualTo(1);
          assertThat(e.getMessage()).startsWith("OpenAI rejected the API key (401) for model gpt-4o-mini: set OPENAI_API_KEY to a valid key");
          assertThat(e.getMessage()).doesNotContain(KEY).doesNotContain("0123456789abcdef");
        });
    assertThat(server.received()).hasSize(1);
    assertThat(sleeper.waits).isEmpty();
    assertTotals(0, Usage.ZERO);
  }

  @Test
  void a403And400FailAtOnceWithTheirOwnAdvice() {
    server.enqueue(openAiError(403, "model_not_allowed", "Project does not have access to model gpt-4o-mini"),
        openAiError(400, "invalid_request_error", "Invalid schema for response_format"));

    assertThatThrownBy(() -> plan("A hello service"))
        .isInstanceOfSatisfying(ProviderException.class, e -> {
          assertThat(e.kind()).isEqualTo(ProviderException.Kind.AUTH);
          assertThat(e.getMessage()).startsWith("OpenAI refused access (403) to model gpt-4o-mini: check that the key's project"
              + " may use this model, or choose another with OPENAI_MODEL; OpenAI said: Project does not have access");
        });
    assertThatThrownBy(() -> plan("A hello service"))
        .isInstanceOfSatisfying(ProviderException.class, e -> {
          assertThat(e.kind()).isEqualTo(ProviderException.Kind.BAD_REQUEST);
          assertThat(e.statusCode()).isEqualTo(400);
          assertThat(e.getMessage()).startsWith("OpenAI rejected the request as invalid (400) for model gpt-4o-mini")
              .endsWith("OpenAI said: Invalid schema for response_format");
        });
    assertThat(server.received()).hasSize(2);
    assertThat(sleeper.waits).isEmpty();
  }

  @Test
  void aRetryAfterLongerThanTheCapFailsAtOnceInsteadOfWaiting() {
    server.enqueue(openAiError(429, "rate_limit_exceeded", "quota").withHeader("Retry-After", "300"));

    assertThatThrownBy(() -> plan("A hello service"))
        .isInstanceOfSatisfying(ProviderException.class, e -> {
          assertThat(e.kind()).isEqualTo(ProviderException.Kind.RATE_LIMITED);
          assertThat(e.getMessage()).isEqualTo("OpenAI asks to wait 300 s before calling model gpt-4o-mini again, longer than"
              + " the 60 s the retry policy allows: try again later, or raise RetryPolicy.maxRetryAfter");
        });
    assertThat(server.received()).hasSize(1);
    assertThat(sleeper.waits).isEmpty();
  }

  @Test
  void aRefusedConnectionIsRetriedThenReportedAsUnavailable() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    PlanActivity offline = llm("http://127.0.0.1:" + port + "/v1").planner(new PythonFastApiStack());

    assertThatThrownBy(() -> offline.plan(ServiceRequest.of("A hello service"), run.context))
        .isInstanceOfSatisfying(ProviderException.class, e -> {
          assertThat(e.kind()).isEqualTo(ProviderException.Kind.UNAVAILABLE);
          assertThat(e.attempts()).isEqualTo(RetryPolicy.DEFAULT_MAX_ATTEMPTS);
          assertThat(e.getMessage()).startsWith("cannot connect to OpenAI at http://127.0.0.1:" + port + "/v1 after 5 attempts");
        });
    assertThat(sleeper.waits).hasSize(RetryPolicy.DEFAULT_MAX_ATTEMPTS - 1);
    assertTotals(0, Usage.ZERO);
  }

  @Test
  void templateSyntaxAndALargeRequestArriveLiterallyAndWhole() {
    StringBuilder prose = new StringBuilder("Build a service named {{x}} that echoes {{it}} and {{request}} verbatim. ");
    String sentence = "The service keeps notes with titles, bodies and tags, and lists them by tag. ";
    while (prose.length() < 100 * 1024) {
      prose.append(sentence);
    }
    String request = prose.toString();
    server.enqueue(openAi(Fixtures.PLAN_JSON, 26000, 300, 0));

    assertThat(plan(request)).isEqualTo(Fixtures.plan());

    String user = server.request(0).messages().get(1).path("content").asText();
    assertThat(user).isEqualTo("Plan the service described in this request:\n\n<request>\n" + request + "\n</request>\n");
  }

  @Test
  void usageIsRecordedPerCallWithCachedTokensAndTheServedModel() {
    server.enqueue(openAi(Fixtures.PLAN_JSON, 1200, 340, 1024));

    plan("A hello service");

    List<ModelCall> calls = run.context.ledger().calls();
    assertThat(calls).hasSize(1);
    ModelCall call = calls.get(0);
    assertThat(call.activity()).isEqualTo(Activity.PLAN);
    assertThat(call.configuredModel()).isEqualTo("openai:gpt-4o-mini");
    assertThat(call.servedModel()).isEqualTo("openai:gpt-4o-mini-2024-07-18");
    assertThat(call.usage()).isEqualTo(new Usage(1200, 1024, 340));
    // gpt-4o-mini: 176 uncached x 0.15 + 1024 cached x 0.075 + 340 x 0.60 per million
    assertThat(call.cost().knownUsd()).isEqualByComparingTo("0.0003072");
  }

  private void assertTotals(long calls, Usage usage) {
    assertThat(run.context.ledger().total().calls()).isEqualTo(calls);
    assertThat(run.context.ledger().total().usage()).isEqualTo(usage);
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new java.util.ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
