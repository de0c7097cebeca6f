package dev.spectra.orchestrator.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RequestSuiteTest {
  @TempDir
  Path dir;

  @Test
  void oneRequestPerLineWithoutCommentsAndBlankLines() throws Exception {
    Path file = Files.writeString(dir.resolve("suite.txt"), "# comment\n\n  A hello service  \n#another\nA todo API {{x}}\n");

    RequestSuite suite = RequestSuite.read(file);

    assertThat(suite.name()).isEqualTo("suite.txt");
    assertThat(suite.requests()).containsExactly("A hello service", "A todo API {{x}}");
  }

  @Test
  void aSuiteWithoutRequestsIsRejectedWithTheFormat() throws Exception {
    Path file = Files.writeString(dir.resolve("empty.txt"), "# nothing\n\n");

    assertThatThrownBy(() -> RequestSuite.read(file))
        .hasMessage("suite empty.txt holds no request: write one request per line");
  }

  @Test
  void aMissingFileIsNamed() {
    assertThatThrownBy(() -> RequestSuite.read(dir.resolve("nope.txt")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("request suite " + dir.resolve("nope.txt") + " does not exist; write one request per line into it");
  }
}
