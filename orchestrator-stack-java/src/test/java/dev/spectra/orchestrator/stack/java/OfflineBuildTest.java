package dev.spectra.orchestrator.stack.java;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.FileSpec;
import dev.spectra.orchestrator.TestReport;
import dev.spectra.orchestrator.sandbox.Sandbox;
import dev.spectra.orchestrator.stack.Toolchain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated build, offline, in the sandbox (no network at all, the shared repository read-only): the repository
 * prepared by the warm-up holds every plugin-time dependency too (Surefire's JUnit platform provider, the Spring Boot
 * repackaging), the Surefire reports become test cases with their files, and compiler errors name the file at fault.
 */
class OfflineBuildTest {
  @TempDir Path dir;
  Path root;

  @BeforeEach
  void setUp() throws Exception {
    root = dir.toRealPath();
  }

  /** Writes the hello project as Build would: the stack's generators for pom and config, the code as given. */
  private void write(Map<String, String> code) throws Exception {
    JavaSpringBootStack stack = JavaSupport.stack();
    ArchitecturePlan plan = HelloProject.plan();
    for (FileSpec f : plan.files()) {
      String content = stack.producerFor(f, plan).map(p -> p.produce(plan, f)).orElseGet(() -> code.get(f.path()));
      Path p = root.resolve(f.path());
      Files.createDirectories(p.getParent());
      Files.writeString(p, content);
    }
  }

  private List<Toolchain.TestCaseResult> build(JavaStackToolchain toolchain, Sandbox sandbox) throws Exception {
    Path reports = root.resolve(".spectra/test/reports-0");
    Files.createDirectories(reports);
    Sandbox.Result r = sandbox.run(toolchain.testCommand(root, List.of(HelloProject.TEST), reports), Duration.ofMinutes(3),
        root.resolve(".spectra/test/tests-0.log"), null);
    assertThat(r.timedOut()).isFalse();
    return toolchain.readReports(reports, root);
  }

  @Test
  void theGeneratedBuildRunsOfflineInTheSandboxAndItsFailingTestIsReportedWithItsFile() throws Exception {
    Map<String, String> code = HelloProject.code();
    code.put(HelloProject.CONTROLLER, code.get(HelloProject.CONTROLLER).replace("Hello, World!", "Hello World!"));
    write(code);
    JavaStackToolchain toolchain = JavaSupport.toolchain();
    Sandbox sandbox = toolchain.sandbox(root).writable(root.resolve(".spectra/test")).build();
    assertThat(sandbox.isolated()).as("no network: the build must find everything in the read-only repository").isTrue();

    List<Toolchain.TestCaseResult> cases = build(toolchain, sandbox);

    String cls = "com.example.hello.HelloControllerTest.";
    assertThat(cases).extracting(Toolchain.TestCaseResult::name, Toolchain.TestCaseResult::file, Toolchain.TestCaseResult::outcome)
        .containsExactlyInAnyOrder(
            tuple(cls + "greetsTheWorld", HelloProject.TEST, TestReport.Outcome.FAILED),
            tuple(cls + "greetsByName", HelloProject.TEST, TestReport.Outcome.PASSED),
            tuple(cls + "refusesABlankName", HelloProject.TEST, TestReport.Outcome.PASSED),
            tuple(cls + "healthIsUp", HelloProject.TEST, TestReport.Outcome.PASSED));
    Toolchain.TestCaseResult failed = cases.stream().filter(c -> c.outcome() == TestReport.Outcome.FAILED).findFirst().orElseThrow();
    assertThat(failed.message()).contains("Hello World!");
    assertThat(toolchain.faultFiles(failed.details(), root, p -> p.startsWith("src/test/"))).containsExactly(HelloProject.TEST);
    assertThat(toolchain.errorInside(HelloProject.TEST, failed.message(), failed.details(), root))
        .as("a failed assertion is the test doing its job").isFalse();
    // failures do not stop the build: the jar Deploy runs is there
    assertThat(root.resolve(JavaSpringBootStack.JAR)).isRegularFile();
    // nothing was written into the shared repository
    assertThat(Files.isWritable(toolchain.repository().location())).isTrue(); // it is ours outside the sandbox ...
    assertThat(sandbox.run(List.of("/usr/bin/touch", toolchain.repository().location().resolve("probe").toString()),
        Duration.ofSeconds(20)).exitCode()).as("... and read-only inside").isNotZero();
  }

  @Test
  void aCompilerErrorBecomesAnErrorCaseOnTheFileThatDoesNotCompile() throws Exception {
    Map<String, String> code = HelloProject.code();
    code.put(HelloProject.CONTROLLER, code.get(HelloProject.CONTROLLER).replace("new Greeting(\"Hello, World!\")", "new Greting(\"Hello, World!\")"));
    write(code);
    JavaStackToolchain toolchain = JavaSupport.toolchain();

    List<Toolchain.TestCaseResult> cases = build(toolchain, toolchain.sandbox(root).writable(root.resolve(".spectra/test")).build());

    assertThat(cases).singleElement().satisfies(c -> {
      assertThat(c.name()).isEqualTo("compile " + HelloProject.CONTROLLER);
      assertThat(c.outcome()).isEqualTo(TestReport.Outcome.ERROR);
      assertThat(c.message()).contains("cannot find symbol");
      assertThat(toolchain.faultFiles(c.details(), root, p -> p.startsWith("src/test/"))).containsExactly(HelloProject.CONTROLLER);
    });
  }
}
