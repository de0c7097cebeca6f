package dev.spectra.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spectra.orchestrator.build.FakeStack;
import dev.spectra.orchestrator.build.FileGenerator;
import dev.spectra.orchestrator.build.FileRequest;
import dev.spectra.orchestrator.internal.engine.RunJournal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrchestratorStepwiseTest {
  private static final ServiceRequest REQUEST = ServiceRequest.of("hello service");

  @TempDir
  Path workspace;

  private final FakePipeline pipeline = new FakePipeline();

  @Test
  void theEditedPlanIsWhatGetsBuilt() {
    AtomicReference<ArchitecturePlan> built = new AtomicReference<>();
    BuildActivity build = pipeline.build;
    pipeline.build = (plan, ctx) -> {
      built.set(plan);
      return build.build(plan, ctx);
    };
    Orchestrator orchestrator = pipeline.builder(workspace).build();

    ArchitecturePlan planned = orchestrator.plan(REQUEST);
    assertThat(pipeline.log).containsExactly("event:ActivityStarted PLAN", "call:PLAN", "event:ActivityFinished PLAN SUCCEEDED");

    List<FileSpec> files = new ArrayList<>(planned.files());
    files.set(2, new FileSpec("app/main.py", "the app, with GET /hello too", FileKind.SOURCE, Priority.CRITICAL,
        List.of("app/__init__.py", "app/greetings.py")));
    files.add(new FileSpec("app/greetings.py", "greeting texts", FileKind.SOURCE, Priority.NORMAL, List.of()));
    ArchitecturePlan edited = planned.withFiles(files);
    pipeline.log.clear();

    RunReport report = orchestrator.build(edited);

    assertThat(report.outcome()).isEqualTo(RunReport.Outcome.SUCCEEDED);
    assertThat(built.get()).isEqualTo(edited);
    assertThat(report.plan()).isEqualTo(edited);
    assertThat(pipeline.log.get(0)).isEqualTo("event:RunStarted [BUILD, TEST, DEPLOY, MONITOR]");
    assertThat(pipeline.log).doesNotContain("call:PLAN");
    assertThat(report.activities()).extracting(RunReport.ActivityRecord::activity)
        .containsExactly(Activity.BUILD, Activity.TEST, Activity.DEPLOY, Activity.MONITOR);
    assertThat(workspace.resolve("app/greetings.py")).exists();
    assertThat(RunJournal.loadPlan(orchestrator.workspace(), report.runId())).contains(edited);
  }

  @Test
  void aFailingPlanStepThrowsAndStillClosesItsActivity() {
    pipeline.failures.put(Activity.PLAN, new IllegalStateException("model said no"));
    Orchestrator orchestrator = pipeline.builder(workspace).build();

    assertThatThrownBy(() -> orchestrator.plan(REQUEST)).isInstanceOf(IllegalStateException.class).hasMessage("model said no");
    assertThat(pipeline.log).containsExactly("event:ActivityStarted PLAN", "call:PLAN", "event:ActivityFinished PLAN FAILED");
  }

  @Test
  void planWithoutAPlannerAndBuildWhenStoppingAfterPlanAreRefused() {
    Orchestrator noPlanner = Orchestrator.builder().workspace(workspace).buildActivity(pipeline.build).build();
    assertThatThrownBy(() -> noPlanner.plan(REQUEST))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("no plan activity configured; set Builder.planActivity or call build(plan)");

    Orchestrator planOnly = pipeline.builder(workspace).stopAfter(Activity.PLAN).build();
    assertThatThrownBy(() -> planOnly.build(FakePipeline.plan()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("this orchestrator stops after PLAN (Builder.stopAfter), so a run from a plan has nothing to do; "
            + "build it with stopAfter(BUILD) or later");
    RunReport planned = planOnly.run(REQUEST);
    assertThat(planned.outcome()).isEqualTo(RunReport.Outcome.SUCCEEDED);
    assertThat(planned.activities()).extracting(RunReport.ActivityRecord::activity).containsExactly(Activity.PLAN);
  }

  @Test
  void theDefaultBuildWritesTemplatesAndConfigItselfAndAsksTheGeneratorForCodeOnly() throws Exception {
    FakeStack stack = new FakeStack();
    Set<String> asked = ConcurrentHashMap.newKeySet();
    Set<String> notes = ConcurrentHashMap.newKeySet();
    FileGenerator generator = (FileRequest request, RunContext ctx) -> {
      asked.add(request.file().path());
      notes.add(request.stackNotes());
      return "\"\"\"Generated " + request.file().path() + ".\"\"\"\n";
    };
    Orchestrator orchestrator = Orchestrator.builder()
        .workspace(workspace)
        .fileGenerator(generator)
        .stack(stack)
        .stopAfter(Activity.BUILD)
        .listener(pipeline.listener())
        .build();
    ArchitecturePlan plan = FakePipeline.plan();

    RunReport report = orchestrator.build(plan);

    assertThat(report.outcome()).isEqualTo(RunReport.Outcome.SUCCEEDED);
    assertThat(asked).containsExactlyInAnyOrder("app/main.py", "tests/test_main.py");
    assertThat(notes).containsExactly(stack.promptNotes());
    assertThat(workspace.resolve("app/__init__.py")).hasContent("\"\"\"Package app/__init__.py.\"\"\"");
    assertThat(workspace.resolve("requirements.txt")).hasContent(String.join("\n", plan.dependencies()));
    assertThat(workspace.resolve("app/main.py")).hasContent("\"\"\"Generated app/main.py.\"\"\"");
    assertThat(workspace.resolve("tests/test_main.py")).hasContent("\"\"\"Generated tests/test_main.py.\"\"\"");
    BuildResult build = report.build();
    assertThat(build.file("app/__init__.py").orElseThrow().origin()).isEqualTo(GeneratedFile.Origin.TEMPLATE);
    assertThat(build.file("requirements.txt").orElseThrow().origin()).isEqualTo(GeneratedFile.Origin.CONFIG);
    assertThat(build.file("app/main.py").orElseThrow().origin()).isEqualTo(GeneratedFile.Origin.LLM);
  }
}
