package dev.spectra.orchestrator.examples.cli;

import dev.spectra.orchestrator.cost.Budget;
import dev.spectra.orchestrator.cost.Price;
import dev.spectra.orchestrator.cost.PriceTable;
import dev.spectra.orchestrator.llm.LlmConfig;
import dev.spectra.orchestrator.llm.ModelSpec;
import dev.spectra.orchestrator.llm.RateLimit;
import dev.spectra.orchestrator.llm.RetryPolicy;
import dev.spectra.orchestrator.llm.SpectraLlm;
import dev.spectra.orchestrator.sandbox.Sandbox;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * The limits and model-call settings of a live run, shared by {@code generate}, {@code compare} and {@code worker}:
 * the budget ({@code --budget-usd}, {@code --max-tokens}, {@code --max-calls}), prices for models the built-in table
 * lacks ({@code --price}), the call settings a provider failure may ask to change ({@code --timeout},
 * {@code --max-retry-after}, {@code --requests-per-minute}, {@code --ollama-context}), the sandbox waiver
 * ({@code --no-isolation}) and the stack ({@code --stack}). Each is the command line's name for a library setting;
 * {@link Errors#CLI_NAMES} maps the library's messages onto them.
 */
final class RunOptions {
  private static final Pattern PRICE = Pattern.compile("([a-z0-9_-]+:[^=\\s]+)=([0-9.]+),([0-9.]+)");

  @Option(names = "--budget-usd", paramLabel = "USD", converter = Usd.class,
      description = "Stop a run before it could spend more than this many US dollars (needs a price for every model).")
  BigDecimal budgetUsd;

  @Option(names = "--max-tokens", paramLabel = "N", description = "Stop a run before its model calls could use more than N tokens.")
  Long maxTokens;

  @Option(names = "--max-calls", paramLabel = "N", description = "Stop a run before it makes more than N model calls.")
  Long maxCalls;

  @Option(names = "--price", paramLabel = "PROVIDER:MODEL=IN,OUT",
      description = "The price of a model the built-in table lacks, in USD per million input and output tokens,"
          + " e.g. --price ollama:mistral=0,0 or --price openai:my-model=0.5,1.5; repeatable.")
  List<String> prices = new ArrayList<>();

  @Option(names = "--timeout", paramLabel = "SECONDS", description = "The deadline of one model call, headers and body; a call"
      + " that misses it is retried once (default: SPECTRA_TIMEOUT, else 60).")
  Integer timeoutSeconds;

  @Option(names = "--max-retry-after", paramLabel = "SECONDS",
      description = "The longest wait a provider's rate limit (429 Retry-After) may ask for before the run gives up (default 60).")
  Integer maxRetryAfterSeconds;

  @Option(names = "--requests-per-minute", paramLabel = "N", description = "At most N model calls a minute per provider.")
  Integer requestsPerMinute;

  @Option(names = "--no-isolation", description = "Where bubblewrap is unusable, run the generated tests and service WITHOUT a sandbox"
      + " (warned on every run, recorded in the report) instead of skipping Test and Deploy.")
  boolean noIsolation;

  @Option(names = "--stack", paramLabel = "java-spring-boot|python-fastapi", defaultValue = "python-fastapi",
      description = {"The stack to generate the service for (default ${DEFAULT-VALUE}).",
          "java-spring-boot needs a JDK 17+ and Maven; its dependencies are downloaded once into a shared repository"
              + " (SPECTRA_MAVEN_REPOSITORY)."})
  String stack = Wiring.STACKS.get(0);

  @Option(names = "--ollama-context", paramLabel = "TOKENS",
      description = "The largest context window (num_ctx) asked of Ollama (default 32768).")
  Integer ollamaContext;

  /**
   * With {@code --no-isolation} on a machine where bubblewrap is unusable, warns on standard error that generated code
   * will run without a sandbox. Every run warns again (the steps note it), and the test report records it.
   */
  void warnIfUnisolated(CliContext ctx, String command) {
    if (noIsolation) {
      Sandbox.isolationProblem().ifPresent(problem -> {
        ctx.err().println("spectra " + command + ": WARNING: --no-isolation: generated code will run WITHOUT a sandbox ("
            + problem + ")");
        ctx.err().flush();
      });
    }
  }

  /** The stack of {@code --stack}, one of {@link Wiring#STACKS}. */
  String stack() {
    if (!Wiring.STACKS.contains(stack)) {
      throw CliFailure.usage("--stack must be one of " + String.join(", ", Wiring.STACKS) + ", but was \"" + stack + "\"");
    }
    return stack;
  }

  /** The budget the flags set (unlimited without any). */
  Budget budget() {
    Budget.Builder b = Budget.builder();
    if (budgetUsd != null) {
      if (budgetUsd.signum() <= 0) {
        throw CliFailure.usage("--budget-usd must be > 0, but was " + budgetUsd.toPlainString());
      }
      b.maxUsd(budgetUsd);
    }
    if (maxTokens != null) {
      b.maxTokens(positive("--max-tokens", maxTokens));
    }
    if (maxCalls != null) {
      b.maxCalls(positive("--max-calls", maxCalls));
    }
    return b.build();
  }

  /**
   * The flags given that set how the models are called or generated code is run, which with {@code --temporal} belong
   * to the workers ({@code spectra worker}), not to the client.
   */
  List<String> workerFlagsGiven() {
    List<String> given = new ArrayList<>();
    if (!prices.isEmpty()) {
      given.add("--price");
    }
    if (timeoutSeconds != null) {
      given.add("--timeout");
    }
    if (maxRetryAfterSeconds != null) {
      given.add("--max-retry-after");
    }
    if (requestsPerMinute != null) {
      given.add("--requests-per-minute");
    }
    if (noIsolation) {
      given.add("--no-isolation");
    }
    if (ollamaContext != null) {
      given.add("--ollama-context");
    }
    return given;
  }

  /** The built-in prices with every {@code --price} laid over them. */
  PriceTable prices() {
    if (prices.isEmpty()) {
      return PriceTable.defaults();
    }
    PriceTable.Builder b = PriceTable.defaults().toBuilder();
    for (String p : prices) {
      Matcher m = PRICE.matcher(p.strip());
      if (!m.matches()) {
        throw CliFailure.usage("--price must be PROVIDER:MODEL=IN,OUT in USD per million input and output tokens,"
            + " e.g. ollama:mistral=0,0, but was \"" + p + "\"");
      }
      try {
        ModelSpec.parse(m.group(1));
        b.put(m.group(1), new Price(new BigDecimal(m.group(2)), new BigDecimal(m.group(2)), new BigDecimal(m.group(3))));
      } catch (IllegalArgumentException e) {
        throw CliFailure.usage("--price " + p + ": " + e.getMessage(), e);
      }
    }
    return b.build();
  }

  /** Lays {@code --timeout} and {@code --ollama-context} over the model settings. */
  void configure(LlmConfig.Builder b) {
    if (timeoutSeconds != null) {
      b.timeout(Duration.ofSeconds(positive("--timeout", timeoutSeconds)));
    }
    if (ollamaContext != null) {
      int max = (int) positive("--ollama-context", ollamaContext);
      if (max < 512) {
        throw CliFailure.usage("--ollama-context must be >= 512 tokens, but was " + max);
      }
      b.ollamaContext(Math.min(LlmConfig.DEFAULT_OLLAMA_MIN_CONTEXT, max), max);
    }
  }

  /** Lays {@code --max-retry-after} and {@code --requests-per-minute} over the library's call settings. */
  void configure(SpectraLlm.Builder b, Iterable<String> providers) {
    if (maxRetryAfterSeconds != null) {
      if (maxRetryAfterSeconds < 0) {
        throw CliFailure.usage("--max-retry-after must be >= 0, but was " + maxRetryAfterSeconds);
      }
      b.retryPolicy(RetryPolicy.ofDefaults().toBuilder().maxRetryAfter(Duration.ofSeconds(maxRetryAfterSeconds)).build());
    }
    if (requestsPerMinute != null) {
      int rpm = (int) positive("--requests-per-minute", requestsPerMinute);
      for (String p : providers) {
        b.rateLimit(p, new RateLimit(RateLimit.defaultFor(p).maxConcurrent(), rpm));
      }
    }
  }

  private static long positive(String flag, long value) {
    if (value <= 0) {
      throw CliFailure.usage(flag + " must be > 0, but was " + value);
    }
    return value;
  }

  /** Reads {@code --budget-usd}: a clean message for what is not an amount. */
  static final class Usd implements CommandLine.ITypeConverter<BigDecimal> {
    @Override
    public BigDecimal convert(String value) {
      try {
        return new BigDecimal(value.strip());
      } catch (NumberFormatException e) {
        throw new CommandLine.TypeConversionException("'" + value + "' is not an amount in US dollars, e.g. 0.50");
      }
    }
  }
}
