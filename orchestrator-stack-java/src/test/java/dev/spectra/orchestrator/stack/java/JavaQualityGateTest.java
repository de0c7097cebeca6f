package dev.spectra.orchestrator.stack.java;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.spectra.orchestrator.QualityReport;
import dev.spectra.orchestrator.stack.Toolchain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaQualityGateTest {
  @TempDir Path dir;
  Path root;

  @BeforeEach
  void setUp() throws Exception {
    root = dir.toRealPath();
  }

  private String write(String name, String content) throws Exception {
    String path = "src/main/java/com/example/" + name;
    Files.createDirectories(root.resolve(path).getParent());
    Files.writeString(root.resolve(path), content);
    return path;
  }

  private static QualityReport.Check check(QualityReport r, String name) {
    return r.checks().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void theHandWrittenHelloServiceGetsAnA() throws Exception {
    List<String> files = List.of(
        write("hello/HelloApplication.java", HelloProject.resource("HelloApplication.java")),
        write("hello/HelloController.java", HelloProject.resource("HelloController.java")),
        write("hello/Greeting.java", HelloProject.resource("Greeting.java")),
        write("hello/GreetingRequest.java", HelloProject.resource("GreetingRequest.java")));

    QualityReport r = JavaQualityGate.ofDefaults().evaluate(root, files);

    assertThat(r.checks()).extracting(QualityReport.Check::name).containsExactly("validation", "logging", "error_handling",
        "javadoc", "constructor_injection");
    assertThat(r.checks()).allSatisfy(c -> assertThat(c.findings()).as(c.name()).isEmpty());
    assertThat(r.score()).isEqualTo(100.0);
    assertThat(r.grade()).isEqualTo("A");
    assertThat(r.passed()).isTrue();
  }

  @Test
  void eachCheckFindsItsFaultWithFileAndLine() throws Exception {
    String bad = write("Bad.java", String.join("\n",
        "package com.example;",                                            // 1
        "",                                                                // 2
        "import org.springframework.beans.factory.annotation.Autowired;",  // 3
        "import org.springframework.web.bind.annotation.*;",               // 4
        "",                                                                // 5
        "@RestController",                                                 // 6
        "public class Bad {",                                              // 7
        "  @Autowired private Repo repo;",                                 // 8
        "  @PostMapping(\"/x\")",                                          // 9
        "  public String create(@RequestBody Body body) {",                // 10
        "    try {",                                                       // 11
        "      System.out.println(body);",                                 // 12
        "    } catch (RuntimeException e) {",                              // 13
        "    }",                                                           // 14
        "    return \"ok\";",                                              // 15
        "  }",                                                             // 16
        "}",                                                               // 17
        ""));
    String body = write("Body.java", "package com.example;\n\npublic record Body(String name) {}\n");

    QualityReport r = JavaQualityGate.ofDefaults().evaluate(root, List.of(bad, body));

    assertThat(check(r, "validation").findings()).extracting(QualityReport.Finding::file, QualityReport.Finding::line)
        .containsExactly(tuple(bad, 10));
    assertThat(check(r, "validation").findings().get(0).message()).contains("@RequestBody body is not @Valid");
    assertThat(check(r, "logging").findings()).extracting(QualityReport.Finding::file, QualityReport.Finding::line)
        .containsExactly(tuple(bad, 6), tuple(bad, 12));
    assertThat(check(r, "error_handling").findings()).extracting(QualityReport.Finding::line).containsExactly(6, 13);
    assertThat(check(r, "error_handling").findings().get(1).message()).contains("swallows the exception");
    assertThat(check(r, "javadoc").findings()).extracting(QualityReport.Finding::file, QualityReport.Finding::line)
        .containsExactly(tuple(bad, 6), tuple(body, 3));
    assertThat(check(r, "constructor_injection").findings()).extracting(QualityReport.Finding::line).containsExactly(8);
    assertThat(r.checks()).allSatisfy(c -> assertThat(c.score()).as(c.name()).isZero());
    assertThat(r.grade()).isEqualTo("F");
    assertThat(r.passed()).isFalse();
  }

  @Test
  void aValidBodyWithoutConstraintsStillFallsShort() throws Exception {
    String c = write("C.java", "package com.example;\n/** C. */\n@RestController\npublic class C {\n"
        + "  @PostMapping(\"/x\")\n  public ResponseEntity<String> x(@Valid @RequestBody Body body) { return null; }\n}\n");
    String body = write("Body.java", "package com.example;\n/** B. */\npublic record Body(String name) {}\n");

    QualityReport r = JavaQualityGate.ofDefaults().evaluate(root, List.of(c, body));

    assertThat(check(r, "validation").findings()).singleElement().satisfies(f -> {
      assertThat(f.line()).isEqualTo(6);
      assertThat(f.message()).contains("request body Body has no Bean Validation constraint");
    });
  }

  @Test
  void aFileThatDoesNotParseFailsEveryCheckOnce() throws Exception {
    String broken = write("Broken.java", "public class {");
    QualityReport r = JavaQualityGate.ofDefaults().evaluate(root, List.of(broken));
    assertThat(r.checks()).allSatisfy(c -> assertThat(c.findings()).singleElement()
        .extracting(QualityReport.Finding::message).asString().contains("does not parse"));
  }

  @Test
  void testsAndAssertsAreCountedSoThatAFixCannotWeakenThem() throws Exception {
    Path test = root.resolve(HelloProject.TEST);
    Files.createDirectories(test.getParent());
    Files.writeString(test, HelloProject.resource("HelloControllerTest.java"));
    Files.writeString(root.resolve("broken.java"), "class {");

    Map<String, Toolchain.TestCounts> counts = JavaQualityGate.countTests(root, List.of(HelloProject.TEST, "broken.java", "missing.java"));

    assertThat(counts.get(HelloProject.TEST)).isEqualTo(new Toolchain.TestCounts(4, 7, null));
    assertThat(counts.get("broken.java").error()).isNotNull();
    assertThat(counts.get("missing.java").error()).contains("cannot read");
  }
}
