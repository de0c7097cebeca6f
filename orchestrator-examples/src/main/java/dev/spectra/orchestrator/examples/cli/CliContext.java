package dev.spectra.orchestrator.examples.cli;

import dev.spectra.orchestrator.internal.Checks;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a command sees of the outside world: the environment variables, the working directory and the two output
 * streams. {@link #system()} is the real process; tests pass their own map and writers, so that configuration
 * "only through environment variables" is exercised without touching the test JVM's environment.
 *
 * @param env the environment variables (never logged: they may hold API keys)
 * @param workingDir the directory relative paths are resolved against
 * @param out standard output: results, and the JSON of {@code --json}
 * @param err standard error: progress and the one-line error
 * @param terminal whether standard error is an interactive terminal (live progress bars are drawn only there)
 */
record CliContext(Map<String, String> env, Path workingDir, PrintWriter out, PrintWriter err, boolean terminal) {
  public CliContext {
    env = Map.copyOf(Checks.notNull(env, "env"));
    workingDir = Checks.notNull(workingDir, "workingDir").toAbsolutePath().normalize();
    Checks.notNull(out, "out");
    Checks.notNull(err, "err");
  }

  /** The real process: {@code System.getenv()}, the current directory, {@code System.out} and {@code System.err}. */
  public static CliContext system() {
    boolean terminal = System.console() != null && !"dumb".equals(System.getenv("TERM"));
    return new CliContext(System.getenv(), Path.of(""),
        new PrintWriter(System.out, true), new PrintWriter(System.err, true), terminal);
  }

  /** The variable's value, or {@code null} when unset or blank. */
  public String getenv(String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? null : v.trim();
  }

  /** {@code path} resolved against the working directory. */
  public Path resolve(String path) {
    return workingDir.resolve(path).normalize();
  }
}
