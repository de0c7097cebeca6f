package dev.spectra.orchestrator.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --out never lands in a system folder, and never in someone else's non-empty folder without --force. */
class OutputFolderTest {
  @TempDir
  Path dir;

  private static List<String> listing(Path folder) throws Exception {
    try (Stream<Path> s = Files.list(folder)) {
      return s.map(Path::toString).sorted().toList();
    }
  }

  @Test
  void generateRefusesTheRootAndSystemFoldersPresentOrAbsentAndWritesNothing() throws Exception {
    List<String> etc = listing(Path.of("/etc"));
    List<String> root = listing(Path.of("/"));
    // no provider needed: the folder is checked before anything else
    for (String out : List.of("/etc", "/etc/spectra-x", "/", "/usr/share/spectra-x", "/var/lib/spectra-x")) {
      CliRun run = CliRun.run(Map.of(), dir, "generate", "x", "--out", out);

      assertThat(run.exitCode()).as(out + ": " + run.err()).isEqualTo(SpectraCli.EXIT_USAGE);
      assertThat(run.errLines()).as(out).singleElement().asString()
          .startsWith("spectra generate: --out " + out + " is ")
          .contains("spectra never writes into, even with --force");
      CliRun forced = CliRun.run(Map.of(), dir, "generate", "x", "--out", out, "--force");
      assertThat(forced.exitCode()).as("--force does not open a system folder").isEqualTo(SpectraCli.EXIT_USAGE);
    }
    assertThat(Path.of("/etc/spectra-x")).doesNotExist();
    assertThat(Path.of("/etc/.spectra")).doesNotExist();
    assertThat(Path.of("/.spectra")).doesNotExist();
    assertThat(listing(Path.of("/etc"))).isEqualTo(etc);
    assertThat(listing(Path.of("/"))).isEqualTo(root);
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void aLinkIntoASystemFolderIsFollowedAndRefused() throws Exception {
    Files.createSymbolicLink(dir.resolve("innocent"), Path.of("/etc"));

    CliRun run = CliRun.run(Map.of(), dir, "compare", "--suite", "s.txt", "--models", "chaos:clean", "--out", "innocent/x");

    assertThat(run.exitCode()).isEqualTo(SpectraCli.EXIT_USAGE);
    assertThat(run.errLines()).singleElement().asString().contains("(/etc/x) is inside the system folder /etc");
    assertThat(OutputFolder.systemFolder(Path.of("/var/tmp/x"))).as("/var/tmp is a temporary folder").isNull();
    assertThat(OutputFolder.systemFolder(Path.of("/tmp/x"))).isNull();
    assertThat(OutputFolder.systemFolder(Path.of("/usr"))).isEqualTo("/usr");
    assertThat(OutputFolder.systemFolder(Path.of("/usrlocal"))).as("a prefix is not a parent").isNull();
  }

  @Test
  void aNonEmptyFolderWithoutSpectraOutputNeedsForceAndIsThenMarked() throws Exception {
    Files.writeString(dir.resolve("requests.txt"), "A service that greets people by name\n");
    Path mine = Files.createDirectories(dir.resolve("thesis"));
    Files.writeString(mine.resolve("chapter1.tex"), "my work");

    CliRun refused = CliRun.run(Map.of(), dir, "compare", "--suite", "requests.txt", "--models", "chaos:clean",
        "--no-deploy", "--out", "thesis");

    assertThat(refused.exitCode()).isEqualTo(SpectraCli.EXIT_USAGE);
    assertThat(refused.errLines()).singleElement().asString().endsWith(
        "is a folder that is not empty and holds no earlier spectra output; choose a new or empty folder, or add"
            + " --force to write into it anyway");
    assertThat(listing(mine)).containsExactly(mine.resolve("chapter1.tex").toString());

    CliRun forced = CliRun.run(Map.of(), dir, "compare", "--suite", "requests.txt", "--models", "chaos:clean",
        "--no-deploy", "--out", "thesis", "--force");
    assertThat(forced.exitCode()).as(forced.err()).isZero();
    assertThat(mine.resolve(OutputFolder.MARKER)).isRegularFile();
    assertThat(Files.readString(mine.resolve("chapter1.tex"))).isEqualTo("my work");

    CliRun again = CliRun.run(Map.of(), dir, "compare", "--suite", "requests.txt", "--models", "chaos:clean",
        "--no-deploy", "--out", "thesis");
    assertThat(again.exitCode()).as("the marker admits the next run without --force: " + again.err()).isZero();
  }

  @Test
  void theDemoRefusesToOverwriteAFileEditedSinceItWroteItUnlessForced() throws Exception {
    Path ws = dir.resolve("ws");
    Path hello = Files.createDirectories(ws.resolve(DemoRequest.values()[0].id()).resolve("app"));
    Files.writeString(hello.resolve("main.py"), "print('generated')\n");
    Files.writeString(ws.resolve(OutputFolder.MARKER), "");
    Manifest.write(ws.resolve(DemoRequest.values()[0].id()));
    assertThat(Manifest.edited(ws.resolve(DemoRequest.values()[0].id()))).isEmpty();
    Files.writeString(hello.resolve("main.py"), "print('my edit')\n");

    CliRun refused = CliRun.run(Map.of(), dir, "demo", "--out", "ws");

    assertThat(refused.exitCode()).isEqualTo(SpectraCli.EXIT_USAGE);
    assertThat(refused.errLines()).singleElement().asString()
        .contains("holds files edited since the last demo wrote them: " + DemoRequest.values()[0].id() + "/app/main.py")
        .endsWith("add --force to overwrite them");
    assertThat(Files.readString(hello.resolve("main.py"))).isEqualTo("print('my edit')\n");
    assertThat(ws.resolve(DemoRequest.values()[1].id())).as("nothing else was written").doesNotExist();
  }
}
