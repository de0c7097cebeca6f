package dev.spectra.orchestrator.examples.cli;


import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.UnresolvedModelServerException;
import dev.spectra.orchestrator.OrchestratorException;
import dev.spectra.orchestrator.RunReport;
import dev.spectra.orchestrator.SettingHint;
import dev.spectra.orchestrator.llm.LlmConfigException;
import dev.spectra.orchestrator.llm.ProviderException;
import dev.spectra.orchestrator.stack.UnwiredStackException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Maps what went wrong to the exit code and the one line the user reads on standard error. Provider answers that
 * only a change of configuration can fix (401/403: bad key; 404: unknown model; a host that does not resolve; a bad
 * setting) are usage errors (exit 2), like bad flags; anything else is a failed run (exit 1). Secrets never reach the
 * line.
 */
final class Errors {
  /** Failure types (simple class names, as {@link RunReport.Failure#type()} holds them) that mean "fix the configuration". */
  static final Set<String> CONFIGURATION_FAILURE_TYPES = Set.of(
      AuthenticationException.class.getSimpleName(),
      ModelNotFoundException.class.getSimpleName(),
      UnresolvedModelServerException.class.getSimpleName(),
      LlmConfigException.class.getSimpleName(),
      UnwiredStackException.class.getSimpleName(),
      ProviderException.FAILURE_TYPE_PREFIX + ProviderException.Kind.AUTH,
      ProviderException.FAILURE_TYPE_PREFIX + ProviderException.Kind.MODEL_NOT_FOUND,
      ProviderException.FAILURE_TYPE_PREFIX + ProviderException.Kind.UNREACHABLE);

  /**
   * The command line's name for each setting the library's messages name by its Java name (see {@link SettingHint}):
   * a CLI user reads a flag, never a builder method. {@code PriceTable.Builder.put} is named with the model's key.
   */
  static final Map<String, String> CLI_NAMES = Map.ofEntries(
      Map.entry("Budget.Builder.maxUsd", "--budget-usd"),
      Map.entry("Budget.Builder.maxTokens", "--max-tokens"),
      Map.entry("Budget.Builder.maxCalls", "--max-calls"),
      Map.entry("Orchestrator.Builder.concurrency", "--concurrency"),
      Map.entry("LlmConfig.Builder.provider", "--provider"),
      Map.entry("LlmConfig.Builder.openAiModel", "--model"),
      Map.entry("LlmConfig.Builder.ollamaModel", "--model"),
      Map.entry("LlmConfig.Builder.openAiBaseUrl", "--base-url"),
      Map.entry("LlmConfig.Builder.ollamaBaseUrl", "--base-url"),
      Map.entry("LlmConfig.Builder.timeout", "--timeout"),
      Map.entry("LlmConfig.Builder.ollamaContext", "--ollama-context"),
      Map.entry("RetryPolicy.Builder.maxRetryAfter", "--max-retry-after"),
      Map.entry("SpectraLlm.Builder.rateLimit", "--requests-per-minute"),
      Map.entry("PriceTable.Builder.put", "--price PROVIDER:MODEL=IN,OUT"),
      Map.entry("ServiceRequest.withStack", "--stack"),
      // library limits the command line does not set: named as what they are, not as a method
      Map.entry("Workspace.Builder.maxFiles", "the workspace's file limit (a library setting the command line keeps at its default)"),
      Map.entry("Workspace.Builder.maxTotalBytes", "the workspace's size limit (a library setting the command line keeps at its default)"),
      Map.entry("Workspace.Builder.maxFileBytes", "the file size limit (a library setting the command line keeps at its default)"),
      Map.entry("ChunkedBuild.Builder.maxAttempts", "the attempts per file (a library setting the command line keeps at its default)"),
      Map.entry("Budget.Builder.maxWallTime", "the wall-time limit (a library setting the command line does not set)"),
      Map.entry("ProcessDeployer.Builder.serviceEnvironment",
          "the library's deployer settings (the command line starts the service without them)"));

  private static final Pattern OPENAI_KEY = Pattern.compile("sk-[A-Za-z0-9_*\\-]{6,}");
  private static final Pattern SECRET_NAME = Pattern.compile(".*(KEY|TOKEN|SECRET|PASSWORD).*");
  private static final int MAX_LINE = 600;

  private Errors() {}

  /** The exit code for an exception that escaped a command. */
  static int exitCode(Throwable e) {
    if (e instanceof CliFailure f) {
      return f.exitCode();
    }
    if (e instanceof CommandLine.ParameterException) {
      return SpectraCli.EXIT_USAGE;
    }
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (isConfiguration(t)) {
        return SpectraCli.EXIT_USAGE;
      }
    }
    return SpectraCli.EXIT_FAILED;
  }

  /** The exit code for a run that ended with this failure. */
  static int exitCode(RunReport.Failure failure) {
    return CONFIGURATION_FAILURE_TYPES.contains(failure.type()) ? SpectraCli.EXIT_USAGE : SpectraCli.EXIT_FAILED;
  }

  /**
   * The first error, among those the models of a run threw, that only a change of settings can fix (a rejected key,
   * an unknown model); the library turns it into a provider-neutral failure whose type alone does not say so.
   */
  static Optional<RuntimeException> configurationError(List<TimedChatModel> models) {
    for (TimedChatModel m : models) {
      for (RuntimeException e : m.errors()) {
        if (exitCode(e) == SpectraCli.EXIT_USAGE) {
          return Optional.of(e);
        }
      }
    }
    return Optional.empty();
  }

  private static boolean isConfiguration(Throwable t) {
    if (t instanceof ProviderException p) {
      return p.kind() == ProviderException.Kind.AUTH || p.kind() == ProviderException.Kind.MODEL_NOT_FOUND
          || p.kind() == ProviderException.Kind.UNREACHABLE;
    }
    return t instanceof AuthenticationException || t instanceof ModelNotFoundException
        || t instanceof UnresolvedModelServerException || t instanceof LlmConfigException;
  }

  /**
   * The text of an exception as the command line shows it: its own message (or its class and its cause's message),
   * with every setting it names by a Java name named by its flag instead ({@link #forCli}).
   */
  static String describe(Throwable e) {
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      Throwable cause = e.getCause();
      message = e.getClass().getSimpleName() + (cause == null ? "" : ": " + describe(cause));
    }
    return forCli(message, hints(e), Map.of());
  }

  /** The hints of the first library exception in {@code e}'s chain (an IllegalStateException may wrap one). */
  static List<SettingHint> hints(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof OrchestratorException o && !o.hints().isEmpty()) {
        return o.hints();
      }
    }
    return List.of();
  }

  /**
   * {@code text} with each setting named by its flag: first the hinted ones (a price is named with its model, e.g.
   * {@code --price ollama:x=IN,OUT}), then any other Java name {@link #CLI_NAMES} knows (notes and run reports carry
   * text only). {@code overrides} renames per command (compare names models with {@code --models}).
   */
  static String forCli(String text, List<SettingHint> hints, Map<String, String> overrides) {
    String out = OrchestratorException.renamed(text, hints, h -> {
      if (overrides.containsKey(h.javaName())) {
        return overrides.get(h.javaName());
      }
      if (h.key().equals(SettingHint.PRICE) && h.value() != null) {
        return "--price " + h.value() + "=IN,OUT (USD per million input and output tokens)";
      }
      return CLI_NAMES.get(h.javaName());
    });
    for (Map.Entry<String, String> e : overrides.entrySet()) {
      out = out.replace(e.getKey(), e.getValue());
    }
    for (Map.Entry<String, String> e : CLI_NAMES.entrySet()) {
      out = out.replace(e.getKey(), e.getValue());
    }
    // the library's settings builder is the command line's flags
    return out.replace("(from the builder)", "(from the command line)");
  }

  /**
   * {@code text} on one line, at most {@value #MAX_LINE} characters, with API keys masked: OpenAI-style keys and the
   * value of every environment variable whose name says it holds a key, token, secret or password.
   */
  static String oneLine(String text, Map<String, String> env) {
    String line = masked(text == null ? "" : cliNames(text).replaceAll("\\s*[\\r\\n]+\\s*", " ").strip(), env);
    return line.length() <= MAX_LINE ? line : line.substring(0, MAX_LINE - 1) + "…";
  }

  /** A message for a CLI user: the Java settings it names become the command line's flags. */
  static String cliNames(String text) {
    return forCli(text, List.of(), Map.of());
  }

  /**
   * The stack trace of {@code e}, masked like {@link #oneLine}: the causes of a provider failure hold the provider's
   * raw error body, which may echo a key.
   */
  static String stackTrace(Throwable e, Map<String, String> env) {
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    return masked(trace.toString(), env);
  }

  private static String masked(String text, Map<String, String> env) {
    String out = text;
    for (Map.Entry<String, String> e : env.entrySet()) {
      String value = e.getValue();
      if (value != null && value.strip().length() >= 4 && SECRET_NAME.matcher(e.getKey()).matches()) {
        out = out.replace(value.strip(), "***");
      }
    }
    return OPENAI_KEY.matcher(out).replaceAll("sk-***");
  }
}
