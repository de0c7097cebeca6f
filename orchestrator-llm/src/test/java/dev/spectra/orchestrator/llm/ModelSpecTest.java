package dev.spectra.orchestrator.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ModelSpecTest {
  @Test
  void parseSplitsAtTheFirstColon() {
    ModelSpec m = ModelSpec.parse("ollama:qwen2.5-coder:7b");

    assertThat(m.provider()).isEqualTo("ollama");
    assertThat(m.name()).isEqualTo("qwen2.5-coder:7b");
    assertThat(m.key()).isEqualTo("ollama:qwen2.5-coder:7b");
    assertThat(m.capabilities()).containsExactly(ModelSpec.Capability.JSON_SCHEMA);
  }

  @Test
  void providersGetTheirDefaultCapabilities() {
    assertThat(ModelSpec.parse("OpenAI:gpt-4o").capabilities())
        .containsExactlyInAnyOrder(ModelSpec.Capability.JSON_SCHEMA, ModelSpec.Capability.STRICT_JSON_SCHEMA);
    assertThat(ModelSpec.parse("OpenAI:gpt-4o").provider()).isEqualTo("openai");
    assertThat(ModelSpec.parse("acme:big").capabilities()).isEmpty();
  }

  @Test
  void badSpecsAreRejectedWithTheValue() {
    assertThatThrownBy(() -> ModelSpec.parse("gpt-4o"))
        .hasMessage("model must be written provider:model (e.g. openai:gpt-4o-mini or ollama:mistral), but was \"gpt-4o\"");
    assertThatThrownBy(() -> ModelSpec.parse("openai:"))
        .hasMessageContaining("but was \"openai:\"");
    assertThatThrownBy(() -> new ModelSpec("open ai", "x", Set.of()))
        .hasMessage("provider must be a lower-case id such as openai or ollama, but was \"open ai\"");
    assertThatThrownBy(() -> new ModelSpec("openai", "gpt 4", Set.of()))
        .hasMessage("model name must be non-blank without spaces, but was \"gpt 4\"");
    assertThatThrownBy(() -> new ModelSpec("openai", "x", Set.of(ModelSpec.Capability.STRICT_JSON_SCHEMA)))
        .hasMessageStartingWith("capability STRICT_JSON_SCHEMA needs JSON_SCHEMA too");
  }
}
