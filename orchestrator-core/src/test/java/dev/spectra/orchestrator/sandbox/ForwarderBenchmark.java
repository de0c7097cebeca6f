package dev.spectra.orchestrator.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What serving a service through the sandbox costs: the time from asking for it to its first HTTP answer, once
 * through {@link Sandbox#serve} (bubblewrap, the forwarder JVM inside, the host bridge) and once as a plain child of
 * this JVM on a host port (no sandbox), for the same small JDK service; and the resident memory of the forwarder JVM.
 * Rounds alternate between the two; medians are shown.
 *
 * <pre>
 * mvn -B -pl orchestrator-core test-compile exec:java -Dexec.classpathScope=test -Dexec.cleanupDaemonThreads=false \
 *     -Dexec.mainClass=dev.spectra.orchestrator.sandbox.ForwarderBenchmark [-Drounds=15]
 * </pre>
 */
public final class ForwarderBenchmark {
  private ForwarderBenchmark() {}

  public static void main(String[] args) throws Exception {
    Sandbox.isolationProblem().ifPresent(problem -> {
      throw new IllegalStateException(problem);
    });
    int rounds = Integer.getInteger("rounds", 15);
    Path root = Files.createTempDirectory("forwarder-bench-").toRealPath();
    Files.writeString(root.resolve("routes.txt"), "GET /health -> ok\n");
    List<Long> sandboxed = new ArrayList<>();
    List<Long> plain = new ArrayList<>();
    List<Long> forwarderRssKb = new ArrayList<>();
    List<Long> serviceRssKb = new ArrayList<>();
    for (int i = -2; i < rounds; i++) { // two warm-up rounds
      long a = sandboxedRound(root, i >= 0 ? forwarderRssKb : null, i >= 0 ? serviceRssKb : null);
      long b = plainRound(root);
      if (i >= 0) {
        sandboxed.add(a);
        plain.add(b);
      }
    }
    System.out.printf(Locale.ROOT, "%d rounds, %d cores, Java %s%n", rounds, Runtime.getRuntime().availableProcessors(),
        Runtime.version());
    System.out.printf(Locale.ROOT, "first answer, plain child on a host port:       median %5d ms (min %d, max %d)%n",
        median(plain), min(plain), max(plain));
    System.out.printf(Locale.ROOT, "first answer, Sandbox.serve (bwrap + forwarder): median %5d ms (min %d, max %d)%n",
        median(sandboxed), min(sandboxed), max(sandboxed));
    System.out.printf(Locale.ROOT, "sandbox and forwarder add (median of the differences): %d ms%n",
        medianDifference(sandboxed, plain));
    System.out.printf(Locale.ROOT, "resident memory, forwarder JVM: median %d MB; the JDK service beside it: median %d MB%n",
        median(forwarderRssKb) / 1024, median(serviceRssKb) / 1024);
  }

  /** The test classes and core's classes (under exec:java, java.class.path is Maven's own). */
  private static final List<Path> CLASS_PATH = List.of(codeOf(ForwarderBenchmark.class), codeOf(Sandbox.class));

  private static Path codeOf(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> service(int port) {
    return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        CLASS_PATH.get(0) + java.io.File.pathSeparator + CLASS_PATH.get(1), "dev.spectra.orchestrator.stack.TextService",
        "routes.txt", "127.0.0.1", Integer.toString(port));
  }

  private static long sandboxedRound(Path root, List<Long> forwarderRss, List<Long> serviceRss) throws Exception {
    long start = System.nanoTime();
    Sandbox.Builder builder = Sandbox.builder(root);
    CLASS_PATH.forEach(builder::readOnly);
    Sandbox.Child child = builder.build()
        .serve(ForwarderBenchmark::service, root.resolve("svc.log"), null);
    try {
      awaitAnswer(child.url());
      long millis = (System.nanoTime() - start) / 1_000_000;
      if (forwarderRss != null) {
        forwarderRss.add(rssKb(Forwarder.class.getName(), null));
        serviceRss.add(rssKb("dev.spectra.orchestrator.stack.TextService", Forwarder.class.getName()));
      }
      return millis;
    } finally {
      child.stop();
    }
  }

  private static long plainRound(Path root) throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    long start = System.nanoTime();
    Process p = new ProcessBuilder(service(port)).directory(root.toFile()).redirectErrorStream(true)
        .redirectOutput(root.resolve("plain.log").toFile()).start();
    try {
      awaitAnswer("http://127.0.0.1:" + port);
      return (System.nanoTime() - start) / 1_000_000;
    } finally {
      p.destroyForcibly().waitFor();
    }
  }

  private static void awaitAnswer(String url) throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest get = HttpRequest.newBuilder(URI.create(url + "/health")).timeout(Duration.ofSeconds(5)).build();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (client.send(get, HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not up yet
      }
      Thread.sleep(10);
    }
    throw new IllegalStateException("no answer from " + url + " within 60 s");
  }

  /**
   * VmRSS, in kB, of the one living JVM whose command line holds {@code token} but not {@code unless} (the launchers
   * around it, setsid, prlimit and bwrap, carry the same words but are not java; the forwarder's own command line
   * carries the service's).
   */
  private static long rssKb(String token, String unless) throws IOException {
    List<Long> pids = new ArrayList<>();
    for (long pid : ProcessHandle.current().descendants().map(ProcessHandle::pid).toList()) { // ours, not other builds'
      try {
        String[] argv = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
            java.nio.charset.StandardCharsets.UTF_8).split("\0");
        String line = String.join(" ", argv);
        if (argv[0].endsWith("/bin/java") && line.contains(token) && (unless == null || !line.contains(unless))) {
          pids.add(pid);
        }
      } catch (IOException gone) {
        // ended meanwhile
      }
    }
    if (pids.size() != 1) {
      throw new IllegalStateException("expected one JVM with " + token + ", found " + pids);
    }
    for (String line : Files.readAllLines(Path.of("/proc", pids.get(0).toString(), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IllegalStateException("no VmRSS for " + pids.get(0));
  }

  private static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    sorted.sort(null);
    return sorted.get(sorted.size() / 2);
  }

  private static long min(List<Long> values) {
    return values.stream().mapToLong(Long::longValue).min().orElseThrow();
  }

  private static long max(List<Long> values) {
    return values.stream().mapToLong(Long::longValue).max().orElseThrow();
  }

  private static long medianDifference(List<Long> a, List<Long> b) {
    List<Long> d = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      d.add(a.get(i) - b.get(i));
    }
    return median(d);
  }
}
