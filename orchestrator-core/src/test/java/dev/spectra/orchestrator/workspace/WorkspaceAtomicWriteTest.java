package dev.spectra.orchestrator.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spectra.orchestrator.internal.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.CopyOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Readers see a whole version, never a part; a failed write leaves no temporary file, folder or count behind. */
class WorkspaceAtomicWriteTest {
  @TempDir
  Path base;
  final ExecutorService pool = Executors.newFixedThreadPool(2);

  @AfterEach
  void stopPool() throws InterruptedException {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
  }

  /** Version {@code v}: a header with its number and body length, then a body of one repeated letter. */
  private static String version(int v) {
    int length = 200_000 + (v % 7) * 50_000;
    return "v" + v + " " + length + "\n" + String.valueOf((char) ('a' + v % 26)).repeat(length);
  }

  @Test
  void aReaderSeesTheOldOrTheNewContentInFullNeverAPart() throws Exception {
    Workspace ws = Workspace.at(base);
    ws.write("big.txt", version(0));
    AtomicBoolean writing = new AtomicBoolean(true);
    List<String> violations = new CopyOnWriteArrayList<>();
    AtomicInteger reads = new AtomicInteger();

    Future<?> reader = pool.submit(() -> {
      while (writing.get() || reads.get() == 0) {
        Optional<String> text = ws.read("big.txt");
        reads.incrementAndGet();
        if (text.isEmpty()) {
          violations.add("file missing during a rewrite");
          continue;
        }
        String s = text.get();
        int newline = s.indexOf('\n');
        if (newline < 0) {
          violations.add("partial header: " + s.length() + " chars");
          continue;
        }
        String[] header = s.substring(0, newline).split(" ");
        int v = Integer.parseInt(header[0].substring(1));
        int length = Integer.parseInt(header[1]);
        String body = s.substring(newline + 1);
        char letter = (char) ('a' + v % 26);
        if (body.length() != length || body.chars().anyMatch(c -> c != letter)) {
          violations.add("partial version " + v + ": " + body.length() + " of " + length + " chars");
        }
      }
      return null;
    });
    Future<?> writer = pool.submit(() -> {
      try {
        for (int v = 1; v <= 150; v++) {
          ws.write("big.txt", version(v));
        }
      } finally {
        writing.set(false);
      }
      return null;
    });
    writer.get(120, TimeUnit.SECONDS);
    reader.get(120, TimeUnit.SECONDS);

    assertThat(violations).isEmpty();
    assertThat(reads.get()).isPositive();
    assertThat(ws.read("big.txt")).contains(version(150));
    assertThat(ws.writtenBytes()).isEqualTo(version(150).length());
    assertThat(FileTrees.list(base)).containsExactly("f big.txt " + version(150).length());
  }

  /** A mover that fails while {@code failing} is set, and otherwise moves and records its options. */
  private static final class FlakyMover implements AtomicFiles.Mover {
    final AtomicBoolean failing = new AtomicBoolean(true);
    final List<List<CopyOption>> calls = new ArrayList<>();

    @Override
    public void move(Path source, Path target, CopyOption... options) throws IOException {
      calls.add(Arrays.asList(options));
      assertThat(source.getParent()).isEqualTo(target.getParent());
      assertThat(source.getFileName().toString()).startsWith(Workspace.TEMP_PREFIX);
      if (failing.get()) {
        throw new IOException("No space left on device (injected)");
      }
      Files.move(source, target, options);
    }
  }

  @Test
  void aFailedWriteRemovesItsTemporaryFileAndTheFoldersItMadeAndGivesBackItsReservation() throws IOException {
    FlakyMover mover = new FlakyMover();
    Workspace ws = Workspace.builder(base).maxFiles(1).mover(mover).build();
    Files.createDirectories(base.resolve("pkg"));
    List<String> before = FileTrees.list(base);

    assertThatThrownBy(() -> ws.write("pkg/new/deeper/mod.py", "x = 1\n"))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("cannot write \"pkg/new/deeper/mod.py\" in workspace " + ws.root())
        .hasMessageContaining("No space left on device (injected)");

    assertThat(FileTrees.list(base)).isEqualTo(before);
    assertThat(ws.writtenFiles()).isZero();
    assertThat(ws.writtenBytes()).isZero();

    mover.failing.set(false);
    ws.write("pkg/new/deeper/mod.py", "x = 1\n"); // the one file slot was given back
    assertThat(ws.files()).containsExactly("pkg/new/deeper/mod.py");
    assertThat(ws.writtenFiles()).isEqualTo(1);
  }

  @Test
  void aFailedRewriteKeepsTheOldContentAndItsAccounting() {
    FlakyMover mover = new FlakyMover();
    mover.failing.set(false);
    Workspace ws = Workspace.builder(base).mover(mover).build();
    ws.write("app.py", "old");
    mover.failing.set(true);

    assertThatThrownBy(() -> ws.write("app.py", "a much longer new version")).isInstanceOf(UncheckedIOException.class);

    assertThat(ws.read("app.py")).contains("old");
    assertThat(ws.writtenBytes()).isEqualTo(3);
    assertThat(ws.writtenFiles()).isEqualTo(1);
    assertThat(FileTrees.list(base)).containsExactly("f app.py 3");
  }

  @Test
  void writesFallBackToAReplacingMoveWhereAtomicMovesAreUnsupported() {
    List<List<CopyOption>> calls = new ArrayList<>();
    AtomicFiles.Mover noAtomicMoves = (source, target, options) -> {
      calls.add(Arrays.asList(options));
      if (Arrays.asList(options).contains(StandardCopyOption.ATOMIC_MOVE)) {
        throw new AtomicMoveNotSupportedException(source.toString(), target.toString(), "not on this file system");
      }
      Files.move(source, target, options);
    };
    Workspace ws = Workspace.builder(base).mover(noAtomicMoves).build();

    ws.write("a.txt", "first");
    ws.write("a.txt", "second");

    assertThat(ws.read("a.txt")).contains("second");
    assertThat(calls).containsExactly(
        List.of(StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING),
        List.of(StandardCopyOption.REPLACE_EXISTING),
        List.of(StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING),
        List.of(StandardCopyOption.REPLACE_EXISTING));
    assertThat(FileTrees.list(base)).containsExactly("f a.txt 6");
  }
}
