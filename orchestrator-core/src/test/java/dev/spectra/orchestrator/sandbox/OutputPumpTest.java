package dev.spectra.orchestrator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputPumpTest {
  @TempDir
  Path dir;

  @Test
  void aCaptureFileThatCannotBeOpenedStillDrainsTheStreamAndSaysWhy() throws Exception {
    byte[] output = ("x".repeat(200_000) + "the end\n").getBytes(StandardCharsets.UTF_8);
    ByteArrayInputStream in = new ByteArrayInputStream(output);
    Path unwritable = dir.resolve("missing-folder/capture.log");
    OutputPump pump = new OutputPump(in, unwritable, 1_000_000, "pump-test");

    pump.start();
    pump.join(30_000);

    assertThat(in.available()).as("bytes left unread in the pipe").isZero();
    assertThat(pump.text()).endsWith("the end\n");
    assertThat(unwritable).doesNotExist();
  }

  @Test
  void theNoteOfAFileThatCannotBeOpenedIsKeptWhenTheOutputIsShort() throws Exception {
    Path unwritable = dir.resolve("missing-folder/capture.log");
    OutputPump pump = new OutputPump(new ByteArrayInputStream("ok\n".getBytes(StandardCharsets.UTF_8)), unwritable,
        1_000_000, "pump-test");

    pump.start();
    pump.join(30_000);

    assertThat(pump.text()).startsWith("[spectra: cannot write " + unwritable + ": ").endsWith("]\nok\n");
  }
}
