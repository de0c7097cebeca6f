package dev.spectra.orchestrator.stack.python;

import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.QualityReport;
import dev.spectra.orchestrator.sandbox.Sandbox;
import dev.spectra.orchestrator.stack.Toolchain;
import dev.spectra.orchestrator.verify.JUnitXml;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** The python-fastapi stack's tools on one interpreter: pytest, the ast-based gate, uvicorn. */
final class PythonStackToolchain implements Toolchain {
  static final String JUNIT = "junit.xml";

  private final PythonToolchain python;
  private final QualityGate gate;

  PythonStackToolchain(PythonToolchain python, QualityGate gate) {
    this.python = python;
    this.gate = gate;
  }

  PythonToolchain python() {
    return python;
  }

  @Override
  public String description() {
    return python.description();
  }

  @Override
  public Map<String, String> versions() {
    return python.versions();
  }

  @Override
  public String versionNotes() {
    return "Tested with Python " + python.pythonVersion() + python.versions().entrySet().stream()
        .filter(e -> !e.getKey().equals("python")).map(e -> ", " + e.getKey() + " " + e.getValue()).reduce("", String::concat)
        + (python.pydanticMajor() > 0 ? "; the code must work on pydantic " + python.pydanticMajor() + "." : ".");
  }

  @Override
  public Sandbox.Builder sandbox(Path dir) {
    return PythonToolchain.sandbox(dir, python.executable());
  }

  @Override
  public List<String> checkDependencies(ArchitecturePlan plan, Set<String> allowed, Sandbox sandbox) {
    List<String> ignored = DependencyGuard.check(plan.dependencies(), allowed, python, sandbox);
    return ignored.isEmpty() ? List.of()
        : List.of("plan lists standard-library modules as dependencies (ignored): " + ignored);
  }

  @Override
  public List<String> testCommand(Path root, List<String> testFiles, Path reportDir) {
    List<String> argv = new ArrayList<>(List.of(python.executable().toString(), "-m", "pytest", "-p", "no:cacheprovider",
        "-o", "junit_family=xunit1", "--continue-on-collection-errors", "--rootdir=" + root, "-q",
        "--junitxml=" + reportDir.resolve(JUNIT)));
    testFiles.stream()
        .filter(p -> !p.endsWith("/__init__.py") && !p.equals("__init__.py") && !p.endsWith("conftest.py"))
        .forEach(argv::add);
    return argv;
  }

  @Override
  public List<TestCaseResult> readReports(Path reportDir, Path root) {
    Path junit = reportDir.resolve(JUNIT);
    if (!Files.isRegularFile(junit)) {
      return List.of();
    }
    List<TestCaseResult> out = new ArrayList<>();
    for (JUnitXml.Case c : JUnitXml.parse(junit)) {
      out.add(new TestCaseResult(id(c.classname(), c.name(), c.file()), c.file(), c.outcome(), c.message(), c.details()));
    }
    return out;
  }

  /** {@code tests/test_main.py::TestX::test_ok} from classname {@code tests.test_main.TestX} and file {@code tests/test_main.py}. */
  static String id(String classname, String name, String file) {
    if (file == null || file.isEmpty()) {
      return classname.isEmpty() ? name : classname + "::" + name;
    }
    if (classname.isEmpty()) {
      return file; // a collection failure names the module
    }
    String module = file.endsWith(".py") ? file.substring(0, file.length() - 3).replace('/', '.') : file;
    String rest = classname.equals(module) ? "" : classname.startsWith(module + ".") ? classname.substring(module.length() + 1) : "";
    return file + "::" + (rest.isEmpty() ? "" : rest.replace(".", "::") + "::") + name;
  }

  @Override
  public List<String> faultFiles(String failureText, Path root, Predicate<String> isTest) {
    return Tracebacks.faultFiles(failureText, root, isTest);
  }

  @Override
  public boolean errorInside(String testFile, String message, String details, Path root) {
    return Tracebacks.errorInside(testFile, message, details, root);
  }

  @Override
  public Map<String, TestCounts> countTests(List<String> paths, Sandbox sandbox) {
    return QualityGate.countTests(python, sandbox, paths);
  }

  @Override
  public QualityReport grade(List<String> sources, Sandbox sandbox) {
    return gate == null ? null : gate.evaluate(python, sandbox, sources);
  }

  @Override
  public List<String> serviceCommand(String entrypoint, String host, int port) {
    return List.of(python.executable().toString(), "-m", "uvicorn", entrypoint, "--host", host, "--port",
        Integer.toString(port));
  }

  @Override
  public String toString() {
    return "PythonStackToolchain{" + python + "}";
  }
}
