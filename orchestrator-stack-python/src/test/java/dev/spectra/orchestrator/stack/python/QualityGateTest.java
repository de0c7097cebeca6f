package dev.spectra.orchestrator.stack.python;

import dev.spectra.orchestrator.stack.Toolchain;
import dev.spectra.orchestrator.sandbox.Sandbox;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spectra.orchestrator.QualityReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One fixture per check; a line marked {@code # expect: <check>} is exactly where the check must report. */
class QualityGateTest {
  private static final Pattern EXPECT = Pattern.compile("#.*expect: ([a-z_, ]+)");

  @TempDir Path dir;
  Path root;

  @BeforeEach
  void setUp() throws Exception {
    root = dir.toRealPath();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "type_hints.py, TYPE_HINTS",
      "models.py, MODELS",
      "logging_check.py, LOGGING",
      "logging_ok.py, LOGGING",
      "error_handling.py, ERROR_HANDLING",
      "error_handler_registered.py, ERROR_HANDLING",
      "docstrings.py, DOCSTRINGS"})
  void checkReportsExactlyTheMarkedLines(String fixture, QualityGate.Check check) throws Exception {
    PythonToolchain python = PythonSupport.python();
    String source = copy(fixture);

    QualityReport report = QualityGate.ofDefaults().evaluate(python, root, List.of(fixture));

    QualityReport.Check c = check(report, check);
    assertThat(lines(c)).as("lines reported by %s in %s", check.id(), fixture).isEqualTo(expected(source, check));
    assertThat(c.findings()).allSatisfy(f -> {
      assertThat(f.file()).isEqualTo(fixture);
      assertThat(f.message()).isNotBlank();
    });
    if (!c.findings().isEmpty()) {
      assertThat(c.score()).isLessThan(100);
    } else {
      assertThat(c.score()).isEqualTo(100);
    }
  }

  @Test
  void messagesSayWhatIsMissing() throws Exception {
    PythonToolchain python = PythonSupport.python();
    copy("type_hints.py");
    copy("models.py");

    QualityReport report = QualityGate.ofDefaults().evaluate(python, root, List.of("type_hints.py", "models.py"));

    assertThat(messages(check(report, QualityGate.Check.TYPE_HINTS))).contains(
        "type_hints.py:21 function async_missing: parameter items without a type hint; no return type hint",
        "type_hints.py:25 function varargs: parameters args, kwargs without a type hint");
    assertThat(messages(check(report, QualityGate.Check.MODELS))).contains(
        "models.py:35 model Loose: field count without a type annotation",
        "models.py:75 route POST /loose takes an unvalidated body (payload): declare a pydantic model",
        "models.py:60 route GET /raw declares no validated response model: add response_model= or return a pydantic model");
  }

  @Test
  void cleanServiceGetsAnAWithNoFindings() throws Exception {
    PythonToolchain python = PythonSupport.python();
    copy("clean.py");

    QualityReport report = QualityGate.ofDefaults().evaluate(python, root, List.of("clean.py"));

    assertThat(report.checks()).extracting(QualityReport.Check::name)
        .containsExactly("type_hints", "models", "logging", "error_handling", "docstrings");
    assertThat(report.checks()).allSatisfy(c -> assertThat(c.findings()).isEmpty());
    assertThat(report.score()).isEqualTo(100);
    assertThat(report.grade()).isEqualTo("A");
    assertThat(report.passed()).isTrue();
  }

  @Test
  void fileThatDoesNotParseFailsEveryCheckAtTheErrorLine() throws Exception {
    PythonToolchain python = PythonSupport.python();
    copy("broken.py");

    QualityReport report = QualityGate.ofDefaults().evaluate(python, root, List.of("broken.py"));

    assertThat(report.checks()).allSatisfy(c -> {
      assertThat(c.score()).isZero();
      assertThat(c.findings()).singleElement().satisfies(f -> {
        assertThat(f.line()).isEqualTo(4);
        assertThat(f.message()).startsWith("does not parse: ");
      });
    });
    assertThat(report.grade()).isEqualTo("F");
    assertThat(report.passed()).isFalse();
  }

  @Test
  void weightsAndThresholdShapeTheGrade() throws Exception {
    PythonToolchain python = PythonSupport.python();
    copy("docstrings.py"); // type hints 100, logging 0 (logs nothing), docstrings 4 of 7

    QualityReport equal = QualityGate.ofDefaults().evaluate(python, root, List.of("docstrings.py"));
    QualityReport weighted = QualityGate.builder().threshold(95).weight(QualityGate.Check.LOGGING, 0)
        .weight(QualityGate.Check.DOCSTRINGS, 0).build().evaluate(python, root, List.of("docstrings.py"));

    assertThat(check(equal, QualityGate.Check.DOCSTRINGS).score()).isEqualTo(57.1);
    assertThat(equal.score()).isEqualTo(71.4); // (100 + 100 + 0 + 100 + 57.1) / 5
    assertThat(equal.grade()).isEqualTo("C");
    assertThat(equal.passed()).isTrue();
    assertThat(weighted.score()).isEqualTo(100);
    assertThat(weighted.threshold()).isEqualTo(95);
    assertThat(check(weighted, QualityGate.Check.LOGGING).weight()).isZero();
    assertThat(check(weighted, QualityGate.Check.LOGGING).findings()).hasSize(1);
  }

  @Test
  void noFilesScoreFullMarks() {
    QualityReport report = QualityGate.ofDefaults().evaluate(PythonSupport.python(), root, List.of());
    assertThat(report.score()).isEqualTo(100);
  }

  @Test
  void countsTestsAndAssertsPerFile() throws Exception {
    PythonToolchain python = PythonSupport.python();
    Files.writeString(root.resolve("test_a.py"), "import pytest\n\n"
        + "def test_one():\n    assert 1\n    assert 2\n\n"
        + "async def test_two():\n    with pytest.raises(ValueError):\n        int('x')\n\n"
        + "def helper():\n    assert 3\n\n"
        + "class TestGroup:\n    def test_three(self):\n        self.assertEqual(1, 1)\n    def setup_method(self):\n        pass\n");
    Files.writeString(root.resolve("test_b.py"), "def test_x(:\n");

    Map<String, Toolchain.TestCounts> counts = QualityGate.countTests(python, Sandbox.builder(root).build(),
        List.of("test_a.py", "test_b.py"));

    assertThat(counts.get("test_a.py")).isEqualTo(new Toolchain.TestCounts(3, 5, null));
    assertThat(counts.get("test_b.py").error()).startsWith("SyntaxError");
  }

  @Test
  void gradesAndBuilderLimits() {
    assertThat(List.of(95.0, 90.0, 89.9, 80.0, 70.0, 69.9, 60.0, 59.9).stream().map(QualityGate::grade))
        .containsExactly("A", "A", "B", "B", "C", "D", "D", "F");
    assertThatThrownBy(() -> QualityGate.builder().threshold(101)).hasMessage("threshold must be within 0..100, but was 101.0");
    assertThatThrownBy(() -> QualityGate.builder().weight(QualityGate.Check.MODELS, -1))
        .hasMessage("weight of models must be >= 0, but was -1.0");
  }

  private String copy(String fixture) throws Exception {
    String text = Files.readString(Path.of(QualityGateTest.class.getResource("quality/" + fixture).toURI()));
    Files.writeString(root.resolve(fixture), text);
    return text;
  }

  private static QualityReport.Check check(QualityReport report, QualityGate.Check check) {
    return report.checks().stream().filter(c -> c.name().equals(check.id())).findFirst().orElseThrow();
  }

  private static Set<Integer> lines(QualityReport.Check c) {
    return c.findings().stream().map(QualityReport.Finding::line).collect(Collectors.toCollection(TreeSet::new));
  }

  private static List<String> messages(QualityReport.Check c) {
    return c.findings().stream().map(f -> f.file() + ":" + f.line() + " " + f.message()).toList();
  }

  private static Set<Integer> expected(String source, QualityGate.Check check) {
    Set<Integer> out = new TreeSet<>();
    String[] lines = source.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      Matcher m = EXPECT.matcher(lines[i]);
      if (m.find() && List.of(m.group(1).split(",\\s*")).contains(check.id())) {
        out.add(i + 1);
      }
    }
    return out;
  }
}
