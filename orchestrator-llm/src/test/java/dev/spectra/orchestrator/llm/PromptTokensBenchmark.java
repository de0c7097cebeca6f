package dev.spectra.orchestrator.llm;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.spectra.orchestrator.Activity;
import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.RunReport;
import dev.spectra.orchestrator.llm.internal.Tokens;
import dev.spectra.orchestrator.stack.TargetStack;
import dev.spectra.orchestrator.stack.python.PythonFastApiStack;
import dev.spectra.orchestrator.test.ScriptedChatModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Benchmark (1): prompt tokens per generated file (o200k) for plans of 5, 20 and 50 files, built by the real
 * orchestrator with the python-fastapi profile (its real signature extraction) over a scripted model. Prints, per
 * plan, the largest and mean per-file prompt without the plan block, and the plan block itself; then the
 * dependency-signature part of the largest 50-file prompt. Run: see docs/benchmarks.md.
 */
public final class PromptTokensBenchmark {
  private PromptTokensBenchmark() {}

  record Row(int files, int prompts, long maxWithoutSummary, double meanWithoutSummary, long maxSummary, long maxTotal,
      String largestPath, String largestUser, ChatRequest largest) {}

  /** The stack of a run: its id, how to make a plan of n files, and a file's deterministic code. */
  record Bench(TargetStack stack, java.util.function.IntFunction<ArchitecturePlan> plan,
      java.util.function.Function<String, String> code, String fence) {}

  static final Bench PYTHON = new Bench(new PythonFastApiStack(), BenchPlans::chain, BenchPlans::code, "python");
  static final Bench JAVA = new Bench(new dev.spectra.orchestrator.stack.java.JavaSpringBootStack(), JavaBenchPlans::chain,
      JavaBenchPlans::code, "java");

  /** {@code args[0]}: {@code python-fastapi} (default) or {@code java-spring-boot}. */
  public static void main(String[] args) throws Exception {
    Bench bench = args.length > 0 && args[0].equals("java-spring-boot") ? JAVA : PYTHON;
    System.out.println("Prompt tokens per generated file (o200k_base), " + bench.stack().id()
        + " profile, each module depending on up to 3 others");
    System.out.println();
    System.out.println(" files | file prompts | largest w/o plan block | mean w/o plan block | plan block (largest) | largest total");
    List<Row> rows = new ArrayList<>();
    for (int n : new int[] {5, 20, 50}) {
      Row r = measure(bench, n, Files.createTempDirectory("prompt-tokens-"));
      rows.add(r);
      System.out.printf(Locale.ROOT, "%6d | %12d | %22d | %19.1f | %20d | %13d%n", r.files(), r.prompts(), r.maxWithoutSummary(),
          r.meanWithoutSummary(), r.maxSummary(), r.maxTotal());
    }
    double ratio = (double) rows.get(2).maxWithoutSummary() / rows.get(0).maxWithoutSummary();
    System.out.println();
    System.out.printf(Locale.ROOT, "largest per-file prompt without the plan block, 50 files / 5 files = %.3f (target <= 1.1): %s%n",
        ratio, ratio <= 1.1 ? "PASS" : "FAIL");
    Row last = rows.get(2);
    String user = last.largestUser();
    int from = user.indexOf("Signatures of the files it depends on:");
    System.out.println();
    System.out.println("Dependency signatures in the largest 50-file prompt (" + last.largestPath() + "):");
    System.out.println(user.substring(from).strip());
  }

  static Row measure(int files, Path ws) {
    return measure(PYTHON, files, ws);
  }

  static Row measure(Bench bench, int files, Path ws) {
    ArchitecturePlan plan = bench.plan().apply(files);
    String planJson = BenchPlans.json(plan);
    ScriptedChatModel model = ScriptedChatModel.create().otherwise(dev.spectra.orchestrator.test.Reply.computed(r -> {
      String path = BenchPlans.requestedPath(firstUser(r));
      return path == null ? planJson : "```" + bench.fence() + "\n" + bench.code().apply(path) + "```";
    }));
    RunReport report = SpectraLlm.orchestrator(model, bench.stack(), ws).stopAfter(Activity.BUILD).build()
        .build(plan);
    if (report.outcome() != RunReport.Outcome.SUCCEEDED) {
      throw new IllegalStateException("build failed: " + report.failure());
    }
    long max = 0;
    long maxSummary = 0;
    long maxTotal = 0;
    long sum = 0;
    int prompts = 0;
    String largestPath = "";
    String largestUser = "";
    ChatRequest largest = null;
    for (ChatRequest r : model.requests()) {
      String user = lastUser(r);
      String path = BenchPlans.requestedPath(user);
      if (path == null) {
        continue;
      }
      long total = Tokens.estimate(r);
      int start = user.indexOf("<plan>");
      int end = user.indexOf("</plan>") + "</plan>".length();
      long summary = Tokens.count(user.substring(start, end));
      long without = total - summary;
      prompts++;
      sum += without;
      maxSummary = Math.max(maxSummary, summary);
      maxTotal = Math.max(maxTotal, total);
      if (without > max) {
        max = without;
        largestPath = path;
        largestUser = user;
        largest = r;
      }
    }
    return new Row(files, prompts, max, (double) sum / prompts, maxSummary, maxTotal, largestPath, largestUser, largest);
  }

  static String lastUser(ChatRequest r) {
    ChatMessage m = r.messages().get(r.messages().size() - 1);
    return Tokens.textOf(m);
  }

  /** The first user message: what a re-prompted conversation is about. */
  static String firstUser(ChatRequest r) {
    for (ChatMessage m : r.messages()) {
      if (m instanceof dev.langchain4j.data.message.UserMessage) {
        return Tokens.textOf(m);
      }
    }
    return "";
  }
}
