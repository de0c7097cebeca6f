package dev.spectra.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spectra.orchestrator.cost.BudgetExceededException;
import dev.spectra.orchestrator.internal.engine.RunJournal;
import dev.spectra.orchestrator.workspace.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Data flows one way through a run: the plan is journaled once, and a failed Build's files come from its exception. */
class RunDataFlowTest {
  private static final ServiceRequest REQUEST = ServiceRequest.of("A hello service");

  @TempDir
  Path workspace;

  private final FakePipeline pipeline = new FakePipeline();

  private Path planFile(String runId) {
    return workspace.resolve(".spectra/runs/" + runId + "/plan.json");
  }

  /** The identity of the file at {@code path} (an atomic rewrite replaces it with a new file). */
  private static Object identity(Path path) {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class).fileKey();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void thePlanIsJournaledOnceAfterPlanAndNotRewrittenByBuild() {
    List<Object> seen = new CopyOnWriteArrayList<>();
    pipeline.build = (plan, ctx) -> {
      seen.add(identity(planFile(ctx.runId())));
      return new BuildResult(List.of(), Usage.ZERO);
    };
    RunReport report = pipeline.builder(workspace).stopAfter(Activity.BUILD)
        .listener(event -> {
          if (event instanceof RunEvent.ActivityFinished f && f.activity() == Activity.PLAN) {
            seen.add(identity(planFile(f.runId())));
          }
        }).build().run(REQUEST);

    assertThat(report.succeeded()).isTrue();
    assertThat(seen).hasSize(2).doesNotContainNull();
    assertThat(seen.get(1)).as("Build sees the very file Plan journaled").isEqualTo(seen.get(0));
    assertThat(RunJournal.loadPlan(Workspace.at(workspace), report.runId())).contains(FakePipeline.plan());
  }

  @Test
  void aGivenPlanIsJournaledBeforeBuildAndAResumedOneIsNotRewritten() {
    Orchestrator orchestrator = pipeline.builder(workspace).stopAfter(Activity.BUILD).build();
    RunReport built = orchestrator.build(FakePipeline.plan());
    assertThat(RunJournal.loadPlan(Workspace.at(workspace), built.runId())).contains(FakePipeline.plan());
    Object before = identity(planFile(built.runId()));

    RunReport resumed = orchestrator.resume(built.runId());

    assertThat(resumed.succeeded()).isTrue();
    assertThat(identity(planFile(built.runId()))).isEqualTo(before);
  }

  @Test
  void aFailedBuildsFilesInTheReportAreTheOnesItsExceptionCarriesNotTheJournals() {
    GeneratedFile kept = GeneratedFile.of("app/main.py", "# kept\n", GeneratedFile.Origin.LLM, 1, Usage.of(3, 4));
    pipeline.build = (plan, ctx) -> {
      // A journal with two finished files, of which the failing build reports only one.
      Workspace ws = ctx.workspace();
      ws.write("app/main.py", "# kept\n");
      ws.write("app/other.py", "# journaled, not reported\n");
      try (RunJournal.Appender journal = RunJournal.Appender.open(ws, ctx.runId())) {
        journal.append(RunJournal.Entry.of(kept));
        journal.append(RunJournal.Entry.of(GeneratedFile.of("app/other.py", "# journaled, not reported\n",
            GeneratedFile.Origin.LLM, 1, Usage.of(5, 5))));
      }
      throw BuildResult.attachPartial(new BudgetExceededException(BudgetExceededException.Limit.CALLS, "used up"),
          new BuildResult(List.of(kept), kept.usage()));
    };

    RunReport report = pipeline.builder(workspace).build().run(REQUEST);

    assertThat(report.failure().type()).isEqualTo("BUDGET_EXCEEDED");
    assertThat(report.build()).isEqualTo(new BuildResult(List.of(kept), Usage.of(3, 4)));
  }

  @Test
  void aFailedBuildThatCarriesNothingLeavesTheReportWithoutABuild() {
    pipeline.build = (plan, ctx) -> {
      Workspace ws = ctx.workspace();
      ws.write("app/main.py", "# journaled\n");
      try (RunJournal.Appender journal = RunJournal.Appender.open(ws, ctx.runId())) {
        journal.append(RunJournal.Entry.of(GeneratedFile.of("app/main.py", "# journaled\n", GeneratedFile.Origin.LLM, 1, Usage.ZERO)));
      }
      throw new IllegalStateException("broke");
    };

    RunReport report = pipeline.builder(workspace).build().run(REQUEST);

    assertThat(report.failure()).isEqualTo(new RunReport.Failure(Activity.BUILD, "IllegalStateException", "broke"));
    assertThat(report.build()).isNull();
  }

  @Test
  void testStillReceivesTheBuildResultOfItsRun() {
    List<BuildResult> received = new CopyOnWriteArrayList<>();
    pipeline.test = (plan, build, ctx) -> {
      received.add(build);
      return TestReport.skipped("no tests here");
    };

    RunReport report = pipeline.builder(workspace).stopAfter(Activity.TEST).build().run(REQUEST);

    assertThat(received).containsExactly(report.build());
  }
}
