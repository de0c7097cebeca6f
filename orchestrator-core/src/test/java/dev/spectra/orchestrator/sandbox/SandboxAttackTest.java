package dev.spectra.orchestrator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile generated code against the sandbox: every test is an attack that the sandbox must defeat. Each runs real
 * processes (the shell, the JDK's {@code java} with {@link NetProbe}, a second JVM with {@link AttackHost}).
 */
class SandboxAttackTest {
  static final String SECRET = "sk-planted-4711-do-not-leak";

  @TempDir Path dir;
  Path root;
  final List<String> tokens = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    SandboxTest.requireSessions();
    SandboxTest.requireIsolation();
    root = Files.createDirectories(dir.resolve("ws")).toRealPath();
  }

  @AfterEach
  void killLeftovers() {
    for (String token : tokens) {
      processesWith(token).forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }
  }

  /** The sandbox under attack, as the library builds it. */
  static Sandbox.Builder sandbox(Path root) {
    return Sandbox.builder(root).readOnly(testClasses());
  }

  // ---- secrets of the JVM

  @Test
  void parentEnvironmentIsNotReadableThroughProc() throws Exception {
    String out = host("run", "/bin/sh", "-c", "for f in /proc/[0-9]*/environ; do /bin/cat $f; echo; done | /usr/bin/tr '\\000' '\\n'; echo end-of-scan");

    assertThat(out).contains("end-of-scan").contains("PATH=");
    assertThat(out).as("what the generated code read from /proc/*/environ").doesNotContain(SECRET);
  }

  @Test
  void jvmWorkingDirectoryDotEnvAndHomeAreNotReadable() throws Exception {
    String out = host("run", "/bin/sh", "-c", "/bin/cat " + dir.resolve("jvm-cwd/.env") + " " + dir.resolve("jvm-home/.netrc")
        + " /proc/$PPID/cwd/.env ~/.netrc; echo end-of-scan");

    assertThat(out).contains("end-of-scan");
    assertThat(out).as("what the generated code read from the JVM's files").doesNotContain(SECRET);
  }

  @Test
  void hostUnixSocketIsUnreachable() throws Exception {
    Path socket = dir.resolve("host.sock");
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(socket));
      server.configureBlocking(false);

      Sandbox.Result r = sandbox(root).build().run(probe("unix", socket.toString()), Duration.ofSeconds(60));

      SocketChannel accepted = server.accept();
      assertThat(accepted).as("a connection from generated code to the host socket %s; probe said: %s", socket, r.output())
          .isNull();
      assertThat(r.output()).contains("refused").doesNotContain("connected");
    }
  }

  // ---- the process tree

  @Test
  void setsidDoubleForkDoesNotOutliveTheStep() throws Exception {
    String token = token();

    Sandbox.Result r = sandbox(root).build().run(List.of("/bin/sh", "-c",
        "/usr/bin/setsid /bin/sh -c '/bin/sleep " + token + " & exit 0' & /bin/sleep 0.5; exit 0"), Duration.ofSeconds(60));

    assertThat(r.exitCode()).isZero();
    assertThat(awaitGone(token)).as("processes of the double-forked grandchild left after the step").isEmpty();
  }

  @Test
  void sigkillOfTheJvmDuringADeployEndsTheService() throws Exception {
    String token = token();
    Process jvm = hostProcess("start", "/bin/sh", "-c", "/bin/sleep " + token + " & exec /bin/sleep " + token);
    try (InputStream in = jvm.getInputStream()) {
      String line = new String(readLine(in), StandardCharsets.UTF_8);
      assertThat(line).startsWith("started");
      // the service runs: both sleeps exist (bwrap's own processes carry the token in their command lines too, and
      // counting them would kill the JVM while bwrap is still setting the sandbox up; see docs/security.md)
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (sleepsWith(token).size() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(sleepsWith(token)).as("the service's processes before the kill").hasSize(2);

      jvm.destroyForcibly(); // SIGKILL: no shutdown hook runs
      assertThat(jvm.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    assertThat(awaitGone(token)).as("service processes left after SIGKILL of the JVM").isEmpty();
  }

  // ---- the network

  @Test
  void wildcardTcpListenerIsUnreachableFromTheHost() throws Exception {
    int port = freePort();
    Sandbox.Child child = sandbox(root).build().start(probe("tcp-listen", "0.0.0.0", Integer.toString(port), "20"),
        root.resolve("tcp.log"), null);
    Set<String> reached;
    try {
      reached = reachTcp(port, Duration.ofSeconds(6), child);
    } finally {
      child.stop();
    }
    assertThat(child.output()).as("the probe's output: it must have listened").contains("listening");
    assertThat(reached).as("host addresses at which the generated listener answered (its log: %s)", child.output()).isEmpty();
  }

  @Test
  void wildcardUdpSocketIsUnreachableFromTheHost() throws Exception {
    int port = freeUdpPort();
    Sandbox.Child child = sandbox(root).build().start(probe("udp-echo", "0.0.0.0", Integer.toString(port), "20"),
        root.resolve("udp.log"), null);
    Set<String> reached = Collections.newSetFromMap(new ConcurrentHashMap<>());
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.setSoTimeout(100);
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(6);
      while (System.nanoTime() < end && child.isAlive()) {
        for (InetAddress address : hostAddresses()) {
          byte[] ping = "ping".getBytes(StandardCharsets.UTF_8);
          socket.send(new DatagramPacket(ping, ping.length, address, port));
          DatagramPacket in = new DatagramPacket(new byte[64], 64);
          try {
            socket.receive(in);
            reached.add(address.getHostAddress() + " (reply from " + in.getAddress().getHostAddress() + ")");
          } catch (java.net.SocketTimeoutException e) {
            // no answer
          }
        }
      }
    } finally {
      child.stop();
    }
    assertThat(child.output()).as("the probe's output: it must have listened").contains("listening udp");
    assertThat(reached).as("host addresses at which the generated UDP socket answered (its log: %s)", child.output()).isEmpty();
  }

  @Test
  void outboundConnectionsToHostListenersFail() throws Exception {
    AtomicInteger accepted = new AtomicInteger();
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("0.0.0.0"))) {
      Thread acceptor = new Thread(() -> {
        while (!server.isClosed()) {
          try (Socket s = server.accept()) {
            accepted.incrementAndGet();
          } catch (IOException e) {
            return;
          }
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      List<String> args = new ArrayList<>(List.of("connect"));
      for (InetAddress address : hostAddresses()) {
        args.add(address.getHostAddress());
        args.add(Integer.toString(server.getLocalPort()));
      }

      Sandbox.Result r = sandbox(root).build().run(probe(args.toArray(String[]::new)), Duration.ofSeconds(60));

      assertThat(r.output()).as("the probe's report").contains("refused").doesNotContain("connected");
      assertThat(accepted.get()).as("connections the host listener accepted from generated code").isZero();
    }
  }

  // ---- files

  @Test
  void writeToTmpOutsideTheWorkspaceDoesNotReachTheHost() throws Exception {
    Path marker = Path.of(System.getProperty("java.io.tmpdir"), "spectra-attack-" + UUID.randomUUID());
    try {
      Sandbox.Result r = sandbox(root).build().run(List.of("/bin/sh", "-c", "echo pwned > " + marker + "; echo wrote $?"),
          Duration.ofSeconds(60));

      assertThat(r.output()).contains("wrote");
      assertThat(marker).as("a file generated code wrote in the host's /tmp").doesNotExist();
    } finally {
      Files.deleteIfExists(marker);
    }
  }

  @Test
  void journalAndReportCannotBeForged() throws Exception {
    Path run = Files.createDirectories(root.resolve(".spectra/runs/run-1"));
    Files.writeString(run.resolve("journal.jsonl"), "real\n");
    Files.writeString(run.resolve("report.json"), "real\n");

    Sandbox.Result r = sandbox(root).build().run(List.of("/bin/sh", "-c",
        "echo forged >> .spectra/runs/run-1/journal.jsonl; echo forged > .spectra/runs/run-1/report.json;"
            + " echo forged >> \"$HOME/../runs/run-1/journal.jsonl\"; echo home=$HOME; echo tmp=$TMPDIR"), Duration.ofSeconds(60));

    assertThat(Files.readString(run.resolve("journal.jsonl"))).as("the journal after generated code wrote to it").isEqualTo("real\n");
    assertThat(Files.readString(run.resolve("report.json"))).as("the report after generated code wrote to it").isEqualTo("real\n");
    assertThat(r.output()).as("HOME and TMPDIR of generated code").doesNotContain(root.resolve(".spectra").toString());
  }

  @Test
  void plantedCaptureFolderLinkDoesNotMakeTheLibraryWriteOutside() throws Exception {
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Path testDir = Files.createDirectories(root.resolve(".spectra/runs/run-1/test"));
    Sandbox sandbox = sandbox(root).build();
    // Generated code (e.g. a pytest test) swaps the capture folder for a link...
    sandbox.run(List.of("/bin/sh", "-c", "/bin/rm -rf .spectra/runs/run-1/test; /bin/ln -s " + outside + " .spectra/runs/run-1/test"),
        Duration.ofSeconds(60));

    // ...then the library captures the next run's output there.
    try {
      sandbox.run(List.of("/bin/echo", "captured"), Duration.ofSeconds(60), testDir.resolve("pytest-2.log"), null);
    } catch (RuntimeException refused) {
      // refusing is fine; writing outside is not
    }

    assertThat(outside.resolve("pytest-2.log")).as("a capture file the library wrote outside the workspace").doesNotExist();
  }

  @Test
  void captureFileThatIsALinkIsNotFollowed() throws Exception {
    Path victim = Files.writeString(dir.resolve("victim.txt"), "victim\n");
    Path testDir = Files.createDirectories(root.resolve(".spectra/runs/run-1/test"));
    Files.createSymbolicLink(testDir.resolve("pytest-1.log"), victim);

    try {
      sandbox(root).build().run(List.of("/bin/echo", "captured"), Duration.ofSeconds(60), testDir.resolve("pytest-1.log"), null);
    } catch (RuntimeException refused) {
      // refusing is fine; writing through the link is not
    }

    assertThat(Files.readString(victim)).as("the link's target after the library captured output").isEqualTo("victim\n");
  }

  // ---- helpers

  /** The command that runs {@link NetProbe} with the JDK, on a class path of this test's classes only. */
  static List<String> probe(String... args) {
    List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-Djava.net.preferIPv4Stack=true", "-cp", testClasses().toString(),
        NetProbe.class.getName()));
    argv.addAll(List.of(args));
    return argv;
  }

  static Path testClasses() {
    try {
      return Path.of(NetProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs {@link AttackHost} in a JVM with a planted key, its own working directory (with .env) and HOME; its output. */
  private String host(String... args) throws Exception {
    Process p = hostProcess(args);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return out;
  }

  private Process hostProcess(String... args) throws IOException {
    Path cwd = Files.createDirectories(dir.resolve("jvm-cwd"));
    Path home = Files.createDirectories(dir.resolve("jvm-home"));
    Files.writeString(cwd.resolve(".env"), "OPENAI_API_KEY=" + SECRET + "\n");
    Files.writeString(home.resolve(".netrc"), "machine api.openai.com password " + SECRET + "\n");
    List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), AttackHost.class.getName(), args[0], root.toString()));
    argv.addAll(List.of(args).subList(1, args.length));
    ProcessBuilder pb = new ProcessBuilder(argv).directory(cwd.toFile()).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.put("OPENAI_API_KEY", SECRET);
    env.put("SPECTRA_TEST_SECRET", SECRET);
    env.put("HOME", home.toString());
    return pb.start();
  }

  private static byte[] readLine(InputStream in) throws IOException {
    java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0 && c != '\n') {
      b.write(c);
    }
    return b.toByteArray();
  }

  /** A unique argument for sleep (seconds with a random fraction), to find its processes on the host. */
  private String token() {
    String token = "6" + (100 + (int) (Math.random() * 800)) + "." + (System.nanoTime() % 1_000_000_000L);
    tokens.add(token);
    return token;
  }

  /** Host pids of living processes whose command line holds {@code token}. */
  static List<Long> processesWith(String token) {
    List<Long> out = new ArrayList<>();
    for (ProcTable.Proc p : ProcTable.processes()) {
      if (p.zombie()) {
        continue;
      }
      try {
        String cmdline = new String(Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "cmdline")), StandardCharsets.UTF_8);
        if (cmdline.contains(token)) {
          out.add(p.pid());
        }
      } catch (IOException | RuntimeException e) {
        // gone
      }
    }
    return out;
  }

  /** The living {@code sleep} processes whose arguments hold {@code token}. */
  private static List<Long> sleepsWith(String token) {
    List<Long> out = new ArrayList<>();
    for (long pid : processesWith(token)) {
      try {
        String argv0 = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8)
            .split("\0")[0];
        if (argv0.endsWith("/sleep")) {
          out.add(pid);
        }
      } catch (IOException e) {
        // gone
      }
    }
    return out;
  }

  /** Waits up to 10 s for the processes holding {@code token} to end; those still living. */
  private static List<Long> awaitGone(String token) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    List<Long> left = processesWith(token);
    while (!left.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(50);
      left = processesWith(token);
    }
    return left;
  }

  /** Loopback and every other address of this host (IPv4). */
  static List<InetAddress> hostAddresses() throws IOException {
    List<InetAddress> out = new ArrayList<>(List.of(InetAddress.getByName("127.0.0.1")));
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      for (InetAddress a : Collections.list(nic.getInetAddresses())) {
        if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
          out.add(a);
        }
      }
    }
    return out;
  }

  /** Tries TCP connections to the port at every host address until the limit or the child ends; where it answered. */
  private static Set<String> reachTcp(int port, Duration limit, Sandbox.Child child) throws IOException {
    Set<String> reached = new java.util.TreeSet<>();
    List<InetAddress> addresses = hostAddresses();
    long end = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < end && child.isAlive()) {
      for (InetAddress address : addresses) {
        try (Socket s = new Socket()) {
          s.connect(new InetSocketAddress(address, port), 200);
          reached.add(address.getHostAddress());
        } catch (IOException e) {
          // not reachable (now)
        }
      }
    }
    return reached;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static int freeUdpPort() throws IOException {
    try (DatagramSocket s = new DatagramSocket(0)) {
      return s.getLocalPort();
    }
  }
}
