package dev.spectra.orchestrator.stack.python;

import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.FileKind;
import dev.spectra.orchestrator.FileSpec;
import dev.spectra.orchestrator.GeneratedFile;
import dev.spectra.orchestrator.InvalidPlanException;
import dev.spectra.orchestrator.internal.Checks;
import dev.spectra.orchestrator.stack.TargetStack;
import dev.spectra.orchestrator.stack.Toolchain;
import dev.spectra.orchestrator.stack.ToolchainUnavailableException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code python-fastapi} stack: a FastAPI service with pydantic models, served by uvicorn and tested with pytest
 * through FastAPI's {@code TestClient}.
 *
 * <p>Who writes which file is decided by its name: {@code requirements.txt}, {@code Dockerfile}, {@code .gitignore},
 * {@code .dockerignore}, {@code .env.example} and {@code pyproject.toml} come from deterministic generators driven by
 * the plan ({@link GeneratedFile.Origin#CONFIG}); package {@code __init__.py} files from a one-line template
 * ({@link GeneratedFile.Origin#TEMPLATE}), except the one that holds the plan's entrypoint. A model writes
 * everything else (code, tests, README).
 *
 * <p>Every third-party distribution is pinned with {@code ==} to the profile's version pins; by default the versions
 * Debian 12 packages ({@link #DEFAULT_PINS}), which the local Test and Deploy use. Pins found on the real interpreter
 * go in through the builder:
 *
 * <pre>{@code
 * TargetStack stack = PythonFastApiStack.builder()
 *     .pythonVersion("3.11.2")
 *     .pins(Map.of("fastapi", "0.110.0", "pydantic", "2.6.4"))
 *     .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class PythonFastApiStack implements TargetStack {
  /** The id plans name. */
  public static final String ID = "python-fastapi";

  /** The default Python version: Debian 12's interpreter. */
  public static final String DEFAULT_PYTHON_VERSION = "3.11";

  /** The distributions every service of this stack needs, in canonical form. */
  public static final List<String> REQUIRED = List.of("fastapi", "uvicorn", "pydantic", "httpx", "pytest");

  /** The default pins: the versions of Debian 12's {@code python3-*} packages (see docs on the Python stack). */
  public static final Map<String, String> DEFAULT_PINS = defaultPins();

  /** The most lines {@link #signatures} returns for one file; the last line then says how many were cut. */
  public static final int MAX_SIGNATURE_LINES = 60;

  /** The port the exported container listens on. */
  public static final int CONTAINER_PORT = 8000;

  private static final Pattern VERSION = Pattern.compile("[0-9][0-9A-Za-z.+!-]*");
  private static final Pattern PYTHON_VERSION = Pattern.compile("(3\\.[0-9]{1,2})(\\.[0-9]{1,3})?");
  private static final Pattern ENTRYPOINT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*:[A-Za-z_][A-Za-z0-9_]*");
  private static final Wording WORDING = new Wording(
      "the ASGI application as module:attribute, e.g. app.main:app",
      "the ASGI application as module:attribute, e.g. \"app.main:app\"; its module must be one of the planned files",
      "the ASGI application as module:attribute; its module must be a planned file",
      "app/main.py");
  private static final Pattern ENV_NAME = Pattern.compile("\\b[A-Z][A-Z0-9]*_[A-Z0-9_]*[A-Z0-9]\\b");

  private static Map<String, String> defaultPins() {
    Map<String, String> pins = new LinkedHashMap<>();
    pins.put("fastapi", "0.92.0");
    pins.put("pydantic", "1.10.4");
    pins.put("uvicorn", "0.17.6");
    pins.put("httpx", "0.23.3");
    pins.put("pytest", "7.2.1");
    return Collections.unmodifiableMap(pins);
  }

  private final String pythonVersion;
  private final String pythonMinor;
  private final Map<String, String> pins;
  private final String promptNotes;
  private final PythonToolchain python;
  private final List<PythonToolchain.Candidate> candidates;
  private final QualityGate qualityGate;
  private final Object toolchainLock = new Object();
  private PythonStackToolchain toolchain; // guarded by toolchainLock: found once
  private ToolchainUnavailableException missing; // guarded by toolchainLock: a failed discovery is remembered

  private PythonFastApiStack(Builder b) {
    this.pythonVersion = b.pythonVersion;
    Matcher m = PYTHON_VERSION.matcher(b.pythonVersion);
    m.matches();
    this.pythonMinor = m.group(1);
    this.pins = Collections.unmodifiableMap(new TreeMap<>(b.pins));
    this.promptNotes = notes();
    this.python = b.python;
    this.candidates = b.candidates;
    this.qualityGate = b.qualityGate;
  }

  /** The profile with Debian 12's Python and package versions. */
  public PythonFastApiStack() {
    this(new Builder());
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this stack's settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.pythonVersion = pythonVersion;
    b.pins.clear();
    b.pins.putAll(pins);
    b.python = python;
    b.candidates = candidates;
    b.qualityGate = qualityGate;
    return b;
  }

  @Override
  public Wording wording() {
    return WORDING;
  }

  /** {@code module.path:attribute} whose module is a planned file ({@code module/path.py} or its package). */
  @Override
  public List<String> entrypointProblems(String entrypoint, Set<String> plannedPaths) {
    Checks.notNull(entrypoint, "entrypoint");
    Checks.notNull(plannedPaths, "plannedPaths");
    if (!ENTRYPOINT.matcher(entrypoint).matches()) {
      return List.of("must look like module.path:attribute (e.g. app.main:app), but was \"" + entrypoint + "\"");
    }
    List<String> files = entrypointFiles(entrypoint);
    if (files.stream().noneMatch(plannedPaths::contains)) {
      return List.of("module of \"" + entrypoint + "\" is not a planned file (no " + String.join(" or ", files) + ")");
    }
    return List.of();
  }

  @Override
  public List<String> entrypointFiles(String entrypoint) {
    int colon = entrypoint.indexOf(':');
    String module = (colon < 0 ? entrypoint : entrypoint.substring(0, colon)).replace('.', '/');
    return List.of(module + ".py", module + "/__init__.py");
  }

  @Override
  public boolean isCode(String path) {
    return path.endsWith(".py");
  }

  /** {@code test_*.py}, {@code *_test.py} and {@code conftest.py}. */
  @Override
  public boolean isTestName(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    return name.startsWith("test_") || name.endsWith("_test.py") || name.equals("conftest.py");
  }

  /** {@code PYTHON*}: they change which code the interpreter loads. */
  @Override
  public boolean ownsVariable(String name) {
    return name.startsWith("PYTHON");
  }

  @Override
  public List<String> exportedCommand(String entrypoint) {
    return List.of("python3", "-m", "uvicorn", entrypoint, "--host", "127.0.0.1", "--port", Integer.toString(CONTAINER_PORT));
  }

  /**
   * The interpreter given to the builder, else the first candidate that can import the stack's packages (probed once
   * per stack instance; a failure is remembered too).
   *
   * @throws ToolchainUnavailableException listing every candidate tried, with the install hint
   */
  @Override
  public Toolchain discoverToolchain() {
    synchronized (toolchainLock) {
      if (toolchain == null && missing == null) {
        try {
          PythonToolchain found = python != null ? python
              : PythonToolchain.discover(candidates != null ? candidates : PythonToolchain.defaultCandidates());
          toolchain = new PythonStackToolchain(found, qualityGate);
        } catch (ToolchainUnavailableException e) {
          missing = e;
        }
      }
      if (missing != null) {
        throw missing;
      }
      return toolchain;
    }
  }

  @Override
  public String id() {
    return ID;
  }

  /** The Python version the generated code targets, as configured (e.g. {@code 3.11} or {@code 3.11.2}). */
  public String pythonVersion() {
    return pythonVersion;
  }

  /** Canonical distribution name to pinned version, sorted by name. */
  public Map<String, String> versionPins() {
    return pins;
  }

  /** The pinned distributions: the only third-party packages generated code may use. */
  @Override
  public Set<String> allowedDependencies() {
    return pins.keySet();
  }

  @Override
  public Optional<Producer> producerFor(FileSpec file, ArchitecturePlan plan) {
    Checks.notNull(file, "file");
    Checks.notNull(plan, "plan");
    String path = file.path();
    String name = path.substring(path.lastIndexOf('/') + 1);
    switch (name) {
      case "requirements.txt":
        return config((p, f) -> requirements(p));
      case "Dockerfile":
        return config((p, f) -> dockerfile(p));
      case ".gitignore":
        return config((p, f) -> gitignore());
      case ".dockerignore":
        return config((p, f) -> dockerignore());
      case ".env.example":
        return config(PythonFastApiStack::envExample);
      case "pyproject.toml":
        return config((p, f) -> pyproject(p));
      case "__init__.py":
        if (path.equals(entrypointModule(plan) + "/__init__.py")) {
          return Optional.empty(); // the package itself holds the app: code, written by a model
        }
        return Optional.of(Producer.template((p, f) -> packageInit(f.path())));
      default:
        return Optional.empty();
    }
  }

  private static Optional<Producer> config(BiFunction<ArchitecturePlan, FileSpec, String> body) {
    return Optional.of(Producer.config(body));
  }

  /**
   * The requirements of a plan: the stack's {@link #REQUIRED} distributions plus the plan's dependencies
   * (normalized: case, {@code _}/{@code -}/{@code .}, extras and version specifiers dropped, standard-library modules
   * dropped, duplicates merged), sorted by name, each pinned with {@code ==}.
   *
   * @throws InvalidPlanException naming every dependency that has no pin (and so is not allowed)
   */
  public String requirements(ArchitecturePlan plan) {
    Checks.notNull(plan, "plan");
    Map<String, String> lines = new TreeMap<>();
    REQUIRED.forEach(r -> lines.put(r, pins.get(r)));
    List<String> refused = new ArrayList<>();
    for (String raw : plan.dependencies()) {
      Optional<String> name = PythonNames.requirementName(raw);
      if (name.isEmpty()) {
        continue;
      }
      String version = pins.get(name.get());
      if (version == null) {
        refused.add("\"" + Checks.excerpt(raw.strip(), 80) + "\"");
      } else {
        lines.put(name.get(), version);
      }
    }
    if (!refused.isEmpty()) {
      throw new InvalidPlanException("plan " + plan.name() + " depends on " + String.join(", ", refused)
          + ", which the " + ID + " stack does not allow; allowed are " + String.join(", ", pins.keySet())
          + " and the Python standard library. Remove them from the plan (and its code), or pin them with "
          + "PythonFastApiStack.builder().pin(name, version)");
    }
    StringBuilder sb = new StringBuilder("# Generated by SPECTRA for " + ID + " (Python " + pythonMinor
        + "): versions pinned to the tested ones.\n");
    lines.forEach((name, version) -> sb.append(name).append("==").append(version).append('\n'));
    return sb.toString();
  }

  /**
   * A Dockerfile for exporting the service: the slim Python image of the pinned minor version, the requirements,
   * a non-root user, and uvicorn on {@code 0.0.0.0:}{@value #CONTAINER_PORT} (inside the container only; the local
   * deploy binds loopback).
   */
  public String dockerfile(ArchitecturePlan plan) {
    Checks.notNull(plan, "plan");
    String install = plan.file("requirements.txt").isPresent()
        ? "COPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\n"
        : "RUN pip install --no-cache-dir " + String.join(" ", REQUIRED.stream().sorted()
            .map(r -> r + "==" + pins.get(r)).toList()) + "\n";
    return "# Container image of " + safeName(plan.name()) + ", generated by SPECTRA (" + ID + ").\n"
        + "# For export: the local deploy runs uvicorn on 127.0.0.1 instead.\n"
        + "FROM python:" + pythonMinor + "-slim\n"
        + "ENV PYTHONDONTWRITEBYTECODE=1 \\\n"
        + "    PYTHONUNBUFFERED=1\n"
        + "WORKDIR /app\n"
        + install
        + "COPY . .\n"
        + "RUN useradd --create-home --uid 10001 app\n"
        + "USER app\n"
        + "EXPOSE " + CONTAINER_PORT + "\n"
        + "CMD [\"uvicorn\", \"" + plan.entrypoint() + "\", \"--host\", \"0.0.0.0\", \"--port\", \"" + CONTAINER_PORT
        + "\"]\n";
  }

  private static String gitignore() {
    return "# Generated by SPECTRA (" + ID + ")\n"
        + "__pycache__/\n"
        + "*.py[cod]\n"
        + ".venv/\n"
        + "venv/\n"
        + ".env\n"
        + ".pytest_cache/\n"
        + ".mypy_cache/\n"
        + ".coverage\n"
        + "htmlcov/\n"
        + "build/\n"
        + "dist/\n"
        + "*.egg-info/\n"
        + ".spectra/\n";
  }

  private static String dockerignore() {
    return "# Generated by SPECTRA (" + ID + ")\n"
        + ".git\n"
        + "**/__pycache__\n"
        + "**/*.py[cod]\n"
        + ".venv\n"
        + "venv\n"
        + ".env\n"
        + ".pytest_cache\n"
        + ".mypy_cache\n"
        + ".spectra\n";
  }

  /** {@code APP_NAME} and {@code LOG_LEVEL}, then every {@code UPPER_CASE_NAME} the file's purpose mentions, empty. */
  private static String envExample(ArchitecturePlan plan, FileSpec file) {
    Map<String, String> vars = new LinkedHashMap<>();
    vars.put("APP_NAME", safeName(plan.name()));
    vars.put("LOG_LEVEL", "INFO");
    Matcher m = ENV_NAME.matcher(file.purpose());
    while (m.find()) {
      vars.putIfAbsent(m.group(), "");
    }
    StringBuilder sb = new StringBuilder("# Settings of " + safeName(plan.name())
        + ": copy to .env and fill in. Never commit .env.\n");
    vars.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
    return sb.toString();
  }

  /** pytest settings only; the dependencies stay in requirements.txt. */
  private static String pyproject(ArchitecturePlan plan) {
    Set<String> testRoots = new TreeSet<>();
    boolean rootLevelTest = false;
    for (FileSpec f : plan.files()) {
      String name = f.path().substring(f.path().lastIndexOf('/') + 1);
      if (f.path().endsWith(".py") && (f.kind() == FileKind.TEST || name.startsWith("test_"))) {
        int slash = f.path().indexOf('/');
        if (slash < 0) {
          rootLevelTest = true;
        } else {
          testRoots.add(f.path().substring(0, slash));
        }
      }
    }
    StringBuilder sb = new StringBuilder("# Generated by SPECTRA (" + ID + "); dependencies are pinned in requirements.txt.\n"
        + "[tool.pytest.ini_options]\n");
    if (!rootLevelTest && !testRoots.isEmpty()) {
      sb.append("testpaths = [").append(String.join(", ", testRoots.stream().map(r -> "\"" + r + "\"").toList()))
          .append("]\n");
    }
    sb.append("pythonpath = [\".\"]\n");
    return sb.toString();
  }

  private static String packageInit(String path) {
    int slash = path.lastIndexOf('/');
    String pkg = slash < 0 ? "" : path.substring(0, slash).replace('/', '.');
    return pkg.isEmpty() ? "\"\"\"Package root.\"\"\"\n" : "\"\"\"The " + pkg + " package.\"\"\"\n";
  }

  /** The entrypoint's module as a path ({@code app.main:app} gives {@code app/main}). */
  private static String entrypointModule(ArchitecturePlan plan) {
    String module = plan.entrypoint().substring(0, plan.entrypoint().indexOf(':'));
    return module.replace('.', '/');
  }

  /** A plan name fit for a comment or a value: letters, digits, space, {@code . _ -}; at most 80 characters. */
  private static String safeName(String name) {
    String safe = name.replaceAll("[^A-Za-z0-9 ._-]", "-").strip();
    return safe.length() > 80 ? safe.substring(0, 80) : safe;
  }

  /**
   * For a {@code .py} file: imports, decorators, class and function headers (multi-line ones joined), the first
   * line of each docstring, module constants and class fields; bodies and private names are left out. Other files
   * are small configuration and are returned as they are. Either way at most {@value #MAX_SIGNATURE_LINES} lines.
   */
  @Override
  public String signatures(String path, String content) {
    Checks.notNull(path, "path");
    Checks.notNull(content, "content");
    if (path.endsWith(".py")) {
      return PythonSignatures.extract(content, MAX_SIGNATURE_LINES);
    }
    List<String> lines = new ArrayList<>(List.of(content.replace("\r\n", "\n").split("\n")));
    while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
      lines.remove(lines.size() - 1);
    }
    if (lines.size() > MAX_SIGNATURE_LINES) {
      int cut = lines.size() - (MAX_SIGNATURE_LINES - 1);
      lines = new ArrayList<>(lines.subList(0, MAX_SIGNATURE_LINES - 1));
      lines.add("# ... " + cut + " more lines cut");
    }
    return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
  }

  @Override
  public String promptNotes() {
    return promptNotes;
  }

  private String notes() {
    List<String> versions = new ArrayList<>();
    pins.forEach((name, version) -> versions.add(name + " " + version));
    return "Stack " + ID + ": Python " + pythonMinor + " with " + String.join(", ", versions) + ".\n"
        + "- Use only the Python " + pythonMinor + " standard library and these packages: "
        + String.join(", ", pins.keySet()) + ". Nothing else is installed; use no syntax newer than Python "
        + pythonMinor + ".\n"
        + "- The code must work on pydantic 1.x and 2.x: declare BaseModel fields with type hints and use "
        + "response_model=... on routes. Do not use model_config, ConfigDict, field_validator, model_validator, "
        + "model_dump or model_validate (2.x only).\n"
        + "- Type hints on every parameter and return value; a docstring on every module, public class and public "
        + "function.\n"
        + "- Logging: logger = logging.getLogger(__name__) in each module; no print().\n"
        + "- Errors: raise fastapi.HTTPException with a precise status code and detail; never let an endpoint fail "
        + "with an unhandled exception.\n"
        + "- Tests: pytest functions that use fastapi.testclient.TestClient on the app; no running server.\n"
        + "- No network calls, no subprocesses, no files outside the service folder; read settings from environment "
        + "variables with safe defaults.\n";
  }

  @Override
  public String toString() {
    return "PythonFastApiStack{python=" + pythonVersion + ", pins=" + pins + "}";
  }

  /** Builds a {@link PythonFastApiStack}; starts from {@link #DEFAULT_PYTHON_VERSION} and {@link #DEFAULT_PINS}. */
  public static final class Builder {
    private String pythonVersion = DEFAULT_PYTHON_VERSION;
    private final Map<String, String> pins = new LinkedHashMap<>(DEFAULT_PINS);
    private PythonToolchain python;
    private List<PythonToolchain.Candidate> candidates;
    private QualityGate qualityGate = QualityGate.ofDefaults();

    private Builder() {}

    /** The interpreter that tests and serves the code (default: discovered at first use). */
    public Builder python(PythonToolchain python) {
      this.python = Checks.notNull(python, "python");
      return this;
    }

    /**
     * The interpreters to probe, in order, when none is given (default {@link PythonToolchain#defaultCandidates()}:
     * {@code spectra.python} or {@code SPECTRA_PYTHON}, the first {@code python3} on PATH, /usr/bin/python3).
     */
    public Builder pythonCandidates(List<PythonToolchain.Candidate> candidates) {
      this.candidates = Checks.copy(candidates, "candidates");
      return this;
    }

    /** The quality gate of the Test step (default {@link QualityGate#ofDefaults()}). */
    public Builder qualityGate(QualityGate gate) {
      this.qualityGate = Checks.notNull(gate, "gate");
      return this;
    }

    /** The Python version to target: {@code 3.N} or {@code 3.N.M} (the Docker image uses {@code 3.N}). */
    public Builder pythonVersion(String version) {
      Checks.notBlank(version, "version");
      if (!PYTHON_VERSION.matcher(version.strip()).matches()) {
        throw new IllegalArgumentException(
            "pythonVersion must look like 3.11 or 3.11.2, but was \"" + version + "\"");
      }
      this.pythonVersion = version.strip();
      return this;
    }

    /** Pins one distribution (any spelling: {@code Pydantic_Settings} is {@code pydantic-settings}) to a version. */
    public Builder pin(String distribution, String version) {
      Checks.notBlank(distribution, "distribution");
      Checks.notBlank(version, "version of " + distribution);
      String name = distribution.strip();
      if (!PythonNames.DISTRIBUTION.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "distribution must be a package name such as python-multipart, but was \"" + distribution + "\"");
      }
      String v = version.strip();
      if (!VERSION.matcher(v).matches()) {
        throw new IllegalArgumentException("version of " + name
            + " must be a plain version such as 0.92.0 (no operator, no wildcard), but was \"" + version + "\"");
      }
      pins.put(PythonNames.canonical(name), v);
      return this;
    }

    /** Pins every entry of {@code versions}, over the pins already set. */
    public Builder pins(Map<String, String> versions) {
      Checks.notNull(versions, "versions");
      versions.forEach(this::pin);
      return this;
    }

    /** Validates and builds. */
    public PythonFastApiStack build() {
      return new PythonFastApiStack(this);
    }
  }
}
