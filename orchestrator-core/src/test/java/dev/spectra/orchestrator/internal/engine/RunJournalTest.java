package dev.spectra.orchestrator.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.GeneratedFile;
import dev.spectra.orchestrator.Priority;
import dev.spectra.orchestrator.build.Plans;
import dev.spectra.orchestrator.Usage;
import dev.spectra.orchestrator.workspace.Workspace;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunJournalTest {
  @TempDir
  Path dir;

  Workspace workspace;

  @BeforeEach
  void setUp() {
    workspace = Workspace.at(dir);
  }

  private static RunJournal.Entry entry(String path) {
    return new RunJournal.Entry(path, "ab".repeat(32), GeneratedFile.Origin.LLM, 2, new Usage(30, 4, 12));
  }

  @Test
  void appendsOneJsonLinePerEntryAndReadsThemBack() throws Exception {
    try (RunJournal.Appender appender = RunJournal.Appender.open(workspace, "run-1")) {
      appender.append(entry("app/main.py"));
      appender.append(new RunJournal.Entry("requirements.txt", "cd".repeat(32), GeneratedFile.Origin.CONFIG, 0, Usage.ZERO));
    }

    Path file = dir.resolve(".spectra/runs/run-1/journal.jsonl");
    assertThat(RunJournal.journalFile(workspace, "run-1")).isEqualTo(file);
    assertThat(Files.readAllLines(file)).first().isEqualTo("{\"v\":1,\"path\":\"app/main.py\",\"sha256\":\"" + "ab".repeat(32)
        + "\",\"origin\":\"LLM\",\"attempts\":2,\"usage\":{\"inputTokens\":30,\"cachedInputTokens\":4,\"outputTokens\":12}}");
    assertThat(RunJournal.entries(workspace, "run-1")).containsExactly(entry("app/main.py"),
        new RunJournal.Entry("requirements.txt", "cd".repeat(32), GeneratedFile.Origin.CONFIG, 0, Usage.ZERO));
  }

  @Test
  void appendsFromManyThreadsAtOnceEachGiveOneWholeLine() throws Exception {
    int threads = 8;
    int perThread = 40;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CyclicBarrier start = new CyclicBarrier(threads);
    try (RunJournal.Appender appender = RunJournal.Appender.open(workspace, "run-1")) {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < perThread; i++) {
            appender.append(entry("t" + thread + "/f" + i + ".py"));
          }
          return null;
        }));
      }
      for (var f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    List<String> lines = Files.readAllLines(RunJournal.journalFile(workspace, "run-1"));
    assertThat(lines).hasSize(threads * perThread).allMatch(l -> l.startsWith("{\"v\":1,") && l.endsWith("}}"));
    assertThat(RunJournal.entries(workspace, "run-1")).extracting(RunJournal.Entry::path)
        .doesNotHaveDuplicates().hasSize(threads * perThread);
  }

  @Test
  void aRunWithoutJournalHasNoEntries() {
    assertThat(RunJournal.entries(workspace, "run-none")).isEmpty();
  }

  @Test
  void aTornLastLineIsIgnoredOnReadAndCutOffBeforeTheNextAppend() throws Exception {
    try (RunJournal.Appender appender = RunJournal.Appender.open(workspace, "run-1")) {
      appender.append(entry("a.py"));
    }
    Path file = RunJournal.journalFile(workspace, "run-1");
    String torn = RunJournal.toLine(entry("b.py")).substring(0, 40);
    Files.writeString(file, torn, StandardOpenOption.APPEND);

    assertThat(RunJournal.entries(workspace, "run-1")).extracting(RunJournal.Entry::path).containsExactly("a.py");

    try (RunJournal.Appender appender = RunJournal.Appender.open(workspace, "run-1")) {
      appender.append(entry("c.py"));
    }
    assertThat(Files.readString(file)).isEqualTo(RunJournal.toLine(entry("a.py")) + RunJournal.toLine(entry("c.py")));
    assertThat(RunJournal.entries(workspace, "run-1")).extracting(RunJournal.Entry::path).containsExactly("a.py", "c.py");
  }

  @Test
  void aCompleteLastEntryWithoutItsNewlineDoesNotCount() throws Exception {
    Path file = RunJournal.journalFile(workspace, "run-1");
    Files.createDirectories(file.getParent());
    String line = RunJournal.toLine(entry("a.py"));
    Files.writeString(file, line + line.strip());

    assertThat(RunJournal.entries(workspace, "run-1")).hasSize(1);
  }

  @Test
  void aMalformedLineInTheMiddleIsSkippedAndTheOthersKept() throws Exception {
    Path file = RunJournal.journalFile(workspace, "run-1");
    Files.createDirectories(file.getParent());
    Files.writeString(file, RunJournal.toLine(entry("a.py"))
        + "{\"v\":1,\"path\":\"b.py\",\"sha256\n"
        + "{\"v\":99,\"path\":\"future.py\",\"sha256\":\"00\",\"origin\":\"LLM\",\"attempts\":1}\n"
        + "{\"v\":1,\"path\":\"bad-origin.py\",\"sha256\":\"00\",\"origin\":\"MAGIC\",\"attempts\":1}\n"
        + "\n"
        + RunJournal.toLine(entry("c.py")), StandardCharsets.UTF_8);

    assertThat(RunJournal.entries(workspace, "run-1")).extracting(RunJournal.Entry::path).containsExactly("a.py", "c.py");
  }

  @Test
  void aSecondBuildOfTheSameRunIsRefusedWhileTheJournalIsOpen() {
    try (RunJournal.Appender first = RunJournal.Appender.open(workspace, "run-1")) {
      assertThatThrownBy(() -> RunJournal.Appender.open(workspace, "run-1")).isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("run run-1 is being built by another build (its journal ")
          .hasMessageEndingWith("journal.jsonl is locked); wait for that build to end, or start a new run");
      first.append(entry("a.py"));
    }
    try (RunJournal.Appender again = RunJournal.Appender.open(workspace, "run-1")) {
      again.append(entry("b.py"));
    }
    assertThat(RunJournal.entries(workspace, "run-1")).hasSize(2);
  }

  @Test
  void savesAndLoadsThePlan() {
    ArchitecturePlan plan = Plans.plan(Plans.file("app/main.py", Priority.CRITICAL), Plans.file("tests/test_main.py", "app/main.py"));
    RunJournal.savePlan(workspace, "run-1", plan);

    assertThat(RunJournal.loadPlan(workspace, "run-1")).contains(plan);
    assertThat(RunJournal.loadPlan(workspace, "run-2")).isEmpty();
  }

  @Test
  void aPlanThatCannotBeMovedIntoPlaceLeavesNoTemporaryFileBehind() throws Exception {
    ArchitecturePlan plan = Plans.plan(Plans.file("app/main.py", Priority.CRITICAL));
    Path runDir = RunJournal.runDirectory(workspace, "run-1");
    Files.createDirectories(runDir.resolve("plan.json").resolve("in-the-way")); // a non-empty folder is not replaced

    assertThatThrownBy(() -> RunJournal.savePlan(workspace, "run-1", plan))
        .isInstanceOf(UncheckedIOException.class).hasMessageStartingWith("cannot write " + runDir.resolve("plan.json"));
    try (Stream<Path> files = Files.list(runDir)) {
      assertThat(files.map(f -> f.getFileName().toString())).containsExactly("plan.json");
    }
  }

  @Test
  void entriesValidateTheirFields() {
    assertThatThrownBy(() -> new RunJournal.Entry(" ", "ab", GeneratedFile.Origin.LLM, 1, Usage.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("path must not be blank, but was \" \"");
    assertThatThrownBy(() -> new RunJournal.Entry("a.py", "ab", GeneratedFile.Origin.LLM, -1, Usage.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("attempts must be >= 0, but was -1");
  }

  @Test
  void aJournalThatIsALinkIsRefusedAndItsTargetUntouched() throws Exception {
    java.nio.file.Path outside = java.nio.file.Files.createTempFile("victim", ".txt");
    try {
      java.nio.file.Files.writeString(outside, "victim\n");
      java.nio.file.Path journal = RunJournal.journalFile(workspace, "run-link");
      java.nio.file.Files.createDirectories(journal.getParent());
      java.nio.file.Files.createSymbolicLink(journal, outside);

      org.assertj.core.api.Assertions.assertThatThrownBy(() -> RunJournal.Appender.open(workspace, "run-link"))
          .isInstanceOfSatisfying(dev.spectra.orchestrator.workspace.UnsafePathException.class,
              e -> org.assertj.core.api.Assertions.assertThat(e.rule())
                  .isEqualTo(dev.spectra.orchestrator.workspace.UnsafePathException.Rule.SYMLINK_ESCAPE))
          .hasMessageContaining("journal.jsonl");
      org.assertj.core.api.Assertions.assertThat(outside).hasContent("victim");
    } finally {
      java.nio.file.Files.deleteIfExists(outside);
    }
  }
}
