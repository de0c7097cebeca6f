package dev.spectra.orchestrator.workspace;

import static dev.spectra.orchestrator.workspace.Refusals.assertRefused;
import static dev.spectra.orchestrator.workspace.Refusals.refusal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spectra.orchestrator.workspace.UnsafePathException.Rule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Writing, reading, listing, and the engine's run folders. */
class WorkspaceTest {
  @TempDir
  Path base;

  @Test
  void atCreatesAMissingRootAndWritesCreateMissingFolders() throws IOException {
    Workspace ws = Workspace.at(base.resolve("a/b/ws"));

    Path written = ws.write("src/pkg/main.py", "print('\u00e9')\n");

    assertThat(ws.root()).isEqualTo(base.resolve("a/b/ws").toRealPath());
    assertThat(written).isEqualTo(ws.root().resolve("src/pkg/main.py"));
    assertThat(Files.readString(written)).isEqualTo("print('\u00e9')\n");
    assertThat(ws.writtenFiles()).isEqualTo(1);
    assertThat(ws.writtenBytes()).isEqualTo("print('\u00e9')\n".getBytes(StandardCharsets.UTF_8).length);
    assertThat(ws.toString()).isEqualTo("Workspace[" + ws.root() + "]");
  }

  @Test
  void rewritingReplacesTheContent() {
    Workspace ws = Workspace.at(base);
    ws.write("a.txt", "a much longer first version");

    ws.write("a.txt", "short");

    assertThat(ws.read("a.txt")).contains("short");
    assertThat(ws.writtenBytes()).isEqualTo(5);
  }

  @Test
  void emptyContentIsAFile() {
    Workspace ws = Workspace.at(base);

    ws.write("pkg/__init__.py", "");

    assertThat(ws.exists("pkg/__init__.py")).isTrue();
    assertThat(ws.read("pkg/__init__.py")).contains("");
  }

  @Test
  void readAndExistsAnswerForMissingFilesFoldersAndPathsThroughFiles() {
    Workspace ws = Workspace.at(base);
    ws.write("src/app.py", "x");

    assertThat(ws.read("missing.py")).isEmpty();
    assertThat(ws.exists("missing.py")).isFalse();
    assertThat(ws.read("src")).isEmpty();
    assertThat(ws.exists("src")).isFalse();
    assertThat(ws.exists("src/app.py/child")).isFalse();
    assertThat(ws.read("nowhere/deep/file.py")).isEmpty();
    assertThat(base.resolve("nowhere")).doesNotExist();
  }

  @Test
  void readRefusesTextThatIsNotUtf8() throws IOException {
    Workspace ws = Workspace.at(base);
    Files.write(base.resolve("binary.bin"), new byte[] {(byte) 0xC3, (byte) 0x28});

    assertThatThrownBy(() -> ws.read("binary.bin")).isInstanceOf(UncheckedIOException.class)
        .hasMessage("cannot read \"binary.bin\" in workspace " + ws.root() + ": it is not valid UTF-8 text");
  }

  @Test
  void writingOverAFolderOrThroughAFileIsRefusedAndCreatesNothing() throws IOException {
    Workspace ws = Workspace.at(base);
    ws.write("src/app.py", "x");
    List<String> before = FileTrees.list(base);

    UnsafePathException overFolder = refusal(() -> ws.write("src", "x"));
    UnsafePathException throughFile = refusal(() -> ws.write("src/app.py/more/x.py", "x"));

    assertThat(overFolder.rule()).isEqualTo(Rule.NOT_A_FILE);
    assertThat(overFolder.detail()).isEqualTo("the target exists and is a folder; choose another path");
    assertThat(throughFile.rule()).isEqualTo(Rule.NOT_A_DIRECTORY);
    assertThat(throughFile.detail()).startsWith("\"src/app.py\" exists and is not a folder");
    assertThat(FileTrees.list(base)).isEqualTo(before);
    assertThat(ws.writtenFiles()).isEqualTo(1);
  }

  @Test
  void filesListsRegularFilesSortedWithoutTheEngineFolderGitOrTemporaryFiles() throws IOException {
    Workspace ws = Workspace.at(base);
    ws.write("src/b.py", "b");
    ws.write("README.md", "r");
    ws.write("src/a.py", "a");
    ws.write("x/.spectra/kept.txt", "nested engine-like names are ordinary folders");
    Files.createDirectories(ws.runDirectory("run-1"));
    Files.writeString(ws.runDirectory("run-1").resolve("plan.json"), "{}");
    Files.createDirectories(base.resolve(".git/objects"));
    Files.writeString(base.resolve(".git/HEAD"), "ref: refs/heads/main");
    Files.writeString(base.resolve(Workspace.TEMP_PREFIX + "abc"), "in flight");
    Files.writeString(base.resolve("made-by-tests.log"), "written by a test run, not through the workspace");

    assertThat(ws.files()).containsExactly("README.md", "made-by-tests.log", "src/a.py", "src/b.py",
        "x/.spectra/kept.txt");
  }

  @Test
  void runDirectoryIsUnderTheEngineFolderAndNotCreated() {
    Workspace ws = Workspace.at(base);

    Path dir = ws.runDirectory("run-20261125-001500-3f9a2c");

    assertThat(dir).isEqualTo(ws.root().resolve(".spectra/runs/run-20261125-001500-3f9a2c"));
    assertThat(dir).doesNotExist();
    assertRefused(() -> ws.write(".spectra/runs/run-20261125-001500-3f9a2c/plan.json", "{}"),
        Rule.RESERVED_FOLDER);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ".", "..", "../x", "a/b", "a\\b", "a b", "a..b", "x\u0000", "r\u00e9", "run:1"})
  void runDirectoryRefusesIdsThatAreNotPlainNames(String runId) {
    Workspace ws = Workspace.at(base);

    assertThatThrownBy(() -> ws.runDirectory(runId)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("runId must be 1 to 128 of [A-Za-z0-9._-], not \".\" and without \"..\", but was \""
            + UnsafePathException.escape(runId) + "\"");
    assertThat(base.resolve(".spectra")).doesNotExist();
  }

  @Test
  void runIdsMayHaveUpTo128Characters() {
    Workspace ws = Workspace.at(base);

    assertThat(ws.runDirectory("r".repeat(128))).hasFileName("r".repeat(128));
    assertThatThrownBy(() -> ws.runDirectory("r".repeat(129))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("runId must be 1 to 128 of [A-Za-z0-9._-]");
  }

  @Test
  void runDirectoryRefusesAFileWhereTheEngineFolderShouldBe() throws IOException {
    Workspace ws = Workspace.at(base);
    Files.writeString(base.resolve(".spectra"), "not a folder");

    UnsafePathException e = refusal(() -> ws.runDirectory("run-1"));

    assertThat(e.rule()).isEqualTo(Rule.NOT_A_DIRECTORY);
    assertThat(e.getMessage()).isEqualTo("refused path \".spectra/runs/run-1\": NOT_A_DIRECTORY - \".spectra\" is a "
        + "file; remove it so the engine can keep its run files there");
  }

  @Test
  void fileOfMapsAPrintedPathInsideTheRootToAWorkspaceFileAndNothingElse() {
    Path root = base.resolve("ws");

    assertThat(Workspace.fileOf(root, root.resolve("app/main.py").toString())).contains("app/main.py");
    assertThat(Workspace.fileOf(root, "src/main/java/A.java")).contains("src/main/java/A.java");
    assertThat(Workspace.fileOf(root, root + "/app/../tests/test_a.py")).contains("tests/test_a.py");
    assertThat(Workspace.fileOf(root, "../ws-other/app.py")).isEmpty();
    assertThat(Workspace.fileOf(root, root + "/../ws/../escape.py")).isEmpty();
    assertThat(Workspace.fileOf(root, "/usr/lib/python3/site.py")).isEmpty();
    assertThat(Workspace.fileOf(root, ".spectra/runs/run-1/pytest-1.log")).isEmpty();
    assertThat(Workspace.fileOf(root, root.toString())).isEmpty();
    assertThat(Workspace.fileOf(root, "bad\0path")).isEmpty();
  }
}
