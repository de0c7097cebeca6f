package dev.spectra.orchestrator.stack.python;

import dev.spectra.orchestrator.stack.ToolchainUnavailableException;
import dev.spectra.orchestrator.sandbox.Sandbox;
import com.fasterxml.jackson.databind.JsonNode;
import dev.spectra.orchestrator.OrchestratorException;
import dev.spectra.orchestrator.internal.Checks;
import dev.spectra.orchestrator.internal.Folders;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Python interpreter the python-fastapi stack tests, deploys and grades with, and the versions it has.
 *
 * <p>{@link #discover()} probes, in order, the interpreter named by the system property {@value #PROPERTY} or the
 * environment variable {@value #ENV}, the first {@code python3} on {@code PATH}, and {@code /usr/bin/python3}, and
 * takes the first that can import {@link #REQUIRED_MODULES} (the first {@code python3} on {@code PATH} is often a
 * pyenv or venv interpreter without them). The interpreter is then always used by absolute path. Nothing is ever
 * installed.
 *
 * <pre>{@code
 * PythonToolchain python = PythonToolchain.discover();
 * System.out.println(python.description());   // /usr/bin/python3 (Python 3.11.2; fastapi 0.92.0, pydantic 1.10.4, ...)
 * Map<String, String> pins = python.versions(); // for the stack profile's prompts, requirements.txt and Dockerfile
 * }</pre>
 */
public final class PythonToolchain {
  /** The environment variable naming an interpreter to try first. */
  public static final String ENV = "SPECTRA_PYTHON";

  /**
   * The value of {@value #ENV} (or {@value #PROPERTY}) that switches the probe off: no interpreter is tried, so the
   * python-fastapi stack's Test, Deploy and Monitor are SKIPPED (e.g. to see a machine with a JDK and Maven only).
   */
  public static final String NONE = "none";

  /** The system property naming an interpreter to try first (wins over {@value #ENV}). */
  public static final String PROPERTY = "spectra.python";

  /** The modules an interpreter must import to be chosen. */
  public static final List<String> REQUIRED_MODULES = List.of("fastapi", "uvicorn", "httpx", "pytest");

  /** The one-line install hint given whenever the toolchain is missing. */
  public static final String INSTALL_HINT =
      "install it with `apt-get install -y python3-fastapi python3-pytest python3-uvicorn python3-httpx`"
          + " (Debian/Ubuntu) or set SPECTRA_PYTHON to an interpreter that has fastapi, uvicorn, httpx and pytest";

  /** Keys of {@link #versions()}, in order. */
  static final List<String> VERSION_KEYS = List.of("python", "fastapi", "pydantic", "starlette", "uvicorn", "httpx", "pytest");

  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(60);

  private final Path executable;
  private final String source;
  private final Map<String, String> versions;
  private final List<String> rejected;

  private PythonToolchain(Path executable, String source, Map<String, String> versions, List<String> rejected) {
    this.executable = executable;
    this.source = source;
    this.versions = versions;
    this.rejected = rejected;
  }

  /**
   * One interpreter to probe.
   *
   * @param source where it came from, e.g. {@code SPECTRA_PYTHON} or {@code python3 on PATH}
   * @param path its absolute path
   */
  public record Candidate(String source, Path path) {
    public Candidate {
      Checks.notBlank(source, "source");
      Checks.notNull(path, "path");
      if (!path.isAbsolute()) {
        throw new IllegalArgumentException("a Python candidate must be an absolute path, but was " + path);
      }
    }
  }

  /**
   * Probes the default candidates.
   *
   * @throws ToolchainUnavailableException listing what was tried, with the install hint
   */
  public static PythonToolchain discover() {
    return discover(defaultCandidates());
  }

  /**
   * Probes the given candidates in order and returns the first that can import {@link #REQUIRED_MODULES}.
   *
   * @throws ToolchainUnavailableException listing what was tried, with the install hint
   */
  public static PythonToolchain discover(List<Candidate> candidates) {
    List<Candidate> list = Checks.copy(candidates, "candidates");
    List<String> rejected = new ArrayList<>();
    Set<Path> seen = new LinkedHashSet<>();
    for (Candidate c : list) {
      if (!seen.add(c.path().normalize())) {
        continue;
      }
      String label = c.source() + " (" + c.path() + ")";
      if (!Files.isRegularFile(c.path())) {
        rejected.add(label + ": not found");
        continue;
      }
      if (!Files.isExecutable(c.path())) {
        rejected.add(label + ": not executable");
        continue;
      }
      JsonNode probe;
      try {
        probe = probe(c.path(), List.of());
      } catch (OrchestratorException e) {
        rejected.add(label + ": " + Checks.excerpt(e.getMessage(), 300));
        continue;
      }
      List<String> missing = new ArrayList<>();
      for (String module : REQUIRED_MODULES) {
        if (!probe.path("modules").has(module)) {
          missing.add(module + " (" + probe.path("problems").path(module).asText("not importable") + ")");
        }
      }
      if (!missing.isEmpty()) {
        rejected.add(label + ": cannot import " + String.join(", ", missing));
        continue;
      }
      Map<String, String> versions = new LinkedHashMap<>();
      versions.put("python", probe.path("python").asText());
      for (String key : VERSION_KEYS.subList(1, VERSION_KEYS.size())) {
        JsonNode v = probe.path("modules").path(key);
        if (!v.isMissingNode()) {
          versions.put(key, v.asText());
        }
      }
      return new PythonToolchain(c.path(), c.source(), Collections.unmodifiableMap(versions), List.copyOf(rejected));
    }
    throw new ToolchainUnavailableException("Python interpreter that can import " + String.join(", ", REQUIRED_MODULES),
        rejected, INSTALL_HINT);
  }

  /**
   * The interpreter at {@code executable} if it can import {@link #REQUIRED_MODULES}.
   *
   * @throws ToolchainUnavailableException when it cannot
   */
  public static PythonToolchain at(Path executable) {
    return discover(List.of(new Candidate("explicit", Checks.notNull(executable, "executable").toAbsolutePath())));
  }

  /** The default candidates: {@value #PROPERTY} or {@value #ENV}, the first {@code python3} on PATH, /usr/bin/python3. */
  /**
   * A sandbox for Python children in {@code dir}: no bytecode files in the workspace, unbuffered UTF-8 output.
   * (Variables named {@code PYTHON*} are the stack's; a deployment spec may not name them.)
   */
  static Sandbox.Builder sandbox(Path dir, Path executable) {
    Sandbox.Builder b = Sandbox.builder(dir).environment("PYTHONDONTWRITEBYTECODE", "1").environment("PYTHONUNBUFFERED", "1")
        .environment("PYTHONIOENCODING", "utf-8");
    installRoot(executable).ifPresent(b::readOnly);
    return b;
  }

  /**
   * What must be visible (read-only) inside the sandbox for an interpreter outside the system folders: a virtual
   * environment's root for {@code <root>/bin/python}, else the interpreter file alone; nothing for one under
   * {@code /usr}, {@code /bin}, {@code /sbin} or {@code /lib*}, which the sandbox shows anyway. Never a home folder
   * itself.
   */
  static java.util.Optional<Path> installRoot(Path executable) {
    Path exe = executable.toAbsolutePath().normalize();
    for (String system : List.of("/usr/", "/bin/", "/sbin/", "/lib")) {
      if (exe.toString().startsWith(system)) {
        return java.util.Optional.empty();
      }
    }
    Path parent = exe.getParent();
    Path root = parent != null && parent.getFileName() != null && parent.getFileName().toString().equals("bin")
        ? parent.getParent() : null;
    String home = System.getProperty("user.home");
    if (root == null || root.getNameCount() < 2 || (home != null && root.equals(Path.of(home)))) {
      return java.util.Optional.of(exe);
    }
    return java.util.Optional.of(root);
  }

  public static List<Candidate> defaultCandidates() {
    List<Candidate> out = new ArrayList<>();
    String explicit = System.getProperty(PROPERTY);
    String explicitSource = PROPERTY;
    if (explicit == null || explicit.isBlank()) {
      explicit = System.getenv(ENV);
      explicitSource = ENV;
    }
    if (explicit != null && explicit.strip().equals(NONE)) {
      return List.of(); // switched off: nothing is probed
    }
    if (explicit != null && !explicit.isBlank()) {
      out.add(new Candidate(explicitSource, Path.of(explicit.strip()).toAbsolutePath()));
    }
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        if (dir.isEmpty() || !Path.of(dir).isAbsolute()) {
          continue;
        }
        Path p = Path.of(dir, "python3");
        if (Files.isExecutable(p) && Files.isRegularFile(p)) {
          out.add(new Candidate("python3 on PATH", p));
          break;
        }
      }
    }
    out.add(new Candidate("system", Path.of("/usr/bin/python3")));
    return out;
  }

  /** The interpreter's absolute path, as probed (not resolved through symlinks). */
  public Path executable() {
    return executable;
  }

  /** Where the interpreter came from: {@value #PROPERTY}, {@value #ENV}, {@code python3 on PATH}, {@code system}. */
  public String source() {
    return source;
  }

  /** The interpreter's version, e.g. {@code 3.11.2}. */
  public String pythonVersion() {
    return versions.get("python");
  }

  /**
   * The versions found: {@code python}, then {@code fastapi}, {@code pydantic}, {@code starlette}, {@code uvicorn},
   * {@code httpx}, {@code pytest} (the last five as installed distributions), in that order. A stack profile pins
   * these in its prompts, {@code requirements.txt} and Dockerfile, so that what is tested is what would be deployed.
   */
  public Map<String, String> versions() {
    return versions;
  }

  /**
   * The distributions' versions ({@link #versions()} without {@code python}), for a stack profile's pins, e.g.
   * {@code PythonFastApiStack.builder().pythonVersion(python.pythonVersion()).pins(python.pins())}.
   */
  public Map<String, String> pins() {
    Map<String, String> pins = new LinkedHashMap<>(versions);
    pins.remove("python");
    return Collections.unmodifiableMap(pins);
  }

  /** The version of one module or of {@code python}, if known. */
  public Optional<String> version(String name) {
    return Optional.ofNullable(versions.get(name));
  }

  /** pydantic's major version (1 or 2), or 0 when pydantic is missing; generated code must work on it. */
  public int pydanticMajor() {
    String v = versions.get("pydantic");
    if (v == null) {
      return 0;
    }
    int dot = v.indexOf('.');
    try {
      return Integer.parseInt(dot < 0 ? v : v.substring(0, dot));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** The candidates probed before this one, with why each was not used. */
  public List<String> rejected() {
    return rejected;
  }

  /** A one-line description for reports and notes: path, source and versions. */
  public String description() {
    StringBuilder b = new StringBuilder(executable.toString()).append(" (").append(source).append(": Python ")
        .append(pythonVersion());
    versions.forEach((k, v) -> {
      if (!k.equals("python")) {
        b.append(", ").append(k).append(' ').append(v);
      }
    });
    return b.append(')').toString();
  }

  @Override
  public String toString() {
    return description();
  }

  private static JsonNode probe(Path python, List<String> distributions) {
    Path dir;
    try {
      dir = Files.createTempDirectory("spectra-python-probe-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary directory for the Python probe: " + e.getMessage(), e);
    }
    try {
      // Our own probe script in a fresh folder, no generated code: it may run without isolation where bwrap is missing.
      return PythonScripts.run(python, sandbox(dir, python).allowWithoutIsolation(true).build(), PythonScripts.PROBE, distributions,
          PROBE_TIMEOUT);
    } finally {
      Folders.deleteQuietly(dir);
    }
  }
}
