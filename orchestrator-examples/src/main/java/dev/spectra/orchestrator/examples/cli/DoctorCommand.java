package dev.spectra.orchestrator.examples.cli;

import dev.spectra.orchestrator.SettingHint;
import dev.spectra.orchestrator.llm.LlmConfig;
import dev.spectra.orchestrator.llm.LlmConfigException;
import dev.spectra.orchestrator.llm.ModelSpec;
import dev.spectra.orchestrator.sandbox.Sandbox;
import dev.spectra.orchestrator.stack.ToolchainUnavailableException;
import dev.spectra.orchestrator.stack.java.JavaSpringBootStack;
import dev.spectra.orchestrator.stack.java.JavaToolchain;
import dev.spectra.orchestrator.stack.java.MavenRepository;
import dev.spectra.orchestrator.stack.python.PythonToolchain;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code spectra doctor}: checks Java, the Python toolchain, the sandbox (bubblewrap) and the reachability of the configured providers, each
 * with a fix. Exit 0 when nothing failed; 2 when a failure is one of configuration (a rejected key, an unknown
 * model, a bad setting); 1 otherwise.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
    description = {"Checks Java, the Python toolchain, the sandbox (bubblewrap) and the reachability of the configured providers; prints a fix for each problem.",
        "Providers are asked with short timeouts: OpenAI GET <OPENAI_BASE_URL>/models with the key, Ollama GET <OLLAMA_BASE_URL>/api/tags."})
final class DoctorCommand implements Callable<Integer> {
  static final int MIN_JAVA = 17;

  /** What doctor can check. */
  enum Part {
    JAVA, PYTHON, MAVEN, ISOLATION, PROVIDERS
  }

  @ParentCommand
  SpectraCli root;

  @Option(names = "--only", split = ",", paramLabel = "PART",
      description = "Check only these: ${COMPLETION-CANDIDATES} (default: all).")
  Set<Part> only = EnumSet.allOf(Part.class);

  @Override
  public Integer call() {
    CliContext ctx = root.context();
    List<Check> checks = new ArrayList<>();
    if (only.contains(Part.JAVA)) {
      checks.add(java());
    }
    if (only.contains(Part.PYTHON)) {
      checks.add(python(ctx));
    }
    if (only.contains(Part.MAVEN)) {
      checks.add(maven(JavaToolchain.Candidates.defaults(), MavenRepository.defaultLocation()));
    }
    if (only.contains(Part.ISOLATION)) {
      checks.add(isolation());
    }
    LlmConfig config = null;
    if (only.contains(Part.PROVIDERS)) {
      try {
        config = Settings.llmConfig(ctx).build();
      } catch (LlmConfigException | IllegalArgumentException e) {
        checks.add(Check.failConfig("settings", Errors.oneLine(Errors.describe(e), ctx.env()), settingFix(e)));
      }
    }
    if (config != null) {
      checks.addAll(providers(config, new ProviderProbe()));
    }
    print(ctx.out(), checks, config);
    return exitCode(checks);
  }

  /** What to change for a bad setting: the variable the exception's hint names, and where to set it. */
  static String settingFix(RuntimeException e) {
    List<SettingHint> hints = Errors.hints(e);
    if (hints.isEmpty()) {
      return "correct the value the line above names, in the environment or ./.env, as it says";
    }
    SettingHint h = hints.get(0);
    return "set " + h.key() + " to a valid value" + (h.value() == null ? "" : " (it is \"" + h.value() + "\" now)")
        + " in the environment or ./.env, or unset it to use the default";
  }

  static Check java() {
    Runtime.Version v = Runtime.version();
    String detail = "Java " + v + " (" + System.getProperty("java.vendor") + ") at " + System.getProperty("java.home");
    return v.feature() >= MIN_JAVA ? Check.ok("Java", detail)
        : Check.fail("Java", detail, "install a JDK " + MIN_JAVA + " or newer and put it first on PATH (or set JAVA_HOME)");
  }

  /**
   * Whether bubblewrap can sandbox generated code here. Missing is a warning: runs still work, with Test and Deploy
   * SKIPPED unless {@code generate --no-isolation}.
   */
  static Check isolation() {
    return Sandbox.isolationVersion().map(v -> Check.ok("Isolation", v + ": generated code runs in its own namespaces"))
        .orElseGet(() -> Check.warn("Isolation", Sandbox.isolationProblem().orElse("bubblewrap is unusable"),
            "install bubblewrap (Debian/Ubuntu: apt-get install bubblewrap), or run generate with --no-isolation"));
  }

  /**
   * The interpreter the python-fastapi stack would use, found as the run finds it ({@code SPECTRA_PYTHON} first, from
   * the command's environment too). Missing is a warning: runs still work, with Test and Deploy SKIPPED.
   */
  static Check python(CliContext ctx) {
    try {
      PythonToolchain python = PythonToolchain.discover(Wiring.pythonCandidates(ctx));
      return Check.ok("Python", python.description()
          + (python.rejected().isEmpty() ? "" : "; not chosen: " + String.join("; ", python.rejected())));
    } catch (ToolchainUnavailableException e) {
      return Check.warn("Python", "no interpreter can import " + String.join(", ", PythonToolchain.REQUIRED_MODULES)
          + " (tried: " + String.join("; ", e.tried()) + "); generated services will not be tested or deployed",
          PythonToolchain.INSTALL_HINT);
    }
  }

  /**
   * The JDK and Maven the java-spring-boot stack ({@code --stack java-spring-boot}) would build with, found as a run
   * finds them, and whether its shared repository is ready. Missing is a warning: python-fastapi runs do not need it.
   */
  static Check maven(JavaToolchain.Candidates candidates, Path repository) {
    JavaToolchain found;
    try {
      found = JavaToolchain.discover(candidates);
    } catch (ToolchainUnavailableException e) {
      return Check.warn("Maven", "no JDK " + JavaSpringBootStack.JAVA_RELEASE + "+ with a Maven that runs on it (tried: "
          + String.join("; ", e.tried()) + "); --stack java-spring-boot services will not be built or tested",
          JavaToolchain.INSTALL_HINT);
    }
    String repo = MavenRepository.isPrepared(repository)
        ? "; shared repository ready at " + repository
        : "; shared repository at " + repository + " not yet prepared: the first --stack java-spring-boot run downloads"
            + " Spring Boot " + JavaSpringBootStack.SPRING_BOOT_VERSION + " (about 75 MB) once (" + MavenRepository.ENV
            + " to use another)";
    return Check.ok("Maven", found.description() + repo);
  }

  /** One check per provider some activity uses, with the models routed to it. */
  static List<Check> providers(LlmConfig config, ProviderProbe probe) {
    Map<String, List<String>> models = new LinkedHashMap<>();
    for (ModelSpec m : config.routes().values()) {
      List<String> names = models.computeIfAbsent(m.provider(), p -> new ArrayList<>());
      if (!names.contains(m.name())) {
        names.add(m.name());
      }
    }
    List<Check> checks = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : models.entrySet()) {
      for (String model : e.getValue()) {
        checks.add(e.getKey().equals(ModelSpec.OPENAI)
            ? probe.openAi(config.openAiBaseUrl(), config.openAiApiKey().orElse(null), model)
            : probe.ollama(config.ollamaBaseUrl(), model));
      }
    }
    return checks;
  }

  static int exitCode(List<Check> checks) {
    boolean config = checks.stream().anyMatch(c -> c.status() == Check.Status.FAIL_CONFIG);
    boolean failed = checks.stream().anyMatch(c -> c.status() == Check.Status.FAIL);
    return config ? SpectraCli.EXIT_USAGE : failed ? SpectraCli.EXIT_FAILED : SpectraCli.EXIT_OK;
  }

  private static void print(PrintWriter out, List<Check> checks, LlmConfig config) {
    for (Check c : checks) {
      out.printf("[%-4s] %-8s %s%n", c.tag(), c.name(), c.detail());
      if (!c.fix().isEmpty()) {
        out.printf("       %-8s fix: %s%n", "", c.fix());
      }
    }
    if (config != null) {
      out.println();
      out.println("Settings (value and where it came from):");
      config.describe().lines().forEach(l -> out.println("  " + l));
    }
    long failed = checks.stream().filter(c -> c.status() == Check.Status.FAIL || c.status() == Check.Status.FAIL_CONFIG).count();
    out.println();
    out.println(failed == 0 ? "All checks passed." : failed + (failed == 1 ? " check failed." : " checks failed."));
    out.flush();
  }
}
