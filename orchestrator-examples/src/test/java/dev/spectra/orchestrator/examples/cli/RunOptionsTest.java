package dev.spectra.orchestrator.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spectra.orchestrator.SettingHint;
import dev.spectra.orchestrator.cost.BudgetExceededException;
import dev.spectra.orchestrator.llm.ProviderException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Messages a CLI user reads name flags and variables, never Java builder methods, and say the true cause. */
class RunOptionsTest {
  @Test
  void aBudgetThatIsNotANumberIsOneCleanLine() {
    CliRun run = CliRun.run(Map.of(), java.nio.file.Path.of("."), "generate", "x", "--budget-usd", "abc");

    assertThat(run.exitCode()).isEqualTo(SpectraCli.EXIT_USAGE);
    assertThat(run.errLines()).singleElement().asString()
        .isEqualTo("spectra generate: Invalid value for option '--budget-usd': 'abc' is not an amount in US dollars,"
            + " e.g. 0.50 (see 'spectra generate --help')");
  }

  @Test
  void badLimitsAndPricesAreUsageErrorsNamingTheFlag() {
    java.nio.file.Path here = java.nio.file.Path.of(".");
    assertThat(CliRun.run(Map.of(), here, "generate", "x", "--max-calls", "0", "--out", "/tmp/spectra-never").errLines())
        .singleElement().asString().isEqualTo("spectra generate: --max-calls must be > 0, but was 0");
    assertThat(CliRun.run(Map.of(), here, "generate", "x", "--price", "mistral=1", "--out", "/tmp/spectra-never").errLines())
        .singleElement().asString().startsWith("spectra generate: --price must be PROVIDER:MODEL=IN,OUT in USD per million");
    assertThat(java.nio.file.Path.of("/tmp/spectra-never")).doesNotExist();
  }

  @Test
  void libraryHintsBecomeFlags() {
    BudgetExceededException calls = new BudgetExceededException(BudgetExceededException.Limit.CALLS,
        "call budget of 3 model calls is used up (3 made, 0 in flight); raise Budget.Builder.maxCalls to continue",
        List.of(new SettingHint(SettingHint.BUDGET_MAX_CALLS, "Budget.Builder.maxCalls", "3")));
    ProviderException slow = new ProviderException(ProviderException.Kind.UNAVAILABLE, "ollama", "mistral", 0, 5,
        "Ollama did not answer in time for model mistral after 5 attempts: raise LlmConfig.Builder.timeout or use a"
            + " smaller model", null, List.of(SettingHint.of(SettingHint.LLM_TIMEOUT, "LlmConfig.Builder.timeout")));
    IllegalStateException unpriced = new IllegalStateException("wrapped", new BudgetExceededException(
        BudgetExceededException.Limit.USD, "x", List.of(new SettingHint(SettingHint.PRICE, "PriceTable.Builder.put", "ollama:x"))));

    assertThat(Errors.describe(calls)).endsWith("raise --max-calls to continue");
    assertThat(Errors.describe(slow)).endsWith("raise --timeout or use a smaller model");
    assertThat(Errors.hints(unpriced)).extracting(SettingHint::value).containsExactly("ollama:x");
    // text without hints (a note, a run report's failure) is renamed by the same names
    assertThat(Errors.forCli("lower Orchestrator.Builder.concurrency or the requests per minute"
        + " (SpectraLlm.Builder.rateLimit); raise RetryPolicy.Builder.maxRetryAfter", List.of(), Map.of()))
        .isEqualTo("lower --concurrency or the requests per minute (--requests-per-minute); raise --max-retry-after");
    for (String javaName : Errors.CLI_NAMES.keySet()) {
      assertThat(Errors.forCli("x " + javaName + " y", List.of(), Map.of())).doesNotContain("Builder");
    }
  }
}
