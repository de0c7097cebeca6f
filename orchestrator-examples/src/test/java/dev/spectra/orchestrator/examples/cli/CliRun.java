package dev.spectra.orchestrator.examples.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

/**
 * One in-process run of the command line with a given environment: exit code, standard output and error. Public for
 * the tests of other packages (the docs' commands), since the command line's {@code run} is package-private.
 */
public record CliRun(int exitCode, String out, String err) {
  public static CliRun run(Map<String, String> env, Path workingDir, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = SpectraCli.run(args, new CliContext(env, workingDir, new PrintWriter(out, true), new PrintWriter(err, true), false));
    return new CliRun(code, out.toString(), err.toString());
  }

  /** The non-empty lines of standard error. */
  public java.util.List<String> errLines() {
    return err.lines().filter(l -> !l.isBlank()).toList();
  }
}
