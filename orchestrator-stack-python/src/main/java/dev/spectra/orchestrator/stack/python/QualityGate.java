package dev.spectra.orchestrator.stack.python;

import dev.spectra.orchestrator.sandbox.Sandbox;
import com.fasterxml.jackson.databind.JsonNode;
import dev.spectra.orchestrator.QualityReport;
import dev.spectra.orchestrator.stack.Toolchain;
import dev.spectra.orchestrator.internal.Checks;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SPECTRA grade of generated Python: five scored checks with file and line, from Python's own {@code ast} run
 * through the chosen interpreter (a script shipped with this library), combined into a weighted score, a letter
 * grade and a pass mark.
 *
 * <ul>
 *   <li>{@code type_hints}: every function annotates its parameters and return.
 *   <li>{@code models}: routes declare a validated response model and take no unvalidated {@code dict} body; pydantic
 *       model fields are annotated (pydantic 1 and 2 idioms both accepted).
 *   <li>{@code logging}: modules with functions log through {@code logging}; no {@code print()}.
 *   <li>{@code error_handling}: routes handle errors (try/except, {@code raise HTTPException}, or a registered
 *       exception handler); no bare {@code except:}, no swallowed exception.
 *   <li>{@code docstrings}: public functions, methods and classes have docstrings.
 * </ul>
 *
 * <p>Each check scores the share of its items that pass (100 when it has none); the grade is A from 90, B from 80,
 * C from 70, D from 60, else F.
 *
 * <pre>{@code
 * QualityReport q = QualityGate.builder().threshold(80).build()
 *     .evaluate(python, workspace.root(), List.of("app/main.py"));
 * }</pre>
 */
public final class QualityGate {
  /** The default pass mark: a C. */
  public static final double DEFAULT_THRESHOLD = 70;

  /** How long the grading script may run. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  /** The scored checks. */
  public enum Check {
    TYPE_HINTS("type_hints"), MODELS("models"), LOGGING("logging"), ERROR_HANDLING("error_handling"), DOCSTRINGS("docstrings");

    private final String id;

    Check(String id) {
      this.id = id;
    }

    /** The check's name in a {@link QualityReport}, e.g. {@code type_hints}. */
    public String id() {
      return id;
    }
  }

  private final double threshold;
  private final Map<Check, Double> weights;
  private final Duration timeout;

  private QualityGate(Builder b) {
    this.threshold = b.threshold;
    this.weights = Map.copyOf(b.weights);
    this.timeout = b.timeout;
  }

  /** Equal weights, threshold {@value #DEFAULT_THRESHOLD}. */
  public static QualityGate ofDefaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The score a report needs to pass. */
  public double threshold() {
    return threshold;
  }

  /**
   * Grades the given files.
   *
   * @param python the interpreter that parses them
   * @param root the workspace root (the script's working directory)
   * @param files workspace-relative paths of Python files
   * @throws dev.spectra.orchestrator.OrchestratorException when the grading script fails
   */
  public QualityReport evaluate(PythonToolchain python, Path root, List<String> files) {
    Checks.notNull(python, "python");
    Checks.notNull(root, "root");
    List<String> paths = Checks.copy(files, "files");
    return evaluate(python, PythonToolchain.sandbox(root, python.executable()).build(), paths);
  }

  QualityReport evaluate(PythonToolchain python, Sandbox sandbox, List<String> files) {
    Map<String, List<QualityReport.Finding>> findings = new LinkedHashMap<>();
    Map<String, double[]> items = new LinkedHashMap<>();
    if (!files.isEmpty()) {
      List<String> args = new ArrayList<>(List.of("quality"));
      args.addAll(files);
      JsonNode out = PythonScripts.run(python.executable(), sandbox, PythonScripts.AST, args, timeout);
      out.path("checks").fields().forEachRemaining(e ->
          items.put(e.getKey(), new double[] {e.getValue().path("ok").asDouble(), e.getValue().path("total").asDouble()}));
      for (JsonNode f : out.path("findings")) {
        findings.computeIfAbsent(f.path("check").asText(), k -> new ArrayList<>())
            .add(new QualityReport.Finding(f.path("file").asText(), f.path("line").asInt(1), f.path("message").asText()));
      }
    }
    List<QualityReport.Check> checks = new ArrayList<>();
    double weighted = 0;
    double totalWeight = 0;
    for (Check c : Check.values()) {
      double[] okTotal = items.getOrDefault(c.id(), new double[] {0, 0});
      double score = okTotal[1] == 0 ? 100 : round(100 * okTotal[0] / okTotal[1]);
      double weight = weights.getOrDefault(c, 1.0);
      checks.add(new QualityReport.Check(c.id(), score, weight, findings.getOrDefault(c.id(), List.of())));
      weighted += score * weight;
      totalWeight += weight;
    }
    double score = totalWeight == 0 ? 100 : round(weighted / totalWeight);
    return new QualityReport(score, grade(score), threshold, checks);
  }

  /** A for 90 and more, B from 80, C from 70, D from 60, else F. */
  static String grade(double score) {
    if (score >= 90) {
      return "A";
    }
    if (score >= 80) {
      return "B";
    }
    if (score >= 70) {
      return "C";
    }
    return score >= 60 ? "D" : "F";
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }

  /**
   * Counts tests and asserts per file with the same script: test functions (module level and in {@code Test*}
   * classes); {@code assert} statements plus {@code self.assert*(...)} and {@code pytest.raises(...)} calls.
   */
  static Map<String, Toolchain.TestCounts> countTests(PythonToolchain python, Sandbox sandbox, List<String> files) {
    Map<String, Toolchain.TestCounts> out = new LinkedHashMap<>();
    if (files.isEmpty()) {
      return out;
    }
    List<String> args = new ArrayList<>(List.of("counts"));
    args.addAll(files);
    JsonNode json = PythonScripts.run(python.executable(), sandbox, PythonScripts.AST, args, DEFAULT_TIMEOUT);
    for (String f : files) {
      JsonNode n = json.path("files").path(f);
      out.put(f, n.has("error") ? new Toolchain.TestCounts(0, 0, n.path("error").asText())
          : new Toolchain.TestCounts(n.path("tests").asInt(), n.path("asserts").asInt(), null));
    }
    return out;
  }

  /** Builds a {@link QualityGate}. */
  public static final class Builder {
    private double threshold = DEFAULT_THRESHOLD;
    private final Map<Check, Double> weights = new EnumMap<>(Check.class);
    private Duration timeout = DEFAULT_TIMEOUT;

    private Builder() {}

    /** The score (0 to 100) a report needs to pass. */
    public Builder threshold(double threshold) {
      if (Double.isNaN(threshold) || threshold < 0 || threshold > 100) {
        throw new IllegalArgumentException("threshold must be within 0..100, but was " + threshold);
      }
      this.threshold = threshold;
      return this;
    }

    /** A check's weight in the score (default 1; 0 leaves it reported but unscored). */
    public Builder weight(Check check, double weight) {
      Checks.notNull(check, "check");
      if (Double.isNaN(weight) || weight < 0) {
        throw new IllegalArgumentException("weight of " + check.id() + " must be >= 0, but was " + weight);
      }
      weights.put(check, weight);
      return this;
    }

    /** How long the grading script may run (default 60 s). */
    public Builder timeout(Duration timeout) {
      this.timeout = Checks.positive(timeout, "timeout");
      return this;
    }

    public QualityGate build() {
      return new QualityGate(this);
    }
  }
}
