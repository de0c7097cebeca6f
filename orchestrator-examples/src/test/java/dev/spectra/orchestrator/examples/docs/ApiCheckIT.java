package dev.spectra.orchestrator.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API check of CONTRIBUTING.md ("The public API"), end to end with the real Maven and the real parent pom: a
 * scratch module whose parent is this repository's {@code pom.xml} (by relative path, so nothing is installed), built
 * offline against the build's own local repository. It shows that {@code mvn -B verify} fails for a module without
 * a baseline and after a public method or type is removed, a return type changed or an abstract method added to a
 * public interface; that the update command documented in CONTRIBUTING.md makes it pass again; that additions pass;
 * and that a change inside an {@code internal} package is not checked. Skipped without {@code mvn} on the PATH, failed instead when
 * {@code SPECTRA_REQUIRE_MAVEN=true}.
 */
class ApiCheckIT {
  static final String MODULE = "api-check-sample";
  static final Path CONTRIBUTING = Markdown.ROOT.resolve("CONTRIBUTING.md");
  static final Duration GUARD = Duration.ofMinutes(5);

  @TempDir
  Path dir;

  @Test
  void verifyFailsOnABreakingChangeUntilTheDocumentedCommandRecordsTheBaseline() throws Exception {
    Path mvn = maven();
    List<String> update = documentedUpdateCommand(MODULE);
    Path project = scratchModule();
    Path baseline = project.resolve("api-baseline/" + MODULE + "-baseline.jar");

    JavaSamples.Child noBaseline = run(mvn, project, List.of("verify"));
    assertThat(noBaseline.exitCode()).as("verify without a baseline\n%s", noBaseline.both()).isNotZero();
    assertThat(noBaseline.out())
        .contains(MODULE + " has no API baseline (api-baseline/" + MODULE + "-baseline.jar)")
        .contains(String.join(" ", update));

    JavaSamples.Child recorded = run(mvn, project, update.subList(1, update.size()));
    assertThat(recorded.exitCode()).as("the documented update command\n%s", recorded.both()).isZero();
    assertThat(baseline).isRegularFile();

    // An addition, and any change inside an internal package, pass.
    write(project, "sample/Greeter.java", GREETER.replace("/*more*/",
        "public String welcome(String name) { return \"welcome \" + name; }"));
    write(project, "sample/internal/Plumbing.java", PLUMBING.replace("public int size(String s) {\n    return s.length();", "public long size() {\n    return 0;"));
    JavaSamples.Child compatible = run(mvn, project, List.of("verify"));
    assertThat(compatible.exitCode()).as("verify after an addition and an internal change\n%s", compatible.both()).isZero();
    assertThat(project.resolve("target/japicmp/api.diff")).content().contains("NEW METHOD").doesNotContain("internal");

    // Removing a public method or type, changing a method's return type, adding an abstract method to a public
    // interface: each fails.
    write(project, "sample/Greeter.java", GREETER.replace(
        "  public String bye(String name) {\n    return \"bye \" + name;\n  }\n", "")
        .replace("public String hello(String name)", "public CharSequence hello(String name)"));
    Files.delete(project.resolve("src/main/java/sample/Farewell.java"));
    write(project, "sample/Shout.java", SHOUT.replace("/*more*/", "String whisper(String text);"));
    JavaSamples.Child broken = run(mvn, project, List.of("verify"));
    assertThat(broken.exitCode()).as("verify after removing Greeter.bye\n%s", broken.both()).isNotZero();
    assertThat(broken.out())
        .contains("REMOVED METHOD: PUBLIC(-) java.lang.String bye(java.lang.String)")
        .contains("NEW METHOD: PUBLIC(+) ABSTRACT(+) java.lang.String whisper(java.lang.String)")
        .contains("REMOVED CLASS: PUBLIC(-) FINAL(-) sample.Farewell")
        .contains("MODIFIED METHOD: PUBLIC java.lang.CharSequence (<-java.lang.String) hello(java.lang.String)")
        .contains("The public API of " + MODULE + " changed incompatibly")
        .contains(String.join(" ", update));
    byte[] before = Files.readAllBytes(baseline);

    JavaSamples.Child accepted = run(mvn, project, update.subList(1, update.size()));
    assertThat(accepted.exitCode()).as("the documented update command\n%s", accepted.both()).isZero();
    assertThat(Files.readAllBytes(baseline)).as("the baseline after the update").isNotEqualTo(before);
    JavaSamples.Child green = run(mvn, project, List.of("verify"));
    assertThat(green.exitCode()).as("verify after the update\n%s", green.both()).isZero();
  }

  /** The update command of CONTRIBUTING.md, for {@code module}: the one {@code mvn} line naming -Dapi.baseline. */
  static List<String> documentedUpdateCommand(String module) throws IOException {
    List<String> found = new ArrayList<>();
    // CONTRIBUTING.md shows fences inside inline code, which Markdown.blocks rejects: read its sh blocks directly.
    Matcher block = Pattern.compile("(?m)^```(?:sh|bash|shell)\\n(.*?)^```$", Pattern.DOTALL)
        .matcher(Files.readString(CONTRIBUTING));
    while (block.find()) {
      block.group(1).lines().map(String::strip).filter(l -> l.startsWith("mvn ") && l.contains("-Dapi.baseline="))
          .forEach(found::add);
    }
    assertThat(found).as("mvn lines with -Dapi.baseline= in CONTRIBUTING.md's sh blocks").hasSize(1);
    Matcher m = Pattern.compile("-Dapi\\.baseline=\\S+").matcher(found.get(0));
    return Arrays.asList(m.replaceFirst(Matcher.quoteReplacement("-Dapi.baseline=" + module)).split("\\s+"));
  }

  private JavaSamples.Child run(Path mvn, Path project, List<String> args) throws Exception {
    List<String> command = new ArrayList<>(List.of(mvn.toString(), "-B", "-o", "-Dmaven.repo.local=" + localRepository()));
    command.addAll(args);
    return JavaSamples.run(command, project, Map.of(), GUARD);
  }

  private Path scratchModule() throws IOException {
    Path project = Files.createDirectories(dir.resolve(MODULE));
    String parent = project.relativize(Markdown.ROOT.resolve("pom.xml")).toString().replace(File.separatorChar, '/');
    Files.writeString(project.resolve("pom.xml"), """
        <?xml version="1.0" encoding="UTF-8"?>
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <parent>
            <groupId>dev.spectra</groupId>
            <artifactId>spectra-orchestrator-parent</artifactId>
            <version>%s</version>
            <relativePath>%s</relativePath>
          </parent>
          <artifactId>%s</artifactId>
          <properties>
            <maven.source.skip>true</maven.source.skip>
            <maven.javadoc.skip>true</maven.javadoc.skip>
          </properties>
        </project>
        """.formatted(ConsumerProjectIT.version(), parent, MODULE));
    write(project, "sample/Greeter.java", GREETER);
    write(project, "sample/Shout.java", SHOUT);
    write(project, "sample/Farewell.java", "package sample;\n\n/** Says goodbye. */\npublic final class Farewell {}\n");
    write(project, "sample/internal/Plumbing.java", PLUMBING);
    return project;
  }

  private static void write(Path project, String source, String text) throws IOException {
    Path file = project.resolve("src/main/java").resolve(source);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  private static Path maven() {
    boolean required = "true".equalsIgnoreCase(System.getenv("SPECTRA_REQUIRE_MAVEN"));
    Optional<Path> mvn = Optional.ofNullable(System.getenv("PATH")).stream()
        .flatMap(p -> Arrays.stream(p.split(File.pathSeparator))).map(d -> Path.of(d, "mvn"))
        .filter(Files::isExecutable).findFirst();
    if (mvn.isEmpty() && required) {
      fail("SPECTRA_REQUIRE_MAVEN=true, but mvn is not on the PATH (apt-get install maven)");
    }
    Assumptions.assumeTrue(mvn.isPresent(), "mvn is not on the PATH (apt-get install maven): the API check demo is skipped");
    return mvn.get();
  }

  private static Path localRepository() {
    String configured = System.getProperty("spectra.localRepository");
    return configured != null && !configured.isBlank() ? Path.of(configured)
        : Path.of(System.getProperty("user.home"), ".m2", "repository");
  }

  static final String GREETER = """
      package sample;

      /** Greets. */
      public final class Greeter {
        public String hello(String name) {
          return "hello " + name;
        }

        public String bye(String name) {
          return "bye " + name;
        }

        /*more*/
      }
      """;

  static final String SHOUT = """
      package sample;

      /** Implemented by users. */
      public interface Shout {
        String shout(String text);

        /*more*/
      }
      """;

  static final String PLUMBING = """
      package sample.internal;

      /** Not API. */
      public final class Plumbing {
        public int size(String s) {
          return s.length();
        }
      }
      """;
}
