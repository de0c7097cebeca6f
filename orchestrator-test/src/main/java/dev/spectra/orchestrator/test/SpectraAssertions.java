package dev.spectra.orchestrator.test;

import dev.langchain4j.model.chat.request.ChatRequest;
import org.assertj.core.api.Assertions;

/**
 * AssertJ's {@link Assertions} plus entry points for what a fake model received. One static import serves both:
 *
 * <pre>{@code
 * import static dev.spectra.orchestrator.test.SpectraAssertions.assertThat;
 *
 * assertThat(model.lastRequest())
 *     .hasSystemMessageContaining("software architect")
 *     .hasUserMessageContaining("todo list API")
 *     .hasJsonSchemaNamed("ArchitecturePlan")
 *     .hasTemperature(0.0);
 * }</pre>
 *
 * Needs AssertJ on the test class path (the test kit declares it optional).
 */
public class SpectraAssertions extends Assertions {

  protected SpectraAssertions() {}

  /** Assertions on a request a model received. */
  public static ChatRequestAssert assertThat(ChatRequest actual) {
    return new ChatRequestAssert(actual);
  }

  /** Assertions on the requests a {@link ScriptedChatModel} received. */
  public static ScriptedChatModelAssert assertThat(ScriptedChatModel actual) {
    return new ScriptedChatModelAssert(actual);
  }
}
