package dev.spectra.orchestrator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one atomic writer (the workspace's own tests cover it through Workspace.write as well). */
class AtomicFilesTest {
  @TempDir
  Path dir;

  private List<String> names(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void writeCreatesTheParentFoldersAndReplacesTheContentLeavingNoTemporaryFile() throws IOException {
    Path target = dir.resolve("a/b/cassette.json");

    AtomicFiles.write(target, "first é\n");
    AtomicFiles.write(target, "second\n");

    assertThat(target).hasContent("second\n");
    assertThat(Files.readAllBytes(target)).isEqualTo("second\n".getBytes(StandardCharsets.UTF_8));
    assertThat(names(target.getParent())).containsExactly("cassette.json");
  }

  @Test
  void theTemporaryFileIsCompleteInTheTargetsFolderBeforeItIsMovedIntoPlace() throws IOException {
    List<String> seen = new ArrayList<>();
    AtomicFiles.write(dir, "plan.json", ".tmp-", "{\"a\":1}".getBytes(StandardCharsets.UTF_8), (source, target, options) -> {
      seen.add(source.getParent().equals(dir) + " " + source.getFileName().toString().startsWith(".tmp-") + " "
          + Files.readString(source));
      Files.move(source, target, options);
    });

    assertThat(seen).containsExactly("true true {\"a\":1}");
    assertThat(dir.resolve("plan.json")).hasContent("{\"a\":1}");
  }

  @Test
  void aFailedMoveDeletesTheTemporaryFileAndKeepsTheOldContent() throws IOException {
    AtomicFiles.write(dir.resolve("report.json"), "old");

    assertThatThrownBy(() -> AtomicFiles.write(dir, "report.json", ".tmp-", "new".getBytes(StandardCharsets.UTF_8),
        (source, target, options) -> {
          throw new IOException("No space left on device (injected)");
        })).isInstanceOf(IOException.class).hasMessageContaining("injected");

    assertThat(dir.resolve("report.json")).hasContent("old");
    assertThat(names(dir)).containsExactly("report.json");
  }

  @Test
  void aTargetThatIsALinkIsReplacedNotWrittenThrough() throws IOException {
    Path outside = Files.writeString(dir.resolve("outside.txt"), "keep me");
    Path link = Files.createSymbolicLink(dir.resolve("snapshot.txt"), outside);

    AtomicFiles.write(link, "new");

    assertThat(outside).hasContent("keep me");
    assertThat(Files.isSymbolicLink(link)).isFalse();
    assertThat(link).hasContent("new");
  }

  @Test
  void anInterruptedThreadStillWritesAndKeepsItsInterrupt() throws IOException {
    Path target = dir.resolve("journal/plan.json");
    Thread.currentThread().interrupt();
    try {
      AtomicFiles.write(target, "{\"plan\":1}");
      assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is kept for the caller").isTrue();
    } finally {
      Thread.interrupted();
    }
    assertThat(target).hasContent("{\"plan\":1}");
    assertThat(names(target.getParent())).containsExactly("plan.json");
  }
}
