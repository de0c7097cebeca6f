package dev.spectra.orchestrator.examples.cli;

import dev.spectra.orchestrator.ServiceRequest;
import dev.spectra.orchestrator.internal.Checks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs a request suite across models, N runs each, and writes {@code results.json} and {@code report.html}.
 *
 * <pre>{@code
 * ComparisonReport report = Comparison.builder()
 *     .suite(RequestSuite.read(Path.of("requests.txt")))
 *     .source(openAiSource).source(ollamaSource)
 *     .runs(3)
 *     .outputDirectory(Path.of("out/compare"))
 *     .build()
 *     .run();
 * }</pre>
 *
 * <p>Each run gets its own, new workspace under {@code <out>/runs/<time>/<model>/r<request>-<run>} (the time the
 * comparison started, so that a second comparison into the same folder never mixes its files with the first's). Runs
 * are sequential, so that one model's latency is not disturbed by another's.
 */
final class Comparison {
  /** The name of the data file. */
  public static final String RESULTS_JSON = "results.json";
  /** The name of the page. */
  public static final String REPORT_HTML = "report.html";

  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private final RequestSuite suite;
  private final List<RunSource> sources;
  private final int runs;
  private final Path out;
  private final Clock clock;
  private final Consumer<String> progress;

  private Comparison(Builder b) {
    this.suite = b.suite;
    this.sources = List.copyOf(b.sources);
    this.runs = b.runs;
    this.out = b.out;
    this.clock = b.clock;
    this.progress = b.progress;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs every request {@code runs} times on every source, then writes results.json and report.html.
   *
   * @throws RuntimeException when a source cannot work at all (e.g. a provider rejects the key); nothing is written
   */
  public ComparisonReport run() {
    List<ComparisonResult> results = new ArrayList<>();
    List<RunSummary> rows = new ArrayList<>();
    int total = sources.size() * suite.requests().size() * runs;
    int done = 0;
    Path runsDir = out.resolve("runs").resolve(STAMP.format(clock.instant()));
    for (RunSource source : sources) {
      List<RunObservation> observations = new ArrayList<>();
      for (int i = 0; i < suite.requests().size(); i++) {
        ServiceRequest request = ServiceRequest.of(suite.requests().get(i));
        for (int run = 1; run <= runs; run++) {
          Path workspace = runsDir.resolve(safe(source.label())).resolve("r" + (i + 1) + "-" + run);
          RunObservation o = source.run(request, i, run, workspace);
          observations.add(o);
          rows.add(RunSummary.of(source.label(), o, out));
          done++;
          progress.accept("[" + done + "/" + total + "] " + source.label() + " request " + (i + 1) + " run " + run + ": "
              + o.report().outcome() + (o.report().failure() == null ? "" : " (" + o.report().failure().type() + ")"));
        }
      }
      results.add(ComparisonResult.of(source.label(), source.kind(), source.note(), suite.requests().size(), observations));
    }
    ComparisonReport report = new ComparisonReport(ComparisonReport.SCHEMA_VERSION, clock.instant(), suite.name(),
        suite.requests(), runs, results, rows);
    write(RESULTS_JSON, report.toJson());
    write(REPORT_HTML, ReportHtml.render(report));
    return report;
  }

  private void write(String name, String content) {
    try {
      Files.createDirectories(out);
      Files.writeString(out.resolve(name), content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + out.resolve(name) + ": " + e.getMessage(), e);
    }
  }

  /** A model label as a folder name: {@code ollama:qwen2.5-coder:7b} becomes {@code ollama_qwen2.5-coder_7b}. */
  static String safe(String label) {
    String s = label.replaceAll("[^A-Za-z0-9._-]", "_");
    return s.startsWith(".") ? "_" + s.substring(1) : s;
  }

  /** Builds a {@link Comparison}; validates at {@link #build()}. */
  public static final class Builder {
    private RequestSuite suite;
    private final List<RunSource> sources = new ArrayList<>();
    private int runs = 1;
    private Path out;
    private Clock clock = Clock.systemUTC();
    private Consumer<String> progress = line -> {};

    private Builder() {}

    public Builder suite(RequestSuite suite) {
      this.suite = Checks.notNull(suite, "suite");
      return this;
    }

    /** Adds a compared model; the report keeps this order. */
    public Builder source(RunSource source) {
      this.sources.add(Checks.notNull(source, "source"));
      return this;
    }

    /** Runs of each request per model (default 1). */
    public Builder runs(int runs) {
      this.runs = Checks.positive(runs, "runs");
      return this;
    }

    /** Where results.json, report.html and the run workspaces go. */
    public Builder outputDirectory(Path out) {
      this.out = Checks.notNull(out, "out");
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Checks.notNull(clock, "clock");
      return this;
    }

    /** Receives one line per finished run. */
    public Builder progress(Consumer<String> progress) {
      this.progress = Checks.notNull(progress, "progress");
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalStateException naming what is missing or repeated
     */
    public Comparison build() {
      if (suite == null) {
        throw new IllegalStateException("a request suite is required: call suite(RequestSuite.read(file))");
      }
      if (sources.isEmpty()) {
        throw new IllegalStateException("at least one model is required: call source(...)");
      }
      if (out == null) {
        throw new IllegalStateException("an output directory is required: call outputDirectory(Path)");
      }
      List<String> labels = new ArrayList<>();
      for (RunSource s : sources) {
        if (labels.contains(s.label())) {
          throw new IllegalStateException("model " + s.label() + " is listed twice; list each model once");
        }
        labels.add(s.label());
      }
      return new Comparison(this);
    }
  }
}
