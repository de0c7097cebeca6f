package dev.spectra.orchestrator.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spectra.orchestrator.stack.java.JavaSpringBootStack;
import dev.spectra.orchestrator.stack.java.JavaSupport;
import dev.spectra.orchestrator.stack.java.JavaToolchain;
import dev.spectra.orchestrator.stack.java.MavenRepository;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DoctorCommandTest {
  @TempDir
  Path dir;

  FakeProvider provider;

  @BeforeEach
  void start() throws Exception {
    provider = new FakeProvider("sk-test-good-key-123", List.of("gpt-4o-mini", "gpt-4o"), List.of("mistral:latest"));
  }

  @AfterEach
  void stop() {
    provider.close();
  }

  private Map<String, String> openAi(String key, String model) {
    return Map.of("SPECTRA_PROVIDER", "openai", "OPENAI_API_KEY", key, "OPENAI_BASE_URL", provider.openAiBaseUrl(),
        "OPENAI_MODEL", model);
  }

  @Test
  void aReachableProviderWithTheModelPassesAndJavaIsReported() {
    CliRun run = CliRun.run(openAi("sk-test-good-key-123", "gpt-4o-mini"), dir, "doctor", "--only", "java,providers");

    assertThat(run.out()).contains("[ok  ] Java     Java " + Runtime.version())
        .containsPattern("\\[ok  \\] openai +" + provider.openAiBaseUrl().replace(".", "\\.") + "/models answered in \\d+ ms; model gpt-4o-mini is available");
    assertThat(run.out()).contains("Settings (value and where it came from):");
    assertThat(run.out()).doesNotContain("sk-test-good-key-123");
    assertThat(run.exitCode()).as(run.out()).isIn(SpectraCli.EXIT_OK);
  }

  @Test
  void isolationIsACheckOfItsOwn() {
    CliRun run = CliRun.run(Map.of(), dir, "doctor", "--only", "isolation");

    java.util.Optional<String> problem = dev.spectra.orchestrator.sandbox.Sandbox.isolationProblem();
    if (problem.isEmpty()) {
      assertThat(run.out()).containsPattern("\\[ok  \\] Isolation bubblewrap [0-9.]+: generated code runs in its own namespaces");
    } else {
      assertThat(run.out()).contains("Isolation").contains("install bubblewrap").contains("--no-isolation");
    }
    assertThat(run.out()).doesNotContain("Java ").doesNotContain("Python ");
  }

  @Test
  void theJavaStacksJdkMavenAndSharedRepositoryAreACheckOfTheirOwn() {
    JavaSupport.stack(); // found and its repository prepared, or skipped (failed under SPECTRA_REQUIRE_JAVA)

    Check ready = DoctorCommand.maven(JavaToolchain.Candidates.defaults(), MavenRepository.defaultLocation());
    Check fresh = DoctorCommand.maven(JavaToolchain.Candidates.defaults(), dir.resolve("no-repository-yet"));
    Check missing = DoctorCommand.maven(new JavaToolchain.Candidates(
        List.of(new JavaToolchain.Candidate("test", dir.resolve("no-jdk"))),
        List.of(new JavaToolchain.Candidate("test", dir.resolve("no-mvn")))), MavenRepository.defaultLocation());

    assertThat(ready.status()).isEqualTo(Check.Status.OK);
    assertThat(ready.detail()).contains("Maven", "shared repository ready at " + MavenRepository.defaultLocation());
    assertThat(fresh.status()).isEqualTo(Check.Status.OK);
    assertThat(fresh.detail()).contains("not yet prepared", "downloads Spring Boot " + JavaSpringBootStack.SPRING_BOOT_VERSION,
        "SPECTRA_MAVEN_REPOSITORY");
    assertThat(missing.status()).isEqualTo(Check.Status.WARN);
    assertThat(missing.detail()).contains(dir.resolve("no-jdk").toString(), "--stack java-spring-boot");
    assertThat(missing.fix()).isEqualTo(JavaToolchain.INSTALL_HINT);
    assertThat(CliRun.run(Map.of(), dir, "doctor", "--only", "maven").out()).contains("] Maven ").doesNotContain("Python ");
  }

  @Test
  void aRejectedKeyIsAConfigurationFailureWithAFixAndTheKeyIsNeverShown() {
    CliRun run = CliRun.run(openAi("sk-wrong-key-999999", "gpt-4o-mini"), dir, "doctor", "--only", "providers");

    assertThat(run.exitCode()).isEqualTo(SpectraCli.EXIT_USAGE);
    assertThat(run.out()).contains("[FAIL] openai   " + provider.openAiBaseUrl() + "/models rejected the API key (HTTP 401)")
        .contains("fix: set OPENAI_API_KEY to a valid key with access to gpt-4o-mini")
        .doesNotContain("sk-wrong-key-999999");
  }

  @Test
  void anUnknownModelIsAConfigurationFailureListingTheModelsThere() {
    CliRun run = CliRun.run(openAi("sk-test-good-key-123", "gpt-9-turbo"), dir, "doctor", "--only", "providers");

    assertThat(run.exitCode()).isEqualTo(SpectraCli.EXIT_USAGE);
    assertThat(run.out()).contains("does not list model gpt-9-turbo")
        .contains("fix: set OPENAI_MODEL (or --model) to one of: gpt-4o-mini, gpt-4o");
  }

  @Test
  void ollamaWithThePulledModelPassesAndAMissingModelSaysWhatToPull() {
    Map<String, String> env = Map.of("SPECTRA_PROVIDER", "ollama", "OLLAMA_BASE_URL", provider.ollamaBaseUrl());

    CliRun pulled = CliRun.run(env, dir, "doctor", "--only", "providers");
    CliRun missing = CliRun.run(Map.of("SPECTRA_PROVIDER", "ollama", "OLLAMA_BASE_URL", provider.ollamaBaseUrl(),
        "OLLAMA_MODEL", "qwen2.5-coder:7b"), dir, "doctor", "--only", "providers");

    assertThat(pulled.out()).contains("[ok  ] ollama").contains("model mistral is pulled");
    assertThat(missing.exitCode()).isEqualTo(SpectraCli.EXIT_USAGE);
    assertThat(missing.out()).contains("model qwen2.5-coder:7b is not pulled")
        .contains("fix: run: ollama pull qwen2.5-coder:7b (or set OLLAMA_MODEL to one of: mistral:latest)");
  }

  @Test
  void anUnreachableProviderFailsWithExitOneAndSaysHowToStartIt() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }

    CliRun run = CliRun.run(Map.of("SPECTRA_PROVIDER", "ollama", "OLLAMA_BASE_URL", "http://127.0.0.1:" + closedPort), dir, "doctor", "--only", "providers");

    assertThat(run.exitCode()).isEqualTo(SpectraCli.EXIT_FAILED);
    assertThat(run.out()).contains("[FAIL] ollama   http://127.0.0.1:" + closedPort + "/api/tags is unreachable")
        .contains("fix: start Ollama (ollama serve) or set OLLAMA_BASE_URL to where it runs");
  }

  @Test
  void pythonNamedBySpectraPythonIsTriedFirstAndAMissingOneIsAWarningWithTheInstallHint() throws Exception {
    Path fake = java.nio.file.Files.writeString(dir.resolve("python3"), "#!/bin/sh\nexit 3\n");
    fake.toFile().setExecutable(true);

    Check check = DoctorCommand.python(new CliContext(Map.of("SPECTRA_PYTHON", fake.toString()), dir,
        new java.io.PrintWriter(java.io.Writer.nullWriter()), new java.io.PrintWriter(java.io.Writer.nullWriter()), false));

    assertThat(check.detail()).contains("SPECTRA_PYTHON (" + fake + ")");
    if (check.status() == Check.Status.OK) {
      assertThat(check.detail()).contains("fastapi", "pytest", "not chosen: SPECTRA_PYTHON (" + fake + ")");
    } else {
      assertThat(check.status()).isEqualTo(Check.Status.WARN);
      assertThat(check.fix()).contains("apt-get install -y python3-fastapi");
    }
  }

  @Test
  void aBadSettingIsAConfigurationFailure() {
    CliRun run = CliRun.run(Map.of("SPECTRA_PROVIDER", "anthropic"), dir, "doctor", "--only", "providers");

    assertThat(run.exitCode()).isEqualTo(SpectraCli.EXIT_USAGE);
    assertThat(run.out()).contains("[FAIL] settings SPECTRA_PROVIDER must be openai or ollama, but was \"anthropic\"")
        .contains("fix: set SPECTRA_PROVIDER to a valid value (it is \"anthropic\" now) in the environment or ./.env,"
            + " or unset it to use the default")
        .doesNotContain("Python", "fix the setting named above");
  }
}
