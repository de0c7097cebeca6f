package dev.spectra.orchestrator.examples.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code spectra doctor}: checks Java, the Python toolchain and the configured providers, each with a fix. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
    description = "Checks Java, the Python toolchain and the reachability of the configured providers; prints a fix for each problem.")
final class DoctorCommand implements Callable<Integer> {
  @ParentCommand
  SpectraCli root;

  @Override
  public Integer call() {
    throw CliFailure.failed("doctor is not available in this build yet");
  }
}
