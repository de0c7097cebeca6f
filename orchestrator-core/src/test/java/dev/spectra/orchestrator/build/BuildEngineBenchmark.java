package dev.spectra.orchestrator.build;

import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.GeneratedFile;
import dev.spectra.orchestrator.RunContext;
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
 *   <li>Overhead per file: a 40-file plan (4 levels of 10) with an instant generator, at the default concurrency,
 *       after a warm-up; the median of several builds, next to the floor set by the durable I/O alone (40 atomic
 *       file writes plus 40 forced journal appends).
 *   <li>Parallel speed-up: levels of width 4/12/16/8 with a generator that sleeps 50 ms, at concurrency 1, 4 and 8,
 *       next to the ideal: the sum over levels of ceil(width / concurrency) x 50 ms.
 * </ol>
 */
public final class BuildEngineBenchmark {
  private static final int WARMUP = 30;
  private static final int RUNS = 15;
  private static final int SLEEP_MS = 50;
  private static final int[] WIDTHS = {4, 12, 16, 8};

  private BuildEngineBenchmark() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
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
    ChunkedBuild engine = ChunkedBuild.builder().stack(new FakeStack())
        .generator((request, ctx) -> "def f() -> None:\n    pass\n").build();
    int[] counter = {0};
    for (int i = 0; i < WARMUP; i++) {
      engine.build(plan, context(base, "warm", counter));
    }
    double[] build = new double[RUNS];
    for (int i = 0; i < RUNS; i++) {
      RunContext context = context(base, "overhead", counter);
      long start = System.nanoTime();
      engine.build(plan, context);
      build[i] = (System.nanoTime() - start) / 1e6;
    }
    double[] io = new double[RUNS];
    for (int i = 0; i < WARMUP + RUNS; i++) {
      Workspace ws = Workspace.at(base.resolve("io-" + i));
      long start = System.nanoTime();
      try (RunJournal.Appender journal = RunJournal.Appender.open(ws, "run-io")) {
        for (var spec : plan.files()) {
          GeneratedFile file = GeneratedFile.of(spec.path(), "def f() -> None:\n    pass\n", GeneratedFile.Origin.LLM, 1, null);
          ws.write(file.path(), file.content());
          journal.append(RunJournal.Entry.of(file));
        }
      }
      if (i >= WARMUP) {
        io[i - WARMUP] = (System.nanoTime() - start) / 1e6;
      }
    }
    double medianBuild = median(build);
    double medianIo = median(io);
    System.out.println();
    System.out.printf(Locale.ROOT, "(1) engine overhead, %d-file plan (levels 10/10/10/10), instant generator, concurrency %d, "
        + "median of %d builds after %d warm-up builds%n", files, ChunkedBuild.DEFAULT_CONCURRENCY, RUNS, WARMUP);
    System.out.printf(Locale.ROOT, "    whole build              %8.2f ms  = %6.3f ms/file  (min %.2f, max %.2f ms)%n",
        medianBuild, medianBuild / files, Arrays.stream(build).min().orElse(0), Arrays.stream(build).max().orElse(0));
    System.out.printf(Locale.ROOT, "    durable I/O floor        %8.2f ms  = %6.3f ms/file  (atomic write + forced journal line)%n",
        medianIo, medianIo / files);
    System.out.printf(Locale.ROOT, "    engine beyond the I/O    %8.2f ms  = %6.3f ms/file%n",
        medianBuild - medianIo, (medianBuild - medianIo) / files);
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
        long start = System.nanoTime();
        engine.build(plan, context);
        wall[i] = (System.nanoTime() - start) / 1e6;
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
