package dev.spectra.orchestrator.build;

import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.GeneratedFile;
import dev.spectra.orchestrator.RunContext;
import dev.spectra.orchestrator.internal.engine.RunJournal;
import dev.spectra.orchestrator.workspace.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Measures the chunked build engine; see docs/benchmarks.md for the command and recorded output.
 *
 * <ol>
 *   <li>Overhead per file: a 40-file plan (4 levels of 10) with an instant generator, at concurrency 1 and at the
 *       default concurrency, after a warm-up; the median of several builds, next to the durable I/O alone (40 atomic
 *       workspace writes plus 40 synced journal appends on one thread).
 *   <li>Parallel speed-up: levels of width 4/12/16/8 with a generator that sleeps 50 ms, at concurrency 1, 4 and 8,
 *       next to the ideal: the sum over levels of ceil(width / concurrency) x 50 ms.
 * </ol>
 */
public final class BuildEngineBenchmark {
  private static final int WARMUP = 20;
  private static final int RUNS = 25;
  private static final int SLEEP_MS = 50;
  private static final int[] WIDTHS = {4, 12, 16, 8};
  private static final String CONTENT = "def f() -> None:\n    pass\n";

  private BuildEngineBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path base = Files.createTempDirectory("spectra-build-bench-");
    try {
      System.out.printf(Locale.ROOT, "Java %s, %d cores, temp dir on %s%n", System.getProperty("java.version"),
          Runtime.getRuntime().availableProcessors(), Files.getFileStore(base).type());
      overhead(base);
      speedup(base);
    } finally {
      delete(base);
    }
  }

  private static void overhead(Path base) {
    ArchitecturePlan plan = Plans.layered(10, 10, 10, 10);
    int files = plan.files().size();
    int[] counter = {0};
    ChunkedBuild serial = ChunkedBuild.builder().stack(new FakeStack()).concurrency(1)
        .generator((request, ctx) -> CONTENT).build();
    ChunkedBuild parallel = ChunkedBuild.builder().stack(new FakeStack()).generator((request, ctx) -> CONTENT).build();
    // The three measurements take turns, so that the noise of a shared machine hits them alike.
    double[][] ms = new double[3][RUNS];
    for (int i = 0; i < WARMUP + RUNS; i++) {
      double a = time(() -> serial.build(plan, context(base, "serial", counter)));
      double b = time(() -> parallel.build(plan, context(base, "parallel", counter)));
      double c = time(() -> durableIo(plan, Workspace.at(base.resolve("io-" + counter[0]++))));
      if (i >= WARMUP) {
        ms[0][i - WARMUP] = a;
        ms[1][i - WARMUP] = b;
        ms[2][i - WARMUP] = c;
      }
    }
    String[] names = {"build, concurrency 1", "build, concurrency " + ChunkedBuild.DEFAULT_CONCURRENCY,
        "durable I/O alone, 1 thread"};
    System.out.println();
    System.out.printf(Locale.ROOT, "(1) engine overhead, %d-file plan (levels 10/10/10/10), instant generator, "
        + "median of %d rounds after %d warm-up rounds%n", files, RUNS, WARMUP);
    for (int k = 0; k < 3; k++) {
      double median = median(ms[k]);
      System.out.printf(Locale.ROOT, "    %-28s %7.2f ms = %6.3f ms/file  (min %.2f, max %.2f ms)%n", names[k], median,
          median / files, Arrays.stream(ms[k]).min().orElse(0), Arrays.stream(ms[k]).max().orElse(0));
    }
    double[] beyond = new double[RUNS];
    for (int i = 0; i < RUNS; i++) {
      beyond[i] = (ms[0][i] - ms[2][i]) / files;
    }
    System.out.printf(Locale.ROOT, "    engine beyond the I/O at concurrency 1: median %.3f ms/file (same-round differences)%n",
        median(beyond));
  }

  /** What a build must do durably for each file, on one thread: an atomic workspace write and a synced journal line. */
  private static void durableIo(ArchitecturePlan plan, Workspace ws) {
    try (RunJournal.Appender journal = RunJournal.Appender.open(ws, "run-io")) {
      for (var spec : plan.files()) {
        GeneratedFile file = GeneratedFile.of(spec.path(), CONTENT, GeneratedFile.Origin.LLM, 1, null);
        ws.write(file.path(), file.content());
        journal.append(RunJournal.Entry.of(file));
      }
    }
  }

  private static double time(Runnable body) {
    long start = System.nanoTime();
    body.run();
    return (System.nanoTime() - start) / 1e6;
  }

  private static void speedup(Path base) {
    ArchitecturePlan plan = Plans.layered(WIDTHS);
    System.out.println();
    System.out.printf(Locale.ROOT, "(2) levels %s (%d files), generator sleeps %d ms, median of 3 builds%n",
        Arrays.toString(WIDTHS), plan.files().size(), SLEEP_MS);
    System.out.println("    concurrency | wall ms | ideal ms | over ideal");
    int[] counter = {0};
    for (int concurrency : new int[] {1, 4, 8}) {
      ChunkedBuild engine = ChunkedBuild.builder().stack(new FakeStack()).concurrency(concurrency)
          .generator((request, ctx) -> {
            try {
              Thread.sleep(SLEEP_MS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new IllegalStateException(e);
            }
            return "x = 1\n";
          }).build();
      double[] wall = new double[3];
      for (int i = 0; i < wall.length; i++) {
        RunContext context = context(base, "speedup", counter);
        wall[i] = time(() -> engine.build(plan, context));
      }
      long ideal = 0;
      for (int width : WIDTHS) {
        ideal += (long) Math.ceil(width / (double) concurrency) * SLEEP_MS;
      }
      double median = median(wall);
      System.out.printf(Locale.ROOT, "    %11d | %7.0f | %8d | %+8.1f %%%n", concurrency, median, ideal,
          (median - ideal) * 100.0 / ideal);
    }
  }

  private static RunContext context(Path base, String name, int[] counter) {
    String id = name + "-" + (++counter[0]);
    return RunContext.builder().runId("run-" + id).workspace(Workspace.at(base.resolve(id))).build();
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static void delete(Path root) throws IOException {
    List<Path> all = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root)) {
      walk.forEach(all::add);
    }
    all.sort(Comparator.reverseOrder());
    for (Path p : all) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
