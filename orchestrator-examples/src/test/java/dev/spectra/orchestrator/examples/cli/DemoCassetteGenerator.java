package dev.spectra.orchestrator.examples.cli;

import dev.spectra.orchestrator.Activity;
import dev.spectra.orchestrator.HealthReport;
import dev.spectra.orchestrator.RunReport;
import dev.spectra.orchestrator.ServiceRequest;
import dev.spectra.orchestrator.TestReport;
import dev.spectra.orchestrator.llm.ModelRouter;
import dev.spectra.orchestrator.test.RecordingChatModel;
import dev.spectra.orchestrator.test.ScriptedChatModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes the demo cassettes. For each {@link DemoRequest} it runs the real pipeline, wired exactly as
 * {@code spectra demo} wires it (the LLM layer over one model priced as gpt-4o-mini, the default python-fastapi
 * profile, pytest, uvicorn and the HTTP monitor on the discovered Python), over the request's {@link DemoScript}:
 * hand-written replies with planted faults, each reply's usage counted with the o200k tokenizer
 * ({@link TokenCountingChatModel}), every call recorded by the test kit's {@link RecordingChatModel}. Files are built
 * one at a time so that the calls are recorded in the same order on every machine.
 *
 * <p>A cassette is written only when its run did what the demo shows: all five activities succeeded, the tests
 * passed, the service was HEALTHY, every scripted reply was used, every model-written file holds its hand-written
 * source, and the repairs the run performed are exactly the planted faults (which the metadata lists).
 *
 * <p>Needs Python with fastapi, uvicorn, httpx and pytest (the deploy spec is asked for only when Deploy runs).
 * Regenerate the shipped cassettes with {@link DemoCassette#REGENERATE}, or run this class with the folder to write
 * into as its argument.
 */
public final class DemoCassetteGenerator {
  /** The shipped cassettes' folder, relative to the module. */
  static final Path SHIPPED = Path.of("src", "main", "resources").resolve(DemoRequest.CASSETTE_FOLDER);

  private DemoCassetteGenerator() {}

  /** Writes every request's cassette into {@code args[0]} (default: the shipped folder, from the module's folder). */
  public static void main(String[] args) throws IOException {
    Path folder = args.length > 0 ? Path.of(args[0]) : SHIPPED;
    Path work = Files.createTempDirectory("spectra-demo-cassettes");
    for (DemoRequest r : DemoRequest.values()) {
      Generated g = generate(r, folder.resolve(r.cassetteFile()), work.resolve(r.id()));
      System.out.println("wrote " + g.cassette() + ": " + g.calls() + " calls, faults " + g.script().cassette().faults());
    }
  }

  /** One written cassette and the run that recorded it. */
  record Generated(Path cassette, DemoScript script, RunReport report, int calls) {}

  /**
   * Records {@code request}'s script through the pipeline into {@code cassette}, building the service in
   * {@code workspace}.
   *
   * @throws IllegalStateException when there is no Python, or the run did not do what the demo shows (listing why);
   *     the cassette is then left as it was
   */
  static Generated generate(DemoRequest request, Path cassette, Path workspace) {
    DemoScript script = DemoScript.of(request);
    PrintWriter discard = new PrintWriter(Writer.nullWriter());
    Wiring wiring = new Wiring(new CliContext(System.getenv(), Path.of(""), discard, discard, false));
    if (wiring.python().isEmpty()) {
      throw new IllegalStateException("the demo cassettes are recorded through Test, Deploy and Monitor, which need"
          + " Python with fastapi, uvicorn, httpx and pytest; install them (apt-get install -y python3-fastapi"
          + " python3-pytest python3-uvicorn python3-httpx) or set SPECTRA_PYTHON");
    }
    ScriptedChatModel scripted = script.model();
    Path recording;
    try {
      Files.createDirectories(workspace);
      recording = Files.createTempFile(workspace.toAbsolutePath().getParent(), request.id(), ".recording.json");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the recording of " + request.id() + ": " + e.getMessage(), e);
    }
    RecordingChatModel.Builder recorder = RecordingChatModel.builder(new TokenCountingChatModel(scripted), recording)
        // The demo's prompts hold no secret; scrubbing this machine's secret values would make the keys depend on it.
        .scrubEnvironment(false)
        .metadata("usage", "counted with the o200k_base tokenizer (jtokkit): request messages in, reply text out")
        .metadata("generatedBy", "DemoCassetteGenerator (orchestrator-examples tests); regenerate: "
            + DemoCassette.REGENERATE);
    script.cassette().toMetadata().forEach(recorder::metadata);
    RepairTally tally = new RepairTally();
    RunReport report = wiring.orchestrator(ModelRouter.of(DemoRequest.MODEL, recorder.build()), workspace, true,
            request.stack())
        .concurrency(1)
        .listener(tally)
        .build()
        .run(ServiceRequest.of(request.text()));
    List<String> problems = check(script, scripted, tally, report, workspace);
    if (!problems.isEmpty()) {
      throw new IllegalStateException("the " + request.id() + " run over the demo script did not do what the demo"
          + " shows, so its cassette was not written:\n- " + String.join("\n- ", problems) + "\n(recording kept in "
          + recording + ", workspace " + workspace + ")");
    }
    try {
      Files.createDirectories(cassette.toAbsolutePath().getParent());
      Files.write(cassette, Files.readAllBytes(recording)); // a new file, with the usual permissions
      Files.delete(recording);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + cassette + ": " + e.getMessage(), e);
    }
    return new Generated(cassette, script, report, scripted.callCount());
  }

  private static List<String> check(DemoScript script, ScriptedChatModel scripted, RepairTally tally, RunReport report,
      Path workspace) {
    List<String> problems = new ArrayList<>();
    if (!report.succeeded()) {
      problems.add("the run " + report.outcome() + (report.failure() == null ? ""
          : " in " + report.failure().activity() + ": " + report.failure().type() + ": " + report.failure().message()));
    }
    for (Activity a : Activity.values()) {
      RunReport.Outcome outcome = report.activity(a).map(RunReport.ActivityRecord::outcome).orElse(null);
      if (outcome != RunReport.Outcome.SUCCEEDED) {
        problems.add(a + " was " + outcome + ", not SUCCEEDED");
      }
    }
    if (report.test() != null && report.test().status() != TestReport.Status.PASSED) {
      problems.add("the tests were " + report.test().status() + ": " + report.test().tests());
    }
    if (report.health() != null && report.health().verdict() != HealthReport.Verdict.HEALTHY) {
      problems.add("the service was " + report.health().verdict() + ": " + report.health().probes());
    }
    if (scripted.callCount() != script.steps()) {
      problems.add("the run made " + scripted.callCount() + " model calls, but the script has " + script.steps()
          + " replies");
    }
    for (String path : script.fileSteps.keySet()) {
      Path file = workspace.resolve(path);
      try {
        String written = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
        if (!script.source(path).equals(written)) {
          problems.add(path + " does not hold its hand-written source (" + (written == null ? "missing" : written.length()
              + " characters, the source has " + script.source(path).length()) + ")");
        }
      } catch (IOException e) {
        problems.add("cannot read " + file + ": " + e.getMessage());
      }
    }
    Map<Activity, Map<String, Integer>> performed = tally.byActivity();
    if (!performed.equals(script.planted())) {
      problems.add("the run repaired " + performed + ", but the script planted " + script.planted());
    }
    return problems;
  }
}
