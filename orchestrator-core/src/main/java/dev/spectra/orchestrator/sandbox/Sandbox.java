package dev.spectra.orchestrator.sandbox;

import dev.spectra.orchestrator.OrchestratorException;
import dev.spectra.orchestrator.RunCancelledException;
import dev.spectra.orchestrator.RunContext;
import dev.spectra.orchestrator.internal.Checks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Runs untrusted child processes (generated tests, a generated service, a stack's own scripts) under the rules of
 * DESIGN section 6.
 *
 * <ul>
 *   <li>Argument lists only, never a shell; the program is given by absolute path.
 *   <li>The working directory is the workspace; {@code HOME} and {@code TMPDIR} point into its {@code .spectra}
 *       folder.
 *   <li>The environment starts empty: only {@code PATH}, {@code LANG}, {@code LC_ALL}, {@code LC_CTYPE} and
 *       {@code TZ} are copied from the parent, plus what the caller (the stack's toolchain, the deployer) sets by
 *       name. API keys never reach a child.
 *   <li>Each child leads its own session ({@code setsid}), so its whole tree, double-forked children included, is
 *       killed when it ends, on its wall-clock limit, when the run is cancelled, and at JVM exit.
 *   <li>Output goes to size-capped files in the workspace (or memory).
 *   <li>A child that listens on an address other than loopback is killed with its tree, and the caller gets a
 *       {@link SandboxViolationException}. (Detection, from {@code /proc/net/tcp*}, rather than prevention: a network
 *       namespace needs privileges a library cannot assume.)
 * </ul>
 *
 * <p>Process tracking by session and the listen detection read Linux's {@code /proc}; elsewhere the sandbox kills
 * the child's {@link ProcessHandle#descendants() descendants} only and cannot detect listening sockets.
 *
 * <pre>{@code
 * Sandbox sandbox = Sandbox.builder(workspace.root()).build();
 * Sandbox.Result r = sandbox.run(List.of("/usr/bin/make", "test"), Duration.ofMinutes(2),
 *     workspace.root().resolve(".spectra/test.log"), context);
 * }</pre>
 */
public final class Sandbox {
  /** The largest captured output per stream: 4 MB. */
  public static final long DEFAULT_MAX_OUTPUT_BYTES = 4L * 1024 * 1024;

  /** Variables copied from the parent environment when present; every other one is dropped. */
  public static final List<String> INHERITED = List.of("PATH", "LANG", "LC_ALL", "LC_CTYPE", "TZ");

  /**
   * Variables the sandbox sets itself, or that would change which code a child loads; callers cannot set them, and a
   * deployment spec may not name them.
   */
  public static final Set<String> RESERVED = Set.of("PATH", "HOME", "TMPDIR", "TMP", "TEMP", "LD_PRELOAD",
      "LD_LIBRARY_PATH", "LD_AUDIT");

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
  private static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";
  private static final Path SETSID = findSetsid();

  private final Path workingDirectory;
  private final Map<String, String> environment;
  private final long maxOutputBytes;

  private Sandbox(Builder b) {
    this.workingDirectory = b.workingDirectory;
    this.maxOutputBytes = b.maxOutputBytes;
    Map<String, String> env = new LinkedHashMap<>();
    for (String name : INHERITED) {
      String value = b.parent.get(name);
      if (value != null) {
        env.put(name, value);
      }
    }
    env.putIfAbsent("PATH", DEFAULT_PATH);
    if (!env.containsKey("LANG") && !env.containsKey("LC_ALL")) {
      env.put("LANG", "C.UTF-8");
    }
    env.put("HOME", home(workingDirectory).toString());
    env.put("TMPDIR", tmp(workingDirectory).toString());
    env.putAll(b.extra);
    this.environment = Collections.unmodifiableMap(env);
  }

  /** A sandbox whose children run in {@code workingDirectory} (the workspace root). */
  public static Builder builder(Path workingDirectory) {
    return new Builder(workingDirectory);
  }

  /** The children's working directory. */
  public Path workingDirectory() {
    return workingDirectory;
  }

  /** The exact environment every child gets. */
  public Map<String, String> environment() {
    return environment;
  }

  /**
   * Runs a command to its end with output captured in memory (stdout and stderr apart), e.g. one of our own
   * scripts. The tree is killed when the command ends or at the limit.
   *
   * @throws SandboxViolationException when the child listened on a non-loopback address
   */
  public Result run(List<String> command, Duration timeout) {
    return run(command, timeout, null, null);
  }

  /**
   * Runs a command to its end, stdout and stderr merged into {@code captureFile} (inside the working directory;
   * {@code null} to capture in memory). The tree is killed when the command ends, at the limit, or when
   * {@code context} (may be {@code null}) is cancelled.
   *
   * @throws RunCancelledException when the run was cancelled (the tree is killed first)
   * @throws SandboxViolationException when the child listened on a non-loopback address
   */
  public Result run(List<String> command, Duration timeout, Path captureFile, RunContext context) {
    Checks.positive(timeout, "timeout");
    Child child = launch(command, captureFile, context, timeout);
    try {
      child.process.waitFor();
    } catch (InterruptedException e) {
      child.stopFor(Child.Reason.CANCELLED);
      Thread.currentThread().interrupt();
      throw cancelled(context, command);
    }
    child.finish();
    Child.Reason reason = child.reason;
    if (child.violation != null) {
      throw child.violation;
    }
    if (reason == Child.Reason.CANCELLED) {
      throw cancelled(context, command);
    }
    return new Result(child.process.exitValue(), reason == Child.Reason.TIMEOUT,
        Duration.ofNanos(System.nanoTime() - child.startedNanos), child.out.text(),
        child.err == null ? "" : child.err.text(), captureFile);
  }

  /**
   * Starts a long-running child (a service) with stdout and stderr merged into {@code captureFile}. It runs until
   * {@link Child#stop()}, its own exit, a cancelled {@code context} (may be {@code null}), a sandbox violation, or JVM
   * exit.
   */
  public Child start(List<String> command, Path captureFile, RunContext context) {
    Checks.notNull(captureFile, "captureFile");
    return launch(command, captureFile, context, null);
  }

  private Child launch(List<String> command, Path captureFile, RunContext context, Duration timeout) {
    List<String> argv = checkCommand(command);
    if (captureFile != null) {
      Path normalized = captureFile.toAbsolutePath().normalize();
      if (!normalized.startsWith(workingDirectory)) {
        throw new IllegalArgumentException(
            "captureFile must be inside the working directory " + workingDirectory + ", but was " + captureFile);
      }
    }
    List<String> full = new ArrayList<>();
    if (SETSID != null) {
      full.add(SETSID.toString());
    }
    full.addAll(argv);
    ProcessBuilder pb = new ProcessBuilder(full).directory(workingDirectory.toFile());
    pb.environment().clear();
    pb.environment().putAll(environment);
    pb.redirectErrorStream(captureFile != null);
    try {
      Files.createDirectories(home(workingDirectory));
      Files.createDirectories(tmp(workingDirectory));
      if (captureFile != null) {
        Files.createDirectories(captureFile.toAbsolutePath().getParent());
      }
      Process process = pb.start();
      process.getOutputStream().close(); // no stdin
      Child child = new Child(process, argv, context, timeout, captureFile, maxOutputBytes);
      Supervisor.register(child);
      return child;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + argv.get(0) + ": " + e.getMessage(), e);
    }
  }

  private static List<String> checkCommand(List<String> command) {
    List<String> argv = Checks.copy(command, "command");
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("command must not be empty");
    }
    for (String arg : argv) {
      if (arg.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("command arguments must not contain NUL, but one was \"" + arg.replace("\0", "\\0") + "\"");
      }
    }
    if (!Path.of(argv.get(0)).isAbsolute()) {
      throw new IllegalArgumentException(
          "command[0] must be an absolute path (no PATH lookup in the sandbox), but was \"" + argv.get(0) + "\"");
    }
    return argv;
  }

  private static RuntimeException cancelled(RunContext context, List<String> command) {
    return context != null ? new RunCancelledException(context.runId())
        : new OrchestratorException("interrupted while running " + command.get(0) + "; the process tree was killed");
  }

  static Path home(Path workingDirectory) {
    return workingDirectory.resolve(".spectra").resolve("home");
  }

  static Path tmp(Path workingDirectory) {
    return workingDirectory.resolve(".spectra").resolve("tmp");
  }

  private static Path findSetsid() {
    for (String dir : new String[] {"/usr/bin", "/bin", "/usr/local/bin"}) {
      Path p = Path.of(dir, "setsid");
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  /** True when children lead their own session (util-linux {@code setsid} was found) and {@code /proc} is readable. */
  public static boolean tracksSessions() {
    return SETSID != null && ProcTable.available();
  }

  /**
   * How a command ended.
   *
   * @param exitCode the exit code (after a kill, the signal's: typically 137)
   * @param timedOut true when the wall-clock limit killed it
   * @param took how long it ran
   * @param output stdout (memory capture), or the end of the merged output (file capture)
   * @param errors stderr (memory capture), empty with a capture file
   * @param captureFile the capture file, or {@code null}
   */
  public record Result(int exitCode, boolean timedOut, Duration took, String output, String errors, Path captureFile) {}

  /** A running child and its process tree. */
  public static final class Child {
    enum Reason {
      EXITED, TIMEOUT, CANCELLED, STOPPED, VIOLATION
    }

    final Process process;
    final List<String> command;
    final RunContext context;
    /** The time limit, or {@code null}; measured on the monotonic clock from {@link #startedNanos}. */
    final Duration timeout;
    final long startedNanos = System.nanoTime();
    final long sessionId;
    final OutputPump out;
    final OutputPump err;
    final Path captureFile;
    /** Descendants seen while alive, by pid, with their start time, so an escaped one can still be killed. */
    final Map<Long, Long> seen = new java.util.concurrent.ConcurrentHashMap<>();
    volatile Reason reason;
    volatile SandboxViolationException violation;

    Child(Process process, List<String> command, RunContext context, Duration timeout, Path captureFile, long cap) {
      this.process = process;
      this.command = command;
      this.context = context;
      this.timeout = timeout;
      this.captureFile = captureFile;
      this.sessionId = process.pid();
      String name = "spectra-child-" + process.pid();
      this.out = new OutputPump(process.getInputStream(), captureFile, cap, name + "-out");
      this.err = captureFile == null ? new OutputPump(process.getErrorStream(), null, cap, name + "-err") : null;
      out.start();
      if (err != null) {
        err.start();
      }
    }

    /** The child's process id (also its session id). */
    public long pid() {
      return process.pid();
    }

    /** The capture file, or {@code null}. */
    public Path captureFile() {
      return captureFile;
    }

    /** True while the child itself runs. */
    public boolean isAlive() {
      return process.isAlive();
    }

    /** The violation that stopped the child, if any. */
    public Optional<SandboxViolationException> violation() {
      return Optional.ofNullable(violation);
    }

    /** The end of the child's output so far. */
    public String output() {
      return out.text();
    }

    /**
     * Checks the child's tree for non-loopback listening sockets now, rather than at the supervisor's next tick.
     *
     * @throws SandboxViolationException (after killing the tree) when one is found
     */
    public void checkListeners() {
      Supervisor.scanListeners(this, ProcTable.processes(), ProcTable.nonLoopbackListeners());
      if (violation != null) {
        throw violation;
      }
    }

    /** Kills the whole tree and waits until it is gone. Idempotent. */
    public void stop() {
      stopFor(Reason.STOPPED);
    }

    void stopFor(Reason why) {
      synchronized (this) {
        if (reason == null) {
          reason = why;
        }
      }
      Supervisor.killTree(this);
      finish();
    }

    void violate(SandboxViolationException v) {
      synchronized (this) {
        if (violation == null) {
          violation = v;
        }
      }
      stopFor(Reason.VIOLATION);
    }

    /** After the child ended: kill what is left of its tree, drain its output, unregister. */
    void finish() {
      synchronized (this) {
        if (reason == null) {
          reason = Reason.EXITED;
        }
      }
      Supervisor.killTree(this);
      try {
        process.waitFor();
        out.join(2000);
        if (err != null) {
          err.join(2000);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      out.close();
      if (err != null) {
        err.close();
      }
      Supervisor.unregister(this);
    }

    /** The command for messages: at most four arguments, each cut to 60 characters (a script source stays out). */
    String describe() {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < Math.min(4, command.size()); i++) {
        String arg = command.get(i).replace('\n', ' ');
        b.append(i == 0 ? "" : " ").append(arg.length() > 60 ? arg.substring(0, 57) + "..." : arg);
      }
      return command.size() > 4 ? b + " ..." : b.toString();
    }
  }

  /** Builds a {@link Sandbox}. */
  public static final class Builder {
    private final Path workingDirectory;
    private final Map<String, String> extra = new LinkedHashMap<>();
    private long maxOutputBytes = DEFAULT_MAX_OUTPUT_BYTES;
    private Map<String, String> parent = System.getenv();

    private Builder(Path workingDirectory) {
      Checks.notNull(workingDirectory, "workingDirectory");
      if (!Files.isDirectory(workingDirectory)) {
        throw new IllegalArgumentException("workingDirectory must be an existing directory, but was " + workingDirectory);
      }
      try {
        this.workingDirectory = workingDirectory.toRealPath();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot resolve " + workingDirectory + ": " + e.getMessage(), e);
      }
    }

    /**
     * Sets one variable in every child's environment. The value comes from the caller, never from a model.
     *
     * @throws IllegalArgumentException when the name is not an identifier or is one the sandbox sets itself
     */
    public Builder environment(String name, String value) {
      Checks.notNull(name, "name");
      Checks.notNull(value, "value of " + name);
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("environment variable name must match " + NAME + ", but was \"" + name + "\"");
      }
      if (RESERVED.contains(name)) {
        throw new IllegalArgumentException("environment variable " + name + " is set by the sandbox itself; reserved: " + RESERVED);
      }
      extra.put(name, value);
      return this;
    }

    /** The largest captured output per stream (default {@value #DEFAULT_MAX_OUTPUT_BYTES} bytes); the rest is dropped. */
    public Builder maxOutputBytes(long bytes) {
      if (bytes < 1024) {
        throw new IllegalArgumentException("maxOutputBytes must be >= 1024, but was " + bytes);
      }
      this.maxOutputBytes = bytes;
      return this;
    }

    /** The environment the allow-list reads from (default {@link System#getenv()}); for tests. */
    Builder parentEnvironment(Map<String, String> parent) {
      this.parent = Checks.copy(parent, "parent");
      return this;
    }

    public Sandbox build() {
      return new Sandbox(this);
    }
  }
}
