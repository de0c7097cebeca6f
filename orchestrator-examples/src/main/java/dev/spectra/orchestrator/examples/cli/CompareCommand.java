package dev.spectra.orchestrator.examples.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code spectra compare}: runs a request suite across models and writes results.json and report.html. */
@Command(name = "compare", mixinStandardHelpOptions = true,
    description = "Runs a request suite across models, N runs each, and writes results.json and a self-contained report.html.")
final class CompareCommand implements Callable<Integer> {
  @ParentCommand
  SpectraCli root;

  @Option(names = "--suite", required = true, paramLabel = "FILE",
      description = "The requests: a text file, one request per line; blank lines and lines starting with # are ignored.")
  Path suite;

  @Option(names = "--models", required = true, split = ",", paramLabel = "PROVIDER:MODEL",
      description = "The models, e.g. openai:gpt-4o-mini,ollama:mistral; offline: chaos:<profile> or replay:<cassette>.")
  List<String> models;

  @Option(names = "--runs", defaultValue = "1", paramLabel = "N", description = "Runs per request and model (default ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--out", defaultValue = "out/compare", paramLabel = "DIR",
      description = "Where results.json, report.html and the workspaces go (default ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() {
    throw CliFailure.failed("compare is not available in this build yet");
  }
}
