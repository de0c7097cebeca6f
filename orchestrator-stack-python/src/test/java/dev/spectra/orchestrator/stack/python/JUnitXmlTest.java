package dev.spectra.orchestrator.stack.python;

import dev.spectra.orchestrator.verify.JUnitXml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spectra.orchestrator.OrchestratorException;
import dev.spectra.orchestrator.TestReport.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JUnitXmlTest {
  @TempDir Path dir;

  @Test
  void readsEveryCollectedTestWithIdOutcomeAndText() throws Exception {
    List<JUnitXml.Case> cases = JUnitXml.parse(fixture("mixed.xml"));

    assertThat(cases).extracting(c -> PythonStackToolchain.id(c.classname(), c.name(), c.file())).containsExactly(
        "tests/test_bad.py", "tests/test_main.py::test_root", "tests/test_main.py::test_helper",
        "tests/test_main.py::test_boom", "tests/test_main.py::TestX::test_ok");
    assertThat(cases).extracting(JUnitXml.Case::outcome).containsExactly(
        Outcome.ERROR, Outcome.FAILED, Outcome.FAILED, Outcome.FAILED, Outcome.PASSED);
    assertThat(cases.get(0).message()).isEqualTo("collection failure");
    assertThat(cases.get(0).details()).contains("E   ImportError: cannot import name 'nothing' from 'app.main'");
    assertThat(cases.get(1).message()).startsWith("AssertionError: assert {'message': 'hi'} == {'message': 'bye'}");
    assertThat(cases.get(2).details()).contains("app/main.py:7: ZeroDivisionError");
    assertThat(cases.get(4).message()).isEmpty();
    assertThat(cases.get(4).file()).isEqualTo("tests/test_main.py");
  }

  @Test
  void readsSkippedTests() throws Exception {
    List<JUnitXml.Case> cases = JUnitXml.parse(fixture("syntax.xml"));

    assertThat(cases).extracting(JUnitXml.Case::outcome)
        .containsExactly(Outcome.ERROR, Outcome.SKIPPED, Outcome.PASSED, Outcome.FAILED);
    assertThat(cases.get(1).message()).isEqualTo("not today");
  }

  @Test
  void refusesDoctypesSoNoExternalEntityIsRead() throws Exception {
    Path secret = Files.writeString(dir.resolve("secret.txt"), "top-secret");
    Path xml = Files.writeString(dir.resolve("evil.xml"), "<?xml version=\"1.0\"?>\n"
        + "<!DOCTYPE t [<!ENTITY x SYSTEM \"file://" + secret + "\">]>\n"
        + "<testsuites><testsuite><testcase classname=\"a\" name=\"&x;\" file=\"a.py\"/></testsuite></testsuites>");

    assertThatThrownBy(() -> JUnitXml.parse(xml))
        .isInstanceOf(OrchestratorException.class)
        .hasMessageStartingWith("cannot read the JUnit report evil.xml")
        .hasMessageNotContaining("top-secret");
  }

  @Test
  void truncatedReportIsATypedError() throws Exception {
    Path xml = Files.writeString(dir.resolve("cut.xml"), "<testsuites><testsuite><testcase classname=\"a\"");

    assertThatThrownBy(() -> JUnitXml.parse(xml)).isInstanceOf(OrchestratorException.class);
  }

  @Test
  void buildsPytestIds() {
    assertThat(PythonStackToolchain.id("tests.test_a", "test_x[1-2]", "tests/test_a.py")).isEqualTo("tests/test_a.py::test_x[1-2]");
    assertThat(PythonStackToolchain.id("tests.test_a.TestA.TestB", "test_y", "tests/test_a.py")).isEqualTo("tests/test_a.py::TestA::TestB::test_y");
    assertThat(PythonStackToolchain.id("", "tests.test_a", "tests/test_a.py")).isEqualTo("tests/test_a.py");
    assertThat(PythonStackToolchain.id("tests.test_a", "test_z", "")).isEqualTo("tests.test_a::test_z");
  }

  static Path fixture(String name) throws Exception {
    return Path.of(JUnitXmlTest.class.getResource("junit/" + name).toURI());
  }
}
