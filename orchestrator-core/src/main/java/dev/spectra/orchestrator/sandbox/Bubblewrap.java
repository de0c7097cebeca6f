package dev.spectra.orchestrator.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The command line that puts a child under bubblewrap, the check that bubblewrap works here, and the one thread that
 * starts every sandboxed process.
 *
 * <p>That thread matters: {@code --die-with-parent} is {@code PR_SET_PDEATHSIG}, which fires when the <em>thread</em>
 * that forked bwrap ends, not the process. Starting every child from one long-lived daemon thread keeps a service
 * alive after the (pool) thread that asked for it ended, while the whole namespace still dies with the JVM, even on
 * SIGKILL.
 */
final class Bubblewrap {
  /** Where bwrap is looked for, in order. */
  static final List<Path> CANDIDATES = List.of(Path.of("/usr/bin/bwrap"), Path.of("/usr/local/bin/bwrap"), Path.of("/bin/bwrap"));
  /** The one-line install hint. */
  static final String INSTALL_HINT = "install bubblewrap (Debian/Ubuntu: apt-get install bubblewrap; Fedora: dnf install bubblewrap)";
  static final String PRLIMIT = "/usr/bin/prlimit";
  /** The size of the private, memory-backed /tmp: 512 MB. */
  static final long TMP_BYTES = 512L * 1024 * 1024;
  /** HOME inside the sandbox (on its private /tmp). */
  static final String INSIDE_HOME = "/tmp/home";

  /** System directories bound read-only (or re-created as the same links). */
  private static final List<String> SYSTEM = List.of("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32");
  /** The pieces of /etc a toolchain needs: the dynamic linker, locale and time zone, name service basics, certificates. */
  private static final List<String> ETC = List.of("/etc/alternatives", "/etc/ld.so.cache", "/etc/ld.so.conf",
      "/etc/ld.so.conf.d", "/etc/localtime", "/etc/timezone", "/etc/nsswitch.conf", "/etc/hosts", "/etc/host.conf",
      "/etc/mime.types", "/etc/ssl", "/etc/ca-certificates", "/etc/pki", "/etc/crypto-policies");

  private static final ExecutorService LAUNCHER = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "spectra-sandbox-launcher");
    t.setDaemon(true);
    return t;
  });
  private static final Map<Path, Status> STATUS = new ConcurrentHashMap<>();

  private Bubblewrap() {}

  /**
   * Whether bubblewrap can make a sandbox here.
   *
   * @param usable true when a probe sandbox (all namespaces, {@code /usr/bin/true}) ran and exited 0
   * @param bwrap the executable tried, or {@code null} when none was found
   * @param detail the version, or why it is unusable
   */
  record Status(boolean usable, Path bwrap, String detail) {}

  /** The first candidate that exists, or {@code null}. */
  static Path find() {
    for (Path p : CANDIDATES) {
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  /** Probes {@code bwrap} once per executable (cached): it must build a sandbox with every namespace and run a program. */
  static Status status(Path bwrap) {
    if (bwrap == null) {
      return new Status(false, null, "bwrap not found in " + CANDIDATES);
    }
    return STATUS.computeIfAbsent(bwrap, Bubblewrap::probe);
  }

  private static Status probe(Path bwrap) {
    if (!Files.isExecutable(bwrap)) {
      return new Status(false, bwrap, bwrap + " is not an executable file");
    }
    List<String> argv = new ArrayList<>(List.of(bwrap.toString()));
    argv.addAll(base());
    argv.addAll(List.of("--", "/usr/bin/true"));
    try {
      Process p = start(new ProcessBuilder(argv).redirectErrorStream(true));
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Status(false, bwrap, bwrap + " did not finish a probe sandbox within 20 s");
      }
      if (p.exitValue() != 0) {
        return new Status(false, bwrap, bwrap + " cannot make a sandbox here (exit " + p.exitValue() + "): "
            + (out.length() > 300 ? out.substring(0, 300) : out)
            + " (user namespaces may be disabled: kernel.unprivileged_userns_clone, or a container without them)");
      }
      Process v = start(new ProcessBuilder(bwrap.toString(), "--version").redirectErrorStream(true));
      String version = new String(v.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      v.waitFor(10, TimeUnit.SECONDS);
      return new Status(true, bwrap, version.isEmpty() ? bwrap.toString() : version);
    } catch (IOException e) {
      return new Status(false, bwrap, "cannot run " + bwrap + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Status(false, bwrap, "interrupted while probing " + bwrap);
    }
  }

  /** Starts a process from the one long-lived launcher thread (see the class comment). */
  static Process start(ProcessBuilder pb) throws IOException {
    Future<Process> f = LAUNCHER.submit(pb::start);
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return f.get();
        } catch (InterruptedException e) {
          interrupted = true; // the process may be starting: get it, so that it is not lost unsupervised
        }
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Namespaces, session, capabilities and the system read-only: what every sandbox gets. */
  static List<String> base() {
    List<String> a = new ArrayList<>(List.of("--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL"));
    for (String dir : SYSTEM) {
      Path p = Path.of(dir);
      if (Files.isSymbolicLink(p)) {
        try {
          a.addAll(List.of("--symlink", Files.readSymbolicLink(p).toString(), dir));
        } catch (IOException e) {
          // unreadable link: leave it out
        }
      } else if (Files.isDirectory(p)) {
        a.addAll(List.of("--ro-bind", dir, dir));
      }
    }
    for (String etc : etc()) {
      a.addAll(List.of("--ro-bind-try", etc, etc));
    }
    a.addAll(List.of("--proc", "/proc", "--dev", "/dev", "--size", Long.toString(TMP_BYTES), "--tmpfs", "/tmp",
        "--dir", INSIDE_HOME));
    return a;
  }

  /** {@link #ETC} plus the JDK's and Python's configuration folders ({@code /etc/java-*}, {@code /etc/python3*}). */
  private static List<String> etc() {
    List<String> out = new ArrayList<>(ETC);
    try (DirectoryStream<Path> s = Files.newDirectoryStream(Path.of("/etc"), p -> {
      String n = p.getFileName().toString();
      return n.startsWith("java") || n.startsWith("python3") || n.startsWith("jvm");
    })) {
      s.forEach(p -> out.add(p.toString()));
    } catch (IOException | RuntimeException e) {
      // no /etc listing: the fixed pieces only
    }
    return out;
  }
}
