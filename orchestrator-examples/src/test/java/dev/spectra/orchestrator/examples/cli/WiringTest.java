package dev.spectra.orchestrator.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spectra.orchestrator.stack.TargetStack;
import dev.spectra.orchestrator.stack.java.JavaSpringBootStack;
import dev.spectra.orchestrator.stack.python.PythonFastApiStack;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stack a command's wiring builds for, and that it is made once per command however many runs it serves. */
class WiringTest {
  @TempDir Path dir;

  Wiring wiring() {
    PrintWriter discard = new PrintWriter(Writer.nullWriter());
    return new Wiring(new CliContext(Map.of(), dir, discard, discard, false));
  }

  @Test
  void theJavaStackIsOneInstancePerCommandSoItsToolchainIsFoundOnce() {
    Wiring wiring = wiring().forStack(JavaSpringBootStack.ID);

    TargetStack first = wiring.chosenStack();

    assertThat(first).isInstanceOf(JavaSpringBootStack.class);
    assertThat(wiring.chosenStack()).isSameAs(first);
    assertThat(wiring().forStack(JavaSpringBootStack.ID).chosenStack()).as("another command").isNotSameAs(first);
  }

  @Test
  void pythonIsTheDefaultAndAnUnknownStackIsRefusedByName() {
    assertThat(wiring().chosenStack()).isInstanceOf(PythonFastApiStack.class);
    assertThatThrownBy(() -> wiring().forStack("ruby-on-rails")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("stackId must be one of [python-fastapi, java-spring-boot], but was \"ruby-on-rails\"");
  }
}
