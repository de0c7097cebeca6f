package dev.spectra.orchestrator.examples.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

/** One in-process run of the command line with a given environment: exit code, standard output and error. */
record CliRun(int exitCode, String out, String err) {
  static CliRun run(Map<String, String> env, Path workingDir, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = SpectraCli.run(args, new CliContext(env, workingDir, new PrintWriter(out, true), new PrintWriter(err, true), false));
    return new CliRun(code, out.toString(), err.toString());
  }

  /** The non-empty lines of standard error. */
  java.util.List<String> errLines() {
    return err.lines().filter(l -> !l.isBlank()).toList();
  }
}
