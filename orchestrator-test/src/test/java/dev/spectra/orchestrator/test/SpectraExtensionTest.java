package dev.spectra.orchestrator.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** Runs small test classes that use {@link SpectraTest} through the JUnit engine and checks their outcomes. */
class SpectraExtensionTest {
  private static final List<ScriptedChatModel> SEEN = new ArrayList<>();

  private static Events run(Class<?> testClass) {
    return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute().testEvents();
  }

  @SpectraTest
  static class Injection {
    @Test
    void scriptedModelsAreSharedWithinATestAndChaosWrapsThem(ScriptedChatModel a, ScriptedChatModel b,
        @Chaos(seed = 1, fence = 1.0) ChaosChatModel chaos) {
      SEEN.add(a);
      assertThat(a).isSameAs(b);
      a.otherwiseReply("{\"ok\":true}");
      assertThat(chaos.chat("hi")).startsWith("```").contains("{\"ok\":true}");
      assertThat(a.callCount()).isEqualTo(1);
    }

    @Test
    void eachTestGetsAFreshScriptedModel(ScriptedChatModel model) {
      SEEN.add(model);
      assertThat(model.callCount()).isZero();
    }

    @Test
    void aCassetteOnTheParameterIsReplayed(@Cassette("cassettes/greeting.json") ReplayChatModel model) {
      assertThat(model.metadata()).containsEntry("source", "hand-written");
      assertThat(model.chat(dev.langchain4j.model.chat.request.ChatRequest.builder()
          .messages(dev.langchain4j.data.message.SystemMessage.from("You greet people."),
              dev.langchain4j.data.message.UserMessage.from("Greet Ada")).build()).aiMessage().text())
          .contains("Hello, Ada!");
    }

    @Test
    @Cassette(value = "cassettes/greeting.json", matching = ReplayChatModel.Matching.SEQUENCE)
    void aCassetteOnTheMethodIsUsedAndChaosCanWrapAReplay(ReplayChatModel model,
        @Cassette(value = "cassettes/greeting.json", matching = ReplayChatModel.Matching.SEQUENCE)
        @Chaos(preset = Chaos.Preset.NONE, empty = 1.0) ChaosChatModel chaos) {
      assertThat(model.chat("anything")).contains("Hello, Ada!");
      assertThat(chaos.chat("anything")).isEmpty();
    }
  }

  @SpectraTest
  @Cassette(value = "cassettes/greeting.json", matching = ReplayChatModel.Matching.LENIENT)
  static class ClassLevelCassette {
    @Test
    void replays(ReplayChatModel model) {
      assertThat(model.chat(dev.langchain4j.model.chat.request.ChatRequest.builder()
          .messages(dev.langchain4j.data.message.SystemMessage.from("changed system prompt"),
              dev.langchain4j.data.message.UserMessage.from("Greet Ada")).build()).aiMessage().text())
          .contains("Hello, Ada!");
    }
  }

  @SpectraTest
  static class Misconfigured {
    @Test
    void noCassette(ReplayChatModel model) {}

    @Test
    void missingCassette(@Cassette("cassettes/nowhere.json") ReplayChatModel model) {}

    @Test
    void badRates(@Chaos(fence = 0.8, prose = 0.8) ChaosChatModel model) {}
  }

  @Test
  void injectsScriptedReplayAndChaosModels() {
    SEEN.clear();
    run(Injection.class).assertStatistics(s -> s.started(4).succeeded(4));
    assertThat(SEEN).hasSize(2);
    assertThat(SEEN.get(0)).isNotSameAs(SEEN.get(1));
    run(ClassLevelCassette.class).assertStatistics(s -> s.started(1).succeeded(1));
  }

  @Test
  void misconfigurationFailsTheTestWithAMessageThatSaysWhatToFix() {
    Events events = run(Misconfigured.class);
    events.assertStatistics(s -> s.started(3).failed(3));
    events.assertThatEvents()
        .haveExactly(1, event(test("noCassette"), finishedWithFailure(message(m -> m.equals(
            "parameter model of noCassette(ReplayChatModel) is a ReplayChatModel, which needs @Cassette(\"path\") on "
                + "the parameter, the test method or the test class")))))
        .haveExactly(1, event(test("missingCassette"), finishedWithFailure(message(m -> m.startsWith(
            "@Cassette(\"cassettes/nowhere.json\") not found: looked for ")
            && m.endsWith("and the class-path resource cassettes/nowhere.json")))))
        .haveExactly(1, event(test("badRates"), finishedWithFailure(message(m -> m.equals(
            "@Chaos on parameter model of badRates(ChaosChatModel): the rates must sum to at most 1 (the modes are "
                + "exclusive per reply), but they sum to 1.6: {FENCE=0.8, PROSE=0.8}")))))
        .doNotHave(event(finishedSuccessfully()));
  }
}
