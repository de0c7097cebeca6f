package dev.spectra.orchestrator.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.spectra.orchestrator.BuildResult;
import dev.spectra.orchestrator.FileSpec;
import dev.spectra.orchestrator.GeneratedFile;
import dev.spectra.orchestrator.Orchestrator;
import dev.spectra.orchestrator.RunReport;
import dev.spectra.orchestrator.internal.Hashing;
import dev.spectra.orchestrator.internal.engine.RunJournal;
import dev.spectra.orchestrator.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A build in a child JVM ({@link BuildChild}) killed with SIGKILL mid-build, then resumed in this one. */
class BuildChildProcessTest {
  @TempDir
  Path dir;

  private Process start(Path out, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        BuildChild.class.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(dir.resolve("child.err").toFile()).start();
  }

  private String childErr() throws IOException {
    return Files.readString(dir.resolve("child.err"));
  }

  @Test
  void aBuildKilledWithSigkillResumesWithoutRepeatingAnyJournaledGeneration() throws Exception {
    Path root = dir.resolve("ws");
    Workspace workspace = Workspace.at(root);
    String runId = "run-killed";
    Path out = dir.resolve("child.out");
    Process child = start(out, root.toString(), runId);
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (RunJournal.entries(workspace, runId).size() < 8) {
        if (!child.isAlive()) {
          fail("the child ended (exit " + child.exitValue() + ") before it was killed:\n" + childErr());
        }
        if (System.nanoTime() > deadline) {
          fail("the child journaled fewer than 8 files in 120 s:\n" + childErr());
        }
        Thread.sleep(5);
      }
      child.destroyForcibly();
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    } finally {
      child.destroyForcibly();
    }
    assertThat(child.exitValue()).as("exit value of a SIGKILLed JVM").isEqualTo(128 + 9);

    Set<String> finishedByChild = RunJournal.entries(workspace, runId).stream().map(RunJournal.Entry::path)
        .collect(Collectors.toSet());
    Set<String> generatedByChild = Files.readAllLines(out).stream().filter(l -> l.startsWith("generated "))
        .map(l -> l.substring("generated ".length())).collect(Collectors.toSet());
    assertThat(finishedByChild).hasSizeBetween(8, BuildChild.BLOCK_AFTER);
    assertThat(generatedByChild).containsAll(finishedByChild);
    assertThat(Files.readAllLines(out)).doesNotContain("finished");

    List<String> generatedByResume = new CopyOnWriteArrayList<>();
    Orchestrator orchestrator = Orchestrator.builder().workspace(root).stack(new FakeStack()).concurrency(4)
        .fileGenerator((request, ctx) -> {
          generatedByResume.add(request.file().path());
          return "parent " + request.file().path() + "\n";
        }).build();
    RunReport report = orchestrator.resume(runId);

    assertThat(report.outcome()).isEqualTo(RunReport.Outcome.SUCCEEDED);
    Set<String> all = BuildChild.KILL_PLAN.files().stream().map(FileSpec::path).collect(Collectors.toSet());
    assertThat(generatedByResume).doesNotHaveDuplicates().doesNotContainAnyElementsOf(finishedByChild);
    Set<String> union = new HashSet<>(generatedByResume);
    union.addAll(finishedByChild);
    assertThat(union).isEqualTo(all);
    BuildResult build = report.build();
    assertThat(build.count(GeneratedFile.Origin.RESUMED)).isEqualTo(finishedByChild.size());
    assertThat(build.count(GeneratedFile.Origin.LLM)).isEqualTo(generatedByResume.size());
    assertThat(build.count(GeneratedFile.Origin.RESUMED) + build.count(GeneratedFile.Origin.LLM)).isEqualTo(all.size());
    for (GeneratedFile f : build.files()) {
      Path file = root.resolve(f.path());
      assertThat(Hashing.sha256(Files.readAllBytes(file))).as(f.path()).isEqualTo(f.sha256());
      String expected = (finishedByChild.contains(f.path()) ? "child " : "parent ") + f.path() + "\n";
      assertThat(Files.readString(file)).as(f.path()).isEqualTo(expected);
    }
    assertThat(RunJournal.entries(workspace, runId)).extracting(RunJournal.Entry::path)
        .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(all);
  }
}
