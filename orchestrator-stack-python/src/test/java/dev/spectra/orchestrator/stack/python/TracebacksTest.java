package dev.spectra.orchestrator.stack.python;

import dev.spectra.orchestrator.verify.JUnitXml;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TracebacksTest {
  @TempDir Path dir;
  Path root;
  final Predicate<String> isTest = p -> p.startsWith("tests/");

  @BeforeEach
  void setUp() throws Exception {
    root = dir.toRealPath();
  }

  @Test
  void locatesTheInnermostCodeFrameFirstThroughLibraryFrames() throws Exception {
    JUnitXml.Case boom = cases("mixed.xml").get(3);

    assertThat(Tracebacks.frames(boom.details(), root)).containsExactly(
        new Tracebacks.Frame("tests/test_main.py", 10), new Tracebacks.Frame("app/main.py", 13), new Tracebacks.Frame("app/main.py", 7));
    assertThat(Tracebacks.faultFiles(boom.details(), root, isTest)).containsExactly("app/main.py", "tests/test_main.py");
    assertThat(Tracebacks.errorInside("tests/test_main.py", boom.message(), boom.details(), root)).isFalse();
  }

  @Test
  void failedAssertionIsNotAnErrorInsideTheTest() throws Exception {
    JUnitXml.Case root0 = cases("mixed.xml").get(1);

    assertThat(Tracebacks.faultFiles(root0.details(), root, isTest)).containsExactly("tests/test_main.py");
    assertThat(Tracebacks.errorInside("tests/test_main.py", root0.message(), root0.details(), root)).isFalse();
  }

  @Test
  void nameErrorInATestIsAnErrorInsideIt() throws Exception {
    JUnitXml.Case typo = cases("syntax.xml").get(3);

    assertThat(Tracebacks.errorInside("tests/test_other.py", typo.message(), typo.details(), root)).isTrue();
    assertThat(Tracebacks.errorInside("tests/test_main.py", typo.message(), typo.details(), root)).isFalse();
  }

  @Test
  void syntaxErrorFramesAreFoundByPythonsOwnFormat() throws Exception {
    JUnitXml.Case syn = cases("syntax.xml").get(0);

    assertThat(Tracebacks.faultFiles(syn.details(), root, isTest)).containsExactly("app/syn.py", "tests/test_syn.py");
    assertThat(Tracebacks.errorInside("tests/test_syn.py", syn.message(), syn.details(), root)).isFalse();
  }

  @Test
  void importErrorInATestModuleIsInsideIt() throws Exception {
    JUnitXml.Case bad = cases("mixed.xml").get(0);

    assertThat(Tracebacks.faultFiles(bad.details(), root, isTest)).containsExactly("tests/test_bad.py");
    assertThat(Tracebacks.errorInside("tests/test_bad.py", bad.message(), bad.details(), root)).isTrue();
  }

  @Test
  void ignoresPathsOutsideTheWorkspaceAndItsSpectraFolder() {
    String text = "/etc/evil.py:1: in x\n../outside.py:2: in y\n" + root + "/.spectra/tool.py:3: in z\n"
        + "File \"" + root + "/app/ok.py\", line 4, in w\n";

    assertThat(Tracebacks.frames(text, root)).containsExactly(new Tracebacks.Frame("app/ok.py", 4));
  }

  private List<JUnitXml.Case> cases(String fixture) throws Exception {
    String xml = Files.readString(JUnitXmlTest.fixture(fixture)).replace("@ROOT@", root.toString());
    return JUnitXml.parse(Files.writeString(root.resolve(fixture), xml));
  }
}
