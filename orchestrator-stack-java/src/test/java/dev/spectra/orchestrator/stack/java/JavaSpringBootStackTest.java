package dev.spectra.orchestrator.stack.java;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.FileKind;
import dev.spectra.orchestrator.FileSpec;
import dev.spectra.orchestrator.GeneratedFile;
import dev.spectra.orchestrator.InvalidPlanException;
import dev.spectra.orchestrator.Priority;
import dev.spectra.orchestrator.stack.Stacks;
import dev.spectra.orchestrator.stack.ToolchainUnavailableException;
import dev.spectra.orchestrator.stack.UnavailableDependencyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaSpringBootStackTest {
  final JavaSpringBootStack stack = new JavaSpringBootStack();

  static ArchitecturePlan plan(List<String> dependencies) {
    ArchitecturePlan hello = HelloProject.plan();
    return new ArchitecturePlan(hello.name(), hello.summary(), hello.stack(), hello.entrypoint(), hello.files(),
        hello.endpoints(), dependencies);
  }

  private String produce(String path, ArchitecturePlan plan) {
    FileSpec f = plan.file(path).orElse(new FileSpec(path, "x", FileKind.CONFIG, Priority.LOW, List.of()));
    return stack.producerFor(f, plan).orElseThrow().produce(plan, f);
  }

  @Test
  void isFoundByServiceLoaderUnderItsId() {
    assertThat(Stacks.discover()).containsKey(JavaSpringBootStack.ID);
    assertThat(Stacks.discover().get("java-spring-boot")).isInstanceOf(JavaSpringBootStack.class);
  }

  @Test
  void thePomHasTheBootParentThePlansStartersFromTheAllowListAndThePlugin() {
    String pom = produce("pom.xml", plan(List.of("spring-boot-starter-validation", "actuator")));

    assertThat(pom).contains("<artifactId>spring-boot-starter-parent</artifactId>\n    <version>4.0.7</version>",
        "<artifactId>spring-boot-starter-webmvc</artifactId>", "<artifactId>spring-boot-starter-validation</artifactId>",
        "<artifactId>spring-boot-starter-actuator</artifactId>",
        "<artifactId>spring-boot-starter-test</artifactId>\n      <scope>test</scope>",
        "<artifactId>spring-boot-starter-webmvc-test</artifactId>\n      <scope>test</scope>",
        "<artifactId>spring-boot-maven-plugin</artifactId>", "<start-class>com.example.hello.HelloApplication</start-class>",
        "<finalName>app</finalName>", "<java.version>17</java.version>", "<artifactId>hello-world</artifactId>");
    // the version is written once, in the parent: the starters take theirs from it
    Matcher versions = Pattern.compile("<version>").matcher(pom);
    int count = 0;
    while (versions.find()) {
      count++;
    }
    assertThat(count).isEqualTo(2); // the parent's and the project's own 0.0.1
    assertThat(stack.producerFor(HelloProject.plan().file("pom.xml").orElseThrow(), HelloProject.plan()).orElseThrow().origin())
        .isEqualTo(GeneratedFile.Origin.CONFIG);
  }

  @Test
  void aPlanWithoutOptionalStartersGetsOnlyWebAndTest() {
    String pom = produce("pom.xml", plan(List.of()));

    assertThat(pom).contains("spring-boot-starter-webmvc", "spring-boot-starter-test")
        .doesNotContain("spring-boot-starter-validation", "spring-boot-starter-actuator");
    assertThat(produce("src/main/resources/application.properties", plan(List.of()))).doesNotContain("management.");
  }

  @Test
  void aDependencyOutsideTheAllowListIsRefusedByName() {
    assertThatThrownBy(() -> produce("pom.xml", plan(List.of("web", "org.projectlombok:lombok", "spring-boot-starter-data-jpa"))))
        .isInstanceOf(InvalidPlanException.class)
        .hasMessageContaining("\"org.projectlombok:lombok\", \"spring-boot-starter-data-jpa\"")
        .hasMessageContaining("does not allow; allowed are the Spring Boot starters [web, validation, actuator, test]");
  }

  @Test
  void theToolchainGuardRefusesTheSameDependenciesBeforeAnyTestRuns() {
    JavaStackToolchain toolchain = new JavaStackToolchain(null, null, null); // the check reads the plan only
    assertThatThrownBy(() -> toolchain.checkDependencies(plan(List.of("actuator", "com.h2database:h2")), stack.allowedDependencies(), null))
        .isInstanceOf(UnavailableDependencyException.class)
        .satisfies(e -> assertThat(((UnavailableDependencyException) e).problems()).singleElement()
            .extracting(UnavailableDependencyException.Problem::name, UnavailableDependencyException.Problem::reason)
            .containsExactly("com.h2database:h2", UnavailableDependencyException.Reason.UNKNOWN));
    assertThat(toolchain.checkDependencies(plan(List.of("org.springframework.boot:spring-boot-starter-web", "test")),
        stack.allowedDependencies(), null)).isEmpty();
  }

  @Test
  void applicationPropertiesGitignoreAndReadmeComeFromThePlan() {
    ArchitecturePlan plan = HelloProject.plan();
    assertThat(produce("src/main/resources/application.properties", plan)).contains("spring.application.name=hello-world",
        "server.address=127.0.0.1", "management.endpoints.web.exposure.include=health");
    assertThat(produce(".gitignore", plan)).contains("target/", ".spectra/");
    assertThat(produce("README.md", plan)).startsWith("# hello-world\n\nGreets the world.")
        .contains("Spring Boot 4.0.7", "java -jar target/app.jar", "- `GET /actuator/health`");
    assertThat(stack.producerFor(plan.file(HelloProject.CONTROLLER).orElseThrow(), plan)).isEmpty();
  }

  @Test
  void theEntrypointIsAQualifiedClassNameInAPlannedFile() {
    Set<String> planned = Set.of(HelloProject.APPLICATION);
    assertThat(stack.entrypointProblems("com.example.hello.HelloApplication", planned)).isEmpty();
    assertThat(stack.entrypointFiles("com.example.hello.HelloApplication")).containsExactly(HelloProject.APPLICATION);
    assertThat(stack.entrypointProblems("app.main:app", planned)).singleElement().asString()
        .contains("fully qualified name", "but was \"app.main:app\"");
    assertThat(stack.entrypointProblems("com.example.Other", planned)).singleElement().asString()
        .contains("no src/main/java/com/example/Other.java");
  }

  @Test
  void testNamesCodeAndOwnedVariables() {
    assertThat(stack.isTestName(HelloProject.TEST)).isTrue();
    assertThat(stack.isTestName("other/FooTests.java")).isTrue();
    assertThat(stack.isTestName(HelloProject.CONTROLLER)).isFalse();
    assertThat(stack.isCode(HelloProject.CONTROLLER)).isTrue();
    assertThat(stack.isCode("pom.xml")).isFalse();
    assertThat(List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "MAVEN_OPTS", "SPRING_APPLICATION_JSON", "SERVER_ADDRESS", "CLASSPATH"))
        .allMatch(stack::ownsVariable);
    assertThat(stack.ownsVariable("GREETING")).isFalse();
  }

  @Test
  void promptNotesCoverWhatBoot4Changed() {
    assertThat(stack.promptNotes()).contains("Spring Boot 4.0.7", "spring-boot-starter-webmvc", "tools.jackson.databind",
        "org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest", "@MockBean", "MockitoBean", "System.out",
        "Constructor injection");
  }

  @Test
  void signaturesKeepThePublicSurfaceAndDropBodiesAndPrivates() {
    String s = stack.signatures(HelloProject.CONTROLLER, HelloProject.resource("HelloController.java"));

    assertThat(s).contains("package com.example.hello;", "import jakarta.validation.Valid;",
        "/** Greets the world, or someone by name. */", "@RestController", "public class HelloController {",
        "/** The greeting of the world. */", "@GetMapping(\"/\")", "public Greeting hello();",
        "public ResponseEntity<Greeting> greet(@Valid @RequestBody GreetingRequest request);")
        .doesNotContain("LOG", "return", "LOG.info");
    assertThat(stack.signatures(HelloProject.REQUEST, HelloProject.resource("GreetingRequest.java")))
        .contains("/** Who to greet. */", "public record GreetingRequest(@NotBlank @Size(max = 40) String name) {");
    assertThat(stack.signatures("src/main/java/Broken.java", "class {")).startsWith("// does not parse");
    assertThat(stack.signatures("pom.xml", "<project/>\n")).isEqualTo("<project/>\n");
  }

  @Test
  void signaturesOfABigFileAreCutWithANote() {
    StringBuilder b = new StringBuilder("package p;\n/** Many. */\npublic class Many {\n");
    for (int i = 0; i < 100; i++) {
      b.append("  public int m").append(i).append("() { return ").append(i).append("; }\n");
    }
    String s = stack.signatures("src/main/java/p/Many.java", b.append("}\n").toString());
    assertThat(s.split("\n")).hasSize(JavaSpringBootStack.MAX_SIGNATURE_LINES);
    assertThat(s).endsWith("more lines cut\n");
  }

  @Test
  void noJdkOrMavenIsAToolchainErrorListingWhatWasTriedWithTheInstallHint(@TempDir Path dir) throws Exception {
    Path notAJdk = Files.createDirectories(dir.resolve("jre"));
    JavaSpringBootStack missing = JavaSpringBootStack.builder().repository(dir.resolve("repo"))
        .toolchainCandidates(new JavaToolchain.Candidates(List.of(new JavaToolchain.Candidate("JAVA_HOME", notAJdk)),
            List.of(new JavaToolchain.Candidate("system", dir.resolve("mvn")))))
        .build();

    assertThatThrownBy(missing::discoverToolchain).isInstanceOf(ToolchainUnavailableException.class)
        .hasMessageContaining("JAVA_HOME (" + notAJdk + "): no bin/java and bin/javac")
        .hasMessageContaining("apt-get install -y openjdk-17-jdk-headless maven");
    JavaSpringBootStack noMaven = JavaSpringBootStack.builder().repository(dir.resolve("repo"))
        .toolchainCandidates(new JavaToolchain.Candidates(
            List.of(new JavaToolchain.Candidate("this JVM", Path.of(System.getProperty("java.home")))),
            List.of(new JavaToolchain.Candidate("SPECTRA_MAVEN", dir.resolve("no-mvn")))))
        .build();
    assertThatThrownBy(noMaven::discoverToolchain).isInstanceOf(ToolchainUnavailableException.class)
        .hasMessageContaining("SPECTRA_MAVEN (" + dir.resolve("no-mvn") + "): not an executable file");
    assertThat(Files.exists(dir.resolve("repo"))).as("nothing downloaded without a toolchain").isFalse();
  }
}
