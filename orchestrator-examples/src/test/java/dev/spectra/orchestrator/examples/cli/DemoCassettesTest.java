package dev.spectra.orchestrator.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.spectra.orchestrator.Activity;
import dev.spectra.orchestrator.internal.Checks;
import dev.spectra.orchestrator.stack.python.PythonSupport;
import dev.spectra.orchestrator.test.ReplayChatModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped demo cassettes are exactly what {@link DemoCassetteGenerator} writes today: a change of a prompt, of the
 * hand-written sources or of the planted faults fails here until the cassettes are regenerated with
 * {@code -Dspectra.demo.regenerate=true} (the command is in the failure message), which rewrites them in
 * {@code src/main/resources}.
 */
class DemoCassettesTest {
  static final boolean REGENERATE = Boolean.getBoolean("spectra.demo.regenerate");

  @TempDir
  Path dir;

  @Test
  void shippedCassettesAreWhatTheGeneratorRecordsThroughTheRealPipeline() throws IOException {
    PythonSupport.python(); // skipped without Python (failed when SPECTRA_REQUIRE_PYTHON=true)
    for (DemoRequest r : DemoRequest.values()) {
      Path generated = dir.resolve(r.cassetteFile());
      DemoCassetteGenerator.generate(r, generated, dir.resolve(r.id()));
      Path shipped = DemoCassetteGenerator.SHIPPED.resolve(r.cassetteFile());
      if (REGENERATE) {
        Files.createDirectories(shipped.getParent());
        Files.write(shipped, Files.readAllBytes(generated));
        System.out.println("[spectra] regenerated " + shipped.toAbsolutePath());
        continue;
      }
      assertThat(shipped).as("the shipped cassette (tests run from the module folder)").exists();
      List<String> want = Files.readAllLines(generated, StandardCharsets.UTF_8);
      List<String> have = Files.readAllLines(shipped, StandardCharsets.UTF_8);
      if (!want.equals(have)) {
        fail("the shipped demo cassette " + shipped + " is stale: " + firstDifference(have, want)
            + ". Regenerate it from the repository root with: " + DemoCassette.REGENERATE);
      }
      assertThat(Files.readAllBytes(shipped)).as(shipped + " byte for byte").isEqualTo(Files.readAllBytes(generated));
    }
  }

  @Test
  void shippedCassettesDeclareTheirRequestAndHandWrittenSourceAndTheFaultsOfTheScript() {
    for (DemoRequest r : DemoRequest.values()) {
      ReplayChatModel replay = ReplayChatModel.fromResource(r.cassetteResource());
      DemoCassette cassette = DemoCassette.fromMetadata(replay.metadata(), r.cassetteFile());
      DemoScript script = DemoScript.of(r);

      assertThat(cassette.request()).isEqualTo(r.text());
      assertThat(cassette.source()).isEqualTo(DemoCassette.HAND_WRITTEN);
      assertThat(cassette.faultsByActivity()).isEqualTo(script.planted());
      assertThat(replay.entryCount()).as("one entry per scripted reply, the 429 included").isEqualTo(script.steps());
    }
  }

  @Test
  void theCatalogHasMoreThanTenFilesAndBothRequestsPlantFaultsInPlanAndBuild() {
    DemoScript catalog = DemoScript.of(DemoRequest.SERVICE_CATALOG);
    DemoScript hello = DemoScript.of(DemoRequest.HELLO_WORLD);

    assertThat(catalog.plan.files()).hasSizeGreaterThan(10);
    assertThat(catalog.plan.dependencies()).allMatch(d -> DemoRequest.SERVICE_CATALOG.stack().allowedDependencies().contains(d));
    assertThat(catalog.planted().get(Activity.PLAN)).containsKeys(RepairTally.MISSING_FIELD, "trailing-comma");
    assertThat(catalog.planted().get(Activity.BUILD)).containsKeys(RepairTally.RATE_LIMIT, RepairTally.EMPTY_REPLY);
    assertThat(hello.planted().get(Activity.PLAN)).containsKeys("fence", "prose");
    assertThat(hello.planted().get(Activity.BUILD)).containsKey("fence");
  }

  private static String firstDifference(List<String> have, List<String> want) {
    for (int i = 0; i < Math.max(have.size(), want.size()); i++) {
      String h = i < have.size() ? have.get(i) : "(end of file)";
      String w = i < want.size() ? want.get(i) : "(end of file)";
      if (!h.equals(w)) {
        return "line " + (i + 1) + " is " + excerpt(h) + " but the generator now writes " + excerpt(w);
      }
    }
    return "the line endings differ";
  }

  private static String excerpt(String line) {
    return "\"" + Checks.excerpt(line.strip(), 160) + "\"";
  }
}
