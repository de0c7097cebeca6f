package dev.spectra.orchestrator.examples.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine;

/**
 * The {@code spectra} command line.
 *
 * <pre>
 * spectra demo                                  replay the shipped cassettes through all five activities
 * spectra generate "a todo service"             a live run with the provider from the environment or flags
 * spectra generate --temporal 127.0.0.1:7233 --out /shared/ws "a todo service"   the same run on Temporal workers
 * spectra worker --workspace /shared/ws         a Temporal worker for such runs
 * spectra compare --suite requests.txt --models openai:gpt-4o-mini,ollama:mistral --runs 3
 * spectra doctor                                check Java, Python and the configured providers
 * </pre>
 *
 * <p>Exit codes: {@value #EXIT_OK} success; {@value #EXIT_USAGE} bad usage or configuration (including a provider's
 * 401/403 and an unknown model); {@value #EXIT_FAILED} any other failed run. Errors are one line on standard error.
 */
@Command(
    name = "spectra",
    mixinStandardHelpOptions = true,
    versionProvider = SpectraCli.Version.class,
    description = "Plans, generates, tests, deploys and monitors a service from a natural-language request.",
    subcommands = {DemoCommand.class, GenerateCommand.class, WorkerCommand.class, CompareCommand.class, DoctorCommand.class,
        CommandLine.HelpCommand.class},
    footer = {"", "Exit codes: 0 success; 2 bad usage or configuration (also a provider's 401/403 or unknown model);"
        + " 1 any other failed run."})
public final class SpectraCli implements Callable<Integer> {
  /** Success. */
  public static final int EXIT_OK = 0;
  /** Any failed run that is not a usage or configuration error. */
  public static final int EXIT_FAILED = 1;
  /** Bad usage or configuration, including a provider's 401/403 and an unknown model (404). */
  public static final int EXIT_USAGE = 2;

  private final CliContext context;

  @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
      description = "Log what the library does (to standard error). Set before the sub-command or after it.")
  boolean verbose;

  SpectraCli(CliContext context) {
    this.context = context;
  }

  /** Runs the command line in this process and exits with its exit code. */
  public static void main(String[] args) {
    configureLogging(List.of(args).contains("-v") || List.of(args).contains("--verbose"));
    System.exit(run(args, CliContext.system()));
  }

  /**
   * Runs the command line against a given environment and streams; returns the exit code. Never throws for a
   * failed command: the error is one line on {@code context.err()}.
   */
  static int run(String[] args, CliContext context) {
    CommandLine cl = new CommandLine(new SpectraCli(context));
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setOut(context.out());
    cl.setErr(context.err());
    cl.setParameterExceptionHandler((ex, a) -> {
      String command = ex.getCommandLine().getCommandSpec().qualifiedName();
      context.err().println(command + ": " + Errors.oneLine(ex.getMessage(), context.env())
          + " (see '" + command + " --help')");
      context.err().flush();
      return EXIT_USAGE;
    });
    cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      String command = commandLine.getCommandSpec().qualifiedName();
      context.err().println(command + ": " + Errors.oneLine(Errors.describe(ex), context.env()));
      if (commandLine.getCommandSpec().root().userObject() instanceof SpectraCli root && root.verbose) {
        context.err().print(Errors.stackTrace(ex, context.env()));
      }
      context.err().flush();
      return Errors.exitCode(ex);
    });
    int code = cl.execute(args);
    context.out().flush();
    context.err().flush();
    return code;
  }

  /** The environment, working directory and streams of this invocation. */
  CliContext context() {
    return context;
  }

  @Override
  public Integer call() {
    throw CliFailure.usage("a sub-command is required: demo, generate, compare or doctor");
  }

  /** slf4j-simple reads its level once, when the first logger is made: quiet unless {@code --verbose}. */
  private static void configureLogging(boolean verbose) {
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "info" : "off");
    }
    System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
  }

  /** The version from the jar's manifest, or "development build" when run from classes. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = SpectraCli.class.getPackage().getImplementationVersion();
      return new String[] {"spectra " + (v == null ? "(development build)" : v),
          "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
    }
  }
}
