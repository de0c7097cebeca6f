package dev.spectra.orchestrator.workspace;

import static dev.spectra.orchestrator.workspace.Refusals.assertRefused;
import static dev.spectra.orchestrator.workspace.Refusals.refusal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.spectra.orchestrator.workspace.UnsafePathException.Rule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real symbolic links left in the workspace (e.g. by generated code run in the test step) never lead a write out. */
class WorkspaceSymlinkTest {
  @TempDir
  Path base;
  Path root;
  Path outside;
  Workspace ws;

  @BeforeEach
  void setUp() throws IOException {
    assumeTrue(FileTrees.canSymlink(base), "symbolic links cannot be created here");
    root = base.resolve("ws");
    outside = Files.createDirectories(base.resolve("outside"));
    Files.writeString(outside.resolve("secret.txt"), "s3cret");
    ws = Workspace.at(root);
  }

  @Test
  void aFolderLinkPointingOutsideIsRefusedForWriteReadAndExists() throws IOException {
    Files.createSymbolicLink(root.resolve("out"), outside);
    List<String> before = FileTrees.list(base);

    assertRefused(() -> ws.write("out/x.txt", "pwned"), Rule.SYMLINK_ESCAPE);
    assertRefused(() -> ws.write("out/secret.txt", "pwned"), Rule.SYMLINK_ESCAPE);
    assertRefused(() -> ws.read("out/secret.txt"), Rule.SYMLINK_ESCAPE);
    assertRefused(() -> ws.exists("out/secret.txt"), Rule.SYMLINK_ESCAPE);

    assertThat(FileTrees.list(base)).isEqualTo(before);
    assertThat(Files.readString(outside.resolve("secret.txt"))).isEqualTo("s3cret");
    assertThat(ws.writtenFiles()).isZero();
  }

  @Test
  void aLinkDeeperDownWithMissingFoldersBehindItCreatesNothingOutside() throws IOException {
    Files.createDirectories(root.resolve("a"));
    Files.createSymbolicLink(root.resolve("a/link"), outside);
    List<String> before = FileTrees.list(base);

    UnsafePathException e = refusal(() -> ws.write("a/link/b/c/d.txt", "pwned"));

    assertThat(e.rule()).isEqualTo(Rule.SYMLINK_ESCAPE);
    assertThat(e.getMessage()).contains("\"a/link\" is a symbolic link to a folder outside the workspace");
    assertThat(FileTrees.list(base)).isEqualTo(before);
    assertThat(outside.resolve("b")).doesNotExist();
  }

  @Test
  void aRelativeLinkClimbingOutOfTheRootIsRefused() throws IOException {
    Files.createDirectories(root.resolve("src"));
    Files.createSymbolicLink(root.resolve("src/up"), Path.of("../.."));
    List<String> before = FileTrees.list(base);

    assertRefused(() -> ws.write("src/up/outside/new.txt", "pwned"), Rule.SYMLINK_ESCAPE);
    assertThat(FileTrees.list(base)).isEqualTo(before);
  }

  @Test
  void aFileLinkAtTheTargetIsNeverWrittenOrReadThrough() throws IOException {
    Path link = Files.createSymbolicLink(root.resolve("config.py"), outside.resolve("secret.txt"));
    List<String> before = FileTrees.list(base);

    UnsafePathException e = refusal(() -> ws.write("config.py", "overwritten"));

    assertThat(e.rule()).isEqualTo(Rule.SYMLINK_ESCAPE);
    assertThat(e.detail()).contains("the target is a symbolic link");
    assertRefused(() -> ws.read("config.py"), Rule.SYMLINK_ESCAPE);
    assertThat(Files.readString(outside.resolve("secret.txt"))).isEqualTo("s3cret");
    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(FileTrees.list(base)).isEqualTo(before);
  }

  @Test
  void aFileLinkAtTheTargetIsRefusedEvenWhenItPointsInside() throws IOException {
    ws.write("real.py", "x = 1\n");
    Files.createSymbolicLink(root.resolve("alias.py"), root.resolve("real.py"));

    assertRefused(() -> ws.write("alias.py", "x = 2\n"), Rule.SYMLINK_ESCAPE);
    assertThat(ws.read("real.py")).contains("x = 1\n");
  }

  @Test
  void aDanglingLinkAtTheTargetOrOnTheWayIsRefusedAndItsDestinationNotCreated() throws IOException {
    Files.createSymbolicLink(root.resolve("dangling.txt"), outside.resolve("created-by-attack.txt"));
    Files.createSymbolicLink(root.resolve("gone"), outside.resolve("missing-folder"));
    List<String> before = FileTrees.list(base);

    assertRefused(() -> ws.write("dangling.txt", "pwned"), Rule.SYMLINK_ESCAPE);
    assertRefused(() -> ws.write("gone/x.txt", "pwned"), Rule.SYMLINK_ESCAPE);

    assertThat(outside.resolve("created-by-attack.txt")).doesNotExist();
    assertThat(outside.resolve("missing-folder")).doesNotExist();
    assertThat(FileTrees.list(base)).isEqualTo(before);
  }

  @Test
  void aFolderLinkInsideTheRootIsFollowed() throws IOException {
    Files.createDirectories(root.resolve("src"));
    Files.createSymbolicLink(root.resolve("lib"), root.resolve("src"));

    Path written = ws.write("lib/util.py", "def f(): pass\n");

    assertThat(written).isEqualTo(root.resolve("src/util.py"));
    assertThat(Files.readString(root.resolve("src/util.py"))).isEqualTo("def f(): pass\n");
    assertThat(ws.read("lib/util.py")).contains("def f(): pass\n");
  }

  @Test
  void aFolderLinkIntoTheEngineFolderOrGitIsRefusedAsReserved() throws IOException {
    Files.createDirectories(root.resolve(".spectra/runs"));
    Files.createDirectories(root.resolve(".git/hooks"));
    Files.createSymbolicLink(root.resolve("engine"), root.resolve(".spectra"));
    Files.createSymbolicLink(root.resolve("hooks"), root.resolve(".git/hooks"));
    List<String> before = FileTrees.list(base);

    UnsafePathException e = refusal(() -> ws.write("engine/runs/r1/report.json", "{}"));

    assertThat(e.rule()).isEqualTo(Rule.RESERVED_FOLDER);
    assertThat(e.detail()).contains("leads to \".spectra/runs/r1/report.json\"");
    assertRefused(() -> ws.write("hooks/pre-commit", "rm -rf ~"), Rule.RESERVED_FOLDER);
    assertThat(FileTrees.list(base)).isEqualTo(before);
  }

  @Test
  void aHardLinkAtTheTargetIsReplacedNotWrittenThrough() throws IOException {
    try {
      Files.createLink(root.resolve("notes.txt"), outside.resolve("secret.txt"));
    } catch (UnsupportedOperationException | IOException e) {
      assumeTrue(false, "hard links cannot be created here: " + e);
    }

    ws.write("notes.txt", "new notes");

    assertThat(Files.readString(root.resolve("notes.txt"))).isEqualTo("new notes");
    assertThat(Files.readString(outside.resolve("secret.txt"))).isEqualTo("s3cret");
  }

  @Test
  void filesListsNeitherLinksNorWhatIsBehindThem() throws IOException {
    ws.write("app.py", "a");
    Files.createSymbolicLink(root.resolve("out"), outside);
    Files.createSymbolicLink(root.resolve("file-link.txt"), outside.resolve("secret.txt"));

    assertThat(ws.files()).containsExactly("app.py");
  }

  @Test
  void aRootReachedThroughALinkWorksAndReportsItsRealPath() throws IOException {
    Path real = Files.createDirectories(base.resolve("real-root"));
    Path link = Files.createSymbolicLink(base.resolve("root-link"), real);

    Workspace viaLink = Workspace.at(link);
    viaLink.write("a/b.txt", "b");

    assertThat(viaLink.root()).isEqualTo(real.toRealPath());
    assertThat(Files.readString(real.resolve("a/b.txt"))).isEqualTo("b");
  }

  @Test
  void anEngineFolderThatIsALinkIsRefusedByRunDirectory() throws IOException {
    Files.createSymbolicLink(root.resolve(".spectra"), outside);

    UnsafePathException e = refusal(() -> ws.runDirectory("run-1"));

    assertThat(e.rule()).isEqualTo(Rule.SYMLINK_ESCAPE);
    assertThat(e.path()).isEqualTo(".spectra/runs/run-1");
    assertThat(Files.isSymbolicLink(root.resolve(".spectra"))).isTrue();
    assertThat(Files.exists(outside.resolve("runs"), LinkOption.NOFOLLOW_LINKS)).isFalse();
  }
}
