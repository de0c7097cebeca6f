package dev.spectra.orchestrator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spectra.orchestrator.RunCancelledException;
import dev.spectra.orchestrator.RunContext;
import dev.spectra.orchestrator.workspace.Workspace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxTest {
  @TempDir Path dir;
  Path root;

  @BeforeEach
  void setUp() throws Exception {
    root = dir.toRealPath();
  }

  /**
   * A sandbox without isolation (bwrap "missing", opted in): the fallback keeps the session tracking, /proc kills and
   * listener detection, which these tests check on host pids.
   */
  static Sandbox.Builder unisolated(Path root) {
    return Sandbox.builder(root).bwrap(Path.of("/nonexistent/bwrap")).allowWithoutIsolation(true);
  }

  @Test
  void childEnvironmentHoldsOnlyTheAllowListAndNoSecret() {
    requireIsolation();
    Sandbox sandbox = Sandbox.builder(root)
        .parentEnvironment(Map.of("PATH", "/usr/bin:/bin", "LANG", "C.UTF-8", "OPENAI_API_KEY", "sk-secret-4711",
            "AWS_SECRET_ACCESS_KEY", "aws-secret-4711", "PYTHONPATH", "/evil"))
        .environment("SERVICE_GREETING", "hello")
        .build();

    Sandbox.Result r = sandbox.run(List.of("/usr/bin/env"), Duration.ofSeconds(20));

    assertThat(r.exitCode()).isZero();
    Map<String, String> env = parseEnv(r.output());
    assertThat(env).containsOnlyKeys("PATH", "LANG", "HOME", "TMPDIR", "PWD", "SERVICE_GREETING");
    assertThat(env).isEqualTo(sandbox.environment());
    assertThat(r.output()).doesNotContain("secret-4711").doesNotContain("/evil");
    assertThat(env.get("HOME")).isEqualTo("/tmp/home");
    assertThat(env.get("TMPDIR")).isEqualTo("/tmp");
    assertThat(env.get("PATH")).isEqualTo("/usr/bin:/bin");
  }

  @Test
  void withoutIsolationHomeAndTmpAreOutsideTheWorkspace() {
    Sandbox sandbox = unisolated(root).build();
    Sandbox.Result r = sandbox.run(List.of("/usr/bin/env"), Duration.ofSeconds(20));

    assertThat(sandbox.isolated()).isFalse();
    Map<String, String> env = parseEnv(r.output());
    assertThat(Path.of(env.get("HOME"))).isAbsolute();
    assertThat(Path.of(env.get("HOME")).startsWith(root)).as("HOME %s inside the workspace", env.get("HOME")).isFalse();
    assertThat(Path.of(env.get("TMPDIR"))).startsWith(Path.of(env.get("HOME")));
  }

  @Test
  void realParentEnvironmentIsReducedToTheAllowList() {
    requireIsolation();
    Sandbox.Result r = Sandbox.builder(root).build().run(List.of("/usr/bin/env"), Duration.ofSeconds(20));

    assertThat(parseEnv(r.output()).keySet()).isSubsetOf("PATH", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "HOME", "TMPDIR", "PWD");
  }

  @Test
  void childRunsInTheWorkingDirectory() {
    requireIsolation();
    Sandbox.Result r = Sandbox.builder(root).build().run(List.of("/bin/pwd"), Duration.ofSeconds(20));

    assertThat(r.output().strip()).isEqualTo(root.toString());
  }

  @Test
  void refusesBadCommandsAndVariables() {
    Sandbox sandbox = Sandbox.builder(root).build();
    assertThatThrownBy(() -> sandbox.run(List.of("python3", "-V"), Duration.ofSeconds(5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("command[0] must be an absolute path (no PATH lookup in the sandbox), but was \"python3\"");
    assertThatThrownBy(() -> sandbox.run(List.of(), Duration.ofSeconds(5)))
        .hasMessage("command must not be empty");
    assertThatThrownBy(() -> sandbox.run(List.of("/bin/true"), Duration.ZERO))
        .hasMessage("timeout must be > 0, but was PT0S");
    assertThatThrownBy(() -> sandbox.run(List.of("/bin/true"), Duration.ofSeconds(5), dir.getParent().resolve("x.log"), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("captureFile must be inside the working directory");
    assertThatThrownBy(() -> Sandbox.builder(root).environment("LD_PRELOAD", "/x.so"))
        .hasMessageStartingWith("environment variable LD_PRELOAD is set by the sandbox itself");
    assertThatThrownBy(() -> Sandbox.builder(root).environment("BAD NAME", "x"))
        .hasMessageContaining("but was \"BAD NAME\"");
  }

  @Test
  void childLeadsItsOwnSession() throws Exception {
    requireSessions();
    Sandbox.Child child = unisolated(root).build().start(List.of("/bin/sleep", "30"), root.resolve("s.log"), null);
    try {
      ProcTable.Proc p = waitForProcess(child.pid());
      assertThat(p.session()).isEqualTo(child.pid());
      assertThat(p.pgrp()).isEqualTo(child.pid());
    } finally {
      child.stop();
    }
    assertThat(ProcTable.alive(child.pid())).isFalse();
  }

  @Test
  void timeoutKillsTheChildAndItsDoubleForkedGrandchild() throws Exception {
    requireSessions();
    Sandbox sandbox = unisolated(root).build();

    Sandbox.Result r = sandbox.run(List.of("/bin/sh", "-c", "(/bin/sleep 600 & echo $! > grandchild.pid); exec /bin/sleep 600"),
        Duration.ofSeconds(3), root.resolve("out.log"), null);

    assertThat(r.timedOut()).isTrue();
    long grandchild = Long.parseLong(Files.readString(root.resolve("grandchild.pid")).strip());
    assertThat(ProcTable.alive(grandchild)).as("grandchild %s", grandchild).isFalse();
    assertThat(sessionMembers()).isEmpty();
  }

  @Test
  void orphansAreKilledWhenTheChildExits() throws Exception {
    requireSessions();
    Sandbox.Result r = unisolated(root).build().run(
        List.of("/bin/sh", "-c", "(/bin/sleep 600 & echo $! > orphan.pid)"), Duration.ofSeconds(20), root.resolve("o.log"), null);

    assertThat(r.exitCode()).isZero();
    assertThat(r.timedOut()).isFalse();
    long orphan = Long.parseLong(Files.readString(root.resolve("orphan.pid")).strip());
    assertThat(ProcTable.alive(orphan)).isFalse();
  }

  @Test
  void descendantThatLeftTheSessionIsKilledToo() throws Exception {
    requireSessions();
    Sandbox.Result r = unisolated(root).build().run(
        List.of("/bin/sh", "-c", "/usr/bin/setsid /bin/sleep 600 & echo $! > escaped.pid; exec /bin/sleep 600"),
        Duration.ofSeconds(3), root.resolve("e.log"), null);

    assertThat(r.timedOut()).isTrue();
    long escaped = Long.parseLong(Files.readString(root.resolve("escaped.pid")).strip());
    assertThat(ProcTable.alive(escaped)).isFalse();
  }

  @Test
  void jvmExitKillsEveryLiveTree() throws Exception {
    requireSessions();
    Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
    Process jvm = new ProcessBuilder(javaBin.toString(), "-cp", System.getProperty("java.class.path"),
        SandboxExitProbe.class.getName(), root.toString(), "unisolated").redirectErrorStream(true).start();
    String output = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(jvm.waitFor(60, TimeUnit.SECONDS)).isTrue();

    long child = Long.parseLong(output.lines().filter(l -> l.matches("\\d+")).findFirst().orElseThrow(() -> new AssertionError(output)));
    long grandchild = Long.parseLong(Files.readString(root.resolve("grandchild.pid")).strip());
    assertThat(ProcTable.alive(child)).isFalse();
    assertThat(ProcTable.alive(grandchild)).isFalse();
  }

  @Test
  void cancellationKillsTheTreeAndThrows() throws Exception {
    requireSessions();
    RunContext ctx = RunContext.builder().workspace(Workspace.at(root)).build();
    Sandbox sandbox = unisolated(root).build();
    CompletableFuture<Sandbox.Result> running = CompletableFuture.supplyAsync(() -> sandbox.run(
        List.of("/bin/sh", "-c", "echo $$ > leader.pid; (/bin/sleep 600 &); exec /bin/sleep 600"),
        Duration.ofMinutes(5), root.resolve("c.log"), ctx));
    Path pidFile = root.resolve("leader.pid");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!Files.exists(pidFile) || Files.readString(pidFile).isBlank()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the child wrote no leader.pid within 30 s");
      }
      Thread.sleep(20);
    }

    ctx.cancel();

    assertThatThrownBy(() -> running.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(RunCancelledException.class);
    long leader = Long.parseLong(Files.readString(pidFile).strip());
    assertThat(ProcTable.alive(leader)).isFalse();
    assertThat(ProcTable.session(leader)).isEmpty();
  }

  @Test
  void outputIsCappedInMemoryAndInFiles() throws Exception {
    Sandbox sandbox = Sandbox.builder(root).maxOutputBytes(2048).build();
    List<String> noisy = List.of("/bin/sh", "-c", "i=0; while [ $i -lt 2000 ]; do echo 0123456789; i=$((i+1)); done");

    Sandbox.Result memory = sandbox.run(noisy, Duration.ofSeconds(20));
    Sandbox.Result file = sandbox.run(noisy, Duration.ofSeconds(20), root.resolve("logs/noisy.log"), null);

    assertThat(memory.output()).startsWith("0123456789\n").endsWith("[spectra: output cut at 2048 bytes]");
    assertThat(memory.output().length()).isLessThan(2200);
    String captured = Files.readString(root.resolve("logs/noisy.log"));
    assertThat(captured).startsWith("0123456789\n").endsWith("[spectra: output cut at 2048 bytes]\n");
    assertThat(captured.length()).isLessThan(2200);
    assertThat(file.output()).hasSize(22000); // the in-memory tail keeps the end of the output
  }

  @Test
  void nonLoopbackListenerIsAViolationAndTheTreeIsKilled() {
    requireSessions();
    Sandbox sandbox = unisolated(root).build();

    assertThatThrownBy(() -> sandbox.run(java(List.of("-Djava.net.preferIPv4Stack=true"), ListenProbe.class, "0.0.0.0", "600"), Duration.ofSeconds(60),
        root.resolve("l.log"), null))
        .isInstanceOfSatisfying(SandboxViolationException.class, v -> {
          assertThat(v.address()).startsWith("0.0.0.0:");
          assertThat(ProcTable.alive(v.pid())).isFalse();
        })
        .hasMessageContaining("not loopback");
  }

  @Test
  void ipv6WildcardListenerIsAViolationToo() {
    requireSessions();

    assertThatThrownBy(() -> unisolated(root).build().run(java(ListenProbe.class, "::", "600"),
        Duration.ofSeconds(60), root.resolve("l6.log"), null))
        .isInstanceOfSatisfying(SandboxViolationException.class, v -> assertThat(v.address()).startsWith("[0:0:0:0:0:0:0:0]:"));
  }

  @Test
  void loopbackListenerIsAllowed() {
    requireSessions();

    Sandbox.Result r = unisolated(root).build().run(java(ListenProbe.class, "127.0.0.1", "1.5"),
        Duration.ofSeconds(60), root.resolve("lo.log"), null);

    assertThat(r.exitCode()).isZero();
    assertThat(r.output()).contains("done");
  }

  /** The sandbox tracks process sessions (Linux with util-linux setsid), or the calling test is skipped. */
  static void requireSessions() {
    if (!Sandbox.tracksSessions()) {
      String message = "process-tree tests need Linux /proc and util-linux setsid; install util-linux";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        org.junit.jupiter.api.Assertions.fail(message + " (CI=true)");
      }
      org.junit.jupiter.api.Assumptions.abort(message);
    }
  }

  /**
   * bubblewrap can isolate children here, or the calling test is skipped with the install hint; under
   * {@code SPECTRA_REQUIRE_BWRAP=true} (CI) it fails instead.
   */
  static void requireIsolation() {
    SandboxInspection.requireIsolation();
  }

  /** The command that runs {@code main} in a new JVM on this test's class path. */
  static List<String> java(Class<?> main, String... args) {
    return java(List.of(), main, args);
  }

  static List<String> java(List<String> jvmOptions, Class<?> main, String... args) {
    List<String> argv = new java.util.ArrayList<>();
    argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    argv.addAll(jvmOptions);
    argv.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    argv.addAll(List.of(args));
    return argv;
  }

  private static ProcTable.Proc waitForProcess(long pid) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30); // generous: a loaded machine may be slow
    while (System.nanoTime() < deadline) {
      ProcTable.Proc p = ProcTable.process(pid);
      if (p != null && p.session() == pid) {
        return p;
      }
      Thread.sleep(10);
    }
    throw new AssertionError("process " + pid + " did not lead its own session within 30 s: " + ProcTable.process(pid));
  }

  /** Living processes of every session the sandbox started. */
  static List<ProcTable.Proc> sessionMembers() {
    List<ProcTable.Proc> all = ProcTable.processes();
    return Supervisor.recentSessions().stream().flatMap(s -> ProcTable.members(all, s).stream()).toList();
  }

  private static Map<String, String> parseEnv(String output) {
    Map<String, String> env = new java.util.LinkedHashMap<>();
    for (String line : output.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        env.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return env;
  }
}
