package dev.spectra.orchestrator.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spectra.orchestrator.Activity;
import dev.spectra.orchestrator.GeneratedFile;
import dev.spectra.orchestrator.RunReport;
import dev.spectra.orchestrator.ServiceRequest;
import dev.spectra.orchestrator.SettingHint;
import dev.spectra.orchestrator.stack.java.JavaSpringBootStack;
import dev.spectra.orchestrator.stack.python.PythonFastApiStack;
import dev.spectra.orchestrator.test.Reply;
import dev.spectra.orchestrator.test.RequestMatcher;
import dev.spectra.orchestrator.test.ScriptedChatModel;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both stacks wired in one orchestrator: the request's preferred stack picks the planner, the plan's stack the build. */
class MultiStackOrchestratorTest {
  @TempDir Path python;
  @TempDir Path java;

  static ScriptedChatModel model() {
    String pythonPlan = BenchPlans.json(BenchPlans.chain(3));
    String javaPlan = BenchPlans.json(JavaBenchPlans.chain(3));
    ScriptedChatModel model = ScriptedChatModel.create();
    model.on(RequestMatcher.systemMessageContains("java-spring-boot")).replies(Reply.computed(r -> {
      String path = BenchPlans.requestedPath(PromptTokensBenchmark.firstUser(r));
      return path == null ? javaPlan : "```java\n" + JavaBenchPlans.code(path) + "```";
    }));
    model.otherwise(Reply.computed(r -> BenchPlans.answer(PromptTokensBenchmark.firstUser(r), pythonPlan)));
    return model;
  }

  @Test
  void theRequestsPreferredStackIsPlannedAndBuiltAndTheFirstStackIsTheDefault() {
    ScriptedChatModel model = model();
    SpectraLlm llm = SpectraLlm.builder(ModelRouter.of(model)).build();
    List<dev.spectra.orchestrator.stack.TargetStack> stacks = List.of(new PythonFastApiStack(), new JavaSpringBootStack());

    RunReport j = llm.orchestrator(stacks, java).stopAfter(Activity.BUILD).build()
        .run(ServiceRequest.of("A records service").withStack(JavaSpringBootStack.ID));
    RunReport p = llm.orchestrator(stacks, python).stopAfter(Activity.BUILD).build().run(ServiceRequest.of("A records service"));

    assertThat(j.outcome()).as("%s", j.failure()).isEqualTo(RunReport.Outcome.SUCCEEDED);
    assertThat(j.plan().stack()).isEqualTo(JavaSpringBootStack.ID);
    assertThat(j.build().file("pom.xml")).isEmpty(); // not planned: the plan decides which generated files exist
    assertThat(j.build().file(JavaBenchPlans.APPLICATION)).get().extracting(GeneratedFile::origin).isEqualTo(GeneratedFile.Origin.LLM);
    assertThat(p.outcome()).as("%s", p.failure()).isEqualTo(RunReport.Outcome.SUCCEEDED);
    assertThat(p.plan().stack()).isEqualTo(PythonFastApiStack.ID);
    assertThat(p.build().file("app/main.py")).isPresent();
  }

  @Test
  void aSingleStackOrchestratorRefusesARequestForAnotherStackBeforeAnyModelCall() {
    ScriptedChatModel model = model();
    SpectraLlm llm = SpectraLlm.builder(ModelRouter.of(model)).build();

    RunReport r = llm.orchestrator(new PythonFastApiStack(), python).stopAfter(Activity.BUILD).build()
        .run(ServiceRequest.of("A records service").withStack(JavaSpringBootStack.ID));

    assertThat(r.outcome()).isEqualTo(RunReport.Outcome.FAILED);
    assertThat(r.failure().activity()).isEqualTo(Activity.PLAN);
    assertThat(r.failure().type()).isEqualTo("UnwiredStackException");
    assertThat(r.failure().message()).contains("prefers the stack \"java-spring-boot\"", "wired for [python-fastapi]");
    assertThat(r.failure().hints()).extracting(SettingHint::key).containsExactly(SettingHint.STACK);
    assertThat(model.requests()).isEmpty();
    assertThat(r.plan()).isNull();
  }
}
