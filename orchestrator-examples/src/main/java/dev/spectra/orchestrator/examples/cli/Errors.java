package dev.spectra.orchestrator.examples.cli;

import dev.spectra.orchestrator.llm.LlmConfig;
import dev.spectra.orchestrator.llm.internal.Failures;

import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.UnresolvedModelServerException;
import dev.spectra.orchestrator.RunReport;
import dev.spectra.orchestrator.examples.compare.TimedChatModel;
import dev.spectra.orchestrator.llm.LlmConfigException;
import dev.spectra.orchestrator.llm.ProviderException;
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
      ProviderException.FAILURE_TYPE_PREFIX + ProviderException.Kind.AUTH,
      ProviderException.FAILURE_TYPE_PREFIX + ProviderException.Kind.MODEL_NOT_FOUND,
      ProviderException.FAILURE_TYPE_PREFIX + ProviderException.Kind.UNREACHABLE);

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

  /** The text of an exception as one line: its own message, or its class and its cause's message. */
  static String describe(Throwable e) {
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      Throwable cause = e.getCause();
      message = e.getClass().getSimpleName() + (cause == null ? "" : ": " + describe(cause));
    }
    return message;
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
    return text.replace(Failures.TIMEOUT_SETTING, "--timeout or " + LlmConfig.SPECTRA_TIMEOUT);
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
