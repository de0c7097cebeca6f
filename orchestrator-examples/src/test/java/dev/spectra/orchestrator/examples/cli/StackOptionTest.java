package dev.spectra.orchestrator.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code generate --stack}: the stacks it knows, and a clear usage error for any other, before anything runs. */
class StackOptionTest {
  @TempDir Path dir;

  @Test
  void anUnknownStackIsAUsageErrorNamingTheKnownOnes() {
    CliRun run = CliRun.run(Map.of(), dir, "generate", "A hello service", "--stack", "ruby-on-rails", "--out", "ws");

    assertThat(run.exitCode()).isEqualTo(SpectraCli.EXIT_USAGE);
    assertThat(run.err()).contains("--stack must be one of python-fastapi, java-spring-boot, but was \"ruby-on-rails\"");
    assertThat(dir.resolve("ws")).doesNotExist();
  }

  @Test
  void theHelpNamesBothStacks() {
    CliRun run = CliRun.run(Map.of(), dir, "generate", "--help");

    assertThat(run.out()).contains("--stack=java-spring-boot|python-fastapi", "The stack to generate the service for");
  }
}
