package dev.spectra.orchestrator.temporal;

import com.sun.net.httpserver.HttpServer;
import dev.spectra.orchestrator.Activity;
import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.FileKind;
import dev.spectra.orchestrator.FileSpec;
import dev.spectra.orchestrator.Priority;
import dev.spectra.orchestrator.RunReport;
import dev.spectra.orchestrator.build.FileGenerator;
import dev.spectra.orchestrator.stack.TextStack;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.WorkerOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * A 48-file build (4 dependency levels of 12) on 1, 2 and 4 {@link SpectraWorker}s, each with 4 activity slots, run
 * concurrency 16, against a local model server that answers every call after 100 ms; wall time against the critical
 * path (4 levels x 100 ms) and the ideal for the slots (per level, ceil(12 / slots) x 100 ms). One JVM, the in-process
 * Temporal test server (real time), 1 warm-up run, then the median of 3 runs per row. See docs/benchmarks.md.
 */
public final class ScaleOutBenchmark {
  static final int LEVELS = 4;
  static final int WIDTH = 12;
  static final int SLOTS_PER_WORKER = 4;
  static final int CONCURRENCY = 16;
  static final long MODEL_MILLIS = 100;
  static final int RUNS = 3;

  private ScaleOutBenchmark() {}

  public static void main(String[] args) throws Exception {
    HttpServer model = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    model.setExecutor(Executors.newCachedThreadPool());
    model.createContext("/complete", exchange -> {
      exchange.getRequestBody().readAllBytes();
      try {
        Thread.sleep(MODEL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      byte[] body = "GET /x -> ok\n".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    model.start();
    URI uri = URI.create("http://127.0.0.1:" + model.getAddress().getPort() + "/complete");
    HttpClient http = HttpClient.newHttpClient();
    FileGenerator generator = (request, ctx) -> {
      try {
        return http.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(request.file().path())).build(),
            HttpResponse.BodyHandlers.ofString()).body();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    };
    System.out.printf("48-file build (%d levels x %d files), %d ms per model call, %d activity slots per worker,"
        + " concurrency %d; critical path %d ms%n", LEVELS, WIDTH, MODEL_MILLIS, SLOTS_PER_WORKER, CONCURRENCY,
        LEVELS * MODEL_MILLIS);
    System.out.printf("%-8s %-6s %-10s %-12s %-14s%n", "workers", "slots", "ideal ms", "median ms", "vs critical path");
    try {
      for (int workers : new int[] {1, 2, 4}) {
        long median = measure(workers, generator);
        int slots = workers * SLOTS_PER_WORKER;
        long ideal = LEVELS * (long) Math.ceil(WIDTH / (double) Math.min(slots, CONCURRENCY)) * MODEL_MILLIS;
        System.out.printf("%-8d %-6d %-10d %-12d %.2fx%n", workers, slots, ideal, median, median / (double) (LEVELS * MODEL_MILLIS));
      }
    } finally {
      model.stop(0);
    }
    System.exit(0);
  }

  private static long measure(int workers, FileGenerator generator) throws IOException {
    Path dir = Files.createTempDirectory("spectra-scale-out-");
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance(
        TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build())) {
      List<SpectraWorker> started = new ArrayList<>();
      for (int i = 0; i < workers; i++) {
        started.add(SpectraWorker.builder(env.getWorkflowClient()).workspace(dir).stack(new TextStack())
            .fileGenerator(generator).name("w" + i)
            .workerOptions(WorkerOptions.newBuilder().setMaxConcurrentActivityExecutionSize(SLOTS_PER_WORKER).build())
            .build().start());
      }
      TemporalOrchestrator orchestrator = TemporalOrchestrator.builder(env.getWorkflowClient()).workspace(dir)
          .concurrency(CONCURRENCY).stopAfter(Activity.BUILD).build();
      orchestrator.build(plan()); // warm-up
      List<Long> times = new ArrayList<>();
      for (int r = 0; r < RUNS; r++) {
        long t0 = System.nanoTime();
        RunReport report = orchestrator.build(plan());
        times.add((System.nanoTime() - t0) / 1_000_000);
        if (!report.succeeded() || report.build().files().size() != LEVELS * WIDTH) {
          throw new IllegalStateException("the benchmark's build failed: " + report.failure());
        }
      }
      started.forEach(SpectraWorker::close);
      times.sort(Long::compare);
      return times.get(times.size() / 2);
    }
  }

  /** 4 levels of 12 files; every file of a level depends on the first file of the level before. */
  static ArchitecturePlan plan() {
    List<FileSpec> files = new ArrayList<>();
    for (int level = 0; level < LEVELS; level++) {
      for (int i = 0; i < WIDTH; i++) {
        List<String> deps = level == 0 ? List.of() : List.of(String.format("service/l%d/f00.txt", level - 1));
        files.add(new FileSpec(String.format("service/l%d/f%02d.txt", level, i), "file", FileKind.SOURCE, Priority.NORMAL, deps));
      }
    }
    return new ArchitecturePlan("scale-out", "", TextStack.ID, files.get(0).path(), files, List.of(), List.of());
  }
}
