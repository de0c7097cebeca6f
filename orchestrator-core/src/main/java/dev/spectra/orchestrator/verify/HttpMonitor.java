package dev.spectra.orchestrator.verify;

import dev.spectra.orchestrator.Activity;
import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.Deployment;
import dev.spectra.orchestrator.Endpoint;
import dev.spectra.orchestrator.HealthReport;
import dev.spectra.orchestrator.MonitorActivity;
import dev.spectra.orchestrator.RunCancelledException;
import dev.spectra.orchestrator.ModelBacked;
import dev.spectra.orchestrator.RunContext;
import dev.spectra.orchestrator.internal.Checks;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Probes a deployed service over HTTP: {@code GET /health} when the plan has it, and every GET endpoint of the plan
 * without path parameters ({@code /} when there is none), {@link Builder#probesPerPath} times each, bounded in time.
 * 5xx answers, timeouts and refused connections are errors; 4xx answers are not. The verdict is HEALTHY without
 * errors, DEGRADED under 50 % errors, DOWN otherwise; on DOWN the {@link Diagnoser} (if set) reads the end of the
 * service's captured log and returns a typed diagnosis.
 */
public final class HttpMonitor implements MonitorActivity, ModelBacked {
  public static final int DEFAULT_PROBES_PER_PATH = 20;
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(2);
  public static final Duration DEFAULT_MAX_DURATION = Duration.ofSeconds(60);
  public static final int DEFAULT_LOG_CHARS = 8000;

  private final int probesPerPath;
  private final Duration requestTimeout;
  private final Duration maxDuration;
  private final Diagnoser diagnoser;
  private final int logChars;

  private HttpMonitor(Builder b) {
    this.probesPerPath = b.probesPerPath;
    this.requestTimeout = b.requestTimeout;
    this.maxDuration = b.maxDuration;
    this.diagnoser = b.diagnoser;
    this.logChars = b.logChars;
  }

  /** The models of its diagnoser, when that calls models, so that a USD budget can check their prices up front. */
  @Override
  public Set<String> models() {
    return ModelBacked.of(diagnoser);
  }

  public static Builder builder() {
    return new Builder();
  }

  public static HttpMonitor ofDefaults() {
    return builder().build();
  }

  @Override
  public HealthReport monitor(ArchitecturePlan plan, Deployment deployment, RunContext context) {
    Checks.notNull(plan, "plan");
    Checks.notNull(deployment, "deployment");
    if (deployment.url() == null) {
      return HealthReport.unknown();
    }
    List<String> paths = paths(plan);
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).proxy(HttpClient.Builder.NO_PROXY).connectTimeout(requestTimeout)
        .followRedirects(HttpClient.Redirect.NEVER).build();
    Map<String, Tally> tallies = new LinkedHashMap<>();
    paths.forEach(p -> tallies.put(p, new Tally()));
    List<Double> latencies = new ArrayList<>();
    long deadline = System.nanoTime() + maxDuration.toNanos();
    boolean cut = false;
    for (int i = 0; i < probesPerPath && !cut; i++) {
      for (String path : paths) {
        context.throwIfCancelled();
        if (System.nanoTime() > deadline) {
          cut = true;
          break;
        }
        long start = System.nanoTime();
        String outcome = probe(client, URI.create(deployment.url() + path), context);
        latencies.add((System.nanoTime() - start) / 1e6);
        tallies.get(path).add(outcome);
      }
    }
    if (cut) {
      context.note(Activity.MONITOR, "probing stopped after " + maxDuration + "; " + latencies.size() + " probes sent");
    }
    List<HealthReport.Probe> probes = new ArrayList<>();
    int requests = 0;
    int errors = 0;
    for (Map.Entry<String, Tally> e : tallies.entrySet()) {
      Tally t = e.getValue();
      probes.add(new HealthReport.Probe(e.getKey(), t.requests, t.errors, t.summary()));
      requests += t.requests;
      errors += t.errors;
    }
    double errorRate = requests == 0 ? 0 : (double) errors / requests;
    HealthReport.Verdict verdict = requests == 0 ? HealthReport.Verdict.UNKNOWN
        : errors == 0 ? HealthReport.Verdict.HEALTHY
        : errorRate < 0.5 ? HealthReport.Verdict.DEGRADED : HealthReport.Verdict.DOWN;
    double[] sorted = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    HealthReport.Diagnosis diagnosis = null;
    if (verdict == HealthReport.Verdict.DOWN && diagnoser != null) {
      List<String> symptoms = probes.stream().map(p -> "GET " + p.path() + ": " + p.statusCounts()).toList();
      diagnosis = diagnoser.diagnose(new DiagnosisRequest(plan, symptoms, logTail(context, deployment.logsPath())), context);
      if (diagnosis != null) {
        context.note(Activity.MONITOR, "diagnosis: " + diagnosis.cause());
      }
    }
    context.note(Activity.MONITOR, verdict + ": " + errors + " errors in " + requests + " probes; "
        + probes.stream().map(p -> p.path() + " " + p.statusCounts()).collect(Collectors.joining(", ")));
    return new HealthReport(verdict, probes, percentile(sorted, 50), percentile(sorted, 95), errorRate, diagnosis);
  }

  /** {@code /health} if planned, then every probeable GET endpoint; {@code /} when there is none. */
  static List<String> paths(ArchitecturePlan plan) {
    Set<String> paths = new LinkedHashSet<>();
    plan.endpoints().stream().filter(e -> e.probeable() && e.path().equals("/health")).forEach(e -> paths.add(e.path()));
    plan.endpoints().stream().filter(Endpoint::probeable).forEach(e -> paths.add(e.path()));
    if (paths.isEmpty()) {
      paths.add("/");
    }
    return List.copyOf(paths);
  }

  /** The status code as text, or {@code timeout}, {@code refused} or {@code error}. */
  private String probe(HttpClient client, URI uri, RunContext context) {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(requestTimeout).GET().build();
    try {
      return Integer.toString(client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
    } catch (HttpConnectTimeoutException e) {
      return "timeout";
    } catch (HttpTimeoutException e) {
      return "timeout";
    } catch (ConnectException e) {
      return "refused";
    } catch (IOException e) {
      return "error";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RunCancelledException(context.runId());
    }
  }

  /** Nearest-rank percentile of sorted values; 0 when there are none. */
  static double percentile(double[] sorted, int p) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return Math.round(sorted[Math.max(0, rank - 1)] * 100) / 100.0;
  }

  /** The end of the service log, at most {@code logChars} characters; empty when there is none. */
  private String logTail(RunContext context, String logsPath) {
    if (logsPath == null || logsPath.isBlank()) {
      return "";
    }
    Path root = context.workspace().root();
    Path log = root.resolve(logsPath).normalize();
    if (!log.startsWith(root) || !Files.isRegularFile(log)) {
      return "";
    }
    try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
      long bytes = Math.min(f.length(), (long) logChars * 4);
      byte[] buffer = new byte[(int) bytes];
      f.seek(f.length() - bytes);
      f.readFully(buffer);
      String text = new String(buffer, StandardCharsets.UTF_8);
      return text.length() <= logChars ? text : text.substring(text.length() - logChars);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the service log " + logsPath + ": " + e.getMessage(), e);
    }
  }

  /** Outcomes of one path's probes. */
  private static final class Tally {
    final Map<String, Integer> counts = new LinkedHashMap<>();
    int requests;
    int errors;

    void add(String outcome) {
      requests++;
      boolean error = !Character.isDigit(outcome.charAt(0)) || outcome.charAt(0) == '5';
      if (error) {
        errors++;
      }
      counts.merge(outcome, 1, Integer::sum);
    }

    String summary() {
      return counts.entrySet().stream().map(e -> e.getKey() + "x" + e.getValue()).collect(Collectors.joining(" "));
    }
  }

  /** Builds an {@link HttpMonitor}. */
  public static final class Builder {
    private int probesPerPath = DEFAULT_PROBES_PER_PATH;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    private Duration maxDuration = DEFAULT_MAX_DURATION;
    private Diagnoser diagnoser;
    private int logChars = DEFAULT_LOG_CHARS;

    private Builder() {}

    /** Requests per path (default {@value #DEFAULT_PROBES_PER_PATH}). */
    public Builder probesPerPath(int probes) {
      if (probes < 1 || probes > 1000) {
        throw new IllegalArgumentException("probesPerPath must be within 1..1000, but was " + probes);
      }
      this.probesPerPath = probes;
      return this;
    }

    /** The limit of one request, connect included (default 2 s); a request over it is a timeout error. */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = Checks.positive(timeout, "requestTimeout");
      return this;
    }

    /** The limit of all probing (default 60 s); probes not sent by then are not counted. */
    public Builder maxDuration(Duration max) {
      this.maxDuration = Checks.positive(max, "maxDuration");
      return this;
    }

    /** Reads the logs of a DOWN service (default none: no diagnosis). */
    public Builder diagnoser(Diagnoser diagnoser) {
      this.diagnoser = Checks.notNull(diagnoser, "diagnoser");
      return this;
    }

    /** How much of the end of the log the diagnoser gets (default {@value #DEFAULT_LOG_CHARS} characters). */
    public Builder logChars(int chars) {
      this.logChars = Checks.positive(chars, "logChars");
      return this;
    }

    public HttpMonitor build() {
      return new HttpMonitor(this);
    }
  }
}
