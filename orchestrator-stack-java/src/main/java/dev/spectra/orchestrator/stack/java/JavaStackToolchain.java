package dev.spectra.orchestrator.stack.java;

import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.QualityReport;
import dev.spectra.orchestrator.TestReport;
import dev.spectra.orchestrator.sandbox.Sandbox;
import dev.spectra.orchestrator.stack.Toolchain;
import dev.spectra.orchestrator.stack.UnavailableDependencyException;
import dev.spectra.orchestrator.verify.JUnitXml;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The java-spring-boot stack's tools on one JDK and Maven: {@code mvn -o clean package} in the sandbox on the shared
 * read-only repository, Surefire's XML reports, compiler errors and stack traces for the files at fault, the
 * JavaParser quality gate and test counts, {@code java -jar} for the service.
 */
final class JavaStackToolchain implements Toolchain {
  /** Maven's log inside a test run's report folder. */
  static final String MAVEN_LOG = "maven.log";

  /** Surefire's reports, relative to the workspace. */
  static final String SUREFIRE = "target/surefire-reports";

  private final JavaToolchain jdk;
  private final MavenRepository repository;
  private final JavaQualityGate gate;

  JavaStackToolchain(JavaToolchain jdk, MavenRepository repository, JavaQualityGate gate) {
    this.jdk = jdk;
    this.repository = repository;
    this.gate = gate;
  }

  JavaToolchain jdk() {
    return jdk;
  }

  MavenRepository repository() {
    return repository;
  }

  @Override
  public String description() {
    return jdk.description() + ", Spring Boot " + JavaSpringBootStack.SPRING_BOOT_VERSION + ", repository " + repository;
  }

  @Override
  public Map<String, String> versions() {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("java", jdk.javaVersion());
    out.put("maven", jdk.mavenVersion());
    out.put("spring-boot", JavaSpringBootStack.SPRING_BOOT_VERSION);
    return out;
  }

  @Override
  public String versionNotes() {
    return "Tested with Java " + jdk.javaVersion() + ", Maven " + jdk.mavenVersion() + " and Spring Boot "
        + JavaSpringBootStack.SPRING_BOOT_VERSION + ".";
  }

  /**
   * The JDK as {@code JAVA_HOME}, the repository read-only, and the JDK and Maven folders when they lie outside the
   * system folders the sandbox shows anyway; of Maven's configuration (Debian links it to {@code /etc/maven}) only the
   * launcher's {@code m2.conf} and the logging settings, never a global {@code settings.xml}, which may hold
   * credentials (an offline build needs none).
   */
  @Override
  public Sandbox.Builder sandbox(Path dir) {
    Sandbox.Builder b = Sandbox.builder(dir).environment("JAVA_HOME", jdk.javaHome().toString())
        .readOnly(repository.location());
    Path maven = mavenHome();
    for (Path p : List.of(jdk.javaHome(), maven, maven.resolve("bin/m2.conf"), maven.resolve("conf/logging"))) {
      Path real = realPath(p);
      if (real != null && !system(real)) {
        b.readOnly(real);
      }
    }
    return b;
  }

  private static Path realPath(Path p) {
    try {
      return p.toRealPath();
    } catch (IOException e) {
      return null;
    }
  }

  /** Maven's installation folder: {@code mvn}'s real path's grandparent ({@code /usr/share/maven} on Debian). */
  private Path mavenHome() {
    try {
      Path real = jdk.maven().toRealPath();
      Path bin = real.getParent();
      return bin != null && bin.getParent() != null ? bin.getParent() : real;
    } catch (IOException e) {
      return jdk.maven();
    }
  }

  private static boolean system(Path p) {
    String s = p.toAbsolutePath().normalize().toString();
    for (String dir : List.of("/usr/", "/bin/", "/sbin/", "/lib")) {
      if (s.startsWith(dir)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Every dependency must be a starter of the allow-list; the repository holds all of them, so none is ever
   * unavailable once the toolchain was found. Nothing is downloaded here.
   */
  @Override
  public List<String> checkDependencies(ArchitecturePlan plan, Set<String> allowed, Sandbox sandbox) {
    List<UnavailableDependencyException.Problem> problems = new ArrayList<>();
    for (String raw : plan.dependencies()) {
      if (!raw.isBlank() && JavaSpringBootStack.Starter.of(raw).filter(s -> allowed.isEmpty() || allowed.contains(s.id())).isEmpty()) {
        problems.add(new UnavailableDependencyException.Problem(raw, UnavailableDependencyException.Reason.UNKNOWN,
            "not on the stack's allow-list of Spring Boot starters " + JavaSpringBootStack.allowedNames()));
      }
    }
    if (!problems.isEmpty()) {
      throw new UnavailableDependencyException(problems, "the " + JavaSpringBootStack.ID + " stack's Maven repository");
    }
    return List.of();
  }

  /**
   * {@code mvn -B -o clean package} on the shared repository, test failures not stopping the build (so that a jar
   * and every report are written), Maven's log into {@code reportDir}. Maven runs every test under
   * {@code src/test/java}, so {@code testFiles} only tells which exist.
   */
  @Override
  public List<String> testCommand(Path root, List<String> testFiles, Path reportDir) {
    return List.of(jdk.maven().toString(), "-B", "-o", "-ntp", "-Dstyle.color=never",
        "-Dmaven.repo.local=" + repository.location(), "-Dmaven.test.failure.ignore=true", "-DtrimStackTrace=false",
        "-l", reportDir.resolve(MAVEN_LOG).toString(), "clean", "package");
  }

  /**
   * The test cases of Surefire's reports under {@value #SUREFIRE} (the run began with {@code clean}, so none is
   * stale); when the build failed before any test ran, one ERROR case per file the compiler rejected, or one for the
   * build, from Maven's log.
   */
  @Override
  public List<TestCaseResult> readReports(Path reportDir, Path root) {
    List<TestCaseResult> out = new ArrayList<>();
    Path surefire = root.resolve(SUREFIRE);
    if (Files.isDirectory(surefire)) {
      List<Path> xmls;
      try (Stream<Path> s = Files.list(surefire)) {
        xmls = s.filter(p -> p.getFileName().toString().startsWith("TEST-") && p.toString().endsWith(".xml")).sorted().toList();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + surefire + ": " + e.getMessage(), e);
      }
      for (Path xml : xmls) {
        for (JUnitXml.Case c : JUnitXml.parse(xml)) {
          String file = StackTraces.sourceFile(c.classname(), root).orElse("");
          String name = c.name().endsWith("()") ? c.name().substring(0, c.name().length() - 2) : c.name();
          out.add(new TestCaseResult(c.classname() + "." + name, file, c.outcome(), c.message(), c.details()));
        }
      }
    }
    if (!out.isEmpty()) {
      return out;
    }
    Path log = reportDir.resolve(MAVEN_LOG);
    if (!Files.isRegularFile(log)) {
      return out;
    }
    String text;
    try {
      text = Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + log + ": " + e.getMessage(), e);
    }
    Map<String, List<String>> errors = StackTraces.compilerErrors(text, root);
    errors.forEach((file, lines) -> out.add(new TestCaseResult("compile " + file, file, TestReport.Outcome.ERROR,
        "does not compile: " + lines.get(0), String.join("\n", lines))));
    if (out.isEmpty() && text.contains("BUILD FAILURE")) {
      out.add(new TestCaseResult("maven build", "", TestReport.Outcome.ERROR, "the Maven build failed",
          MavenRepository.errors(text)));
    }
    return out;
  }

  @Override
  public List<String> faultFiles(String failureText, Path root, Predicate<String> isTest) {
    return StackTraces.faultFiles(failureText, root, isTest);
  }

  @Override
  public boolean errorInside(String testFile, String message, String details, Path root) {
    return StackTraces.errorInside(testFile, message, details, root);
  }

  /** Parsed here with JavaParser (no code runs): {@code @Test}-like methods, and {@code assert*}/{@code andExpect} calls. */
  @Override
  public Map<String, TestCounts> countTests(List<String> paths, Sandbox sandbox) {
    return JavaQualityGate.countTests(sandbox.workingDirectory(), paths);
  }

  @Override
  public QualityReport grade(List<String> sources, Sandbox sandbox) {
    return gate == null ? null : gate.evaluate(sandbox.workingDirectory(), sources);
  }

  /**
   * {@code java -jar target/app.jar} (the jar the Test step's build wrote, whose {@code Start-Class} is the
   * entrypoint) with {@code --server.address} and {@code --server.port}; a small heap and the serial collector, and
   * no address-space limit (the sandbox sets none: it would break the JVM).
   */
  @Override
  public List<String> serviceCommand(String entrypoint, String host, int port) {
    return List.of(jdk.java().toString(), "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k",
        "-jar", JavaSpringBootStack.JAR, "--server.address=" + host, "--server.port=" + port);
  }

  @Override
  public String toString() {
    return "JavaStackToolchain{" + description() + "}";
  }
}
