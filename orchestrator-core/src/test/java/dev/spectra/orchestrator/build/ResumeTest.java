package dev.spectra.orchestrator.build;

import static dev.spectra.orchestrator.build.Plans.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.spectra.orchestrator.Activity;
import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.BuildResult;
import dev.spectra.orchestrator.GeneratedFile;
import dev.spectra.orchestrator.Orchestrator;
import dev.spectra.orchestrator.PlanActivity;
import dev.spectra.orchestrator.Priority;
import dev.spectra.orchestrator.RunContext;
import dev.spectra.orchestrator.RunEvent;
import dev.spectra.orchestrator.RunReport;
import dev.spectra.orchestrator.ServiceRequest;
import dev.spectra.orchestrator.internal.Hashing;
import dev.spectra.orchestrator.internal.engine.RunJournal;
import dev.spectra.orchestrator.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResumeTest {
  @TempDir
  Path dir;

  private final FakeStack stack = new FakeStack();
  private final List<String> generated = new CopyOnWriteArrayList<>();

  private BuildResult build(ArchitecturePlan plan, String runId, String contentPrefix, Recorder recorder) {
    RunContext.Builder context = RunContext.builder().runId(runId).workspace(Workspace.at(dir));
    if (recorder != null) {
      context.listener(recorder);
    }
    return ChunkedBuild.builder().stack(stack).concurrency(2).generator((request, ctx) -> {
      generated.add(request.file().path());
      return contentPrefix + " " + request.file().path() + "\n";
    }).build().build(plan, context.build());
  }

  @Test
  void aTornLastJournalLineMeansThatFileIsGeneratedAgainAndTheJournalIsRepaired() throws Exception {
    ArchitecturePlan plan = Plans.layered(5);
    build(plan, "run-torn", "first", null);
    Path journal = RunJournal.journalFile(Workspace.at(dir), "run-torn");
    List<String> lines = Files.readAllLines(journal);
    assertThat(lines).hasSize(5);
    // The process died while appending the fourth entry: the fifth file was never journaled either.
    Files.writeString(journal, String.join("\n", lines.subList(0, 3)) + "\n" + lines.get(3).substring(0, 25));
    List<String> journaled = lines.subList(0, 3).stream().map(l -> l.replaceAll(".*\"path\":\"([^\"]+)\".*", "$1")).toList();
    generated.clear();

    BuildResult resumed = build(plan, "run-torn", "second", null);

    assertThat(generated).hasSize(2).doesNotContainAnyElementsOf(journaled);
    assertThat(resumed.count(GeneratedFile.Origin.RESUMED)).isEqualTo(3);
    assertThat(resumed.count(GeneratedFile.Origin.LLM)).isEqualTo(2);
    assertThat(resumed.files()).filteredOn(f -> f.origin() == GeneratedFile.Origin.RESUMED)
        .allSatisfy(f -> {
          assertThat(f.attempts()).isZero();
          assertThat(f.content()).startsWith("first ");
        });
    assertThat(Files.readAllLines(journal)).hasSize(5).allMatch(l -> l.startsWith("{\"v\":1,\"path\":"));
    assertThat(RunJournal.entries(Workspace.at(dir), "run-torn")).extracting(RunJournal.Entry::path).doesNotHaveDuplicates().hasSize(5);

    generated.clear();
    BuildResult third = build(plan, "run-torn", "third", null);
    assertThat(generated).isEmpty();
    assertThat(third.count(GeneratedFile.Origin.RESUMED)).isEqualTo(5);
  }

  @Test
  void aFileEditedOrDeletedAfterItsEntryIsGeneratedAgainAndTheOthersAreResumed() throws Exception {
    ArchitecturePlan plan = Plans.plan(file("a.py", Priority.CRITICAL), file("b.py"), file("c.py", "a.py"), file("d.py", "b.py"));
    build(plan, "run-edit", "first", null);
    Files.writeString(dir.resolve("b.py"), "edited by hand\n");
    Files.delete(dir.resolve("c.py"));
    generated.clear();
    Recorder recorder = new Recorder();

    BuildResult result = build(plan, "run-edit", "second", recorder);

    assertThat(generated).containsExactlyInAnyOrder("b.py", "c.py");
    assertThat(result.file("a.py").orElseThrow().origin()).isEqualTo(GeneratedFile.Origin.RESUMED);
    assertThat(result.file("d.py").orElseThrow().origin()).isEqualTo(GeneratedFile.Origin.RESUMED);
    assertThat(result.file("b.py").orElseThrow().origin()).isEqualTo(GeneratedFile.Origin.LLM);
    assertThat(Files.readString(dir.resolve("b.py"))).isEqualTo("second b.py\n");
    assertThat(Files.readString(dir.resolve("c.py"))).isEqualTo("second c.py\n");
    assertThat(Files.readString(dir.resolve("d.py"))).isEqualTo("first d.py\n");
    assertThat(recorder.of(RunEvent.BuildPlanned.class)).singleElement()
        .extracting(RunEvent.BuildPlanned::alreadyFinished).isEqualTo(2);
    assertThat(recorder.of(RunEvent.FileGenerated.class)).filteredOn(e -> e.origin() == GeneratedFile.Origin.RESUMED)
        .extracting(RunEvent.FileGenerated::path, RunEvent.FileGenerated::attempts)
        .containsExactlyInAnyOrder(tuple("a.py", 0), tuple("d.py", 0));
    assertThat(recorder.of(RunEvent.FileStarted.class)).extracting(RunEvent.FileStarted::path).containsExactly("b.py", "c.py");
    // The later entry of b.py wins: a further build resumes everything.
    generated.clear();
    build(plan, "run-edit", "third", null);
    assertThat(generated).isEmpty();
  }

  @Test
  void anotherRunIdDoesNotReuseTheJournalOfARun() {
    ArchitecturePlan plan = Plans.layered(3);
    build(plan, "run-a", "first", null);
    generated.clear();

    BuildResult other = build(plan, "run-b", "second", null);

    assertThat(generated).hasSize(3);
    assertThat(other.count(GeneratedFile.Origin.RESUMED)).isZero();
  }

  @Test
  void orchestratorResumeGeneratesExactlyTheFilesWithoutAFinishedEntry() throws Exception {
    ArchitecturePlan plan = Plans.plan(file("a.py"), file("b.py"), file("c.py"), file("app/__init__.py"),
        file("d.py", "a.py"), file("e.py", "d.py"));
    PlanActivity planner = (request, ctx) -> plan;
    List<String> firstCalls = new CopyOnWriteArrayList<>();
    Orchestrator failing = Orchestrator.builder().workspace(dir).planActivity(planner).stack(stack).concurrency(1)
        .fileGenerator((request, ctx) -> {
          firstCalls.add(request.file().path());
          if (request.file().path().equals("d.py")) {
            throw new IllegalStateException("the model is overloaded");
          }
          return "first " + request.file().path() + "\n";
        }).build();
    RunReport first = failing.run(ServiceRequest.of("a service"));
    assertThat(first.outcome()).isEqualTo(RunReport.Outcome.FAILED);
    assertThat(first.failure().type()).isEqualTo("FileGenerationException");
    assertThat(first.failure().message()).contains("d.py").contains("the model is overloaded");
    assertThat(firstCalls).containsExactly("a.py", "b.py", "c.py", "d.py", "d.py", "d.py");

    List<String> secondCalls = new CopyOnWriteArrayList<>();
    Orchestrator fixed = Orchestrator.builder().workspace(dir).stack(stack).concurrency(3)
        .fileGenerator((request, ctx) -> {
          secondCalls.add(request.file().path());
          return "second " + request.file().path() + "\n";
        }).build();
    RunReport resumed = fixed.resume(first.runId());

    assertThat(resumed.outcome()).isEqualTo(RunReport.Outcome.SUCCEEDED);
    assertThat(resumed.runId()).isEqualTo(first.runId());
    assertThat(resumed.activities()).extracting(RunReport.ActivityRecord::activity).first().isEqualTo(Activity.BUILD);
    assertThat(secondCalls).containsExactly("d.py", "e.py");
    BuildResult build = resumed.build();
    assertThat(build.count(GeneratedFile.Origin.RESUMED)).isEqualTo(4);
    assertThat(build.count(GeneratedFile.Origin.LLM)).isEqualTo(2);
    for (GeneratedFile f : build.files()) {
      assertThat(Hashing.sha256(Files.readAllBytes(dir.resolve(f.path())))).as(f.path()).isEqualTo(f.sha256());
    }
    assertThat(RunJournal.runDirectory(fixed.workspace(), first.runId()).resolve("report.json")).exists();
  }

  @Test
  void resumingAnUnknownRunSaysWhatIsMissing() {
    Orchestrator orchestrator = Orchestrator.builder().workspace(dir).stack(stack).fileGenerator((r, c) -> "x\n").build();

    assertThatThrownBy(() -> orchestrator.resume("run-unknown")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("no journaled plan for run run-unknown in workspace ");
  }
}
