package dev.spectra.orchestrator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sandbox under bubblewrap: what still works inside, and how the library reaches a service. */
class IsolationTest {
  @TempDir Path dir;
  Path root;

  @BeforeEach
  void setUp() throws Exception {
    root = dir.toRealPath();
  }

  @Test
  void missingBwrapRefusesToRunGeneratedCodeWithTheInstallHint() {
    Sandbox sandbox = Sandbox.builder(root).bwrap(Path.of("/nonexistent/bwrap")).build();

    assertThat(sandbox.isolated()).isFalse();
    assertThatThrownBy(() -> sandbox.run(List.of("/bin/true"), Duration.ofSeconds(10)))
        .isInstanceOf(IsolationUnavailableException.class)
        .hasMessageContaining("/nonexistent/bwrap")
        .hasMessageContaining("apt-get install bubblewrap")
        .hasMessageContaining("--no-isolation");
  }

  @Test
  void serviceOutlivesTheThreadThatStartedIt() throws Exception {
    SandboxTest.requireIsolation();
    AtomicReference<Sandbox.Child> started = new AtomicReference<>();
    Thread asker = new Thread(() -> started.set(Sandbox.builder(root).build().start(List.of("/bin/sleep", "600"),
        root.resolve("sleep.log"), null)));
    asker.start();
    asker.join();
    Sandbox.Child child = started.get();
    try {
      Thread.sleep(1500); // --die-with-parent would have fired when the asking thread ended
      assertThat(child.isAlive()).as("the service after the thread that asked for it ended").isTrue();
    } finally {
      child.stop();
    }
    assertThat(child.isAlive()).isFalse();
  }

  @Test
  void servedServiceIsReachableFromThisJvmAtItsUrlAndNowhereElse() throws Exception {
    SandboxTest.requireIsolation();
    Sandbox.Child child = SandboxAttackTest.sandbox(root).build().serve(
        port -> SandboxAttackTest.probe("tcp-listen", "127.0.0.1", Integer.toString(port), "60"), root.resolve("svc.log"), null);
    try {
      URI url = URI.create(child.url());
      assertThat(url.getHost()).isEqualTo("127.0.0.1");
      String answer = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (answer == null && System.nanoTime() < deadline) {
        try (Socket s = new Socket()) {
          s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), url.getPort()), 1000);
          s.setSoTimeout(5000);
          answer = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
        } catch (java.io.IOException e) {
          Thread.sleep(100);
        }
        if (answer == null) {
          Thread.sleep(100); // the forwarder or the service is still starting
        }
      }
      assertThat(answer).as("what the service answered through the bridge (its log: %s)", child.output()).isEqualTo("pwned");
      for (InetAddress other : SandboxAttackTest.hostAddresses()) {
        if (!other.isLoopbackAddress()) {
          try (Socket s = new Socket()) {
            assertThatThrownBy(() -> s.connect(new InetSocketAddress(other, url.getPort()), 500))
                .as("the bridge port at %s", other).isInstanceOf(java.io.IOException.class);
          }
        }
      }
    } finally {
      child.stop();
    }
  }

  @Test
  void servedHttpServiceAnswersRequestsThroughTheBridge() throws Exception {
    SandboxTest.requireIsolation();
    Files.writeString(root.resolve("routes.txt"), "GET /health -> ok\n");
    Sandbox.Child child = SandboxInspection.withTestClassPath(Sandbox.builder(root)).build().serve(port -> List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
        "dev.spectra.orchestrator.stack.TextService", "routes.txt", "127.0.0.1", Integer.toString(port)),
        root.resolve(".spectra/svc.log"), null);
    try {
      java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build();
      java.net.http.HttpRequest get = java.net.http.HttpRequest.newBuilder(URI.create(child.url() + "/health"))
          .timeout(Duration.ofSeconds(5)).build();
      java.net.http.HttpResponse<String> answer = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (answer == null && System.nanoTime() < deadline) {
        try {
          answer = client.send(get, java.net.http.HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
          Thread.sleep(200); // still starting
        }
      }
      assertThat(answer).as("an answer through the bridge (service log: %s)", child.output()).isNotNull();
      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(answer.body()).isEqualTo("ok");
      // several requests at once, each on its own tunnel
      List<java.util.concurrent.CompletableFuture<java.net.http.HttpResponse<String>>> many = new java.util.ArrayList<>();
      for (int i = 0; i < 8; i++) {
        many.add(java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build()
            .sendAsync(get, java.net.http.HttpResponse.BodyHandlers.ofString()));
      }
      for (var f : many) {
        assertThat(f.get(30, TimeUnit.SECONDS).body()).isEqualTo("ok");
      }
    } finally {
      child.stop();
    }
  }

  @Test
  void limitsOnProcessesAndFileSizeApply() throws Exception {
    SandboxTest.requireIsolation();
    Sandbox sandbox = Sandbox.builder(root).maxProcesses(321).maxFileBytes(1024 * 1024).build();

    Sandbox.Result r = sandbox.run(List.of("/bin/sh", "-c",
        "/bin/cat /proc/self/limits; /bin/grep ' /tmp ' /proc/self/mounts; /usr/bin/head -c 3000000 /dev/zero > big.bin; echo done"), Duration.ofSeconds(30));

    assertThat(r.output()).containsPattern("Max processes\\s+321\\s+321").containsPattern("Max file size\\s+1048576\\s+1048576")
        .containsPattern("tmpfs /tmp tmpfs \\S*size=524288k");
    assertThat(Files.size(root.resolve("big.bin"))).as("a file written beyond the limit").isLessThanOrEqualTo(1024 * 1024);
  }

  @Test
  void stateFolderIsPrivateInsideExceptTheWritableFolders() throws Exception {
    SandboxTest.requireIsolation();
    Path run = Files.createDirectories(root.resolve(".spectra/runs/run-1"));
    Files.writeString(run.resolve("journal.jsonl"), "real\n");
    Path out = Files.createDirectories(run.resolve("test"));

    Sandbox.Result r = Sandbox.builder(root).writable(out).build().run(List.of("/bin/sh", "-c",
        "/bin/ls -A .spectra; echo ---; /bin/cat .spectra/runs/run-1/journal.jsonl; echo report > .spectra/runs/run-1/test/junit.xml;"
            + " echo source > app.py"), Duration.ofSeconds(30));

    assertThat(r.output()).doesNotContain("real");
    assertThat(Files.readString(out.resolve("junit.xml"))).isEqualTo("report\n");
    assertThat(Files.readString(root.resolve("app.py"))).as("the source tree is writable").isEqualTo("source\n");
  }

  @Test
  void timeoutKillsTheWholeNamespace() throws Exception {
    SandboxTest.requireIsolation();
    String token = "6" + System.nanoTime() % 100 + ".4711" + System.nanoTime() % 100000;
    Sandbox.Result r = Sandbox.builder(root).build().run(List.of("/bin/sh", "-c",
        "(/usr/bin/setsid /bin/sleep " + token + " &); exec /bin/sleep " + token), Duration.ofSeconds(2));

    assertThat(r.timedOut()).isTrue();
    assertThat(SandboxAttackTest.processesWith(token)).isEmpty();
  }
}
