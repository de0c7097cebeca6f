package dev.spectra.orchestrator.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spectra.orchestrator.Activity;
import dev.spectra.orchestrator.GeneratedFile;
import dev.spectra.orchestrator.RunEvent;
import dev.spectra.orchestrator.RunReport;
import dev.spectra.orchestrator.stack.java.JavaSupport;
import dev.spectra.orchestrator.stack.java.JavaToolchain;
import dev.spectra.orchestrator.stack.java.MavenRepository;
import dev.spectra.orchestrator.stack.python.PythonSupport;
import dev.spectra.orchestrator.test.ReplayChatModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance test of {@code spectra demo}: the repository's {@code ./spectra} launcher runs the demo as a process,
 * on the jar this build just packaged. It runs in Maven's integration-test phase (maven-failsafe-plugin), after
 * {@code package}, so the jar and its {@code lib/} exist; {@code SPECTRA_NO_BUILD=1} makes the launcher run that jar
 * as it is, never start a Maven build of its own inside this one.
 *
 * <p>Needs Python with fastapi, uvicorn, httpx and pytest for Test, Deploy and Monitor: skipped with the install hint
 * without it, failed instead when {@code SPECTRA_REQUIRE_PYTHON=true} (as in CI).
 */
class DemoLauncherIT {
  private static final Pattern ROW = Pattern.compile("^  ([a-z][a-z-]*) +(\\d+) +(\\d+)(  MISMATCH)?$");

  @TempDir
  Path dir;

  @Test
  void theLauncherRunsBothRequestsThroughAllFiveActivitiesWithPassingTestsHealthyServicesAndTheCassettesRepairs()
      throws Exception {
    PythonSupport.python(); // skipped without Python (failed when SPECTRA_REQUIRE_PYTHON=true)
    Path launcher = Path.of("..", "spectra").toAbsolutePath().normalize();
    assertThat(launcher).as("the launcher at the repository root (failsafe runs in the module's folder)").isRegularFile();

    ProcessBuilder pb = new ProcessBuilder("bash", launcher.toString(), "demo").directory(dir.toFile())
        .redirectOutput(dir.resolve("stdout.txt").toFile()).redirectError(dir.resolve("stderr.txt").toFile());
    pb.environment().put("SPECTRA_NO_BUILD", "1");
    Process p = pb.start();
    if (!p.waitFor(300, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("./spectra demo did not finish within 300 s");
    }
    String out = Files.readString(dir.resolve("stdout.txt"), StandardCharsets.UTF_8);
    String err = Files.readString(dir.resolve("stderr.txt"), StandardCharsets.UTF_8);
    String both = "stdout:\n" + out + "\nstderr:\n" + err;

    assertThat(p.exitValue()).as(both).isZero();
    assertThat(out).as(both).contains("written by hand", "no model is called", "o200k_base");
    assertThat(err).as("no stack trace or log noise").doesNotContain("\tat ", "Exception", "WARN");
    String[] sections = out.split("\n== ");
    assertThat(sections).as(both).hasSize(DemoRequest.values().length + 1);
    for (DemoRequest r : DemoRequest.values()) {
      String section = sections[r.ordinal() + 1];
      assertThat(section).as(both).startsWith((r.ordinal() + 1) + "/" + DemoRequest.values().length + " \"" + r.text() + "\"")
          .contains("Activities: plan SUCCEEDED, build SUCCEEDED, test SUCCEEDED, deploy SUCCEEDED, monitor SUCCEEDED")
          .containsPattern("Tests: PASSED, [1-9]\\d* passed, 0 failed, 0 errors")
          .contains("Health: HEALTHY", "Cost: nothing spent (replayed); as if gpt-4o-mini: $")
          .doesNotContain("Cost: $");

      Map<String, Integer> planted = DemoCassette.fromMetadata(
          ReplayChatModel.fromResource(r.cassetteResource()).metadata(), r.cassetteFile()).faults();
      Map<String, int[]> printed = repairRows(section);
      assertThat(printed.keySet()).as(r.id() + " repair rows\n" + section).isEqualTo(planted.keySet());
      planted.forEach((fault, n) -> assertThat(printed.get(fault)).as(r.id() + " " + fault + " performed, planted")
          .containsExactly(n, n));
      assertThat(section).contains("  match: ");
      try (Stream<Path> files = Files.list(dir.resolve("out").resolve("demo"))) {
        Path workspace = files.filter(f -> f.getFileName().toString().startsWith(r.id() + "-")).findFirst().orElseThrow();
        assertThat(workspace.resolve(r == DemoRequest.HELLO_SPRING_BOOT
            ? "src/main/java/com/example/hello/HelloApplication.java" : "app/main.py")).isRegularFile();
        assertThat(section).contains("Files are in " + workspace.toRealPath());
        // the run's report.json holds the request, the repairs of each reply, the retried HTTP attempts per model,
        // and attempts per file that match the model calls made for it
        Path reportFile;
        try (Stream<Path> runs = Files.list(workspace.resolve(".spectra").resolve("runs"))) {
          reportFile = runs.map(d -> d.resolve("report.json")).filter(Files::isRegularFile).findFirst().orElseThrow();
        }
        RunReport report = RunReport.fromJson(Files.readString(reportFile));
        assertThat(report.schemaVersion()).isEqualTo(RunReport.SCHEMA_VERSION);
        assertThat(report.request()).isEqualTo(r.text());
        assertThat(report.repairs()).as(r.id() + " repairs in report.json").extracting(RunReport.Repair::kind)
            .contains(RunEvent.Repaired.Kind.LENIENT);
        assertThat(report.retries().values().stream().mapToInt(Integer::intValue).sum()).as("retried HTTP attempts")
            .isEqualTo(planted.getOrDefault(RepairTally.RATE_LIMIT, 0));
        for (GeneratedFile f : report.build().files()) {
          if (f.origin() == GeneratedFile.Origin.LLM) {
            assertThat((long) f.attempts()).as(r.id() + " " + f.path() + " attempts = calls")
                .isEqualTo(report.byFile().get(f.path()).calls());
          }
        }
        for (RunReport.Repair x : report.repairs()) {
          if (x.kind() == RunEvent.Repaired.Kind.REPROMPT && x.activity() == Activity.BUILD) {
            assertThat(report.build().file(x.file())).get().as("a re-prompted file took more than one attempt")
                .extracting(GeneratedFile::attempts).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.INTEGER)
                .isGreaterThan(1);
          }
        }
      }
    }
    assertThat(err.lines().filter(l -> l.matches("(plan|build|test|deploy|monitor) +done in .*")).count())
        .as("progress: five finished activities per request\n" + err).isEqualTo(5L * DemoRequest.values().length);
    List<String> summary = out.lines().dropWhile(l -> !l.equals("Summary:")).skip(1).limit(DemoRequest.values().length).toList();
    assertThat(summary).as("one row per request, the outcomes in one column\n" + out).hasSize(DemoRequest.values().length)
        .extracting(l -> l.indexOf(" SUCCEEDED,")).containsOnly(summary.get(0).indexOf(" SUCCEEDED,"));
    assertThat(out).contains("Summary:").containsPattern("hello-world +SUCCEEDED, 5 of 5 activities done")
        .containsPattern("service-catalog +SUCCEEDED, 5 of 5 activities done");
  }

  /**
   * Issue 15: without network for the Java stack's one-time download, the Spring Boot request says so and is SKIPPED
   * with the hint, and the demo still passes. "No network" is Maven in offline mode ({@code SPECTRA_MAVEN} names a
   * wrapper that adds {@code -o}) over an empty shared repository ({@code SPECTRA_MAVEN_REPOSITORY}); the Python probe
   * is off, so this is the machine with a JDK and Maven only.
   */
  @Test
  void withoutNetworkForTheFirstMavenDownloadTheSpringBootRequestIsSkippedWithTheHint() throws Exception {
    JavaSupport.stack(); // skipped without a JDK and Maven (failed when SPECTRA_REQUIRE_JAVA=true)
    Path mvn = JavaToolchain.discover(JavaToolchain.Candidates.defaults()).maven();
    Path offline = dir.resolve("mvn-offline");
    Files.writeString(offline, "#!/bin/sh\nexec '" + mvn + "' -o \"$@\"\n");
    offline.toFile().setExecutable(true);
    Path emptyRepository = dir.resolve("empty-repository");
    Path launcher = Path.of("..", "spectra").toAbsolutePath().normalize();

    ProcessBuilder pb = new ProcessBuilder("bash", launcher.toString(), "demo").directory(dir.toFile())
        .redirectOutput(dir.resolve("stdout.txt").toFile()).redirectError(dir.resolve("stderr.txt").toFile());
    pb.environment().put("SPECTRA_NO_BUILD", "1");
    pb.environment().put("SPECTRA_PYTHON", "none");
    pb.environment().put(JavaToolchain.MAVEN_ENV, offline.toString());
    pb.environment().put(MavenRepository.ENV, emptyRepository.toString());
    Process p = pb.start();
    if (!p.waitFor(300, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("./spectra demo did not finish within 300 s");
    }
    String out = Files.readString(dir.resolve("stdout.txt"), StandardCharsets.UTF_8);
    String both = "stdout:\n" + out + "\nstderr:\n" + Files.readString(dir.resolve("stderr.txt"), StandardCharsets.UTF_8);

    assertThat(p.exitValue()).as(both).isZero();
    assertThat(out).as(both).contains("Java requests: preparing the shared Maven repository " + emptyRepository,
        "Java requests: Test, Deploy and Monitor will be SKIPPED:",
        "Maven Central could not be reached", MavenRepository.ENV);
    String spring = out.split("\n== ")[DemoRequest.HELLO_SPRING_BOOT.ordinal() + 1];
    assertThat(spring).as(both).contains("Activities: plan SUCCEEDED, build SUCCEEDED, test SKIPPED",
        "Test, Deploy and Monitor were SKIPPED:", "Maven Central could not be reached");
    try (Stream<Path> files = Files.exists(emptyRepository) ? Files.list(emptyRepository) : Stream.empty()) {
      assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.startsWith(".spectra-ready"));
    }
  }

  /** The rows of the "Repairs performed" table: fault to {performed, planted}. */
  private static Map<String, int[]> repairRows(String section) {
    Map<String, int[]> rows = new LinkedHashMap<>();
    List<String> lines = section.lines().toList();
    int start = lines.indexOf(lines.stream().filter(l -> l.startsWith("Repairs performed")).findFirst().orElseThrow());
    for (String line : lines.subList(start + 2, lines.size())) {
      Matcher m = ROW.matcher(line);
      if (!m.matches()) {
        break;
      }
      rows.put(m.group(1), new int[] {Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))});
    }
    return rows;
  }
}
