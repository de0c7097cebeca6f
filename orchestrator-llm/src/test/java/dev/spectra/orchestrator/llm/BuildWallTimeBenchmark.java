package dev.spectra.orchestrator.llm;

import dev.spectra.orchestrator.Activity;
import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.FileSpec;
import dev.spectra.orchestrator.RunReport;
import dev.spectra.orchestrator.ServiceRequest;
import dev.spectra.orchestrator.stack.python.PythonFastApiStack;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Benchmark (3): wall time of plan + build of a 24-file service against a local OpenAI-protocol server that answers
 * every call after 100 ms, through the real LangChain4j client, the gateway and the orchestrator, at build
 * concurrency 1 and 8; next to the ideal: the plan call plus, per dependency level, ceil(width / concurrency) x
 * 100 ms. Median of 5 runs after one warm-up run. {@code -DdelayMs=0} measures the layer's own cost per call
 * (HTTP over loopback, LangChain4j, the gateway, the ladder, the engine's durable writes). Run: see
 * docs/benchmarks.md.
 */
public final class BuildWallTimeBenchmark {
  private static final int DELAY_MS = Integer.getInteger("delayMs", 100);
  private static final int[] WIDTHS = {8, 8, 6, 2};

  private BuildWallTimeBenchmark() {}

  public static void main(String[] args) throws Exception {
    // the JDK server's default Nagle / delayed-ACK interplay adds ~44 ms per round trip (LangChain4j notes, section 7)
    System.setProperty("sun.net.httpserver.nodelay", "true");
    ArchitecturePlan plan = BenchPlans.levels(WIDTHS);
    String planJson = BenchPlans.json(plan);
    List<List<FileSpec>> levels = plan.levels();
    int[] widths = levels.stream().mapToInt(List::size).toArray();
    System.out.println("Plan + build of " + plan.files().size() + " files in levels " + Arrays.toString(widths)
        + ", server answers after " + DELAY_MS + " ms, OpenAI protocol over loopback, median of 5 runs after 1 warm-up");
    System.out.println();
    System.out.println(" concurrency | wall ms | ideal ms | over ideal | over ideal per call");
    try (FakeLlmServer server = new FakeLlmServer()) {
      server.otherwise(new FakeLlmServer.Answer(200, java.util.Map.of(), req -> {
        String first = req.path("messages").get(1).path("content").asText();
        return FakeLlmServer.openAi(BenchPlans.answer(first, planJson), 800, 200, 0).body().apply(req);
      }, DELAY_MS));
      for (int concurrency : new int[] {1, 8}) {
        List<Long> times = new ArrayList<>();
        for (int run = 0; run < 6; run++) {
          long t = once(server, concurrency);
          if (run > 0) {
            times.add(t);
          }
        }
        times.sort(null);
        long wall = times.get(2);
        long ideal = DELAY_MS;
        for (int w : widths) {
          ideal += (long) Math.ceil((double) w / concurrency) * DELAY_MS;
        }
        String over = ideal == 0 ? "     n/a" : String.format(Locale.ROOT, "%+6.1f %%", 100.0 * (wall - ideal) / ideal);
        System.out.printf(Locale.ROOT, "%12d | %7d | %8d | %10s | %+8.1f ms%n", concurrency, wall, ideal, over,
            (double) (wall - ideal) / (plan.files().size() + 1));
      }
    }
  }

  static long once(FakeLlmServer server, int concurrency) throws Exception {
    LlmConfig config = LlmConfig.builder().provider("openai").openAiApiKey("sk-bench").openAiBaseUrl(server.openAiBaseUrl()).build();
    var orchestrator = SpectraLlm.orchestrator(ModelRouter.from(config), new PythonFastApiStack(),
        Files.createTempDirectory("walltime-")).concurrency(concurrency).stopAfter(Activity.BUILD).build();
    long start = System.nanoTime();
    RunReport report = orchestrator.run(ServiceRequest.of("A service in four levels."));
    long ms = (System.nanoTime() - start) / 1_000_000;
    if (report.outcome() != RunReport.Outcome.SUCCEEDED) {
      throw new IllegalStateException("run failed: " + report.failure());
    }
    return ms;
  }
}
