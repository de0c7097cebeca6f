package dev.spectra.orchestrator.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.langchain4j.model.chat.ChatModel;
import dev.spectra.orchestrator.RetryAfterHint;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The models work without JUnit and AssertJ (the examples' command line uses replay and chaos at run time): they run
 * here in a class loader that holds only the test kit and its required dependencies.
 */
class OptionalDependenciesTest {
  @TempDir
  Path dir;

  private static URL location(Class<?> type) {
    return type.getProtectionDomain().getCodeSource().getLocation();
  }

  @Test
  void replayAndChaosRunWithoutJUnitOrAssertJOnTheClassPath() throws Exception {
    Path cassette = dir.resolve("c.json");
    Files.writeString(cassette, "{\"entries\": [{\"request\": {\"messages\": [{\"role\": \"user\", \"text\": \"hi\"}]},"
        + " \"response\": {\"text\": \"{\\\"a\\\":1}\"}}]}");
    URL[] urls = {location(ReplayChatModel.class), location(RetryAfterHint.class), location(ChatModel.class),
        location(ObjectMapper.class), location(JsonFactory.class), location(JsonProperty.class),
        location(JavaTimeModule.class), location(LoggerFactory.class)};
    try (URLClassLoader loader = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader())) {
      assertThatThrownBy(() -> loader.loadClass("org.junit.jupiter.api.Test")).isInstanceOf(ClassNotFoundException.class);
      assertThatThrownBy(() -> loader.loadClass("org.assertj.core.api.Assertions"))
          .isInstanceOf(ClassNotFoundException.class);

      Class<?> replayType = loader.loadClass(ReplayChatModel.class.getName());
      Object replay = replayType.getMethod("of", Path.class).invoke(null, cassette);
      Class<?> chatModel = loader.loadClass(ChatModel.class.getName());
      Class<?> chaosType = loader.loadClass(ChaosChatModel.class.getName());
      Object builder = chaosType.getMethod("builder", chatModel).invoke(null, replay);
      builder = builder.getClass().getMethod("fence", double.class).invoke(builder, 1.0);
      Object chaos = builder.getClass().getMethod("build").invoke(builder);
      Object reply = chatModel.getMethod("chat", String.class).invoke(chaos, "hi");

      assertThat(reply).asString().startsWith("```").contains("{\"a\":1}");
      Class<?> scripted = loader.loadClass(ScriptedChatModel.class.getName());
      Object model = scripted.getMethod("replying", String.class).invoke(null, "ok");
      assertThat(chatModel.getMethod("chat", String.class).invoke(model, "x")).isEqualTo("ok");
    }
  }
}
