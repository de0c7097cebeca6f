package dev.spectra.orchestrator.stack.python;

import dev.spectra.orchestrator.stack.ToolchainUnavailableException;
import dev.spectra.orchestrator.verify.DiagnosisRequest;
import dev.spectra.orchestrator.verify.HttpMonitor;
import dev.spectra.orchestrator.verify.DeploymentPlanner;
import dev.spectra.orchestrator.verify.InvalidDeploymentSpecException;
import dev.spectra.orchestrator.verify.DeploymentSpec;
import dev.spectra.orchestrator.verify.ExportDeployer;
import dev.spectra.orchestrator.verify.ProcessDeployer;
import dev.spectra.orchestrator.verify.Services;
import dev.spectra.orchestrator.sandbox.SandboxInspection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.Deployment;
import dev.spectra.orchestrator.HealthReport;
import dev.spectra.orchestrator.RunCancelledException;
import dev.spectra.orchestrator.RunContext;
import dev.spectra.orchestrator.RunEvent;
import dev.spectra.orchestrator.internal.Json;
import dev.spectra.orchestrator.workspace.Workspace;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeployersTest {
  @TempDir Path dir;
  Path root;
  Workspace ws;
  RunContext ctx;
  final List<RunEvent> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    root = dir.toRealPath();
    ws = Workspace.at(root);
    ctx = Services.context(root, events);
    Services.write(ws, Map.of("app/__init__.py", "", "app/main.py", Services.main("Hello, World!")));
  }

  @Test
  void servesTheServiceOnLoopbackAndUndeployKillsIt() throws Exception {
    ProcessDeployer deployer = ProcessDeployer.builder(PythonSupport.stack()).build();

    Deployment d = deployer.deploy(Services.helloPlan(), ctx);
    long pid = Long.parseLong(d.handle());
    try {
      assertThat(d.kind()).isEqualTo(Deployment.Kind.LOCAL_PROCESS);
      assertThat(d.url()).matches("http://127\\.0\\.0\\.1:\\d+");
      assertThat(get(d.url() + "/")).isEqualTo("{\"message\":\"Hello, World!\"}");
      assertThat(d.logsPath()).isEqualTo(".spectra/runs/run-test/deploy/service.log");
      assertThat(SandboxInspection.sessionOf(pid)).isEqualTo(pid);
      assertThat(notes()).anyMatch(n -> n.startsWith("ready in ") && n.endsWith("GET /health answered 200"));
    } finally {
      deployer.undeploy(d, ctx);
    }
    assertThat(SandboxInspection.alive(pid)).isFalse();
    assertThat(SandboxInspection.sessionMembers(pid)).isEmpty();
    assertThat(deployer.running()).isEmpty();
    assertThat(Files.readString(root.resolve(d.logsPath()))).contains("Uvicorn running on http://127.0.0.1:");
  }

  @Test
  void serviceGetsOnlyTheAllowListAndTheVariablesYouSet() throws Exception {
    ws.write("app/main.py", """
        import os

        from fastapi import FastAPI

        app = FastAPI()


        @app.get("/env")
        def env() -> dict:
            return {"keys": sorted(os.environ), "greeting": os.environ.get("GREETING")}
        """);
    DeploymentPlanner planner = (plan, context) -> new DeploymentSpec("app.main:app", "/env", List.of("GREETING", "DB_URL"), 20);
    ProcessDeployer deployer = ProcessDeployer.builder(PythonSupport.stack()).planner(planner)
        .serviceEnvironment("GREETING", "hi").build();

    Deployment d = deployer.deploy(Services.helloPlan(), ctx);
    try {
      JsonNode body = Json.MAPPER.readTree(get(d.url() + "/env"));
      assertThat(body.path("greeting").asText()).isEqualTo("hi");
      assertThat(texts(body.path("keys"))).isSubsetOf("PATH", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "HOME", "TMPDIR", "PWD",
          "PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED", "PYTHONIOENCODING", "GREETING");
      assertThat(notes()).anyMatch(n -> n.contains("the service reads [DB_URL], which are not set"));
    } finally {
      deployer.undeploy(d, ctx);
    }
  }

  @Test
  void invalidSpecIsRefusedBeforeAnythingStarts() {
    DeploymentPlanner planner = (plan, context) -> new DeploymentSpec("app.missing:app", "/health?x=1",
        List.of("PATH", "LD_PRELOAD", "api key"), 500);
    ProcessDeployer deployer = ProcessDeployer.builder(PythonSupport.stack()).planner(planner).build();
    int before = SandboxInspection.recentSessions().size();

    assertThatThrownBy(() -> deployer.deploy(Services.helloPlan(), ctx))
        .isInstanceOfSatisfying(InvalidDeploymentSpecException.class, e -> assertThat(e.problems()).containsExactly(
            "entrypoint: module of \"app.missing:app\" is not a planned file (no app/missing.py or app/missing/__init__.py);"
                + " the plan's entrypoint is app.main:app",
            "healthPath: must be a plain path such as /health (letters, digits, . _ ~ - and /, no parameters or query),"
                + " but was \"/health?x=1\"",
            "readinessSeconds: must be within 1..120, but was 500",
            "environment[0]: PATH is set by the sandbox; name only variables the service itself reads",
            "environment[1]: LD_PRELOAD is set by the sandbox; name only variables the service itself reads",
            "environment[2]: must be an upper-case variable name (A-Z, 0-9 and _, not starting with a digit, at most 64"
                + " characters), but was \"api key\""));
    assertThat(SandboxInspection.recentSessions()).hasSize(before);
  }

  @Test
  void serviceThatNeverBecomesReadyIsDownWithItsLogs() throws Exception {
    ws.write("app/main.py", "import time\nprint('connecting to the database at db:5432', flush=True)\ntime.sleep(600)\n");
    DeploymentPlanner planner = (plan, context) -> new DeploymentSpec("app.main:app", "/health", List.of(), 2);
    ProcessDeployer deployer = ProcessDeployer.builder(PythonSupport.stack()).planner(planner).build();
    List<DiagnosisRequest> seen = new CopyOnWriteArrayList<>();
    HttpMonitor monitor = HttpMonitor.builder().probesPerPath(5).diagnoser((request, context) -> {
      seen.add(request);
      return new HealthReport.Diagnosis("the app blocks at import waiting for its database", List.of(), "", List.of("app/main.py"));
    }).build();

    Deployment d = deployer.deploy(Services.helloPlan(), ctx);
    HealthReport health;
    try {
      assertThat(notes()).anyMatch(n -> n.startsWith("not ready within 2 s (still starting)"));
      health = monitor.monitor(Services.helloPlan(), d, ctx);
    } finally {
      deployer.undeploy(d, ctx);
    }

    assertThat(health.verdict()).isEqualTo(HealthReport.Verdict.DOWN);
    // The bridge's host port accepts and closes while nothing listens inside the sandbox: an error, not a refusal.
    assertThat(health.probes()).allSatisfy(p -> assertThat(p.statusCounts()).isEqualTo("errorx5"));
    assertThat(health.diagnosis().cause()).isEqualTo("the app blocks at import waiting for its database");
    assertThat(seen).singleElement().satisfies(r -> assertThat(r.logExcerpt()).contains("connecting to the database at db:5432"));
    assertThat(SandboxInspection.sessionMembers(Long.parseLong(d.handle()))).isEmpty();
  }

  @Test
  void serviceThatCrashesAtImportIsDownWithTheTraceback() {
    ws.write("app/main.py", "raise RuntimeError('database unreachable')\n");
    ProcessDeployer deployer = ProcessDeployer.builder(PythonSupport.stack()).build();
    List<DiagnosisRequest> seen = new CopyOnWriteArrayList<>();
    HttpMonitor monitor = HttpMonitor.builder().probesPerPath(3).diagnoser((request, context) -> {
      seen.add(request);
      return new HealthReport.Diagnosis("app.main raises at import", List.of("RuntimeError: database unreachable"), "", List.of());
    }).build();

    Deployment d = deployer.deploy(Services.helloPlan(), ctx);
    HealthReport health = monitor.monitor(Services.helloPlan(), d, ctx);
    deployer.undeploy(d, ctx);

    assertThat(notes()).anyMatch(n -> n.matches("the process exited after \\d+ ms, before it was ready; its log is .*"));
    assertThat(health.verdict()).isEqualTo(HealthReport.Verdict.DOWN);
    assertThat(seen.get(0).logExcerpt()).contains("RuntimeError: database unreachable");
  }

  @Test
  void servicesSocketsOnAllInterfacesAreUnreachableFromTheHost() throws Exception {
    PythonSupport.requireSessions();
    int tcp;
    int udp;
    try (java.net.ServerSocket t = new java.net.ServerSocket(0); java.net.DatagramSocket u = new java.net.DatagramSocket(0)) {
      tcp = t.getLocalPort();
      udp = u.getLocalPort();
    }
    // Generated code that opens a TCP listener and a UDP echo on 0.0.0.0 next to the real service (uvicorn).
    ws.write("app/main.py", "import socket, threading\n"
        + "_t = socket.socket()\n_t.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n_t.bind(('0.0.0.0', " + tcp + "))\n_t.listen()\n"
        + "_u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n_u.bind(('0.0.0.0', " + udp + "))\n"
        + "def _echo():\n    while True:\n        d, a = _u.recvfrom(64)\n        _u.sendto(b'pwned', a)\n"
        + "threading.Thread(target=_echo, daemon=True).start()\n"
        + Services.main("Hello, World!"));
    ProcessDeployer deployer = ProcessDeployer.builder(PythonSupport.stack()).build();

    Deployment d = deployer.deploy(Services.helloPlan(), ctx);
    try {
      assertThat(get(d.url() + "/health")).as("the service itself, through the bridge").isNotBlank();
      java.util.List<java.net.InetAddress> addresses = new java.util.ArrayList<>(java.util.List.of(java.net.InetAddress.getLoopbackAddress()));
      for (java.net.NetworkInterface nic : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
        java.util.Collections.list(nic.getInetAddresses()).stream()
            .filter(a -> a instanceof java.net.Inet4Address && !a.isLoopbackAddress()).forEach(addresses::add);
      }
      for (java.net.InetAddress a : addresses) {
        try (java.net.Socket s = new java.net.Socket()) {
          assertThatThrownBy(() -> s.connect(new java.net.InetSocketAddress(a, tcp), 500)).as("TCP at %s:%s", a, tcp)
              .isInstanceOf(java.io.IOException.class);
        }
        try (java.net.DatagramSocket s = new java.net.DatagramSocket()) {
          s.setSoTimeout(500);
          s.send(new java.net.DatagramPacket(new byte[] {1}, 1, a, udp));
          assertThatThrownBy(() -> s.receive(new java.net.DatagramPacket(new byte[64], 64))).as("UDP at %s:%s", a, udp)
              .isInstanceOf(java.io.IOException.class);
        }
      }
    } finally {
      deployer.undeploy(d, ctx);
    }
    assertThat(deployer.running()).isEmpty();
  }

  @Test
  void cancelDuringDeployKillsTheServiceAndThrows() throws Exception {
    ws.write("app/main.py", "import time\ntime.sleep(600)\n");
    ProcessDeployer deployer = ProcessDeployer.builder(PythonSupport.stack()).build();
    CompletableFuture<Deployment> deploying = CompletableFuture.supplyAsync(() -> deployer.deploy(Services.helloPlan(), ctx));
    long pid = waitForStartedPid();

    ctx.cancel();

    assertThatThrownBy(() -> deploying.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(RunCancelledException.class);
    assertThat(SandboxInspection.alive(pid)).isFalse();
    assertThat(SandboxInspection.sessionMembers(pid)).isEmpty();
    assertThat(deployer.running()).isEmpty();
  }

  @Test
  void missingToolchainSkipsTheDeployment() {
    ProcessDeployer deployer = ProcessDeployer.builder(PythonSupport.withoutPython()).build();

    assertThat(deployer.deploy(Services.helloPlan(), ctx).kind()).isEqualTo(Deployment.Kind.NONE);
    assertThat(notes()).anyMatch(n -> n.startsWith("SKIPPED: no Python interpreter") && n.contains(PythonToolchain.INSTALL_HINT));
  }

  @Test
  void exportWritesTheValidatedSpecNextToTheFiles() throws Exception {
    ExportDeployer deployer = ExportDeployer.builder(new PythonFastApiStack()).build();

    Deployment d = deployer.deploy(Services.helloPlan(), ctx);

    assertThat(d.kind()).isEqualTo(Deployment.Kind.EXPORTED);
    assertThat(d.url()).isNull();
    assertThat(d.logsPath()).isEqualTo("deployment.json");
    JsonNode json = Json.MAPPER.readTree(Files.readString(root.resolve("deployment.json")));
    assertThat(json.path("service").asText()).isEqualTo("hello-service");
    assertThat(Json.MAPPER.treeToValue(json.path("spec"), DeploymentSpec.class))
        .isEqualTo(new DeploymentSpec("app.main:app", "/health", List.of(), 30));
    assertThat(texts(json.path("command"))).containsExactly("python3", "-m", "uvicorn", "app.main:app", "--host", "127.0.0.1", "--port", "8000");
    assertThatThrownBy(() -> ExportDeployer.builder(new PythonFastApiStack()).fileName("../out.json"))
        .hasMessage("fileName must be a plain relative path inside the workspace, but was \"../out.json\"");
    assertThatThrownBy(() -> ExportDeployer.builder(new PythonFastApiStack()).planner((p, c) -> new DeploymentSpec("nowhere:app", "/", List.of(), 5))
        .build().deploy(Services.helloPlan(), ctx)).isInstanceOf(InvalidDeploymentSpecException.class);
  }

  @Test
  void specFromThePlanUsesItsEntrypointAndHealthPath() {
    ArchitecturePlan plan = Services.helloPlan();
    assertThat(DeploymentSpec.fromPlan(plan)).isEqualTo(new DeploymentSpec("app.main:app", "/health", List.of(), 30));
  }

  private long waitForStartedPid() throws InterruptedException {
    for (int i = 0; i < 600; i++) {
      for (String n : notes()) {
        if (n.startsWith("started app.main:app (python-fastapi), pid ")) {
          return Long.parseLong(n.replaceAll(".*pid (\\d+),.*", "$1"));
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the service never started: " + notes());
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new java.util.ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private List<String> notes() {
    return events.stream().filter(e -> e instanceof RunEvent.Note).map(e -> ((RunEvent.Note) e).message()).toList();
  }

  private static String get(String url) throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).proxy(HttpClient.Builder.NO_PROXY).build();
    return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }
}
