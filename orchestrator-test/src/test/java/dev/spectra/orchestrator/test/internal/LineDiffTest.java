package dev.spectra.orchestrator.test.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LineDiffTest {
  @Test
  void showsChangedLinesWithContextAndCollapsesTheRest() {
    String a = "1\n2\n3\n4\n5\n6\n7\n8\n9";
    String b = "1\n2\n3\n4\nfive\n6\n7\n8\n9";
    assertThat(LineDiff.render(a, b, 1, "")).isEqualTo("  … 3 common lines\n  4\n- 5\n+ five\n  6\n  … 3 common lines\n");
    assertThat(LineDiff.distance(a, b)).isEqualTo(2);
  }

  @Test
  void equalTextsHaveNoDiffAndLineEndingsDoNotCount() {
    assertThat(LineDiff.render("a\r\nb", "a\nb", 2, "")).isEmpty();
    assertThat(LineDiff.distance("a\rb", "a\nb")).isZero();
  }

  @Test
  void insertionsAndDeletionsAreAlignedByTheLongestCommonSubsequence() {
    assertThat(LineDiff.render("a\nb\nc\nd", "a\nx\nb\nd", 5, ">"))
        .isEqualTo(">  a\n>+ x\n>  b\n>- c\n>  d\n");
  }
}
