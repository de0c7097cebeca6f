package dev.spectra.orchestrator.llm.internal;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.service.Result;
import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.V;
import org.junit.jupiter.api.Test;

class ServiceValidatorTest {
  @Test
  void theShippedServicesAreValid() {
    assertThatCode(LlmActivities::validateServices).doesNotThrowAnyException();
  }

  @SystemMessage("ignored here")
  interface InterfaceLevelSystem {
    @UserMessage("Do {{x}}")
    Result<String> run(@V("x") String x, ChatRequestParameters p);
  }

  interface Broken {
    @SystemMessage("You are {{role}}.")
    @UserMessage("Do {{task}} at {{current_date}}")
    String run(@V("task") String task, String extra, @V("unused") String unused);
  }

  interface MissingResource {
    @SystemMessage(fromResource = "/dev/spectra/orchestrator/llm/prompts/nope.txt")
    @UserMessage("{{x}}")
    Result<String> run(@V("x") String x, ChatRequestParameters p);
  }

  @Test
  void anInterfaceLevelSystemMessageIsRejected() {
    assertThatThrownBy(() -> ServiceValidator.validate(InterfaceLevelSystem.class))
        .hasMessageContaining("InterfaceLevelSystem: @SystemMessage on the interface is ignored by LangChain4j; put it on each method")
        .hasMessageContaining("InterfaceLevelSystem.run: needs a method-level @SystemMessage");
  }

  @Test
  void everyProblemOfAMethodIsListed() {
    assertThatThrownBy(() -> ServiceValidator.validate(Broken.class))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Broken.run: must return Result<String> (replies are parsed by the repair ladder), but returns java.lang.String")
        .hasMessageContaining("Broken.run: parameter extra needs @V (an unannotated argument would become the template)")
        .hasMessageContaining("Broken.run: must take exactly one ChatRequestParameters parameter, but takes 0")
        .hasMessageContaining("Broken.run: template variable {{role}} has no @V(\"role\") parameter")
        .hasMessageContaining("Broken.run: template variable {{current_date}} is not allowed (implicit or time-dependent)")
        .hasMessageContaining("Broken.run: @V(\"unused\") is used by neither template");
  }

  @Test
  void aMissingPromptResourceIsReported() {
    assertThatThrownBy(() -> ServiceValidator.validate(MissingResource.class))
        .hasMessageContaining("MissingResource.run: @SystemMessage resource /dev/spectra/orchestrator/llm/prompts/nope.txt cannot be loaded");
  }
}
