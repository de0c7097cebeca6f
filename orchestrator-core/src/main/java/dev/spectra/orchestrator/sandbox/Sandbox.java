package dev.spectra.orchestrator.sandbox;

import dev.spectra.orchestrator.OrchestratorException;
import dev.spectra.orchestrator.RunCancelledException;
import dev.spectra.orchestrator.RunContext;
import dev.spectra.orchestrator.internal.Checks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs untrusted child processes (generated tests, a generated service, a stack's own scripts on generated files)
 * under bubblewrap ({@code bwrap}), one sandbox per step:
 *
 * <ul>
 *   <li>new user, PID, network, IPC, UTS and cgroup namespaces, a new session, no capabilities, and
 *       {@code --die-with-parent}: the child sees only its own processes (its own {@code /proc}, so no other
 *       process's environment), has only a loopback interface of its own (nothing it opens is reachable from the host,
 *       and it reaches nothing outside), and its whole namespace dies when the step ends or the JVM dies, SIGKILL
 *       included;
 *   <li>the system read-only, bound piece by piece ({@code /usr}, {@code /bin}, {@code /lib*}, the parts of
 *       {@code /etc} a toolchain needs); never the host's home folders, the JVM's working directory, {@code /run} or
 *       host sockets; a private {@code /tmp} (512 MB) and HOME ({@value Bubblewrap#INSIDE_HOME});
 *   <li>the workspace read-write, except its {@code .spectra} folder (journal, reports, capture files), which is an
 *       empty private folder inside, but for the folders a step must write ({@link Builder#writable});
 *   <li>argument lists only, never a shell; the program by absolute path; the environment starts empty: {@code PATH},
 *       {@code LANG}, {@code LC_ALL}, {@code LC_CTYPE} and {@code TZ} from the parent, plus what the caller sets by
 *       name. API keys never reach a child;
 *   <li>limits (with util-linux {@code prlimit}): processes ({@code RLIMIT_NPROC}, which the kernel ignores for root)
 *       and file size ({@code RLIMIT_FSIZE}); no address-space limit, which breaks a JVM;
 *   <li>output to size-capped files (opened without following links) or memory;
 *   <li>a service started with {@link #serve} is reachable from this JVM only, at {@link Child#url()}: a
 *       {@link Forwarder} inside bridges its loopback port to a Unix socket of the library's, which the JVM forwards
 *       to {@code 127.0.0.1:<free port>}.
 * </ul>
 *
 * <p>Without a usable bwrap (macOS, Windows, a container without user namespaces) a launch throws
 * {@link IsolationUnavailableException}, unless the caller opted in with {@link Builder#allowWithoutIsolation}; then
 * children run as before isolation existed: own session, tree killed by {@code /proc} scans, listeners on other
 * addresses than loopback detected and killed ({@link SandboxViolationException}).
 *
 * <pre>{@code
 * Sandbox sandbox = Sandbox.builder(workspace.root()).build();
 * Sandbox.Result r = sandbox.run(List.of("/usr/bin/make", "test"), Duration.ofMinutes(2),
 *     workspace.root().resolve(".spectra/test.log"), context);
 * }</pre>
 */
public final class Sandbox {
  private static final Logger LOG = LoggerFactory.getLogger(Sandbox.class);

  /** The largest captured output per stream: 4 MB. */
  public static final long DEFAULT_MAX_OUTPUT_BYTES = 4L * 1024 * 1024;

  /** The most processes (threads count) a sandbox's user may have, by default ({@code RLIMIT_NPROC}; not for root). */
  public static final int DEFAULT_MAX_PROCESSES = 4096;

  /** The largest file a sandboxed process may write, by default: 1 GB ({@code RLIMIT_FSIZE}). */
  public static final long DEFAULT_MAX_FILE_BYTES = 1L << 30;

  /** The port a {@link #serve served} service listens on inside its own network namespace. */
  public static final int SERVICE_PORT = 8000;

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
  private static final String SPECTRA = ".spectra";

  private final Path workingDirectory;
  private final Map<String, String> environment;
  private final long maxOutputBytes;
  private final List<Path> readOnly;
  private final List<Path> writable;
  private final int maxProcesses;
  private final long maxFileBytes;
  private final Bubblewrap.Status isolation;
  private final boolean allowWithoutIsolation;

  private Sandbox(Builder b) {
    this.workingDirectory = b.workingDirectory;
    this.maxOutputBytes = b.maxOutputBytes;
    this.readOnly = List.copyOf(b.readOnly);
    this.writable = List.copyOf(b.writable);
    this.maxProcesses = b.maxProcesses;
    this.maxFileBytes = b.maxFileBytes;
    this.isolation = Bubblewrap.status(b.bwrap);
    this.allowWithoutIsolation = b.allowWithoutIsolation;
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
    if (isolated() || !allowWithoutIsolation) {
      env.put("HOME", Bubblewrap.INSIDE_HOME);
      env.put("TMPDIR", "/tmp");
      env.put("PWD", workingDirectory.toString()); // bwrap sets it anyway
    } else {
      Path home = unisolatedHome();
      env.put("HOME", home.toString());
      env.put("TMPDIR", home.resolve("tmp").toString());
    }
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

  /** True when children run under bubblewrap; false when bwrap is unusable (then a launch needs the opt-in). */
  public boolean isolated() {
    return isolation.usable();
  }

  /**
   * Whether bubblewrap can isolate children on this machine (probed once: a sandbox with every namespace runs
   * {@code /usr/bin/true}).
   *
   * @return empty when it can; else why not, with the install hint
   */
  public static Optional<String> isolationProblem() {
    Bubblewrap.Status s = Bubblewrap.status(Bubblewrap.find());
    return s.usable() ? Optional.empty() : Optional.of(isolationHint(s.detail()));
  }

  /** The bubblewrap version that isolates children, e.g. {@code bubblewrap 0.8.0}, when it can. */
  public static Optional<String> isolationVersion() {
    Bubblewrap.Status s = Bubblewrap.status(Bubblewrap.find());
    return s.usable() ? Optional.of(s.detail()) : Optional.empty();
  }

  static String isolationHint(String detail) {
    return "generated code runs only under bubblewrap, which is not usable here (" + detail + "): "
        + Bubblewrap.INSTALL_HINT + ", or opt in to running it without isolation (CLI: --no-isolation)";
  }

  /**
   * Runs a command to its end with output captured in memory (stdout and stderr apart), e.g. one of our own
   * scripts. The sandbox is killed when the command ends or at the limit.
   *
   * @throws IsolationUnavailableException when bwrap is unusable and there is no opt-in
   * @throws SandboxViolationException when (without isolation) the child listened on a non-loopback address
   */
  public Result run(List<String> command, Duration timeout) {
    return run(command, timeout, null, null);
  }

  /**
   * Runs a command to its end, stdout and stderr merged into {@code captureFile} (inside the working directory, no
   * link on the way; {@code null} to capture in memory). The sandbox is killed when the command ends, at the limit, or
   * when {@code context} (may be {@code null}) is cancelled.
   *
   * @throws RunCancelledException when the run was cancelled (the tree is killed first)
   * @throws IsolationUnavailableException when bwrap is unusable and there is no opt-in
   * @throws SandboxViolationException when (without isolation) the child listened on a non-loopback address
   */
  public Result run(List<String> command, Duration timeout, Path captureFile, RunContext context) {
    Checks.positive(timeout, "timeout");
    Child child = launch(checkCommand(command), captureFile, context, timeout, null);
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
   * Starts a long-running child with stdout and stderr merged into {@code captureFile}. It runs until
   * {@link Child#stop()}, its own exit, a cancelled {@code context} (may be {@code null}), or JVM exit. It is
   * reachable from nowhere; for a service use {@link #serve}.
   */
  public Child start(List<String> command, Path captureFile, RunContext context) {
    Checks.notNull(captureFile, "captureFile");
    return launch(checkCommand(command), captureFile, context, null, null);
  }

  /**
   * Starts a service that listens on {@code 127.0.0.1:<port>}, where {@code command} gets the port; this JVM reaches
   * it at {@link Child#url()}, and nothing else can. Under isolation the port is {@link #SERVICE_PORT} inside the
   * service's own network namespace, and a {@link Forwarder} (run with this JVM's {@code java}) bridges it to a free
   * port on the host's loopback, for this JVM's use. Without isolation (opted in) the port is a free host port.
   *
   * @throws IsolationUnavailableException when bwrap is unusable and there is no opt-in
   */
  public Child serve(IntFunction<List<String>> command, Path captureFile, RunContext context) {
    Checks.notNull(command, "command");
    Checks.notNull(captureFile, "captureFile");
    if (!isolated()) {
      int port = freePort();
      Child child = launch(checkCommand(command.apply(port)), captureFile, context, null, null);
      child.hostPort = port;
      return child;
    }
    List<String> service = checkCommand(command.apply(SERVICE_PORT));
    HostBridge bridge = new HostBridge();
    try {
      Child child = launch(service, captureFile, context, null, bridge);
      child.hostPort = bridge.port();
      return child;
    } catch (RuntimeException e) {
      bridge.close();
      throw e;
    }
  }

  private Child launch(List<String> argv, Path captureFile, RunContext context, Duration timeout, HostBridge bridge) {
    if (!isolated() && !allowWithoutIsolation) {
      throw new IsolationUnavailableException(isolation.detail());
    }
    try {
      if (captureFile != null) {
        prepareCaptureFile(captureFile);
      }
      List<String> full = new ArrayList<>();
      if (SETSID != null) {
        full.add(SETSID.toString());
      }
      if (isolated()) {
        full.addAll(isolatedCommand(argv, bridge));
      } else {
        LOG.warn("sandbox: running {} WITHOUT isolation (bubblewrap unusable: {}; opted in)", describe(argv), isolation.detail());
        Files.createDirectories(Path.of(environment.get("TMPDIR")));
        full.addAll(argv);
      }
      ProcessBuilder pb = new ProcessBuilder(full).directory(workingDirectory.toFile());
      pb.environment().clear();
      pb.environment().putAll(environment);
      pb.redirectErrorStream(captureFile != null);
      Process process = Bubblewrap.start(pb);
      process.getOutputStream().close(); // no stdin
      Child child = new Child(process, argv, context, timeout, captureFile, maxOutputBytes, isolated(), bridge);
      Supervisor.register(child);
      return child;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + argv.get(0) + ": " + e.getMessage(), e);
    }
  }

  /** prlimit (when present), bwrap with its mounts and environment, the forwarder when serving, then the command. */
  private List<String> isolatedCommand(List<String> argv, HostBridge bridge) throws IOException {
    List<String> a = new ArrayList<>();
    if (Files.isExecutable(Path.of(Bubblewrap.PRLIMIT))) {
      a.addAll(List.of(Bubblewrap.PRLIMIT, "--nproc=" + maxProcesses, "--fsize=" + maxFileBytes, "--core=0"));
    }
    a.add(isolation.bwrap().toString());
    a.addAll(Bubblewrap.base());
    List<Path> visible = new ArrayList<>(readOnly);
    if (bridge != null) {
      visible.add(Path.of(System.getProperty("java.home")));
      visible.add(codeLocation());
    }
    for (Path p : visible) {
      if (!p.startsWith("/usr") && Files.exists(p)) {
        a.addAll(List.of("--ro-bind", p.toString(), p.toString()));
      }
    }
    a.addAll(List.of("--bind", workingDirectory.toString(), workingDirectory.toString()));
    Path state = workingDirectory.resolve(SPECTRA);
    if (Files.isSymbolicLink(state)) {
      throw new OrchestratorException(state + " is a link; the library keeps its state in a real folder of the workspace"
          + " and never follows a link there. Remove the link.");
    }
    Files.createDirectories(state);
    a.addAll(List.of("--tmpfs", state.toString()));
    for (Path w : writable) {
      requireNoLinks(w);
      a.addAll(List.of("--bind-try", w.toString(), w.toString())); // not there yet: nothing to keep, nothing bound
    }
    if (bridge != null) {
      a.addAll(List.of("--ro-bind", bridge.directory().toString(), HostBridge.INSIDE_DIR));
    }
    a.addAll(List.of("--chdir", workingDirectory.toString(), "--clearenv"));
    environment.forEach((k, v) -> a.addAll(List.of("--setenv", k, v)));
    a.add("--");
    if (bridge != null) {
      a.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xshare:auto",
          "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx32m", "-Xss512k", "-XX:-UsePerfData",
          "-cp", codeLocation().toString(), Forwarder.class.getName(), HostBridge.insideSocket(),
          Integer.toString(SERVICE_PORT)));
    }
    a.addAll(argv);
    return a;
  }

  /** The jar or classes folder this class was loaded from; the forwarder runs from it inside the sandbox. */
  private static Path codeLocation() {
    try {
      return Path.of(Sandbox.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (java.net.URISyntaxException | RuntimeException e) {
      throw new IllegalStateException("cannot locate the library's code for the service forwarder: " + e, e);
    }
  }

  /**
   * The capture file must be inside the working directory with no link on its way (the library never writes through
   * a link in the workspace); its folders are created. The file itself is opened without following a link.
   */
  private void prepareCaptureFile(Path captureFile) throws IOException {
    Path normalized = captureFile.toAbsolutePath().normalize();
    if (!normalized.startsWith(workingDirectory)) {
      throw new IllegalArgumentException(
          "captureFile must be inside the working directory " + workingDirectory + ", but was " + captureFile);
    }
    requireNoLinks(normalized.getParent());
    Files.createDirectories(normalized.getParent());
    requireNoLinks(normalized.getParent());
  }

  /** Every existing folder from the working directory down to {@code dir} is a real folder, not a link. */
  private void requireNoLinks(Path dir) {
    Path normalized = dir.toAbsolutePath().normalize();
    if (!normalized.startsWith(workingDirectory)) {
      throw new IllegalArgumentException("folder must be inside the working directory " + workingDirectory + ", but was " + dir);
    }
    Path p = workingDirectory;
    for (Path part : workingDirectory.relativize(normalized)) {
      p = p.resolve(part);
      if (Files.isSymbolicLink(p)) {
        throw new OrchestratorException(p + " is a link (planted by generated code?); the library never writes through a"
            + " link inside the workspace. Remove the link.");
      }
      if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
        return;
      }
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

  /** HOME without isolation: a fresh folder outside the workspace (never inside its {@code .spectra}). */
  private static Path unisolatedHome() {
    try {
      return Files.createTempDirectory("spectra-home-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a HOME for sandboxed children: " + e.getMessage(), e);
    }
  }

  private static int freePort() {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on 127.0.0.1: " + e.getMessage(), e);
    }
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

  /** The command for messages: at most four arguments, each cut to 60 characters (a script source stays out). */
  static String describe(List<String> command) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < Math.min(4, command.size()); i++) {
      String arg = command.get(i).replace('\n', ' ');
      b.append(i == 0 ? "" : " ").append(arg.length() > 60 ? arg.substring(0, 57) + "..." : arg);
    }
    return command.size() > 4 ? b + " ..." : b.toString();
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

  /** A running child and its process tree (under isolation: its whole namespace). */
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
    final boolean isolated;
    final HostBridge bridge;
    volatile int hostPort = -1;
    /** Descendants seen while alive, by pid, with their start time, so an escaped one can still be killed. */
    final Map<Long, Long> seen = new java.util.concurrent.ConcurrentHashMap<>();
    volatile Reason reason;
    volatile SandboxViolationException violation;

    Child(Process process, List<String> command, RunContext context, Duration timeout, Path captureFile, long cap,
        boolean isolated, HostBridge bridge) {
      this.process = process;
      this.command = command;
      this.context = context;
      this.timeout = timeout;
      this.captureFile = captureFile;
      this.isolated = isolated;
      this.bridge = bridge;
      this.sessionId = process.pid();
      String name = "spectra-child-" + process.pid();
      this.out = new OutputPump(process.getInputStream(), captureFile, cap, name + "-out");
      this.err = captureFile == null ? new OutputPump(process.getErrorStream(), null, cap, name + "-err") : null;
      out.start();
      if (err != null) {
        err.start();
      }
    }

    /** The host process id of the child (under isolation: of its bwrap); also its session id. */
    public long pid() {
      return process.pid();
    }

    /** True when the child runs under bubblewrap. */
    public boolean isolated() {
      return isolated;
    }

    /** The capture file, or {@code null}. */
    public Path captureFile() {
      return captureFile;
    }

    /**
     * Where this JVM reaches a {@link Sandbox#serve served} service: {@code http://127.0.0.1:<port>}.
     *
     * @throws IllegalStateException when the child was not started with {@link Sandbox#serve}
     */
    public String url() {
      if (hostPort < 0) {
        throw new IllegalStateException("the child was not started with Sandbox.serve, so it has no URL: " + describe());
      }
      return "http://127.0.0.1:" + hostPort;
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
     * Without isolation: checks the child's tree for non-loopback listening sockets now, rather than at the
     * supervisor's next tick. Under isolation nothing the child opens is reachable from the host, so there is
     * nothing to check.
     *
     * @throws SandboxViolationException (after killing the tree) when one is found
     */
    public void checkListeners() {
      if (!isolated) {
        Supervisor.scanListeners(this, ProcTable.processes(), ProcTable.nonLoopbackListeners());
      }
      if (violation != null) {
        throw violation;
      }
    }

    /** Kills the whole tree (namespace) and waits until it is gone. Idempotent. */
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

    /** After the child ended: kill what is left of its tree, drain its output, close its bridge, unregister. */
    void finish() {
      synchronized (this) {
        if (reason == null) {
          reason = Reason.EXITED;
        }
      }
      Supervisor.killTree(this);
      if (bridge != null) {
        bridge.close();
      }
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

    String describe() {
      return Sandbox.describe(command);
    }
  }

  /** Builds a {@link Sandbox}. */
  public static final class Builder {
    private final Path workingDirectory;
    private final Map<String, String> extra = new LinkedHashMap<>();
    private final List<Path> readOnly = new ArrayList<>();
    private final List<Path> writable = new ArrayList<>();
    private long maxOutputBytes = DEFAULT_MAX_OUTPUT_BYTES;
    private int maxProcesses = DEFAULT_MAX_PROCESSES;
    private long maxFileBytes = DEFAULT_MAX_FILE_BYTES;
    private Map<String, String> parent = System.getenv();
    private Path bwrap = Bubblewrap.find();
    private boolean allowWithoutIsolation;

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

    /**
     * Makes a file or folder outside the system folders visible, read-only, at the same path inside the sandbox: a
     * toolchain installed elsewhere (e.g. {@code /opt/python}). Never name a home folder or anything holding secrets.
     */
    public Builder readOnly(Path path) {
      Checks.notNull(path, "path");
      if (!path.isAbsolute()) {
        throw new IllegalArgumentException("readOnly path must be absolute, but was " + path);
      }
      readOnly.add(path.normalize());
      return this;
    }

    /**
     * Keeps a folder inside the working directory writable in the sandbox even where it lies in the library's
     * {@code .spectra} folder, which is otherwise an empty private folder inside (e.g. the folder pytest writes its
     * JUnit report to), when it exists at launch; must not be reached through a link.
     */
    public Builder writable(Path folder) {
      Checks.notNull(folder, "folder");
      Path normalized = folder.toAbsolutePath().normalize();
      if (!normalized.startsWith(workingDirectory)) {
        throw new IllegalArgumentException("writable folder must be inside the working directory " + workingDirectory
            + ", but was " + folder);
      }
      writable.add(normalized);
      return this;
    }

    /**
     * Lets children run WITHOUT isolation when bubblewrap is unusable (default false: a launch then throws
     * {@link IsolationUnavailableException}). Generated code can then read what this JVM's user can read, reach the
     * network, and outlive a SIGKILL of the JVM; every such launch is logged as a warning.
     */
    public Builder allowWithoutIsolation(boolean allow) {
      this.allowWithoutIsolation = allow;
      return this;
    }

    /** The most processes the sandbox's user may have (default {@value #DEFAULT_MAX_PROCESSES}; ignored for root). */
    public Builder maxProcesses(int max) {
      this.maxProcesses = Checks.positive(max, "maxProcesses");
      return this;
    }

    /** The largest file a sandboxed process may write (default 1 GB); a bigger write fails with SIGXFSZ. */
    public Builder maxFileBytes(long max) {
      this.maxFileBytes = Checks.positive(max, "maxFileBytes");
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

    /** The bwrap executable (default: the first of {@link Bubblewrap#CANDIDATES}); for tests of a missing one. */
    Builder bwrap(Path bwrap) {
      this.bwrap = bwrap;
      return this;
    }

    public Sandbox build() {
      return new Sandbox(this);
    }
  }
}
