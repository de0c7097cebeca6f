package dev.spectra.orchestrator.workspace;

import static dev.spectra.orchestrator.workspace.Refusals.assertRefused;
import static dev.spectra.orchestrator.workspace.Refusals.refusal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spectra.orchestrator.workspace.UnsafePathException.Rule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Count, depth, name, file and total limits, exact under parallel writers. */
class WorkspaceLimitsTest {
  @TempDir
  Path base;
  final ExecutorService pool = Executors.newFixedThreadPool(16);

  @AfterEach
  void stopPool() throws InterruptedException {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void theFileCountLimitCountsDistinctPathsAndRewritesAreFree() {
    Workspace ws = Workspace.builder(base).maxFiles(3).build();
    ws.write("a.py", "a");
    ws.write("b.py", "b");
    ws.write("c/c.py", "c");
    List<String> before = FileTrees.list(base);

    UnsafePathException e = refusal(() -> ws.write("d/d.py", "d"));
    ws.write("a.py", "a again");

    assertThat(e.rule()).isEqualTo(Rule.TOO_MANY_FILES);
    assertThat(e.detail()).contains("already holds 3 files").contains("maxFiles");
    assertThat(base.resolve("d")).doesNotExist();
    assertThat(ws.writtenFiles()).isEqualTo(3);
    assertThat(ws.files()).containsExactly("a.py", "b.py", "c/c.py");
    assertThat(FileTrees.list(base)).hasSameSizeAs(before);
  }

  @Test
  void depthAndNameLengthLimitsAreConfigurable() {
    Workspace ws = Workspace.builder(base).maxDepth(3).maxNameBytes(10).build();

    ws.write("a/b/c.py", "x");
    ws.write("0123456789", "ten bytes of name");
    ws.write("\u00e9\u00e9\u00e9\u00e9\u00e9", "five two-byte characters");

    assertRefused(() -> ws.write("a/b/c/d.py", "x"), Rule.TOO_DEEP);
    assertRefused(() -> ws.write("01234567890", "x"), Rule.NAME_TOO_LONG);
    assertRefused(() -> ws.write("\u00e9\u00e9\u00e9\u00e9\u00e9a", "x"), Rule.NAME_TOO_LONG);
    assertThat(ws.files()).containsExactly("0123456789", "a/b/c.py", "\u00e9\u00e9\u00e9\u00e9\u00e9");
  }

  @Test
  void theFileSizeLimitCountsUtf8Bytes() {
    Workspace ws = Workspace.builder(base).maxFileBytes(10).build();

    ws.write("fits.txt", "\u00e9\u00e9\u00e9\u00e9\u00e9"); // 5 chars, 10 bytes
    UnsafePathException multiByte = refusal(() -> ws.write("over.txt", "\u00e9\u00e9\u00e9\u00e9\u00e9a"));
    UnsafePathException longString = refusal(() -> ws.write("long.txt", "x".repeat(1000)));

    assertThat(multiByte.rule()).isEqualTo(Rule.TOO_LARGE);
    assertThat(multiByte.detail()).startsWith("the content is 11 bytes in UTF-8, past this workspace's maxFileBytes "
        + "of 10");
    assertThat(longString.detail()).startsWith("the content is at least 1000 bytes");
    assertThat(ws.files()).containsExactly("fits.txt");
    assertThat(ws.writtenBytes()).isEqualTo(10);
  }

  @Test
  void theDefaultFileSizeLimitIsOneMebibyte() {
    Workspace ws = Workspace.at(base);

    ws.write("max.txt", "x".repeat(1 << 20));

    assertRefused(() -> ws.write("over.txt", "x".repeat((1 << 20) + 1)), Rule.TOO_LARGE);
    assertThat(ws.files()).containsExactly("max.txt");
  }

  @Test
  void theTotalLimitCountsEachFileAtItsLatestSize() {
    Workspace ws = Workspace.builder(base).maxTotalBytes(100).build();
    ws.write("a.txt", "a".repeat(60));
    ws.write("b.txt", "b".repeat(40));

    UnsafePathException full = refusal(() -> ws.write("c.txt", "c"));
    assertThat(full.rule()).isEqualTo(Rule.TOO_LARGE);
    assertThat(full.detail()).contains("to 101 bytes, past its maxTotalBytes of 100");
    assertRefused(() -> ws.write("a.txt", "a".repeat(61)), Rule.TOO_LARGE);
    assertThat(ws.read("a.txt")).contains("a".repeat(60));

    ws.write("a.txt", "a".repeat(10)); // shrinking frees 50 bytes
    assertThat(ws.writtenBytes()).isEqualTo(50);
    ws.write("c.txt", "c".repeat(50));

    assertThat(ws.writtenBytes()).isEqualTo(100);
    assertThat(ws.writtenFiles()).isEqualTo(3);
    assertRefused(() -> ws.write("d.txt", "d"), Rule.TOO_LARGE);
  }

  @Test
  void readingAFileLargerThanTheFileLimitIsRefused() throws IOException {
    Workspace ws = Workspace.builder(base).maxFileBytes(8).build();
    Files.writeString(base.resolve("log.txt"), "123456789"); // written by someone else, e.g. a test run

    UnsafePathException e = refusal(() -> ws.read("log.txt"));

    assertThat(e.rule()).isEqualTo(Rule.TOO_LARGE);
    assertThat(e.detail()).isEqualTo("the file is 9 bytes, past this workspace's maxFileBytes of 8; it was not read");
  }

  @Test
  void builderSettersRejectBadLimitsWithTheValue() {
    Workspace.Builder b = Workspace.builder(base);

    assertThatThrownBy(() -> b.maxFiles(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxFiles must be > 0, but was 0");
    assertThatThrownBy(() -> b.maxDepth(-1)).hasMessage("maxDepth must be > 0, but was -1");
    assertThatThrownBy(() -> b.maxNameBytes(0)).hasMessage("maxNameBytes must be between 1 and 255, but was 0");
    assertThatThrownBy(() -> b.maxNameBytes(256)).hasMessage("maxNameBytes must be between 1 and 255, but was 256");
    assertThatThrownBy(() -> b.maxFileBytes(0)).hasMessage("maxFileBytes must be > 0, but was 0");
    assertThatThrownBy(() -> b.maxTotalBytes(-5)).hasMessage("maxTotalBytes must be > 0, but was -5");
    assertThatThrownBy(() -> Workspace.builder(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("root == null");
  }

  @Test
  void aRootThatIsAFileIsRefusedWithTheReason() throws IOException {
    Path file = Files.writeString(base.resolve("file"), "x");

    assertThatThrownBy(() -> Workspace.at(file)).isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("cannot create workspace " + file);
  }

  @Test
  void parallelWritersHitTheFileCountLimitExactly() throws Exception {
    Workspace ws = Workspace.builder(base).maxFiles(50).build();
    Set<String> accepted = ConcurrentHashMap.newKeySet();
    AtomicInteger refused = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < 16; t++) {
      int thread = t;
      futures.add(pool.submit(() -> {
        start.await();
        for (int i = 0; i < 20; i++) {
          String path = "t" + thread + "/f" + i + ".txt";
          try {
            ws.write(path, path);
            accepted.add(path);
          } catch (UnsafePathException e) {
            assertThat(e.rule()).isEqualTo(Rule.TOO_MANY_FILES);
            refused.incrementAndGet();
          }
        }
        return null;
      }));
    }
    start.countDown();
    for (Future<?> f : futures) {
      f.get(60, TimeUnit.SECONDS);
    }

    assertThat(accepted).hasSize(50);
    assertThat(refused).hasValue(16 * 20 - 50);
    assertThat(ws.files()).containsExactlyInAnyOrderElementsOf(accepted);
    assertThat(ws.writtenFiles()).isEqualTo(50);
    assertThat(FileTrees.list(base)).noneMatch(line -> line.contains(Workspace.TEMP_PREFIX));
  }

  @Test
  void parallelWritersHitTheTotalByteLimitExactly() throws Exception {
    Workspace ws = Workspace.builder(base).maxTotalBytes(1000).build();
    AtomicInteger accepted = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < 16; t++) {
      int thread = t;
      futures.add(pool.submit(() -> {
        start.await();
        for (int i = 0; i < 10; i++) {
          try {
            ws.write("t" + thread + "-" + i + ".txt", "x".repeat(30));
            accepted.incrementAndGet();
          } catch (UnsafePathException e) {
            assertThat(e.rule()).isEqualTo(Rule.TOO_LARGE);
          }
        }
        return null;
      }));
    }
    start.countDown();
    for (Future<?> f : futures) {
      f.get(60, TimeUnit.SECONDS);
    }

    assertThat(accepted).hasValue(33);
    assertThat(ws.writtenBytes()).isEqualTo(990);
    assertThat(sizeOnDisk(ws)).isEqualTo(990);
  }

  @Test
  void parallelRewritesOfTheSameFilesLeaveTheTotalEqualToWhatIsOnDisk() throws Exception {
    Workspace ws = Workspace.builder(base).maxTotalBytes(1_000_000).build();
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      int thread = t;
      futures.add(pool.submit(() -> {
        start.await();
        for (int i = 0; i < 40; i++) {
          int size = 1 + (thread * 131 + i * 71) % 997;
          ws.write("shared/" + (i % 3) + ".txt", "s".repeat(size));
          ws.write("own/" + thread + ".txt", "o".repeat(size));
        }
        return null;
      }));
    }
    start.countDown();
    for (Future<?> f : futures) {
      f.get(60, TimeUnit.SECONDS);
    }

    assertThat(ws.writtenFiles()).isEqualTo(3 + 8);
    assertThat(ws.files()).hasSize(11);
    assertThat(ws.writtenBytes()).isEqualTo(sizeOnDisk(ws));
  }

  @Test
  void parallelWritersCreatingTheSameFoldersAllSucceed() throws Exception {
    Workspace ws = Workspace.at(base);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < 16; t++) {
      int thread = t;
      futures.add(pool.submit(() -> {
        start.await();
        ws.write("pkg/sub/deeper/module" + thread + ".py", "x = " + thread);
        return null;
      }));
    }
    start.countDown();
    for (Future<?> f : futures) {
      f.get(60, TimeUnit.SECONDS);
    }

    assertThat(ws.files()).hasSize(16).allMatch(p -> p.startsWith("pkg/sub/deeper/module"));
  }

  private static long sizeOnDisk(Workspace ws) throws IOException {
    long total = 0;
    for (String f : ws.files()) {
      total += Files.size(ws.root().resolve(f));
    }
    return total;
  }
}
