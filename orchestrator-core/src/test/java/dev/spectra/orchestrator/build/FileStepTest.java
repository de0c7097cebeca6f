package dev.spectra.orchestrator.build;

import static dev.spectra.orchestrator.build.Plans.file;
import static dev.spectra.orchestrator.build.Plans.plan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spectra.orchestrator.Activity;
import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.BuildResult;
import dev.spectra.orchestrator.GeneratedFile;
import dev.spectra.orchestrator.RunContext;
import dev.spectra.orchestrator.RunEvent;
import dev.spectra.orchestrator.Usage;
import dev.spectra.orchestrator.cost.Cost;
import dev.spectra.orchestrator.cost.CostLedger;
import dev.spectra.orchestrator.cost.ModelCall;
import dev.spectra.orchestrator.cost.Totals;
import dev.spectra.orchestrator.internal.Hashing;
import dev.spectra.orchestrator.internal.engine.FileStep;
import dev.spectra.orchestrator.internal.engine.RunJournal;
import dev.spectra.orchestrator.workspace.Workspace;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-file step on its own, with explicit inputs (as a workflow engine calls it), and a failed build's partial result. */
class FileStepTest {
  @TempDir
  Path dir;

  private final Recorder recorder = new Recorder();
  private final CostLedger runLedger = new CostLedger();

  private RunContext context() {
    return RunContext.builder().runId("run-step").workspace(Workspace.at(dir)).ledger(runLedger).listener(recorder).build();
  }

  private static ModelCall call(String path, Usage usage) {
    return new ModelCall(Activity.BUILD, path, "fake:model", null, usage, Cost.UNKNOWN);
  }

  @Test
  void aStepBuildsOneFileFromExplicitInputsAndReturnsItsOwnUsage() {
    ArchitecturePlan plan = plan(file("a.py"), file("b.py", "a.py"));
    AtomicReference<FileRequest> seen = new AtomicReference<>();
    RunContext context = context();
    // Calls for b.py made before this step (say, by an earlier build of the run) are in the run's ledger, and
    // another step records into it while this one runs: neither counts against this step's file.
    runLedger.record(call("b.py", Usage.of(5_000, 5_000)));
    FileStep step = FileStep.of((request, ctx) -> {
      seen.set(request);
      runLedger.record(call("b.py", Usage.of(700, 700))); // someone else's call, straight into the run's ledger
      ctx.ledger().record(call("b.py", request.attempt() == 1 ? Usage.of(10, 5) : new Usage(20, 4, 7)));
      if (request.attempt() == 1) {
        throw new IllegalStateException("truncated reply");
      }
      return "def b() -> None:\n    pass\n";
    }, new FakeStack(), 3);

    GeneratedFile file;
    try (RunJournal.Appender journal = RunJournal.Appender.open(context.workspace(), context.runId())) {
      file = step.run(plan, plan.file("b.py").orElseThrow(), Map.of("a.py", "def a() -> None"), context, journal);
    }

    assertThat(file.usage()).isEqualTo(new Usage(30, 4, 12));
    assertThat(file.attempts()).isEqualTo(2);
    assertThat(file.origin()).isEqualTo(GeneratedFile.Origin.LLM);
    assertThat(seen.get().dependencySignatures()).containsExactly(Map.entry("a.py", "def a() -> None"));
    assertThat(seen.get().stackNotes()).isEqualTo(FakeStack.NOTES);
    assertThat(context.workspace().read("b.py")).contains("def b() -> None:\n    pass\n");
    assertThat(RunJournal.entries(context.workspace(), "run-step")).singleElement()
        .isEqualTo(new RunJournal.Entry("b.py", Hashing.sha256(file.content()), GeneratedFile.Origin.LLM, 2, new Usage(30, 4, 12)));
    assertThat(recorder.of(RunEvent.FileGenerated.class)).singleElement()
        .extracting(RunEvent.FileGenerated::usage).isEqualTo(new Usage(30, 4, 12));
    // The run's ledger still records the step's own calls, next to everything else.
    assertThat(runLedger.byFile().get("b.py")).isEqualTo(
        List.of(Usage.of(5_000, 5_000), Usage.of(700, 700), Usage.of(10, 5), Usage.of(700, 700), new Usage(20, 4, 7))
            .stream().reduce(Totals.ZERO, (t, u) -> t.plus(call("b.py", u)), (x, y) -> x));
  }

  @Test
  void aStepWritesATemplateWithoutTheGenerator() {
    ArchitecturePlan plan = plan(file("app/__init__.py"));
    RunContext context = context();
    FileStep step = FileStep.of((request, ctx) -> {
      throw new AssertionError("a template needs no generator call");
    }, new FakeStack(), 1);

    GeneratedFile file;
    try (RunJournal.Appender journal = RunJournal.Appender.open(context.workspace(), context.runId())) {
      file = step.run(plan, plan.files().get(0), Map.of(), context, journal);
    }

    assertThat(file.origin()).isEqualTo(GeneratedFile.Origin.TEMPLATE);
    assertThat(file.usage()).isEqualTo(Usage.ZERO);
    assertThat(RunJournal.entries(context.workspace(), "run-step")).extracting(RunJournal.Entry::path)
        .containsExactly("app/__init__.py");
  }

  @Test
  void aFailedBuildCarriesTheFilesItFinishedOnTheExceptionItThrowsAsBefore() {
    // a.py and b.py are finished in level 0; c.py (level 1) never gets a usable reply.
    ArchitecturePlan plan = plan(file("a.py"), file("b.py"), file("c.py", "a.py"));
    ChunkedBuild build = ChunkedBuild.builder().stack(new FakeStack()).concurrency(1).maxAttempts(2)
        .generator((request, ctx) -> request.file().path().equals("c.py") ? " " : "def ok() -> None:\n    pass\n")
        .build();
    RunContext context = context();

    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> build.build(plan, context));

    assertThat(thrown).isInstanceOf(FileGenerationException.class).hasMessageContaining("c.py");
    BuildResult partial = BuildResult.partialOf(thrown).orElseThrow();
    assertThat(partial.files()).extracting(GeneratedFile::path).containsExactly("a.py", "b.py");
    assertThat(partial.files()).extracting(GeneratedFile::path).containsExactlyElementsOf(
        RunJournal.entries(context.workspace(), "run-step").stream().map(RunJournal.Entry::path).toList());
  }

  @Test
  void aBuildThatFailsBeforeFinishingAnythingAttachesNothing() {
    ArchitecturePlan plan = plan(file("a.py"));
    ChunkedBuild build = ChunkedBuild.builder().stack(new FakeStack()).maxAttempts(1)
        .generator((request, ctx) -> null).build();

    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> build.build(plan, context()));

    assertThat(thrown).isInstanceOf(FileGenerationException.class);
    assertThat(BuildResult.partialOf(thrown)).isEmpty();
  }

  @Test
  void theStepRefusesMissingInputsByName() {
    FileStep step = FileStep.of((request, ctx) -> "x", new FakeStack(), 1);
    ArchitecturePlan plan = plan(file("a.py"));
    assertThatThrownBy(() -> step.run(plan, plan.files().get(0), null, context(), null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("dependencySignatures");
    assertThatThrownBy(() -> FileStep.of((request, ctx) -> "x", new FakeStack(), 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxAttempts");
  }
}
