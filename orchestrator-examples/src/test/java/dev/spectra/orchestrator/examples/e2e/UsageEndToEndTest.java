package dev.spectra.orchestrator.examples.e2e;

import static dev.spectra.orchestrator.examples.e2e.EndToEnd.DEPLOY;
import static dev.spectra.orchestrator.examples.e2e.EndToEnd.DIAGNOSE;
import static dev.spectra.orchestrator.examples.e2e.EndToEnd.MAIN;
import static dev.spectra.orchestrator.examples.e2e.EndToEnd.PLAN;
import static dev.spectra.orchestrator.examples.e2e.EndToEnd.REQUEST;
import static dev.spectra.orchestrator.examples.e2e.EndToEnd.TESTS;
import static dev.spectra.orchestrator.examples.e2e.EndToEnd.fenced;
import static dev.spectra.orchestrator.examples.e2e.EndToEnd.file;
import static dev.spectra.orchestrator.examples.e2e.EndToEnd.fix;
import static dev.spectra.orchestrator.examples.e2e.EndToEnd.resource;
import static dev.spectra.orchestrator.examples.e2e.EndToEnd.withoutComma;
import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.model.openai.OpenAiTokenUsage;
import dev.spectra.orchestrator.Activity;
import dev.spectra.orchestrator.HealthReport;
import dev.spectra.orchestrator.RunEvent;
import dev.spectra.orchestrator.RunReport;
import dev.spectra.orchestrator.ServiceRequest;
import dev.spectra.orchestrator.TestReport;
import dev.spectra.orchestrator.Usage;
import dev.spectra.orchestrator.cost.Totals;
import dev.spectra.orchestrator.internal.engine.RunJournal;
import dev.spectra.orchestrator.test.Reply;
import dev.spectra.orchestrator.test.ScriptedChatModel;
import dev.spectra.orchestrator.verify.HttpMonitor;
import dev.spectra.orchestrator.workspace.Workspace;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Usage and cost of a run in which every activity calls the model (plan, two files, a fix, the deployment spec, a
 * diagnosis): the report's totals are the scripted replies' own token counts, priced as openai:gpt-4o-mini.
 */
class UsageEndToEndTest {
  /** gpt-4o-mini's published prices, USD per million tokens: input, cached input, output. */
  static final BigDecimal INPUT = new BigDecimal("0.15");
  static final BigDecimal CACHED_INPUT = new BigDecimal("0.075");
  static final BigDecimal OUTPUT = new BigDecimal("0.60");

  @TempDir Path dir;

  @Test
  void theReportsTotalsAreTheRepliesUsageAndTheCostIsGpt4oMinisPriceForThem() throws Exception {
    Map<Activity, Usage> scripted = new EnumMap<>(Activity.class);
    scripted.put(Activity.PLAN, Usage.of(1210, 402));
    Usage mainFile = Usage.of(880, 515);
    Usage testFile = Usage.of(905, 377);
    scripted.put(Activity.BUILD, mainFile.plus(testFile));
    scripted.put(Activity.TEST, new Usage(2310, 1024, 498)); // the fix prompt partly served from OpenAI's prompt cache
    scripted.put(Activity.DEPLOY, Usage.of(640, 38));
    scripted.put(Activity.MONITOR, Usage.of(1475, 121));

    ScriptedChatModel model = EndToEnd.scriptedModel();
    model.on(PLAN).replies(withUsage(Reply.text(resource("plan.json")), scripted.get(Activity.PLAN)));
    model.on(file(MAIN)).replies(withUsage(Reply.text(fenced(withoutComma(resource("main_from_environment.py")))), mainFile));
    model.on(file(TESTS)).replies(withUsage(Reply.text(fenced(resource("test_main_from_environment.py"))), testFile));
    model.on(fix(MAIN)).replies(withUsage(
        Reply.text("REASON: the greeting lacked its comma.\n" + fenced(resource("main_from_environment.py"))),
        scripted.get(Activity.TEST)));
    model.on(DEPLOY).replies(withUsage(Reply.text(
        "{\"entrypoint\": \"app.main:app\", \"healthPath\": \"/health\", \"environment\": [], \"readinessSeconds\": 20}"),
        scripted.get(Activity.DEPLOY)));
    model.on(DIAGNOSE).replies(withUsage(Reply.text("{\"cause\": \"HELLO_NAME is not set.\", \"evidence\": [], "
        + "\"suggestedFix\": \"Set HELLO_NAME.\", \"files\": [\"app/main.py\"]}"), scripted.get(Activity.MONITOR)));
    List<RunEvent> events = new CopyOnWriteArrayList<>();
    Path root = dir.toRealPath();

    RunReport report = EndToEnd.orchestrator(model, root, HttpMonitor.builder().probesPerPath(2), events).build()
        .run(ServiceRequest.of(REQUEST));

    // every activity called the model: a fix round in Test, a diagnosis in Monitor
    assertThat(report.test().status()).isEqualTo(TestReport.Status.PASSED);
    assertThat(report.test().fixRounds()).hasSize(1);
    assertThat(report.health().verdict()).isEqualTo(HealthReport.Verdict.DOWN);
    assertThat(report.health().diagnosis()).isNotNull();
    assertThat(model.callCount()).isEqualTo(6);

    Usage sum = Usage.ZERO;
    BigDecimal expectedUsd = BigDecimal.ZERO;
    for (Map.Entry<Activity, Usage> e : scripted.entrySet()) {
      Usage u = e.getValue();
      sum = sum.plus(u);
      BigDecimal usd = price(u);
      expectedUsd = expectedUsd.add(usd);
      Totals t = report.byActivity().get(e.getKey());
      assertThat(t).as("totals of %s", e.getKey()).isNotNull();
      assertThat(t.calls()).as("calls of %s", e.getKey()).isEqualTo(e.getKey() == Activity.BUILD ? 2 : 1);
      assertThat(t.usage()).as("usage of %s", e.getKey()).isEqualTo(u);
      assertThat(t.cost().complete()).isTrue();
      assertThat(t.cost().knownUsd()).as("cost of %s", e.getKey()).isEqualByComparingTo(usd);
    }
    assertThat(report.total().calls()).isEqualTo(6);
    assertThat(report.total().usage()).isEqualTo(sum);
    assertThat(report.total().cost().complete()).isTrue();
    assertThat(report.total().cost().knownUsd()).isEqualByComparingTo(expectedUsd); // $0.0022068
    assertThat(report.test().fixRounds().get(0).usage()).isEqualTo(scripted.get(Activity.TEST));
    assertThat(report.byFile().get(TESTS).usage()).isEqualTo(testFile);
    assertThat(report.byFile().get(MAIN).usage()).isEqualTo(mainFile.plus(scripted.get(Activity.TEST)));

    // the dated model name the responses reported is priced as gpt-4o-mini
    assertThat(report.byModel()).containsOnlyKeys("openai:" + EndToEnd.SERVED_MODEL);
    assertThat(report.byModel().get("openai:" + EndToEnd.SERVED_MODEL)).isEqualTo(report.total());

    // the report saved in the run's journal keeps the exact amount
    Path journaled = RunJournal.runDirectory(Workspace.at(root), report.runId()).resolve("report.json");
    RunReport saved = RunReport.fromJson(Files.readString(journaled));
    assertThat(saved.total().usage()).isEqualTo(sum);
    assertThat(saved.total().cost().knownUsd()).isEqualByComparingTo(expectedUsd);

    EndToEnd.assertNoProcessLeft(root);
  }

  /** The reply reporting {@code usage} as OpenAI reports it (cached input tokens inside the input details). */
  static Reply withUsage(Reply reply, Usage usage) {
    return reply.withTokenUsage(OpenAiTokenUsage.builder()
        .inputTokenCount(Math.toIntExact(usage.inputTokens()))
        .inputTokensDetails(OpenAiTokenUsage.InputTokensDetails.builder().cachedTokens(Math.toIntExact(usage.cachedInputTokens())).build())
        .outputTokenCount(Math.toIntExact(usage.outputTokens()))
        .totalTokenCount(Math.toIntExact(usage.totalTokens()))
        .build());
  }

  /** USD of {@code usage} at gpt-4o-mini's prices. */
  static BigDecimal price(Usage usage) {
    BigDecimal uncached = BigDecimal.valueOf(usage.inputTokens() - usage.cachedInputTokens()).multiply(INPUT);
    BigDecimal cached = BigDecimal.valueOf(usage.cachedInputTokens()).multiply(CACHED_INPUT);
    BigDecimal output = BigDecimal.valueOf(usage.outputTokens()).multiply(OUTPUT);
    return uncached.add(cached).add(output).divide(BigDecimal.valueOf(1_000_000), MathContext.UNLIMITED);
  }
}
