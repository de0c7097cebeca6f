package dev.spectra.orchestrator.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import dev.spectra.orchestrator.stack.java.JavaSupport;
import dev.spectra.orchestrator.stack.python.PythonToolchain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code spectra demo} in this JVM on cassettes a test changes ({@code --cassettes DIR}): a cassette that no longer
 * fits the prompts, repairs that differ from the planted faults, a missing cassette. The shipped cassettes' full run is
 * {@link DemoLauncherIT}'s, as a process.
 */
class DemoCommandTest {
  @TempDir
  Path dir;

  record Run(int exitCode, String out, String err) {
    List<String> errorLines() {
      return err.lines().filter(l -> l.startsWith("spectra demo:")).toList();
    }
  }

  Run demo(String... args) {
    return demo(Map.of(), args);
  }

  Run demo(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] all = new String[args.length + 1];
    all[0] = "demo";
    System.arraycopy(args, 0, all, 1, args.length);
    int code = SpectraCli.run(all, new CliContext(env, dir, new PrintWriter(out, true), new PrintWriter(err, true), false));
    return new Run(code, out.toString(), err.toString());
  }

  /** The shipped cassettes copied into {@code folder}, for a test to change. */
  static Path copyShipped(Path folder) throws IOException {
    Files.createDirectories(folder);
    for (DemoRequest r : DemoRequest.values()) {
      try (InputStream in = DemoCommandTest.class.getClassLoader().getResourceAsStream(r.cassetteResource())) {
        assertThat(in).as(r.cassetteResource()).isNotNull();
        Files.write(folder.resolve(r.cassetteFile()), in.readAllBytes());
      }
    }
    return folder;
  }

  static void replace(Path file, String from, String to) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    assertThat(text).contains(from);
    Files.writeString(file, text.replace(from, to), StandardCharsets.UTF_8);
  }

  @Test
  void aCassetteRecordedForOtherPromptsFailsWithOneLineThatSaysStaleAndHowToRegenerate() throws IOException {
    Path cassettes = copyShipped(dir.resolve("cassettes"));
    // As if the plan prompt had changed since the cassette was generated.
    replace(cassettes.resolve("hello-world.json"), "Plan the service described in this request:",
        "Plan the web service described in this request:");

    Run r = demo("--cassettes", cassettes.toString(), "--out", "ws");

    assertThat(r.exitCode()).as(r.err()).isEqualTo(SpectraCli.EXIT_FAILED);
    assertThat(r.errorLines()).singleElement().asString()
        .contains("demo cassette " + cassettes.resolve("hello-world.json"), "stale cassettes", "Plan the service described",
            "regenerate them from the repository root with: " + DemoCassette.REGENERATE);
    assertThat(r.err()).doesNotContain("\tat ", "UnexpectedRequestError");
    assertThat(r.out()).contains("replayed from cassettes", "no model is called").doesNotContain("== 2/3");
  }

  @Test
  void repairsThatDifferFromThePlantedFaultsAreAMismatchWithExitOne() throws IOException {
    Path cassettes = copyShipped(dir.resolve("cassettes"));
    // The hello-world cassette now claims three fenced replies in Build where its replies hold one.
    Path hello = cassettes.resolve("hello-world.json");
    replace(hello, "\"build\": {\n        \"fence\": 1\n      }", "\"build\": {\n        \"fence\": 3\n      }");
    replace(hello, "\"faults\": {\n      \"fence\": 2,", "\"faults\": {\n      \"fence\": 4,");

    Run r = demo("--cassettes", cassettes.toString(), "--out", "ws");

    assertThat(r.exitCode()).as(r.err()).isEqualTo(SpectraCli.EXIT_FAILED);
    assertThat(r.out()).containsPattern("fence +2 +4  MISMATCH").contains("MISMATCH: fence performed 2, planted 4")
        .contains("== 2/3", "== 3/3");
    assertThat(r.errorLines()).singleElement().asString().isEqualTo("spectra demo: hello-world: the repairs performed"
        + " differ from the faults its cassette planted (fence performed 2, planted 4)");
  }

  @Test
  void metadataWhoseTotalsDisagreeIsRefusedBeforeAnyRun() throws IOException {
    Path cassettes = copyShipped(dir.resolve("cassettes"));
    replace(cassettes.resolve("hello-world.json"), "\"faults\": {\n      \"fence\": 2,", "\"faults\": {\n      \"fence\": 5,");

    Run r = demo("--cassettes", cassettes.toString(), "--out", "ws");

    assertThat(r.exitCode()).isEqualTo(SpectraCli.EXIT_FAILED);
    assertThat(r.errorLines()).singleElement().asString()
        .contains("faults {fence=5, prose=1} differ from the sum of faultsByActivity {fence=2, prose=1}", DemoCassette.REGENERATE);
    assertThat(dir.resolve("ws")).doesNotExist();
  }

  /**
   * Issue 15's acceptance: on a machine with a JDK and Maven only (here: the Python probe switched off with
   * {@code SPECTRA_PYTHON=none}), the Python requests are SKIPPED and the Spring Boot request goes through all five
   * steps, HEALTHY. Skipped without a JDK and Maven (failed under {@code SPECTRA_REQUIRE_JAVA=true}).
   */
  @Test
  void withThePythonProbeSwitchedOffThePythonRequestsSkipAndTheSpringBootRequestPassesAllFiveSteps() {
    JavaSupport.stack();

    Run r = demo(Map.of(PythonToolchain.ENV, PythonToolchain.NONE), "--out", "ws");

    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(SpectraCli.EXIT_OK);
    assertThat(r.out()).contains("Python requests: SPECTRA_PYTHON=none switches the Python probe off, so their Test,"
        + " Deploy and Monitor will be SKIPPED.",
        "Java requests: Test, Deploy and Monitor run for real with", "== 3/3 \"Hello World Spring Boot service\"");
    assertThat(r.out().lines().filter(l -> l.startsWith("  hello-")).toList()).satisfiesExactly(
        hello -> assertThat(hello).startsWith("  hello-world").contains("tests SKIPPED", "health not checked"),
        spring -> assertThat(spring).startsWith("  hello-spring-boot").contains("SUCCEEDED, 5 of 5 activities done",
            "tests PASSED (4 passed)", "health HEALTHY", "repairs match"));
    assertThat(r.out()).contains("Test, Deploy and Monitor were SKIPPED: no Python interpreter");
    assertThat(dir.resolve("ws/hello-spring-boot/target/app.jar")).isRegularFile();
  }

  @Test
  void aMissingCassetteFileIsAUsageError() {
    Run r = demo("--cassettes", "nowhere");

    assertThat(r.exitCode()).isEqualTo(SpectraCli.EXIT_USAGE);
    assertThat(r.errorLines()).singleElement().asString().startsWith("spectra demo: --cassettes: cassette ")
        .contains("hello-world.json does not exist");
  }
}
