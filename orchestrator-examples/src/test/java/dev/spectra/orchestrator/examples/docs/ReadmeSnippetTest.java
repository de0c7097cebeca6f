package dev.spectra.orchestrator.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.spectra.orchestrator.RunReport;
import dev.spectra.orchestrator.examples.cli.FakeProvider;
import dev.spectra.orchestrator.stack.python.PythonToolchain;
import dev.spectra.orchestrator.stack.ToolchainUnavailableException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's set-up commands, its Maven coordinates, and its Java snippet, read from README.md itself.
 *
 * <p>The snippet convention: README.md holds exactly one {@code ```java} block, and it is a complete source file
 * (imports and one public class with a {@code main} method) that users can paste as it is. The test compiles it with
 * {@code javax.tools} against the test class path ({@code -Xlint:all -Werror}) and runs it in a child JVM, whose
 * environment points OpenAI at a local fake server ({@code OPENAI_BASE_URL}, {@code OPENAI_API_KEY}) and holds no
 * other provider setting. Without a Python that has the stack's packages, Test, Deploy and Monitor are SKIPPED and the
 * test checks that instead, unless {@code SPECTRA_REQUIRE_PYTHON=true}, which makes it fail.
 */
class ReadmeSnippetTest {
  static final Path README = Markdown.ROOT.resolve("README.md");
  static final String KEY = "sk-readme-snippet-key-0042";
  static final boolean PYTHON_REQUIRED = "true".equalsIgnoreCase(System.getenv("SPECTRA_REQUIRE_PYTHON"))
      || Boolean.getBoolean("spectra.requirePython");

  @TempDir
  Path dir;

  FakeProvider openAi;

  @BeforeEach
  void start() throws IOException {
    openAi = new FakeProvider(KEY, List.of("gpt-4o-mini"), List.of());
  }

  @AfterEach
  void stop() {
    openAi.close();
  }

  @Test
  void theReadmeStartsWithTheDemoAndTheTestCommandAndCiRunsThatTestCommand() throws IOException {
    List<String> lines = Files.readAllLines(README, StandardCharsets.UTF_8);
    List<Markdown.Block> blocks = Markdown.blocks(README);

    assertThat(lines.get(0)).startsWith("# ");
    assertThat(blocks.get(0).language()).isEqualTo("bash");
    assertThat(lines.subList(1, blocks.get(0).line() - 2)).as("only a one-line description before the commands")
        .filteredOn(l -> !l.isBlank()).hasSize(1);
    assertThat(blocks.get(0).lines()).containsExactly("./spectra demo", "mvn -B verify");
    List<String> ciCommands = Files.readAllLines(Markdown.ROOT.resolve(".ci/run"), StandardCharsets.UTF_8).stream()
        .map(String::strip).filter(l -> l.startsWith("mvn ")).toList();
    assertThat(ciCommands).as("the Maven command of .ci/run").containsExactly("mvn -B verify");
  }

  @Test
  void theMavenCoordinatesAreTheOnesThisBuildProduces() throws IOException {
    List<Markdown.Block> xml = Markdown.blocks(README).stream().filter(b -> b.language().equals("xml")).toList();
    assertThat(xml).as("README.md's xml blocks").hasSize(1);
    String pom = Files.readString(Markdown.ROOT.resolve("pom.xml"));
    String version = firstTag(pom, "version"); // the parent pom has no <parent>: its first <version> is its own

    List<Map<String, String>> dependencies = new ArrayList<>();
    for (String dep : xml.get(0).text().split("</dependency>")) {
      if (dep.contains("<dependency>")) {
        dependencies.add(Map.of("groupId", firstTag(dep, "groupId"), "artifactId", firstTag(dep, "artifactId"),
            "version", firstTag(dep, "version"), "scope", dep.contains("<scope>") ? firstTag(dep, "scope") : "compile"));
      }
    }

    assertThat(dependencies).containsExactly(
        Map.of("groupId", "dev.spectra", "artifactId", "orchestrator-llm", "version", version, "scope", "compile"),
        Map.of("groupId", "dev.spectra", "artifactId", "orchestrator-test", "version", version, "scope", "test"));
    for (Map<String, String> d : dependencies) {
      String modulePom = Files.readString(Markdown.ROOT.resolve(d.get("artifactId")).resolve("pom.xml"));
      assertThat(firstTag(modulePom.substring(modulePom.indexOf("</parent>")), "artifactId")).isEqualTo(d.get("artifactId"));
    }
    assertThat(firstTag(pom, "groupId")).isEqualTo("dev.spectra");
  }

  @Test
  void theJavaSnippetCompilesAndRunsAServiceRequestAgainstALocalOpenAiServer() throws Exception {
    Markdown.Block snippet = javaSnippet();
    Matcher className = Pattern.compile("(?m)^public (?:final )?class (\\w+)").matcher(snippet.text());
    assertThat(className.find()).as("the snippet declares a public class (see the convention in this test's Javadoc)").isTrue();
    assertThat(snippet.text()).as("the snippet has a main method").contains("public static void main(String[] args)");
    Path classes = compile(snippet, className.group(1));
    boolean python = pythonAvailable();
    if (!python && PYTHON_REQUIRED) {
      fail("SPECTRA_REQUIRE_PYTHON=true, but no Python with " + PythonToolchain.REQUIRED_MODULES + " was found: "
          + PythonToolchain.INSTALL_HINT);
    }

    Child run = runJava(classes, className.group(1));

    assertThat(run.exitCode()).as("exit code; stderr:\n%s", run.err()).isZero();
    List<String> out = run.out().lines().toList();
    String after = python ? "SUCCEEDED" : "SKIPPED";
    assertThat(out).as("stdout; stderr:\n%s", run.err()).containsSubsequence(
        "PLAN SUCCEEDED", "BUILD SUCCEEDED", "TEST " + after, "DEPLOY " + after, "MONITOR " + after);
    String last = out.get(out.size() - 1);
    assertThat(last).matches("SUCCEEDED with \\d+ model calls, cost \\$0\\.\\d{4}");
    int calls = Integer.parseInt(last.replaceAll("\\D*(\\d+) model calls.*", "$1"));
    assertThat(calls).as("model calls the snippet reports").isEqualTo(openAi.chatCount()).isGreaterThanOrEqualTo(3);
    assertThat(openAi.userMessages().get(0)).contains("A service that greets people by name");
    assertThat(run.out() + run.err()).doesNotContain(KEY);

    Path workspace = dir.resolve("out/hello");
    assertThat(workspace.resolve("app/main.py")).content().contains("def hello(");
    RunReport report = RunReport.fromJson(Files.readString(onlyReport(workspace)));
    assertThat(report.outcome()).isEqualTo(RunReport.Outcome.SUCCEEDED);
    assertThat(report.total().calls()).isEqualTo(calls);
    if (python) {
      assertThat(report.deployment().url()).startsWith("http://127.0.0.1:");
      assertThat(report.health().verdict()).isEqualTo(dev.spectra.orchestrator.HealthReport.Verdict.HEALTHY);
    } else {
      assertThat(report.test().skipReason()).contains("apt-get install");
    }
  }

  static Markdown.Block javaSnippet() throws IOException {
    List<Markdown.Block> java = Markdown.blocks(README).stream().filter(b -> b.language().equals("java")).toList();
    assertThat(java).as("README.md must hold exactly one ```java block: the snippet this test compiles and runs").hasSize(1);
    return java.get(0);
  }

  /** Compiles the snippet as {@code <ClassName>.java}; fails with the diagnostics at their README.md lines. */
  Path compile(Markdown.Block snippet, String className) throws IOException {
    Path src = Files.createDirectories(dir.resolve("src")).resolve(className + ".java");
    Files.writeString(src, snippet.text());
    Path classes = Files.createDirectories(dir.resolve("classes"));
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    assertThat(compiler).as("a JDK compiler (run the tests on a JDK, not a JRE)").isNotNull();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      boolean ok = compiler.getTask(null, files, diagnostics,
          List.of("--release", "17", "-proc:none", "-Xlint:all", "-Werror", "-classpath", testClassPath(), "-d", classes.toString()),
          null, files.getJavaFileObjects(src.toFile())).call();
      StringBuilder problems = new StringBuilder();
      for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
        problems.append(snippet.file()).append(':').append(snippet.line() + d.getLineNumber() - 1).append(": ")
            .append(d.getKind()).append(": ").append(d.getMessage(Locale.ROOT)).append('\n');
      }
      assertThat(problems.toString()).as("compiler diagnostics of the README snippet").isEmpty();
      assertThat(ok).isTrue();
    }
    return classes;
  }

  /** The snippet in a child JVM, in {@link #dir}, with an environment holding only the fake server's settings. */
  Child runJava(Path classes, String className) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder pb = new ProcessBuilder(java.toString(), "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        "-cp", classes + File.pathSeparator + testClassPath(), className).directory(dir.toFile());
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(n -> n.startsWith("OPENAI_") || n.startsWith("OLLAMA_")
        || n.startsWith("SPECTRA_") && !n.equals(PythonToolchain.ENV));
    env.put("OPENAI_API_KEY", KEY);
    env.put("OPENAI_BASE_URL", openAi.openAiBaseUrl());
    Path out = dir.resolve("stdout.txt");
    Path err = dir.resolve("stderr.txt");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) { // a hang guard, not a speed check: the run takes seconds
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly().waitFor();
      fail("the snippet did not finish within 5 minutes; stdout:\n" + Files.readString(out) + "\nstderr:\n" + Files.readString(err));
    }
    return new Child(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  record Child(int exitCode, String out, String err) {}

  static String testClassPath() {
    return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
  }

  static boolean pythonAvailable() {
    try {
      PythonToolchain.discover();
      return true;
    } catch (ToolchainUnavailableException e) {
      return false;
    }
  }

  static Path onlyReport(Path workspace) throws IOException {
    try (Stream<Path> runs = Files.list(workspace.resolve(".spectra/runs"))) {
      List<Path> reports = runs.map(r -> r.resolve("report.json")).filter(Files::isRegularFile).toList();
      assertThat(reports).as("run reports in " + workspace).hasSize(1);
      return reports.get(0);
    }
  }

  private static String firstTag(String xml, String tag) {
    Matcher m = Pattern.compile("<" + tag + ">\\s*([^<]+?)\\s*</" + tag + ">").matcher(xml);
    assertThat(m.find()).as("<%s> in\n%s", tag, xml).isTrue();
    return m.group(1);
  }
}
