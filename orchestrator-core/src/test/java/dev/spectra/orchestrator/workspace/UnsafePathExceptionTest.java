package dev.spectra.orchestrator.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spectra.orchestrator.workspace.UnsafePathException.Rule;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Messages name the path, escaped so hidden characters are visible, the rule, and what to do. */
class UnsafePathExceptionTest {
  @TempDir
  Path base;

  private UnsafePathException refusal(String path) {
    Workspace ws = Workspace.at(base);
    return Refusals.refusal(() -> ws.write(path, "x"));
  }

  @Test
  void aBidiOverrideIsShownEscapedNotApplied() {
    UnsafePathException e = refusal("invoice\u202Efdp.exe");

    assertThat(e.getMessage())
        .startsWith("refused path \"invoice\\u202efdp.exe\": BIDI_CONTROL - ")
        .contains("U+202E at index 7")
        .doesNotContain("\u202E");
    assertThat(e.path()).isEqualTo("invoice\u202Efdp.exe");
    assertThat(e.rule()).isEqualTo(Rule.BIDI_CONTROL);
  }

  @Test
  void controlCharactersAreShownAsEscapes() {
    UnsafePathException nul = refusal("a.py\u0000.txt");
    UnsafePathException newline = refusal("a\nb");

    assertThat(nul.getMessage()).startsWith("refused path \"a.py\\u0000.txt\": CONTROL_CHARACTER - ")
        .doesNotContain("\u0000");
    assertThat(newline.getMessage()).startsWith("refused path \"a\\u000ab\": CONTROL_CHARACTER - ")
        .doesNotContain("\n");
  }

  @Test
  void backslashesAndQuotesAreEscapedSoTheShownTextIsUnambiguous() {
    UnsafePathException e = refusal("..\\etc\\\"passwd");

    assertThat(e.getMessage()).startsWith("refused path \"..\\\\etc\\\\\\\"passwd\": BACKSLASH - ")
        .contains("separate folders with '/' only");
  }

  @Test
  void invisibleCharactersBeyondTheBmpAreEscapedByCodePoint() {
    UnsafePathException e = refusal("a\uDB40\uDC01b");

    assertThat(e.rule()).isEqualTo(Rule.INVISIBLE_CHARACTER);
    assertThat(e.getMessage()).startsWith("refused path \"a\\u{e0001}b\"");
  }

  @Test
  void aLongPathIsCutInTheMessage() {
    String path = "a/".repeat(1000) + "b";

    UnsafePathException e = refusal(path);

    assertThat(e.rule()).isEqualTo(Rule.TOO_DEEP);
    assertThat(e.path()).isEqualTo(path);
    assertThat(e.getMessage()).contains("…[1701 more code points]").hasSizeLessThan(600)
        .contains("1001 segments, but this workspace allows at most 16 (maxDepth)");
  }

  @Test
  void detailsSayWhatToDo() {
    assertThat(refusal("../etc/passwd").getMessage()).isEqualTo("refused path \"../etc/passwd\": PARENT_SEGMENT - "
        + "segment 1 of 3 is \"..\"; paths must stay below the workspace root and be written without '..'");
    assertThat(refusal("/etc/passwd").detail()).contains("drop the leading '/'");
    assertThat(refusal("src/nul.py").detail()).contains("rename it, e.g. \"nul_.py\"");
    assertThat(refusal(".git/hooks/pre-commit").detail()).contains("choose another folder");
  }

  @Test
  void theConstructorKeepsItsArgumentsForCallersOutsideTheWorkspace() {
    UnsafePathException e = new UnsafePathException("x\ty", Rule.OUTSIDE_WORKSPACE, "resolves outside");

    assertThat(e.getMessage()).isEqualTo("refused path \"x\\u0009y\": OUTSIDE_WORKSPACE - resolves outside");
    assertThat(e.path()).isEqualTo("x\ty");
    assertThat(e.rule()).isEqualTo(Rule.OUTSIDE_WORKSPACE);
    assertThat(e.detail()).isEqualTo("resolves outside");
    assertThat(new UnsafePathException(null, Rule.EMPTY, "no path").getMessage())
        .isEqualTo("refused path \"null\": EMPTY - no path");
  }
}
