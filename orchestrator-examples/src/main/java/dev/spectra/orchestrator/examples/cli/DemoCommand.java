package dev.spectra.orchestrator.examples.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code spectra demo}: replays recorded model replies through all five activities, offline. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Replays recorded model replies for two requests through all five activities (offline, free).")
final class DemoCommand implements Callable<Integer> {
  @ParentCommand
  SpectraCli root;

  @Override
  public Integer call() {
    throw CliFailure.failed("the demo is not available in this build yet: its cassettes are not shipped;"
        + " try 'spectra generate' with a provider, or 'spectra compare' with chaos profiles");
  }
}
