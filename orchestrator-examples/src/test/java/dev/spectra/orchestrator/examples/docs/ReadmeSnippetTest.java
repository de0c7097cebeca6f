package dev.spectra.orchestrator.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.spectra.orchestrator.RunReport;
import dev.spectra.orchestrator.examples.cli.FakeProvider;
import dev.spectra.orchestrator.stack.ToolchainUnavailableException;
import dev.spectra.orchestrator.stack.python.PythonToolchain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's set-up commands, its Maven coordinates, and its Java snippet, read from README.md itself.
 *
 * <p>The snippet convention: README.md holds exactly one {@code ```java} block, and it is a complete source file
 * (imports and one public class with a {@code main} method) that users can paste as it is. {@link JavaSamples}, the
 * mechanism of every docs sample, compiles it against the test class path ({@code -Xlint:all -Werror}) and runs it in a
 * child JVM, whose environment points OpenAI at a local fake server ({@code OPENAI_BASE_URL}, {@code OPENAI_API_KEY})
 * and holds no other provider setting. Without a Python that has the stack's packages, Test, Deploy and Monitor are SKIPPED and the
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
    String version = firstTag(pom, "version"); // the root pom's first <version> is its parent's (orchestrator-bom), which it inherits

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
    List<JavaSamples.Sample> samples = JavaSamples.samples(README);
    assertThat(samples).as("README.md must hold exactly one ```java block: the snippet this test compiles and runs").hasSize(1);
    JavaSamples.Sample snippet = samples.get(0);
    assertThat(snippet.hasMain()).as("the snippet has a main method").isTrue();
    Path classes = JavaSamples.compile(samples, dir);
    boolean python = pythonAvailable();
    if (!python && PYTHON_REQUIRED) {
      fail("SPECTRA_REQUIRE_PYTHON=true, but no Python with " + PythonToolchain.REQUIRED_MODULES + " was found: "
          + PythonToolchain.INSTALL_HINT);
    }

    JavaSamples.Child run = JavaSamples.run(JavaSamples.java(classes, snippet.typeName()), dir,
        JavaSamples.openAiOnly(openAi.openAiBaseUrl(), KEY, PythonToolchain.ENV), Duration.ofMinutes(5));

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
