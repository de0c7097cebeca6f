package dev.spectra.orchestrator.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.Deployment;
import dev.spectra.orchestrator.Endpoint;
import dev.spectra.orchestrator.HealthReport;
import dev.spectra.orchestrator.HealthReport.Verdict;
import dev.spectra.orchestrator.RunContext;
import dev.spectra.orchestrator.RunEvent;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a real local HTTP server (JDK HttpServer); needs no Python. */
class HttpMonitorTest {
  @TempDir Path dir;
  RunContext ctx;
  final List<RunEvent> events = new CopyOnWriteArrayList<>();
  final Map<String, IntUnaryOperator> statusByPath = new ConcurrentHashMap<>();
  final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  HttpServer server;

  @BeforeEach
  void setUp() throws Exception {
    ctx = Services.context(dir.toRealPath(), events);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      int n = hits.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
      int status = statusByPath.getOrDefault(path, i -> 404).applyAsInt(n);
      if (status == 0) {
        try {
          Thread.sleep(3000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        status = 200;
      }
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
    server.start();
  }

  @AfterEach
  void tearDown() {
    server.stop(0);
  }

  private Deployment deployment() {
    return new Deployment(Deployment.Kind.LOCAL_PROCESS, "http://127.0.0.1:" + server.getAddress().getPort(), "1", "");
  }

  @Test
  void probesHealthAndEveryParameterlessGetEndpoint() {
    statusByPath.put("/health", i -> 200);
    statusByPath.put("/", i -> 200);
    statusByPath.put("/missing", i -> 404);

    HealthReport report = HttpMonitor.ofDefaults().monitor(plan("/", "/missing", "/health"), deployment(), ctx);

    assertThat(report.verdict()).isEqualTo(Verdict.HEALTHY);
    assertThat(report.probes()).extracting(HealthReport.Probe::path).containsExactly("/health", "/", "/missing");
    assertThat(report.probes()).extracting(HealthReport.Probe::statusCounts).containsExactly("200x20", "200x20", "404x20");
    assertThat(report.probes()).allSatisfy(p -> assertThat(p.requests()).isEqualTo(20));
    assertThat(report.errorRate()).isZero();
    assertThat(report.p50Millis()).isPositive().isLessThanOrEqualTo(report.p95Millis());
    assertThat(hits.keySet()).containsExactlyInAnyOrder("/health", "/", "/missing"); // /items/{id} and POST are not probed
  }

  @Test
  void someServerErrorsDegrade() {
    statusByPath.put("/health", i -> 200);
    statusByPath.put("/", i -> i % 4 == 0 ? 503 : 200);

    HealthReport report = HttpMonitor.ofDefaults().monitor(plan("/", "/health"), deployment(), ctx);

    assertThat(report.verdict()).isEqualTo(Verdict.DEGRADED);
    assertThat(report.errorRate()).isEqualTo(5 / 40.0);
    assertThat(report.probes().get(1).statusCounts()).isEqualTo("200x15 503x5");
    assertThat(report.probes().get(1).errors()).isEqualTo(5);
  }

  @Test
  void halfOrMoreErrorsIsDown() {
    statusByPath.put("/health", i -> 200);
    statusByPath.put("/", i -> 500);

    HealthReport report = HttpMonitor.ofDefaults().monitor(plan("/", "/health"), deployment(), ctx);

    assertThat(report.verdict()).isEqualTo(Verdict.DOWN);
    assertThat(report.errorRate()).isEqualTo(0.5);
    assertThat(report.diagnosis()).isNull(); // no diagnoser configured
  }

  @Test
  void timeoutsAreErrors() {
    statusByPath.put("/health", i -> i <= 2 ? 0 : 200);

    HealthReport report = HttpMonitor.builder().probesPerPath(4).requestTimeout(Duration.ofSeconds(1)).build()
        .monitor(plan("/health"), deployment(), ctx);

    assertThat(report.probes().get(0).statusCounts()).isEqualTo("timeoutx2 200x2");
    assertThat(report.verdict()).isEqualTo(Verdict.DOWN);
  }

  @Test
  void refusedConnectionsAreDownAndTheDiagnoserReadsTheLogs() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    StringBuilder log = new StringBuilder();
    for (int i = 0; i < 500; i++) {
      log.append("INFO line ").append(i).append('\n');
    }
    log.append("RuntimeError: database unreachable\n");
    Path logFile = ctx.workspace().root().resolve(".spectra/runs/run-test/deploy/service.log");
    Files.createDirectories(logFile.getParent());
    Files.writeString(logFile, log.toString());
    List<DiagnosisRequest> seen = new ArrayList<>();
    Diagnoser diagnoser = (request, context) -> {
      seen.add(request);
      return new HealthReport.Diagnosis("the database is unreachable", List.of("RuntimeError: database unreachable"),
          "start the database", List.of("app/main.py"));
    };
    Deployment down = new Deployment(Deployment.Kind.LOCAL_PROCESS, "http://127.0.0.1:" + closed, "1",
        ".spectra/runs/run-test/deploy/service.log");

    HealthReport report = HttpMonitor.builder().diagnoser(diagnoser).logChars(200).build().monitor(plan("/health"), down, ctx);

    assertThat(report.verdict()).isEqualTo(Verdict.DOWN);
    assertThat(report.errorRate()).isEqualTo(1.0);
    assertThat(report.probes().get(0).statusCounts()).isEqualTo("refusedx20");
    assertThat(report.diagnosis().cause()).isEqualTo("the database is unreachable");
    assertThat(seen).singleElement().satisfies(r -> {
      assertThat(r.symptoms()).containsExactly("GET /health: refusedx20");
      assertThat(r.logExcerpt()).hasSize(200).endsWith("RuntimeError: database unreachable\n");
    });
  }

  @Test
  void probingIsBoundedInTime() {
    statusByPath.put("/health", i -> 0); // each answer takes 3 s

    HealthReport report = HttpMonitor.builder().maxDuration(Duration.ofMillis(500)).build().monitor(plan("/health"), deployment(), ctx);

    assertThat(report.probes().get(0).requests()).isLessThan(HttpMonitor.DEFAULT_PROBES_PER_PATH);
    assertThat(events).anyMatch(e -> e instanceof RunEvent.Note n && n.message().startsWith("probing stopped after PT0.5S"));
  }

  @Test
  void exportOrNoDeploymentIsUnknown() {
    HealthReport report = HttpMonitor.ofDefaults().monitor(plan("/health"), Deployment.none(), ctx);
    assertThat(report.verdict()).isEqualTo(Verdict.UNKNOWN);
    assertThat(hits).isEmpty();
  }

  @Test
  void planWithoutGetEndpointsIsProbedAtTheRoot() {
    ArchitecturePlan noGets = new ArchitecturePlan("svc", "", "python-fastapi", "app.main:app", Services.helloPlan().files(),
        List.of(new Endpoint("POST", "/items", "create")), List.of());
    assertThat(HttpMonitor.paths(noGets)).containsExactly("/");
  }

  @Test
  void percentilesAreNearestRank() {
    double[] v = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20};
    assertThat(HttpMonitor.percentile(v, 50)).isEqualTo(10);
    assertThat(HttpMonitor.percentile(v, 95)).isEqualTo(19);
    assertThat(HttpMonitor.percentile(new double[] {7}, 95)).isEqualTo(7);
    assertThat(HttpMonitor.percentile(new double[0], 50)).isZero();
  }

  @Test
  void builderRejectsBadSettings() {
    assertThatThrownBy(() -> HttpMonitor.builder().probesPerPath(0)).hasMessage("probesPerPath must be within 1..1000, but was 0");
    assertThatThrownBy(() -> HttpMonitor.builder().requestTimeout(Duration.ZERO)).hasMessage("requestTimeout must be > 0, but was PT0S");
  }

  private static ArchitecturePlan plan(String... getPaths) {
    List<Endpoint> endpoints = new ArrayList<>();
    for (String p : getPaths) {
      endpoints.add(new Endpoint("GET", p, ""));
    }
    endpoints.add(new Endpoint("GET", "/items/{id}", "not probed"));
    endpoints.add(new Endpoint("POST", "/items", "not probed"));
    return new ArchitecturePlan("svc", "", "python-fastapi", "app.main:app", Services.helloPlan().files(), endpoints, List.of());
  }
}
