package dev.spectra.orchestrator.examples.cli;

import dev.spectra.orchestrator.Activity;
import dev.spectra.orchestrator.HealthReport;
import dev.spectra.orchestrator.Orchestrator;
import dev.spectra.orchestrator.RunReport;
import dev.spectra.orchestrator.ServiceRequest;
import dev.spectra.orchestrator.TestReport;
import dev.spectra.orchestrator.llm.ModelRouter;
import dev.spectra.orchestrator.sandbox.Sandbox;
import dev.spectra.orchestrator.stack.ToolchainUnavailableException;
import dev.spectra.orchestrator.stack.java.JavaSpringBootStack;
import dev.spectra.orchestrator.stack.java.MavenRepository;
import dev.spectra.orchestrator.stack.python.PythonToolchain;
import dev.spectra.orchestrator.test.ReplayChatModel;
import dev.spectra.orchestrator.test.UnexpectedRequestError;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code spectra demo}: replays the shipped cassettes of three requests (two python-fastapi services, one
 * java-spring-boot service) through all five activities, offline. The model replies are hand-written (with the
 * formatting faults small local models make) and replayed; Test, Deploy and Monitor run for real on the local Python,
 * or on the JDK and Maven. For each request it prints what {@link ReportPrinter} prints for a run,
 * then the repairs the run performed next to the faults the cassette planted.
 *
 * <p>Exit 0 when every run succeeded and the repairs match (also when Test, Deploy and Monitor were skipped for want
 * of Python, which it says); 1 when a run failed, the repairs differ, or a cassette does not fit this build's prompts
 * (stale cassettes: the line says how to regenerate them).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Replays hand-written model replies for three requests through all five activities: offline, no model"
        + " is called, nothing is spent.",
        "Test, Deploy and Monitor run for real: the two Python requests on the local Python (fastapi, uvicorn, httpx,"
            + " pytest), the Spring Boot request on the JDK and Maven (its dependencies are downloaded once); without"
            + " them they are skipped. SPECTRA_PYTHON=none switches the Python probe off."})
final class DemoCommand implements Callable<Integer> {
  @ParentCommand
  SpectraCli root;

  @Option(names = "--out", paramLabel = "DIR",
      description = {"Write each request's service into DIR/<request> (default: out/demo/<request>-<time>).",
          "Never / or a system folder; a non-empty folder only when it holds earlier spectra output, or with --force."})
  Path out;

  @Option(names = "--force", description = "Overwrite files edited since the last demo, and write into a non-empty"
      + " --out folder that holds no earlier spectra output.")
  boolean force;

  @Option(names = "--cassettes", paramLabel = "DIR", hidden = true,
      description = "Replay <request>.json from DIR instead of the cassettes shipped in the jar.")
  Path cassettes;

  /** One request's run. */
  private record Result(DemoRequest request, RunReport report, RepairComparison repairs) {}

  @Override
  public Integer call() {
    CliContext ctx = root.context();
    if (out != null) {
      Path dir = ctx.resolve(out.toString());
      OutputFolder.check(dir, force, "--out");
      List<String> edited = new ArrayList<>();
      for (DemoRequest r : DemoRequest.values()) {
        Manifest.edited(dir.resolve(r.id())).forEach(f -> edited.add(r.id() + "/" + f));
      }
      if (!edited.isEmpty() && !force) {
        throw CliFailure.usage("--out " + dir + " holds files edited since the last demo wrote them: "
            + String.join(", ", edited.subList(0, Math.min(5, edited.size())))
            + (edited.size() > 5 ? " and " + (edited.size() - 5) + " more" : "")
            + "; choose another --out folder, or add --force to overwrite them");
      }
    }
    PrintWriter o = ctx.out();
    Wiring wiring = new Wiring(ctx);
    Optional<PythonToolchain> python = wiring.python();
    intro(o, python, wiring.pythonSwitchedOff());
    List<Result> results = new ArrayList<>();
    DemoRequest[] requests = DemoRequest.values();
    for (int i = 0; i < requests.length; i++) {
      results.add(run(ctx, wiring, requests[i], i + 1, requests.length));
    }
    return summary(ctx, results);
  }

  private static void intro(PrintWriter o, Optional<PythonToolchain> python, boolean pythonOff) {
    o.println("SPECTRA demo: " + DemoRequest.values().length + " requests through plan > build > test > deploy > monitor.");
    o.println("The model replies were written by hand to look like a small local model's, formatting faults included,");
    o.println("and are replayed from cassettes shipped with spectra: no model is called, nothing is spent.");
    o.println("Token counts were made with the o200k_base tokenizer (GPT-4o's); costs are what " + DemoRequest.PRICED_AS
        + " would charge for them.");
    o.println(python.map(p -> "Python requests: Test, Deploy and Monitor run for real with " + p.description() + ".")
        .orElse(pythonOff ? "Python requests: " + PythonToolchain.ENV + "=" + PythonToolchain.NONE + " switches the"
            + " Python probe off, so their Test, Deploy and Monitor will be SKIPPED."
            : "Python requests: no Python with fastapi, uvicorn, httpx and pytest was found, so their Test, Deploy and"
            + " Monitor will be SKIPPED; " + PythonToolchain.INSTALL_HINT + "."));
    if (!MavenRepository.isPrepared(MavenRepository.defaultLocation())) {
      o.println("Java requests: preparing the shared Maven repository " + MavenRepository.defaultLocation() + " (once per"
          + " machine: Spring Boot " + JavaSpringBootStack.SPRING_BOOT_VERSION + " from Maven Central, about a minute)...");
    }
    o.flush();
    try {
      o.println("Java requests: Test, Deploy and Monitor run for real with "
          + DemoRequest.HELLO_SPRING_BOOT.stack().discoverToolchain().description() + ".");
    } catch (ToolchainUnavailableException e) {
      o.println("Java requests: Test, Deploy and Monitor will be SKIPPED: " + e.getMessage());
    }
    Sandbox.isolationProblem().ifPresent(problem -> o.println("bubblewrap is unusable, so the demo's shipped, hand-written code"
        + " runs WITHOUT a sandbox (generated code never would: " + "install bubblewrap, or pass --no-isolation to generate)."));
    o.flush();
  }

  private Result run(CliContext ctx, Wiring wiring, DemoRequest request, int index, int count) {
    ReplayChatModel replay = replay(ctx, request);
    String where = cassettes == null ? request.cassetteFile() : replaySource(ctx, request).toString();
    DemoCassette cassette;
    try {
      cassette = DemoCassette.fromMetadata(replay.metadata(), where);
    } catch (IllegalArgumentException e) {
      throw CliFailure.failed(e.getMessage() + "; regenerate the cassettes: " + DemoCassette.REGENERATE);
    }
    if (!cassette.request().equals(request.text())) {
      throw CliFailure.failed("demo cassette " + where + " answers the request \"" + cassette.request()
          + "\", not \"" + request.text() + "\"; regenerate the cassettes: " + DemoCassette.REGENERATE);
    }
    if (out != null) {
      OutputFolder.claim(ctx.resolve(out.toString()), true, "--out"); // checked before the first run
    }
    Path workspace = out != null ? ctx.resolve(out.toString()).resolve(request.id())
        : ctx.resolve("out").resolve("demo").resolve(GenerateCommand.folderName(request.id()));
    PrintWriter o = ctx.out();
    o.println();
    o.println("== " + index + "/" + count + " \"" + request.text() + "\"");
    o.println("   " + replay.entryCount() + " recorded replies in " + where + " (" + cassette.source() + ")");
    o.flush();
    RepairTally tally = new RepairTally();
    Orchestrator orchestrator = wiring.orchestrator(ModelRouter.of(DemoRequest.MODEL, replay), workspace, true,
            request.stack())
        .listener(ProgressPrinter.start(ctx.err(), ctx.terminal()))
        .listener(tally)
        .allowUnisolatedCode(true) // the demo runs shipped, hand-written code only; intro() says so when bwrap is missing
        .build();
    RunReport report;
    try {
      report = orchestrator.run(ServiceRequest.of(request.text()));
    } catch (UnexpectedRequestError e) {
      ctx.err().println();
      throw CliFailure.failed(stale(where, e));
    }
    Manifest.write(workspace);
    ReportPrinter.print(o, report, DemoRequest.PRICED_AS);
    RepairComparison repairs = RepairComparison.of(cassette, tally, report);
    printRepairs(o, repairs);
    o.println("Activities: " + report.activities().stream()
        .map(a -> a.activity().name().toLowerCase(Locale.ROOT) + " " + a.outcome()).collect(Collectors.joining(", ")));
    o.flush();
    return new Result(request, report, repairs);
  }

  /**
   * The replay of a request's cassette. Like the generator that recorded it, it does not scrub this machine's secret
   * values from the requests: the demo's prompts hold none, and scrubbing them would make the keys machine-dependent.
   */
  private ReplayChatModel replay(CliContext ctx, DemoRequest request) {
    if (cassettes == null) {
      return ReplayChatModel.builderForResource(request.cassetteResource()).scrubEnvironment(false).build();
    }
    try {
      return ReplayChatModel.builder(replaySource(ctx, request)).rekeying(false).scrubEnvironment(false).build();
    } catch (IllegalArgumentException e) {
      throw CliFailure.usage("--cassettes: " + e.getMessage(), e);
    }
  }

  private Path replaySource(CliContext ctx, DemoRequest request) {
    return ctx.resolve(cassettes.toString()).resolve(request.cassetteFile());
  }

  /**
   * The one line for a request the cassette has no reply for: what it means and how to regenerate first (so that
   * cutting the line to its length limit never drops them), then the replay's own account of the miss.
   */
  static String stale(String where, UnexpectedRequestError e) {
    String message = String.valueOf(e.getMessage());
    int nearest = message.indexOf("\nNearest recorded request");
    String detail = (nearest < 0 ? message : message.substring(0, nearest)).replaceAll("\\s+", " ").strip();
    if (detail.length() > 300) {
      detail = detail.substring(0, 299) + "…";
    }
    return "demo cassette " + where + " does not fit this build's prompts (stale cassettes: the prompts changed since"
        + " they were generated); regenerate them from the repository root with: " + DemoCassette.REGENERATE
        + ". The replay said: " + detail;
  }

  private static void printRepairs(PrintWriter o, RepairComparison c) {
    o.println();
    o.println("Repairs performed (counted from this run's events) next to the faults the cassette planted:");
    o.printf(Locale.ROOT, "  %-18s %9s %8s%n", "fault", "performed", "planted");
    for (RepairComparison.Row r : c.rows()) {
      o.printf(Locale.ROOT, "  %-18s %9d %8d%s%n", r.fault(), r.performed(), r.planted(), r.matches() ? "" : "  MISMATCH");
    }
    c.notExercised().forEach((activity, faults) -> o.println("  not exercised: " + activity.name().toLowerCase(Locale.ROOT)
        + " was skipped, so its planted faults " + faults + " were never replayed"));
    o.println(c.matches() ? "  match: " + c.performedTotal() + " repairs, each fault as many times as the cassette planted it"
        : "  MISMATCH: " + mismatchText(c));
  }

  private static String mismatchText(RepairComparison c) {
    return c.mismatches().stream().map(r -> r.fault() + " performed " + r.performed() + ", planted " + r.planted())
        .collect(Collectors.joining("; "));
  }

  private static int summary(CliContext ctx, List<Result> results) {
    PrintWriter o = ctx.out();
    o.println();
    o.println("Summary:");
    List<String> problems = new ArrayList<>();
    String skipped = null;
    int width = results.stream().mapToInt(r -> r.request().id().length()).max().orElse(1);
    for (Result r : results) {
      RunReport report = r.report();
      long done = report.activities().stream().filter(a -> a.outcome() == RunReport.Outcome.SUCCEEDED).count();
      TestReport t = report.test();
      HealthReport h = report.health();
      o.printf(Locale.ROOT, "  %-" + width + "s  %s, %d of %d activities done, tests %s, health %s, repairs %s; files in %s%n",
          r.request().id(), report.outcome(), done, Activity.values().length,
          t == null ? "not run" : t.status() == TestReport.Status.SKIPPED ? "SKIPPED"
              : t.status() + " (" + t.count(TestReport.Outcome.PASSED) + " passed)",
          h == null ? "not checked" : h.verdict().name(), r.repairs().matches() ? "match" : "MISMATCH", report.workspace());
      if (!report.succeeded()) {
        RunReport.Failure f = report.failure();
        problems.add(r.request().id() + (f == null ? " ended " + report.outcome()
            : " failed in " + f.activity().name().toLowerCase(Locale.ROOT) + ": " + f.message()));
      } else if (!r.repairs().matches()) {
        problems.add(r.request().id() + ": the repairs performed differ from the faults its cassette planted ("
            + mismatchText(r.repairs()) + ")");
      }
      if (t != null && t.status() == TestReport.Status.SKIPPED) {
        skipped = t.skipReason();
      }
    }
    if (problems.isEmpty() && skipped != null) {
      o.println("Test, Deploy and Monitor were SKIPPED: " + skipped);
    }
    o.println("The replies were replayed; for a live model run: spectra generate \"<request>\" (see spectra doctor).");
    o.flush();
    if (!problems.isEmpty()) {
      ctx.err().println("spectra demo: " + Errors.oneLine(String.join("; ", problems), ctx.env()));
      ctx.err().flush();
      return SpectraCli.EXIT_FAILED;
    }
    return SpectraCli.EXIT_OK;
  }
}
