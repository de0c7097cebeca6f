package dev.spectra.orchestrator.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spectra.orchestrator.Usage;
import java.io.UncheckedIOException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PriceTableTest {
  private static final Price MINI = Price.of("0.15", "0.075", "0.60");
  private static final Price GPT_4O = Price.of("2.50", "1.25", "10.00");

  private final PriceTable prices = PriceTable.defaults();

  @TempDir
  Path dir;

  @Test
  void aDatedNameFallsBackToTheLongestKnownPrefix() {
    assertThat(prices.lookup("openai:gpt-4o-mini-2024-07-18")).contains(MINI);
    assertThat(prices.lookup("openai:gpt-4o-2024-08-06")).contains(GPT_4O);
    assertThat(prices.lookup("openai:gpt-4.1-mini-2025-04-14")).contains(Price.of("0.40", "0.10", "1.60"));
    assertThat(prices.lookup("openai:gpt-4o-mini")).contains(MINI);
  }

  @Test
  void aPrefixCountsOnlyAtANameBoundary() {
    assertThat(prices.lookup("openai:gpt-4o2")).isEmpty();
    assertThat(prices.lookup("openai:gpt-4.10")).isEmpty();
  }

  @Test
  void theProviderPartIsCaseInsensitive() {
    assertThat(prices.lookup("OpenAI:gpt-4o-mini")).contains(MINI);
  }

  @Test
  void everyOllamaModelIsFree() {
    assertThat(prices.lookup("ollama:qwen2.5-coder:7b")).contains(Price.FREE);
    Cost cost = prices.cost("ollama:mistral", Usage.of(5_000, 2_000));
    assertThat(cost.isKnown()).isTrue();
    assertThat(cost.knownUsd()).isEqualByComparingTo(BigDecimal.ZERO);
    assertThat(cost).hasToString("$0.0000");
  }

  @Test
  void anUnknownModelCostsUnknownNeverZero() {
    Cost cost = prices.cost("anthropic:claude-sonnet", Usage.of(1_000, 1_000));
    assertThat(cost).isEqualTo(Cost.UNKNOWN);
    assertThat(cost.isKnown()).isFalse();
    assertThat(cost).isNotEqualTo(Cost.ZERO);
    assertThat(cost).hasToString("unknown");
    Cost partly = Cost.usd(new BigDecimal("0.0123")).plus(cost);
    assertThat(partly.isKnown()).isFalse();
    assertThat(partly).hasToString(">= $0.0123 (some prices unknown)");
    assertThat(Cost.usd(new BigDecimal("0.0123")).plus(Cost.ZERO)).hasToString("$0.0123");
  }

  @Test
  void usdMathIsExactWithCachedTokens() {
    // 234 uncached x 0.15 + 1000 cached x 0.075 + 567 output x 0.60 = 450.3 USD per million tokens
    BigDecimal usd = MINI.cost(new Usage(1_234, 1_000, 567));
    assertThat(usd).isEqualByComparingTo(new BigDecimal("0.0004503"));
    assertThat(prices.cost("openai:gpt-4o-mini-2024-07-18", new Usage(1_234, 1_000, 567)))
        .isEqualTo(Cost.usd(usd));
    // large counts do not overflow or round: 10^12 input tokens at $2.50 per million
    assertThat(GPT_4O.cost(Usage.of(1_000_000_000_000L, 1))).isEqualByComparingTo(new BigDecimal("2500000.00001"));
  }

  @Test
  void aModelNameWithoutProviderIsRejectedWithTheValue() {
    assertThatThrownBy(() -> prices.lookup("gpt-4o-mini"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("model must be written provider:model (e.g. openai:gpt-4o-mini), but was \"gpt-4o-mini\"");
  }

  @Test
  void overridesFromAFileLayOverTheDefaultsWithoutChangingThem() throws IOException {
    Path file = write("""
        {"openai:gpt-4o-mini": {"input": 0.2, "cachedInput": 0.1, "output": 0.8},
         "acme:fast": {"input": 1.000000001, "output": 2}}
        """);
    PriceTable overridden = prices.withOverrides(file);
    assertThat(overridden.lookup("openai:gpt-4o-mini-2024-07-18")).contains(Price.of("0.2", "0.1", "0.8"));
    Price fast = overridden.lookup("acme:fast").orElseThrow();
    assertThat(fast.input()).isEqualByComparingTo("1.000000001");
    assertThat(fast.cachedInput()).as("cachedInput defaults to input").isEqualByComparingTo("1.000000001");
    assertThat(overridden.lookup("openai:gpt-4o")).contains(GPT_4O);
    assertThat(prices.lookup("openai:gpt-4o-mini")).contains(MINI);
    assertThat(prices.lookup("acme:fast")).isEmpty();
  }

  @Test
  void overrideErrorsNameTheFileAndTheBadKey() throws IOException {
    Path noOutput = write("{\"acme:fast\": {\"input\": 1}}");
    assertThatThrownBy(() -> prices.withOverrides(noOutput))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("price file " + noOutput + ": \"acme:fast\" needs a number \"output\" (USD per 1M tokens), but it is missing");
    Path textInput = write("{\"acme:fast\": {\"input\": \"1\", \"output\": 2}}");
    assertThatThrownBy(() -> prices.withOverrides(textInput))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("price file " + textInput + ": \"acme:fast\" needs a number \"input\" (USD per 1M tokens), but was \"1\"");
    Path negative = write("{\"acme:fast\": {\"input\": -1, \"output\": 2}}");
    assertThatThrownBy(() -> prices.withOverrides(negative))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("price file " + negative + ": \"acme:fast\": input price must be >= 0, but was -1");
    Path badKey = write("{\"fast\": {\"input\": 1, \"output\": 2}}");
    assertThatThrownBy(() -> prices.withOverrides(badKey))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("price file " + badKey + ": \"fast\": model must be written provider:model (e.g. openai:gpt-4o-mini), "
            + "but was \"fast\"");
    Path textCached = write("{\"acme:fast\": {\"input\": 1, \"cachedInput\": \"0.5\", \"output\": 2}}");
    assertThatThrownBy(() -> prices.withOverrides(textCached))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("price file " + textCached + ": \"acme:fast\" has a \"cachedInput\" that is not a number (USD per 1M tokens), but was \"0.5\"");
    Path array = write("[1, 2]");
    assertThatThrownBy(() -> prices.withOverrides(array))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("price file " + array + " must hold a JSON object keyed by provider:model");
    Path broken = write("{\"acme:fast\": ");
    assertThatThrownBy(() -> prices.withOverrides(broken))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("price file " + broken + " is not valid JSON: ");
    assertThatThrownBy(() -> prices.withOverrides(dir.resolve("missing.json")))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageStartingWith("cannot read price file " + dir.resolve("missing.json"));
  }

  private Path write(String json) throws IOException {
    Path file = Files.createTempFile(dir, "prices", ".json");
    Files.writeString(file, json);
    return file;
  }
}
