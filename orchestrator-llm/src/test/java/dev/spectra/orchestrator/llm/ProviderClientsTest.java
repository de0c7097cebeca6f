package dev.spectra.orchestrator.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The provider clients are optional at run time (docs/consumer.md): with one client's jar left off the class path,
 * the other provider still plans end to end, and a route naming the missing one fails when the router is built, with
 * an {@link LlmConfigException} naming the artifact and the setting. Each case runs {@link ProviderClientsProbe} in a
 * class loader over this test's class path minus that jar (parent: the platform loader, so nothing leaks in).
 */
class ProviderClientsTest {
  @Test
  void withoutTheOllamaClientOpenAiPlansAndAnOllamaRouteNamesTheMissingArtifact() throws Exception {
    try (URLClassLoader loader = classPathWithout("langchain4j-ollama-")) {
      assertThat(Class.forName("dev.langchain4j.model.ollama.OllamaChatModel", false, getClass().getClassLoader())).isNotNull();
      assertThat(loads(loader, "dev.langchain4j.model.ollama.OllamaChatModel")).as("the Ollama client is left out").isFalse();

      assertThat(call(loader, "plan", "openai")).isEqualTo("hello-service openai:gpt-4o-mini Usage[inputTokens=900,"
          + " cachedInputTokens=100, outputTokens=300] /v1/chat/completions");

      assertThat(call(loader, "router", Map.of("SPECTRA_PROVIDER", "ollama")))
          .isEqualTo(LlmConfigException.class.getName() + ": provider \"ollama\" (model ollama:mistral, SPECTRA_PROVIDER"
              + " from the environment) needs dev.langchain4j:langchain4j-ollama on the class path, an optional dependency"
              + " of orchestrator-llm: add it to your build (orchestrator-bom gives its version; see docs/consumer.md), or"
              + " choose another provider with SPECTRA_PROVIDER");
      assertThat(call(loader, "router", Map.of("OPENAI_API_KEY", "sk-x", "SPECTRA_MODEL_BUILD", "ollama:qwen2.5-coder:7b")))
          .startsWith(LlmConfigException.class.getName() + ": provider \"ollama\" (model ollama:qwen2.5-coder:7b,"
              + " SPECTRA_MODEL_BUILD from the environment) needs dev.langchain4j:langchain4j-ollama")
          .endsWith("or choose another provider with SPECTRA_MODEL_BUILD");
      assertThat(call(loader, "router", Map.of()))
          .as("no key: SPECTRA_PROVIDER defaults to ollama")
          .contains("SPECTRA_PROVIDER by default) needs dev.langchain4j:langchain4j-ollama")
          .endsWith("or set OPENAI_API_KEY to use OpenAI (SPECTRA_PROVIDER defaults to ollama without it), or set SPECTRA_PROVIDER");
    }
  }

  @Test
  void withoutTheOpenAiClientOllamaPlansAndAnOpenAiRouteNamesTheMissingArtifact() throws Exception {
    try (URLClassLoader loader = classPathWithout("langchain4j-open-ai-")) {
      assertThat(loads(loader, "dev.langchain4j.model.openai.OpenAiChatModel")).as("the OpenAI client is left out").isFalse();

      assertThat(call(loader, "plan", "ollama"))
          .isEqualTo("hello-service ollama:mistral Usage[inputTokens=850, cachedInputTokens=0, outputTokens=310] /api/chat");

      assertThat(call(loader, "router", Map.of("SPECTRA_PROVIDER", "openai", "OPENAI_API_KEY", "sk-x")))
          .isEqualTo(LlmConfigException.class.getName() + ": provider \"openai\" (model openai:gpt-4o-mini, SPECTRA_PROVIDER"
              + " from the environment) needs dev.langchain4j:langchain4j-open-ai on the class path, an optional dependency"
              + " of orchestrator-llm: add it to your build (orchestrator-bom gives its version; see docs/consumer.md), or"
              + " choose another provider with SPECTRA_PROVIDER");
    }
  }

  private static String call(ClassLoader loader, String method, Object argument) throws Exception {
    Class<?> probe = Class.forName(ProviderClientsProbe.class.getName(), true, loader);
    assertThat(probe.getClassLoader()).isSameAs(loader);
    return (String) probe.getMethod(method, argument instanceof Map ? Map.class : String.class).invoke(null, argument);
  }

  private static boolean loads(ClassLoader loader, String name) {
    try {
      Class.forName(name, false, loader);
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  /** A loader over this test's class path without the one jar whose file name starts with {@code jarPrefix}. */
  private static URLClassLoader classPathWithout(String jarPrefix) throws Exception {
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<URL> urls = new ArrayList<>();
    int removed = 0;
    for (String entry : classPath.split(File.pathSeparator)) {
      if (Path.of(entry).getFileName().toString().startsWith(jarPrefix)) {
        removed++;
      } else {
        urls.add(Path.of(entry).toUri().toURL());
      }
    }
    assertThat(removed).as("jars named %s* on the test class path", jarPrefix).isEqualTo(1);
    return new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
  }
}
