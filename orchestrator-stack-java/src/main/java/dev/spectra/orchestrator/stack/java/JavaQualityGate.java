package dev.spectra.orchestrator.stack.java;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.ConstructorDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.RecordDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.expr.AnnotationExpr;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.nodeTypes.NodeWithAnnotations;
import com.github.javaparser.ast.stmt.CatchClause;
import com.github.javaparser.ast.stmt.ThrowStmt;
import dev.spectra.orchestrator.QualityReport;
import dev.spectra.orchestrator.internal.Checks;
import dev.spectra.orchestrator.stack.Toolchain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The SPECTRA grade of generated Java: five scored checks with file and line, from JavaParser (the code is parsed,
 * never run), combined into a weighted score, a letter grade and a pass mark.
 *
 * <ul>
 *   <li>{@code validation}: every {@code @RequestBody} parameter is {@code @Valid} (or {@code @Validated}) and, when
 *       its type is one of the graded files, that record or class carries Bean Validation constraints.
 *   <li>{@code logging}: every Spring component ({@code @RestController}, {@code @Service}, ...) has an SLF4J logger;
 *       no {@code System.out}, {@code System.err} or {@code printStackTrace()}.
 *   <li>{@code error_handling}: every controller handles errors ({@code ResponseStatusException},
 *       {@code ResponseEntity}, an {@code @ExceptionHandler}, or a {@code @RestControllerAdvice} among the files); no
 *       catch block that swallows its exception (neither throws, logs nor returns).
 *   <li>{@code javadoc}: public types have Javadoc.
 *   <li>{@code constructor_injection}: no {@code @Autowired}, {@code @Inject} or {@code @Resource} on fields or
 *       setters.
 * </ul>
 *
 * <p>Each check scores the share of its items that pass (100 when it has none); the grade is A from 90, B from 80,
 * C from 70, D from 60, else F. A file that does not parse fails every check once.
 *
 * <pre>{@code
 * QualityReport q = JavaQualityGate.builder().threshold(80).build()
 *     .evaluate(workspace.root(), List.of("src/main/java/com/example/hello/HelloController.java"));
 * }</pre>
 */
public final class JavaQualityGate {
  /** The default pass mark: a C. */
  public static final double DEFAULT_THRESHOLD = 70;

  /** The scored checks. */
  public enum Check {
    VALIDATION("validation"), LOGGING("logging"), ERROR_HANDLING("error_handling"), JAVADOC("javadoc"),
    CONSTRUCTOR_INJECTION("constructor_injection");

    private final String id;

    Check(String id) {
      this.id = id;
    }

    /** The check's name in a {@link QualityReport}, e.g. {@code javadoc}. */
    public String id() {
      return id;
    }
  }

  private static final Set<String> COMPONENTS = Set.of("RestController", "Controller", "Service", "Component",
      "Repository", "RestControllerAdvice", "ControllerAdvice", "Configuration");
  private static final Set<String> CONTROLLERS = Set.of("RestController", "Controller");
  private static final Set<String> ADVICE = Set.of("RestControllerAdvice", "ControllerAdvice");
  private static final Set<String> INJECTION = Set.of("Autowired", "Inject", "Resource");
  private static final Set<String> TEST_ANNOTATIONS = Set.of("Test", "ParameterizedTest", "RepeatedTest", "TestFactory",
      "TestTemplate");

  private final double threshold;
  private final Map<Check, Double> weights;

  private JavaQualityGate(Builder b) {
    this.threshold = b.threshold;
    this.weights = Map.copyOf(b.weights);
  }

  /** Equal weights, threshold {@value #DEFAULT_THRESHOLD}. */
  public static JavaQualityGate ofDefaults() {
    return builder().build();
  }

  /** A builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The score a report needs to pass. */
  public double threshold() {
    return threshold;
  }

  /** Tallies of one check. */
  private static final class Tally {
    int ok;
    int total;
    final List<QualityReport.Finding> findings = new ArrayList<>();

    void pass() {
      ok++;
      total++;
    }

    void fail(String file, Node node, String message) {
      total++;
      findings.add(new QualityReport.Finding(file, line(node), message));
    }
  }

  /**
   * Grades the given files.
   *
   * @param root the workspace root
   * @param files workspace-relative paths of Java files
   */
  public QualityReport evaluate(Path root, List<String> files) {
    Checks.notNull(root, "root");
    List<String> paths = Checks.copy(files, "files");
    Map<Check, Tally> tallies = new EnumMap<>(Check.class);
    for (Check c : Check.values()) {
      tallies.put(c, new Tally());
    }
    Map<String, CompilationUnit> units = new LinkedHashMap<>();
    for (String f : paths) {
      Optional<CompilationUnit> cu = read(root, f).flatMap(JavaSignatures::parse);
      if (cu.isEmpty()) {
        for (Tally t : tallies.values()) {
          t.total++;
          t.findings.add(new QualityReport.Finding(f, 1, "does not parse as Java " + JavaSpringBootStack.JAVA_RELEASE));
        }
      } else {
        units.put(f, cu.get());
      }
    }
    boolean advice = units.values().stream().anyMatch(cu -> cu.findAll(TypeDeclaration.class).stream()
        .anyMatch(t -> annotated((TypeDeclaration<?>) t, ADVICE)));
    Map<String, TypeDeclaration<?>> typesByName = new LinkedHashMap<>();
    units.values().forEach(cu -> cu.findAll(TypeDeclaration.class).forEach(t -> typesByName.putIfAbsent(
        ((TypeDeclaration<?>) t).getNameAsString(), (TypeDeclaration<?>) t)));
    units.forEach((file, cu) -> {
      validation(file, cu, typesByName, tallies.get(Check.VALIDATION));
      logging(file, cu, tallies.get(Check.LOGGING));
      errorHandling(file, cu, advice, tallies.get(Check.ERROR_HANDLING));
      javadoc(file, cu, tallies.get(Check.JAVADOC));
      injection(file, cu, tallies.get(Check.CONSTRUCTOR_INJECTION));
    });
    List<QualityReport.Check> checks = new ArrayList<>();
    double weighted = 0;
    double totalWeight = 0;
    for (Check c : Check.values()) {
      Tally t = tallies.get(c);
      double score = t.total == 0 ? 100 : round(100.0 * t.ok / t.total);
      double weight = weights.getOrDefault(c, 1.0);
      checks.add(new QualityReport.Check(c.id(), score, weight, t.findings));
      weighted += score * weight;
      totalWeight += weight;
    }
    double score = totalWeight == 0 ? 100 : round(weighted / totalWeight);
    return new QualityReport(score, grade(score), threshold, checks);
  }

  private static void validation(String file, CompilationUnit cu, Map<String, TypeDeclaration<?>> types, Tally t) {
    for (Parameter p : cu.findAll(Parameter.class)) {
      if (!p.isAnnotationPresent("RequestBody")) {
        continue;
      }
      if (!p.isAnnotationPresent("Valid") && !p.isAnnotationPresent("Validated")) {
        t.fail(file, p, "@RequestBody " + p.getNameAsString() + " is not @Valid: its constraints are never checked");
        continue;
      }
      TypeDeclaration<?> body = types.get(p.getType().asString().replaceAll("<.*", ""));
      if (body != null && !constrained(body)) {
        t.fail(file, p, "request body " + body.getNameAsString() + " has no Bean Validation constraint (@NotBlank, @Size, ...)");
      } else {
        t.pass();
      }
    }
  }

  /** The record's components or the class's fields carry at least one {@code jakarta.validation} constraint. */
  private static boolean constrained(TypeDeclaration<?> type) {
    List<NodeWithAnnotations<?>> annotated = new ArrayList<>();
    if (type instanceof RecordDeclaration r) {
      annotated.addAll(r.getParameters());
    }
    annotated.addAll(type.getFields());
    for (NodeWithAnnotations<?> n : annotated) {
      for (AnnotationExpr a : n.getAnnotations()) {
        String name = a.getName().getIdentifier();
        if (name.startsWith("Not") || name.equals("Size") || name.equals("Min") || name.equals("Max")
            || name.equals("Pattern") || name.equals("Email") || name.equals("Positive") || name.equals("PositiveOrZero")
            || name.equals("Negative") || name.equals("Past") || name.equals("Future") || name.equals("Valid")
            || name.startsWith("Decimal") || name.equals("Digits")) {
          return true;
        }
      }
    }
    return false;
  }

  private static void logging(String file, CompilationUnit cu, Tally t) {
    for (TypeDeclaration<?> type : cu.findAll(TypeDeclaration.class).stream().map(x -> (TypeDeclaration<?>) x).toList()) {
      if (!annotated(type, COMPONENTS) || type.getMethods().isEmpty()) {
        continue;
      }
      boolean slf4j = type.getFields().stream().anyMatch(f -> f.getElementType().asString().endsWith("Logger")
          && f.toString().contains("LoggerFactory")) && imports(cu, "org.slf4j");
      if (slf4j) {
        t.pass();
      } else {
        t.fail(file, type, type.getNameAsString() + " has no SLF4J logger (private static final Logger LOG ="
            + " LoggerFactory.getLogger(" + type.getNameAsString() + ".class))");
      }
    }
    for (FieldAccessExpr f : cu.findAll(FieldAccessExpr.class)) {
      if (f.getScope().toString().equals("System") && (f.getNameAsString().equals("out") || f.getNameAsString().equals("err"))) {
        t.fail(file, f, "System." + f.getNameAsString() + " instead of an SLF4J logger");
      }
    }
    for (MethodCallExpr m : cu.findAll(MethodCallExpr.class)) {
      if (m.getNameAsString().equals("printStackTrace") && m.getArguments().isEmpty()) {
        t.fail(file, m, "printStackTrace() instead of logging the exception with an SLF4J logger");
      }
    }
  }

  private static void errorHandling(String file, CompilationUnit cu, boolean advice, Tally t) {
    for (TypeDeclaration<?> type : cu.findAll(TypeDeclaration.class).stream().map(x -> (TypeDeclaration<?>) x).toList()) {
      if (!annotated(type, CONTROLLERS)) {
        continue;
      }
      boolean handles = advice
          || type.findAll(MethodDeclaration.class).stream().anyMatch(m -> m.isAnnotationPresent("ExceptionHandler"))
          || type.findAll(ObjectCreationExpr.class).stream().anyMatch(o -> o.getType().getNameAsString().equals("ResponseStatusException"))
          || type.findAll(MethodDeclaration.class).stream().anyMatch(m -> m.getType().asString().startsWith("ResponseEntity"));
      if (handles) {
        t.pass();
      } else {
        t.fail(file, type, type.getNameAsString() + " handles no error: throw ResponseStatusException, return"
            + " ResponseEntity, or add an @ExceptionHandler or a @RestControllerAdvice");
      }
    }
    for (CatchClause c : cu.findAll(CatchClause.class)) {
      boolean handled = !c.getBody().findAll(ThrowStmt.class).isEmpty()
          || !c.getBody().findAll(com.github.javaparser.ast.stmt.ReturnStmt.class).isEmpty()
          || c.getBody().findAll(MethodCallExpr.class).stream().anyMatch(m -> Set.of("error", "warn", "info", "debug", "trace")
              .contains(m.getNameAsString()));
      if (handled) {
        t.pass();
      } else {
        t.fail(file, c, "catch (" + c.getParameter().getType() + ") swallows the exception: log it, rethrow it, or"
            + " answer with a status");
      }
    }
  }

  private static void javadoc(String file, CompilationUnit cu, Tally t) {
    for (TypeDeclaration<?> type : cu.findAll(TypeDeclaration.class).stream().map(x -> (TypeDeclaration<?>) x).toList()) {
      if (!type.isPublic()) {
        continue;
      }
      if (type.getJavadoc().isPresent()) {
        t.pass();
      } else {
        t.fail(file, type, "public " + kind(type) + " " + type.getNameAsString() + " has no Javadoc");
      }
    }
  }

  private static void injection(String file, CompilationUnit cu, Tally t) {
    for (FieldDeclaration f : cu.findAll(FieldDeclaration.class)) {
      if (annotatedAny(f, INJECTION)) {
        t.fail(file, f, "field " + f.getVariable(0).getNameAsString() + " is injected: take it as a constructor parameter"
            + " into a final field");
      }
    }
    for (MethodDeclaration m : cu.findAll(MethodDeclaration.class)) {
      if (annotatedAny(m, INJECTION)) {
        t.fail(file, m, "method " + m.getNameAsString() + " is injected: take its argument in the constructor");
      }
    }
    for (ConstructorDeclaration c : cu.findAll(ConstructorDeclaration.class)) {
      if (!c.getParameters().isEmpty() && c.findAncestor(TypeDeclaration.class).map(x -> annotated(x, COMPONENTS)).orElse(false)) {
        t.pass();
      }
    }
  }

  private static String kind(TypeDeclaration<?> type) {
    if (type instanceof RecordDeclaration) {
      return "record";
    }
    if (type instanceof ClassOrInterfaceDeclaration c && c.isInterface()) {
      return "interface";
    }
    return type.isEnumDeclaration() ? "enum" : "class";
  }

  private static boolean annotated(TypeDeclaration<?> type, Set<String> names) {
    return annotatedAny(type, names);
  }

  private static boolean annotatedAny(NodeWithAnnotations<?> n, Set<String> names) {
    return n.getAnnotations().stream().anyMatch(a -> names.contains(a.getName().getIdentifier()));
  }

  private static boolean imports(CompilationUnit cu, String prefix) {
    return cu.getImports().stream().anyMatch(i -> i.getNameAsString().startsWith(prefix));
  }

  private static int line(Node node) {
    return node.getBegin().map(p -> p.line).orElse(1);
  }

  private static Optional<String> read(Path root, String file) {
    Path p = root.resolve(file).normalize();
    if (!p.startsWith(root) || !Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Files.readString(p, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return Optional.empty();
    }
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
   * Test methods ({@code @Test}, {@code @ParameterizedTest}, {@code @RepeatedTest}, {@code @TestFactory},
   * {@code @TestTemplate}) and asserts ({@code assert*(...)}, {@code andExpect(...)}, {@code andExpectAll(...)},
   * {@code verify(...)} calls) per file, read from {@code root}; a file that is missing or does not parse has an error.
   */
  static Map<String, Toolchain.TestCounts> countTests(Path root, List<String> files) {
    Map<String, Toolchain.TestCounts> out = new LinkedHashMap<>();
    for (String f : files) {
      Optional<String> text = read(root, f);
      if (text.isEmpty()) {
        out.put(f, new Toolchain.TestCounts(0, 0, "cannot read " + f));
        continue;
      }
      var result = JavaSignatures.parser().parse(text.get());
      if (!result.isSuccessful() || result.getResult().isEmpty()) {
        String problem = result.getProblems().isEmpty() ? "does not parse" : result.getProblems().get(0).getVerboseMessage();
        out.put(f, new Toolchain.TestCounts(0, 0, Checks.excerpt(problem.replace('\n', ' '), 200)));
        continue;
      }
      CompilationUnit cu = result.getResult().get();
      int tests = (int) cu.findAll(MethodDeclaration.class).stream().filter(m -> annotatedAny(m, TEST_ANNOTATIONS)).count();
      int asserts = (int) cu.findAll(MethodCallExpr.class).stream().map(MethodCallExpr::getNameAsString)
          .filter(n -> n.startsWith("assert") || n.equals("andExpect") || n.equals("andExpectAll") || n.equals("verify"))
          .count();
      out.put(f, new Toolchain.TestCounts(tests, asserts, null));
    }
    return out;
  }

  /** Builds a {@link JavaQualityGate}. */
  public static final class Builder {
    private double threshold = DEFAULT_THRESHOLD;
    private final Map<Check, Double> weights = new EnumMap<>(Check.class);

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

    /** Builds the gate. */
    public JavaQualityGate build() {
      return new JavaQualityGate(this);
    }
  }
}
