package dev.spectra.orchestrator.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.spectra.orchestrator.Activity;
import dev.spectra.orchestrator.RunReport;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpectraCliTest {
  @TempDir
  Path dir;

  @Test
  void helpListsTheFourSubCommandsAndTheExitCodes() {
    CliRun run = CliRun.run(Map.of(), dir, "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("demo", "generate", "compare", "doctor", "Exit codes: 0 success; 2 bad usage");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void versionPrintsTheJavaVersion() {
    CliRun run = CliRun.run(Map.of(), dir, "--version");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("spectra ").contains("Java " + System.getProperty("java.version"));
  }

  @Test
  void withoutASubCommandItIsAUsageErrorOnOneLine() {
    CliRun run = CliRun.run(Map.of(), dir);

    assertThat(run.exitCode()).isEqualTo(SpectraCli.EXIT_USAGE);
    assertThat(run.errLines()).singleElement().asString()
        .isEqualTo("spectra: a sub-command is required: demo, generate, compare or doctor");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void anUnknownOptionIsAUsageErrorOnOneLineNamingIt() {
    CliRun run = CliRun.run(Map.of(), dir, "generate", "--bogus", "hello");

    assertThat(run.exitCode()).isEqualTo(SpectraCli.EXIT_USAGE);
    assertThat(run.errLines()).singleElement().asString()
        .startsWith("spectra generate: Unknown option: '--bogus'")
        .endsWith("(see 'spectra generate --help')");
  }

  @Test
  void aMissingRequiredOptionIsAUsageError() {
    CliRun run = CliRun.run(Map.of(), dir, "compare", "--models", "chaos:clean");

    assertThat(run.exitCode()).isEqualTo(SpectraCli.EXIT_USAGE);
    assertThat(run.errLines()).singleElement().asString().contains("--suite");
  }

  @Test
  void anUnknownSubCommandIsAUsageError() {
    CliRun run = CliRun.run(Map.of(), dir, "deploy-everything");

    assertThat(run.exitCode()).isEqualTo(SpectraCli.EXIT_USAGE);
    assertThat(run.errLines()).singleElement().asString().contains("deploy-everything");
  }

  @Test
  void providerAuthenticationAndUnknownModelAreConfigurationErrors() {
    assertThat(Errors.exitCode(new AuthenticationException("{\"error\":\"bad key\"}"))).isEqualTo(SpectraCli.EXIT_USAGE);
    assertThat(Errors.exitCode(new IllegalStateException("wrapped", new ModelNotFoundException("no such model"))))
        .isEqualTo(SpectraCli.EXIT_USAGE);
    assertThat(Errors.exitCode(new IllegalStateException("disk full"))).isEqualTo(SpectraCli.EXIT_FAILED);
    assertThat(Errors.exitCode(new RunReport.Failure(Activity.PLAN, "AuthenticationException", "401")))
        .isEqualTo(SpectraCli.EXIT_USAGE);
    assertThat(Errors.exitCode(new RunReport.Failure(Activity.TEST, "TESTS_FAILED", "2 of 5 tests failed")))
        .isEqualTo(SpectraCli.EXIT_FAILED);
    // A provider failure recorded in a report: a rejected key or an unknown model is configuration, an outage is not.
    assertThat(Errors.exitCode(new RunReport.Failure(Activity.BUILD, "PROVIDER_AUTH", "401"))).isEqualTo(SpectraCli.EXIT_USAGE);
    assertThat(Errors.exitCode(new RunReport.Failure(Activity.PLAN, "PROVIDER_MODEL_NOT_FOUND", "404")))
        .isEqualTo(SpectraCli.EXIT_USAGE);
    assertThat(Errors.exitCode(new RunReport.Failure(Activity.BUILD, "PROVIDER_UNAVAILABLE", "503 after 4 attempts")))
        .isEqualTo(SpectraCli.EXIT_FAILED);
  }

  @Test
  void oneLineJoinsLinesAndMasksSecrets() {
    Map<String, String> env = Map.of("OPENAI_API_KEY", "my-secret-value", "HOME", "/root");

    String line = Errors.oneLine("rejected key my-secret-value\n  and sk-proj-abcdef123456 in /root", env);

    assertThat(line).isEqualTo("rejected key *** and sk-*** in /root");
  }

  @Test
  void theVerboseStackTraceMasksSecretsInTheCauses() {
    Map<String, String> env = Map.of("OPENAI_API_KEY", "my-secret-value");
    RuntimeException e = new IllegalStateException("call failed",
        new RuntimeException("{\"error\": \"bad key my-secret-value\"}", new RuntimeException("sk-proj-abcdef123456")));

    String trace = Errors.stackTrace(e, env);

    assertThat(trace).contains("Caused by: java.lang.RuntimeException: {\"error\": \"bad key ***\"}")
        .contains("Caused by: java.lang.RuntimeException: sk-***").doesNotContain("my-secret-value").doesNotContain("abcdef123456");
  }
}
