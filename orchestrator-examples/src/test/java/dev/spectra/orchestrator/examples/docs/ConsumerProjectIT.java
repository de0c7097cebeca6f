package dev.spectra.orchestrator.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.spectra.orchestrator.examples.cli.FakeProvider;
import dev.spectra.orchestrator.stack.python.PythonToolchain;
import java.io.File;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A consumer project as docs/consumer.md describes it, built by the real Maven: its {@code pom.xml} is the one in
 * docs/consumer.md, its main class is README.md's snippet, its test is docs/consumer.md's test.
 *
 * <p>The build is offline, in a throwaway local repository: the Maven repository of this build (links to its files,
 * never a write into it) plus this reactor's freshly packaged jars and poms, "installed" by copying them into the
 * Maven layout. So it runs in {@code mvn verify}, after {@code package} (failsafe), once: one consumer build, then the
 * snippet on the class path and on the module path against a local fake OpenAI server. Skipped without {@code mvn}
 * on the PATH, failed instead when {@code SPECTRA_REQUIRE_MAVEN=true}.
 */
class ConsumerProjectIT {
  static final Path CONSUMER_DOC = Markdown.ROOT.resolve("docs/consumer.md");
  static final String KEY = "sk-consumer-project-key-0042";
  static final boolean MAVEN_REQUIRED = "true".equalsIgnoreCase(System.getenv("SPECTRA_REQUIRE_MAVEN"));

  @TempDir
  static Path dir;

  static Path project;
  static Path repository;
  static List<String> runtimeClassPath;
  static String buildOutput;
  static FakeProvider openAi;

  @BeforeAll
  static void buildTheConsumerProject() throws Exception {
    Optional<Path> mvn = onPath("mvn");
    if (mvn.isEmpty() && MAVEN_REQUIRED) {
      fail("SPECTRA_REQUIRE_MAVEN=true, but mvn is not on the PATH (apt-get install maven)");
    }
    Assumptions.assumeTrue(mvn.isPresent(), "mvn is not on the PATH (apt-get install maven): the consumer build is skipped");
    openAi = new FakeProvider(KEY, List.of("gpt-4o-mini"), List.of());

    repository = dir.resolve("m2");
    seed(localRepository(), repository);
    installReactorArtifacts(repository);

    project = Files.createDirectories(dir.resolve("hello-spectra"));
    Files.writeString(project.resolve("pom.xml"), consumerPom().text());
    Markdown.Block snippet = ReadmeSnippetTest.javaSnippet();
    write(project.resolve("src/main/java/HelloSpectra.java"), snippet.text());
    JavaSamples.Sample test = consumerTest();
    write(project.resolve("src/test/java/" + test.typeName() + ".java"), test.block().text());

    JavaSamples.Child build = JavaSamples.run(List.of(mvn.get().toString(), "-B", "-o", "-Dmaven.repo.local=" + repository,
        "test", "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath", "-DincludeScope=runtime",
        "-Dmdep.outputFile=runtime-classpath.txt"), project, Map.of(), Duration.ofMinutes(10));
    buildOutput = build.out() + build.err();
    assertThat(build.exitCode()).as("the consumer build (mvn -o test) in %s\n%s", project, buildOutput).isZero();
    runtimeClassPath = Arrays.asList(Files.readString(project.resolve("runtime-classpath.txt")).strip().split(File.pathSeparator));
  }

  @AfterAll
  static void stop() {
    if (openAi != null) {
      openAi.close();
    }
  }

  @Test
  void theBomConvergesAndSurefireRunsTheJUnit5Test() {
    assertThat(buildOutput).contains("maven-enforcer-plugin:3.5.0:enforce")
        .containsPattern("Rule 0: org\\.apache\\.maven\\.enforcer\\.rules\\.dependency\\.DependencyConvergence passed")
        .containsPattern("Tests run: 1, Failures: 0, Errors: 0, Skipped: 0, Time elapsed: .* -+ in GreeterTest")
        .doesNotContain("SLF4J(W)");
    assertThat(runtimeClassPath).as("the runtime class path, from the throwaway repository")
        .allMatch(p -> Path.of(p).startsWith(repository))
        .anyMatch(p -> p.endsWith("orchestrator-llm-" + version() + ".jar"))
        .anyMatch(p -> fileName(p).startsWith("slf4j-simple-"))
        .noneMatch(p -> fileName(p).startsWith("junit-") || fileName(p).startsWith("orchestrator-test-"))
        .as("the runtime class path leaves out the optional Ollama client and opennlp-tools")
        .noneMatch(p -> fileName(p).startsWith("langchain4j-ollama-") || fileName(p).startsWith("opennlp-tools-"))
        .as("docs/consumer.md: \"The runtime class path of the pom above is 16 jars\"").hasSize(16);
  }

  @Test
  void theReadmeSnippetRunsOnTheClassPathWithoutAnySlf4jWarning() throws Exception {
    String classPath = project.resolve("target/classes") + File.pathSeparator + String.join(File.pathSeparator, runtimeClassPath);
    JavaSamples.Child run = JavaSamples.run(List.of(JavaSamples.javaExecutable(), "-cp", classPath, "HelloSpectra"),
        project, JavaSamples.openAiOnly(openAi.openAiBaseUrl(), KEY, PythonToolchain.ENV), Duration.ofMinutes(5));

    assertRan(run);
  }

  @Test
  void onTheModulePathTheDocumentedAddModulesIsWhatMakesItRun() throws Exception {
    String addModules = documentedAddModules();
    assertThat(addModules.split(",")).as("docs/consumer.md's --add-modules").containsExactlyInAnyOrder("ALL-MODULE-PATH", "java.net.http");
    Path classes = compileAsModule();
    String modulePath = classes + File.pathSeparator + String.join(File.pathSeparator, runtimeClassPath);
    Map<String, String> env = JavaSamples.openAiOnly(openAi.openAiBaseUrl(), KEY, PythonToolchain.ENV);
    List<String> java = List.of(JavaSamples.javaExecutable(), "--module-path", modulePath);
    List<String> main = List.of("-m", "com.example.hello/com.example.hello.HelloSpectra");

    JavaSamples.Child documented = JavaSamples.run(concat(java, List.of("--add-modules", addModules), main), project, env,
        Duration.ofMinutes(5));
    JavaSamples.Child withoutHttp = JavaSamples.run(concat(java, List.of("--add-modules", "ALL-MODULE-PATH"), main), project,
        env, Duration.ofMinutes(2));
    JavaSamples.Child withoutModulePath = JavaSamples.run(concat(java, List.of("--add-modules", "java.net.http"), main),
        project, env, Duration.ofMinutes(2));

    assertRan(documented);
    assertThat(withoutHttp.exitCode()).as(withoutHttp.both()).isNotZero();
    assertThat(withoutHttp.err()).contains("NoClassDefFoundError: java/net/http/HttpTimeoutException");
    assertThat(withoutModulePath.exitCode()).as(withoutModulePath.both()).isNotZero();
    assertThat(withoutModulePath.err()).containsPattern("NoClassDefFoundError: (org/slf4j|com/fasterxml/jackson)/");
  }

  /**
   * docs/scale-out.md: with the BOM imported, a consumer of orchestrator-temporal converges too (Temporal's gRPC,
   * protobuf and guava disagree on four Google libraries; the BOM pins them). Without the BOM, the same dependency at
   * an explicit version fails the enforcer on exactly those: the BOM import is what fixes it.
   */
  @Test
  void withTheBomAConsumerOfOrchestratorTemporalConvergesToo() throws Exception {
    String temporal = "<dependency><groupId>dev.spectra</groupId><artifactId>orchestrator-temporal</artifactId>%s</dependency>";
    String pom = consumerPom().text();
    String withBom = pom.replaceFirst("<dependencies>\\s*<dependency>\\s*<groupId>dev.spectra</groupId>",
        "<dependencies>" + String.format(temporal, "") + "<dependency><groupId>dev.spectra</groupId>");
    String withoutBom = pom.replaceFirst("(?s)<dependencyManagement>.*?</dependencyManagement>", "")
        .replaceFirst("(?s)<dependencies>.*?</dependencies>", "<dependencies>"
            + String.format(temporal, "<version>" + version() + "</version>") + "</dependencies>");
    assertThat(withBom).contains("orchestrator-temporal").contains("orchestrator-bom");
    assertThat(withoutBom).contains("orchestrator-temporal").doesNotContain("orchestrator-bom");

    JavaSamples.Child converges = validate("with-bom", withBom);
    JavaSamples.Child diverges = validate("without-bom", withoutBom);

    assertThat(converges.exitCode()).as(converges.both()).isZero();
    assertThat(converges.out()).containsPattern("DependencyConvergence passed");
    assertThat(diverges.exitCode()).as(diverges.both()).isNotZero();
    assertThat(diverges.out()).contains("Dependency convergence error for com.google.guava:guava",
        "Dependency convergence error for com.google.code.gson:gson");
  }

  private static JavaSamples.Child validate(String name, String pom) throws Exception {
    Path folder = Files.createDirectories(dir.resolve("temporal-consumer-" + name));
    Files.writeString(folder.resolve("pom.xml"), pom);
    return JavaSamples.run(List.of(onPath("mvn").orElseThrow().toString(), "-B", "-o",
        "-Dmaven.repo.local=" + repository, "validate"), folder, Map.of(), Duration.ofMinutes(5));
  }

  /** The README snippet's documented output, with no SLF4J warning and no stack trace. */
  private static void assertRan(JavaSamples.Child run) {
    assertThat(run.exitCode()).as(run.both()).isZero();
    assertThat(run.out().lines()).as(run.both()).containsSubsequence("PLAN SUCCEEDED", "BUILD SUCCEEDED");
    assertThat(run.out().lines().reduce((a, b) -> b).orElse("")).as(run.both())
        .matches("SUCCEEDED with \\d+ model calls, cost \\$0\\.\\d{4}");
    assertThat(run.err()).as("stderr").doesNotContain("SLF4J(", "SLF4J:", "\tat ").doesNotContain(KEY);
  }

  /** The README snippet in package com.example.hello, and docs/consumer.md's module-info.java, compiled for the module path. */
  private static Path compileAsModule() throws IOException {
    Path src = dir.resolve("module-src");
    Markdown.Block descriptor = Markdown.blocks(CONSUMER_DOC).stream().filter(b -> b.text().startsWith("module "))
        .reduce((a, b) -> fail("two module-info blocks in docs/consumer.md")).orElseThrow(() -> new AssertionError(
            "docs/consumer.md shows no module-info.java (a block starting with \"module \")"));
    Markdown.Block snippet = ReadmeSnippetTest.javaSnippet();
    Map<Path, Markdown.Block> files = new LinkedHashMap<>();
    files.put(write(src.resolve("module-info.java"), descriptor.text()), descriptor);
    files.put(write(src.resolve("com/example/hello/HelloSpectra.java"), "package com.example.hello; " + snippet.text()), snippet);
    Path classes = Files.createDirectories(dir.resolve("module-classes"));
    JavaSamples.compile(files, List.of("--release", "17", "-proc:none", "--module-path",
        String.join(File.pathSeparator, runtimeClassPath), "-d", classes.toString()));
    return classes;
  }

  private static String documentedAddModules() throws IOException {
    for (Markdown.Block b : Markdown.blocks(CONSUMER_DOC)) {
      Matcher m = Pattern.compile("(?m)^java --module-path .* --add-modules (\\S+)").matcher(b.text());
      if (b.language().equals("bash") && m.find()) {
        return m.group(1);
      }
    }
    throw new AssertionError("docs/consumer.md has no ```bash block with the java --module-path ... --add-modules command");
  }

  static Markdown.Block consumerPom() throws IOException {
    List<Markdown.Block> poms = Markdown.blocks(CONSUMER_DOC).stream()
        .filter(b -> b.language().equals("xml") && b.text().contains("<project")).toList();
    assertThat(poms).as("docs/consumer.md holds exactly one ```xml block with a whole <project>").hasSize(1);
    return poms.get(0);
  }

  private static JavaSamples.Sample consumerTest() throws IOException {
    List<JavaSamples.Sample> tests = JavaSamples.samples(CONSUMER_DOC).stream().filter(JavaSamples.Sample::hasTests).toList();
    assertThat(tests).as("docs/consumer.md's JUnit test sample").hasSize(1);
    return tests.get(0);
  }

  /** Every dev.spectra artifact the BOM names, the BOM and the parent, from this reactor, laid out as Maven installs them. */
  private static void installReactorArtifacts(Path repo) throws IOException {
    String version = version();
    put(repo, "orchestrator-bom", version, Markdown.ROOT.resolve("orchestrator-bom/pom.xml"), null);
    put(repo, "spectra-orchestrator-parent", version, Markdown.ROOT.resolve("pom.xml"), null);
    for (String module : BomTest.bomModules()) {
      Path jar = Markdown.ROOT.resolve(module).resolve("target").resolve(module + "-" + version + ".jar");
      assertThat(jar).as("the packaged jar of %s (run mvn verify from the repository root)", module).isRegularFile();
      put(repo, module, version, Markdown.ROOT.resolve(module).resolve("pom.xml"), jar);
    }
  }

  private static void put(Path repo, String artifactId, String version, Path pom, Path jar) throws IOException {
    Path d = Files.createDirectories(repo.resolve("dev/spectra").resolve(artifactId).resolve(version));
    Files.copy(pom, d.resolve(artifactId + "-" + version + ".pom"), StandardCopyOption.REPLACE_EXISTING);
    if (jar != null) {
      Files.copy(jar, d.resolve(artifactId + "-" + version + ".jar"), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * Fills {@code to} from the build's local repository: artifacts as hard links (copies across file systems), the
   * small bookkeeping files Maven may rewrite as copies, and nothing of dev.spectra (the reactor's come fresh).
   */
  private static void seed(Path from, Path to) throws IOException {
    assertThat(from).as("the build's local Maven repository").isDirectory();
    Path ours = from.resolve("dev/spectra");
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).filter(f -> !f.startsWith(ours))::iterator) {
        Path target = to.resolve(from.relativize(f).toString());
        Files.createDirectories(target.getParent());
        String name = f.getFileName().toString();
        boolean artifact = name.endsWith(".jar") || name.endsWith(".pom");
        try {
          if (artifact) {
            Files.createLink(target, f);
          } else {
            Files.copy(f, target);
          }
        } catch (FileAlreadyExistsException e) {
          // walked twice through a symbolic link: the first copy stands
        } catch (IOException | UnsupportedOperationException e) {
          Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  private static Path localRepository() {
    String configured = System.getProperty("spectra.localRepository");
    return configured != null && !configured.isBlank() ? Path.of(configured)
        : Path.of(System.getProperty("user.home"), ".m2", "repository");
  }

  static String version() {
    try {
      Matcher m = Pattern.compile("<version>\\s*([^<]+?)\\s*</version>").matcher(Files.readString(Markdown.ROOT.resolve("orchestrator-bom/pom.xml")));
      assertThat(m.find()).isTrue();
      return m.group(1);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static Optional<Path> onPath(String command) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    return Arrays.stream(path.split(File.pathSeparator)).map(d -> Path.of(d, command)).filter(Files::isExecutable).findFirst();
  }

  private static String fileName(String path) {
    return Path.of(path).getFileName().toString();
  }

  private static Path write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }

  private static List<String> concat(List<String> a, List<String> b, List<String> c) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    all.addAll(c);
    return all;
  }
}
