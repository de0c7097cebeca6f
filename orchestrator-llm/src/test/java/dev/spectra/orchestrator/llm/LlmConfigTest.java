package dev.spectra.orchestrator.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spectra.orchestrator.Activity;
import dev.spectra.orchestrator.SettingHint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LlmConfigTest {
  @TempDir Path dir;

  private Path dotEnv(String text) throws IOException {
    Path f = dir.resolve(".env");
    Files.writeString(f, text);
    return f;
  }

  private static Properties props(String... kv) {
    Properties p = new Properties();
    for (int i = 0; i < kv.length; i += 2) {
      p.setProperty(kv[i], kv[i + 1]);
    }
    return p;
  }

  @Test
  void defaultsWithoutAnySourceAreOllamaMistralOnLocalhost() {
    LlmConfig c = LlmConfig.builder().build();

    assertThat(c.provider()).isEqualTo("ollama");
    assertThat(c.defaultModel()).isEqualTo(ModelSpec.of("ollama", "mistral"));
    assertThat(c.ollamaBaseUrl()).isEqualTo("http://localhost:11434");
    assertThat(c.openAiModel()).isEqualTo("gpt-4o-mini");
    assertThat(c.openAiBaseUrl()).isEqualTo("https://api.openai.com/v1");
    assertThat(c.sourceOf(LlmConfig.OLLAMA_MODEL)).isEqualTo(LlmConfig.Source.DEFAULT);
    assertThat(c.routes()).containsOnlyKeys(Activity.values()).allSatisfy((a, m) -> assertThat(m.key()).isEqualTo("ollama:mistral"));
  }

  @Test
  void spectraTimeoutSetsTheDeadlineUnlessTheBuilderDoes() {
    assertThat(LlmConfig.builder().build().timeout()).isEqualTo(LlmConfig.DEFAULT_TIMEOUT);
    assertThat(LlmConfig.builder().environment(Map.of("SPECTRA_TIMEOUT", "45")).build().timeout()).isEqualTo(java.time.Duration.ofSeconds(45));
    assertThat(LlmConfig.builder().environment(Map.of("SPECTRA_TIMEOUT", "2m")).build().timeout()).isEqualTo(java.time.Duration.ofMinutes(2));
    assertThat(LlmConfig.builder().environment(Map.of("SPECTRA_TIMEOUT", "90s")).timeout(java.time.Duration.ofSeconds(5)).build().timeout())
        .isEqualTo(java.time.Duration.ofSeconds(5));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> LlmConfig.builder().environment(Map.of("SPECTRA_TIMEOUT", "soon")).build())
        .isInstanceOf(LlmConfigException.class)
        .hasMessage("SPECTRA_TIMEOUT must be a positive number of seconds (e.g. 60, 90s or 2m), but was \"soon\" (from the environment)");
  }

  @Test
  void anOpenAiKeyMakesOpenAiTheDefaultProvider() {
    LlmConfig c = LlmConfig.builder().environment(Map.of("OPENAI_API_KEY", "sk-abc123")).build();

    assertThat(c.provider()).isEqualTo("openai");
    assertThat(c.defaultModel().key()).isEqualTo("openai:gpt-4o-mini");
    assertThat(c.defaultModel().has(ModelSpec.Capability.STRICT_JSON_SCHEMA)).isTrue();
  }

  @Test
  void precedenceIsBuilderThenSystemPropertiesThenEnvironmentThenDotEnvThenDefaults() throws IOException {
    Path env = dotEnv("OLLAMA_MODEL=from-dotenv\nOPENAI_MODEL=from-dotenv\nOLLAMA_BASE_URL=http://dotenv:1\nSPECTRA_PROVIDER=ollama\n");
    LlmConfig c = LlmConfig.builder()
        .dotEnvFile(env)
        .environment(Map.of("OLLAMA_MODEL", "from-env", "OPENAI_MODEL", "from-env"))
        .systemProperties(props("OLLAMA_MODEL", "from-property"))
        .ollamaBaseUrl("http://builder:2")
        .build();

    assertThat(c.ollamaBaseUrl()).isEqualTo("http://builder:2");
    assertThat(c.sourceOf(LlmConfig.OLLAMA_BASE_URL)).isEqualTo(LlmConfig.Source.BUILDER);
    assertThat(c.ollamaModel()).isEqualTo("from-property");
    assertThat(c.sourceOf(LlmConfig.OLLAMA_MODEL)).isEqualTo(LlmConfig.Source.SYSTEM_PROPERTY);
    assertThat(c.openAiModel()).isEqualTo("from-env");
    assertThat(c.sourceOf(LlmConfig.OPENAI_MODEL)).isEqualTo(LlmConfig.Source.ENVIRONMENT);
    assertThat(c.provider()).isEqualTo("ollama");
    assertThat(c.sourceOf(LlmConfig.SPECTRA_PROVIDER)).isEqualTo(LlmConfig.Source.DOTENV);
  }

  @Test
  void perActivityRoutesComeFromSpectraModelSettingsAndKeepColonsInOllamaNames() throws IOException {
    Path env = dotEnv("""
        # routes
        export SPECTRA_MODEL_BUILD="ollama:qwen2.5-coder:7b"
        SPECTRA_MODEL_PLAN=openai:gpt-4o   # the planner gets the big model
        OPENAI_API_KEY='sk-from-dotenv'
        """);
    LlmConfig c = LlmConfig.builder().dotEnvFile(env).environment(Map.of("SPECTRA_MODEL_MONITOR", "openai:gpt-4.1-mini")).build();

    assertThat(c.model(Activity.PLAN).key()).isEqualTo("openai:gpt-4o");
    assertThat(c.model(Activity.BUILD)).isEqualTo(ModelSpec.of("ollama", "qwen2.5-coder:7b"));
    assertThat(c.model(Activity.MONITOR).key()).isEqualTo("openai:gpt-4.1-mini");
    assertThat(c.model(Activity.TEST).key()).isEqualTo("openai:gpt-4o-mini");
    assertThat(c.sourceOf("SPECTRA_MODEL_BUILD")).isEqualTo(LlmConfig.Source.DOTENV);
    assertThat(c.sourceOf("SPECTRA_MODEL_MONITOR")).isEqualTo(LlmConfig.Source.ENVIRONMENT);
    assertThat(c.openAiApiKey()).contains("sk-from-dotenv");
  }

  @Test
  void aBuilderRouteWinsOverTheEnvironment() {
    LlmConfig c = LlmConfig.builder().environment(Map.of("SPECTRA_MODEL_PLAN", "ollama:llama3"))
        .model(Activity.PLAN, "ollama:mistral-nemo").build();

    assertThat(c.model(Activity.PLAN).name()).isEqualTo("mistral-nemo");
    assertThat(c.sourceOf("SPECTRA_MODEL_PLAN")).isEqualTo(LlmConfig.Source.BUILDER);
  }

  @Test
  void anUnknownProviderIsRejectedNamingItsSource() {
    assertThatThrownBy(() -> LlmConfig.builder().environment(Map.of("SPECTRA_PROVIDER", "anthropic")).build())
        .isInstanceOf(LlmConfigException.class)
        .hasMessage("SPECTRA_PROVIDER must be openai or ollama, but was \"anthropic\" (from the environment)")
        .satisfies(e -> assertThat(((LlmConfigException) e).hints())
            .containsExactly(new SettingHint("SPECTRA_PROVIDER", "SPECTRA_PROVIDER", "anthropic")));
  }

  @Test
  void aHintNeverCarriesTheKeyNorAUrlWithUserInfo() {
    assertThatThrownBy(() -> LlmConfig.builder().openAiApiKey("sk-abc def-secret").build())
        .isInstanceOfSatisfying(LlmConfigException.class, e -> {
          assertThat(e.hints()).singleElement().satisfies(h -> {
            assertThat(h.key()).isEqualTo(LlmConfig.OPENAI_API_KEY);
            assertThat(h.value()).isNull();
          });
          assertThat(e.getMessage()).doesNotContain("def-secret");
        });
    assertThatThrownBy(() -> LlmConfig.builder().ollamaBaseUrl("http://user:pw-secret@host:11434").build())
        .isInstanceOfSatisfying(LlmConfigException.class, e -> {
          assertThat(e.hints()).singleElement().extracting(SettingHint::value).isNull();
          assertThat(e.getMessage()).doesNotContain("pw-secret");
        });
  }

  @Test
  void aBadValueFromTheBuilderNamesTheBuilderMethodNotTheVariable() {
    assertThatThrownBy(() -> LlmConfig.builder().provider("anthropic").build())
        .isInstanceOfSatisfying(LlmConfigException.class, e -> {
          assertThat(e.getMessage()).isEqualTo(
              "LlmConfig.Builder.provider must be openai or ollama, but was \"anthropic\" (from the builder)");
          assertThat(e.hints()).containsExactly(new SettingHint("SPECTRA_PROVIDER", "LlmConfig.Builder.provider", "anthropic"));
          assertThat(e.message(h -> h.key().equals(LlmConfig.SPECTRA_PROVIDER) ? "--provider" : null))
              .startsWith("--provider must be openai or ollama");
        });
    assertThatThrownBy(() -> LlmConfig.builder().ollamaBaseUrl("ftp://x").build())
        .isInstanceOfSatisfying(LlmConfigException.class, e -> {
          assertThat(e.getMessage()).startsWith("LlmConfig.Builder.ollamaBaseUrl must start with http:// or https://");
          assertThat(e.hints()).singleElement().extracting(SettingHint::key).isEqualTo(LlmConfig.OLLAMA_BASE_URL);
        });
  }

  @Test
  void aMisspelledActivityRouteIsRejected() {
    assertThatThrownBy(() -> LlmConfig.builder().environment(Map.of("SPECTRA_MODEL_PLANNING", "ollama:x")).build())
        .isInstanceOf(LlmConfigException.class)
        .hasMessageStartingWith("unknown setting SPECTRA_MODEL_PLANNING (from the environment); per-activity routes are [SPECTRA_MODEL_PLAN, ");
  }

  @Test
  void aRouteWithoutProviderIsRejected() {
    assertThatThrownBy(() -> LlmConfig.builder().environment(Map.of("SPECTRA_MODEL_BUILD", "gpt-4o")).build())
        .isInstanceOf(LlmConfigException.class)
        .hasMessageContaining("SPECTRA_MODEL_BUILD (from the environment): model must be written provider:model");
  }

  @Test
  void openAiWithoutAKeyFailsEarlyAndSaysWhatToSet() {
    assertThatThrownBy(() -> LlmConfig.builder().provider("openai").build())
        .isInstanceOf(LlmConfigException.class)
        .hasMessageStartingWith("OPENAI_API_KEY is not set, but the activities [PLAN, BUILD, TEST, DEPLOY, MONITOR] use OpenAI; set OPENAI_API_KEY");
  }

  @Test
  void aCompatibleLocalServerNeedsNoKey() {
    LlmConfig c = LlmConfig.builder().provider("openai").openAiBaseUrl("http://127.0.0.1:8080/v1").build();

    assertThat(c.openAiApiKey()).isEmpty();
  }

  @Test
  void aMalformedUrlIsRejected() {
    assertThatThrownBy(() -> LlmConfig.builder().ollamaBaseUrl("localhost:11434").build())
        .isInstanceOf(LlmConfigException.class)
        .hasMessage("LlmConfig.Builder.ollamaBaseUrl must start with http:// or https://, but was \"localhost:11434\" (from the builder), e.g. http://localhost:11434");
  }

  @Test
  void aMalformedDotEnvLineNamesTheLineButNotItsValue() throws IOException {
    Path env = dotEnv("OPENAI_API_KEY=sk-secret-value\nthis line is wrong sk-secret-value\n");

    assertThatThrownBy(() -> LlmConfig.builder().dotEnvFile(env).build())
        .isInstanceOf(LlmConfigException.class)
        .hasMessageContaining("line 2: expected KEY=VALUE")
        .hasMessageNotContaining("sk-secret-value");
  }

  @Test
  void aMissingDotEnvFileIsIgnored() {
    LlmConfig c = LlmConfig.builder().dotEnvFile(dir.resolve("absent.env")).build();

    assertThat(c.provider()).isEqualTo("ollama");
    assertThat(c.describe()).contains(".env file: " + dir.resolve("absent.env") + " (absent)");
  }

  @Test
  void theKeyNeverShowsInToStringOrDescribe() {
    LlmConfig c = LlmConfig.builder().openAiApiKey("sk-live-supersecret").build();

    assertThat(c.toString()).doesNotContain("supersecret").contains("openAiApiKey=(set)");
    assertThat(c.describe()).doesNotContain("supersecret").contains("OPENAI_API_KEY=(set) [builder]");
  }

  @Test
  void builderSettingsAreValidated() {
    assertThatThrownBy(() -> LlmConfig.builder().timeout(java.time.Duration.ZERO))
        .hasMessage("timeout must be > 0, but was PT0S");
    assertThatThrownBy(() -> LlmConfig.builder().ollamaContext(8192, 4096))
        .hasMessage("Ollama max context must be >= min context (8192), but was 4096");
    assertThatThrownBy(() -> LlmConfig.builder().temperature(3))
        .hasMessage("temperature must be within 0..2, but was 3.0");
  }
}
