package dev.spectra.orchestrator.llm;

import dev.langchain4j.model.chat.ChatModel;
import dev.spectra.orchestrator.Activity;
import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.GeneratedFile;
import dev.spectra.orchestrator.RunEvent;
import dev.spectra.orchestrator.RunReport;
import dev.spectra.orchestrator.ServiceRequest;
import dev.spectra.orchestrator.stack.python.PythonFastApiStack;
import dev.spectra.orchestrator.test.ChaosChatModel;
import dev.spectra.orchestrator.test.ChaosMode;
import dev.spectra.orchestrator.test.ChaosProfile;
import dev.spectra.orchestrator.test.Reply;
import dev.spectra.orchestrator.test.ScriptedChatModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmark (2): 200 seeded runs (plan and build) of a 12-file service through the real orchestrator and the whole
 * LLM layer, the model wrapped in the test kit's ChaosChatModel with the small-local-model profile (fences 40 %,
 * prose 20 %, trailing commas 10 %, truncation 10 %, a missing field 10 %, 429 5 %). A run succeeds when its plan and
 * every file equal those of the fault-free run. Prints the success rate and model calls per reply (429 attempts
 * included). Run: see docs/benchmarks.md.
 */
public final class ChaosBenchmark {
  private static final int RUNS = 200;
  private static final ModelSpec MODEL = new ModelSpec("local", "small-7b", Set.of(ModelSpec.Capability.JSON_SCHEMA));

  private ChaosBenchmark() {}

  record Outcome(RunReport report, Map<String, String> files) {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : RUNS;
    ArchitecturePlan plan = BenchPlans.chain(12);
    String planJson = BenchPlans.json(plan);
    int replies = 1 + plan.files().size(); // one plan reply, one reply per model-written file

    Outcome reference = run(base(planJson), null);
    if (reference.report().outcome() != RunReport.Outcome.SUCCEEDED) {
      throw new IllegalStateException("the fault-free run failed: " + reference.report().failure());
    }

    int succeeded = 0;
    long calls = 0;
    long repromptEvents = 0;
    long retryEvents = 0;
    Map<ChaosMode, Long> injected = new EnumMap<>(ChaosMode.class);
    Map<String, Integer> failures = new LinkedHashMap<>();
    for (int seed = 1; seed <= runs; seed++) {
      ChaosChatModel chaos = ChaosChatModel.builder(base(planJson)).seed(seed).profile(ChaosProfile.smallLocalModel()).build();
      AtomicLong reprompts = new AtomicLong();
      AtomicLong retries = new AtomicLong();
      Outcome o = run(chaos, e -> {
        if (e instanceof RunEvent.Repaired r && r.kind() == RunEvent.Repaired.Kind.REPROMPT) {
          reprompts.incrementAndGet();
        } else if (e instanceof RunEvent.Retrying) {
          retries.incrementAndGet();
        }
      });
      calls += chaos.calls();
      repromptEvents += reprompts.get();
      retryEvents += retries.get();
      chaos.counts().forEach((m, c) -> injected.merge(m, c, Long::sum));
      boolean same = o.report().outcome() == RunReport.Outcome.SUCCEEDED
          && plan.equals(o.report().plan()) && reference.files().equals(o.files());
      if (same) {
        succeeded++;
      } else {
        String why = o.report().failure() == null ? "different output" : o.report().failure().type();
        failures.merge(why, 1, Integer::sum);
      }
    }
    double perReply = (double) calls / ((long) runs * replies);
    double success = 100.0 * succeeded / runs;
    System.out.println("Chaos: " + runs + " seeded runs (seeds 1.." + runs + ") of a " + plan.files().size()
        + "-file service, plan + build, ChaosProfile.smallLocalModel()");
    System.out.println("replies per run: " + replies + " (1 plan + " + plan.files().size() + " files)");
    System.out.println("faults injected: " + injected);
    System.out.printf(Locale.ROOT, "success (plan and every file equal to the fault-free run): %d / %d = %.1f %% (target >= 99 %%): %s%n",
        succeeded, runs, success, success >= 99 ? "PASS" : "FAIL");
    System.out.printf(Locale.ROOT, "model calls per reply, 429 attempts included: %d / %d = %.3f (target <= 1.6): %s%n",
        calls, (long) runs * replies, perReply, perReply <= 1.6 ? "PASS" : "FAIL");
    System.out.println("re-prompts: " + repromptEvents + ", retries after 429: " + retryEvents);
    if (!failures.isEmpty()) {
      System.out.println("failed runs by cause: " + failures);
    }
  }

  static ScriptedChatModel base(String planJson) {
    return ScriptedChatModel.create().otherwise(Reply.computed(r -> BenchPlans.answer(PromptTokensBenchmark.firstUser(r), planJson)));
  }

  static Outcome run(ChatModel model, dev.spectra.orchestrator.RunListener listener) throws Exception {
    Path ws = Files.createTempDirectory("chaos-");
    SpectraLlm llm = SpectraLlm.builder(ModelRouter.of(MODEL, model)).sleeper(d -> { })
        .maxReplyAttempts(Integer.getInteger("attempts", dev.spectra.orchestrator.llm.internal.Replies.DEFAULT_MAX_ATTEMPTS)).build();
    var builder = llm.orchestrator(new PythonFastApiStack(), ws).stopAfter(Activity.BUILD);
    if (listener != null) {
      builder.listener(listener);
    }
    RunReport report = builder.build().run(ServiceRequest.of("A service that keeps records of 11 kinds in memory."));
    Map<String, String> files = new LinkedHashMap<>();
    if (report.build() != null) {
      for (GeneratedFile f : report.build().files()) {
        files.put(f.path(), f.content());
      }
    }
    return new Outcome(report, files);
  }

}
