package dev.spectra.orchestrator.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --stack} of generate, compare and worker: the stacks it knows, and a clear usage error for any other, before
 * anything runs.
 */
class StackOptionTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"generate", "compare", "worker"})
  void anUnknownStackIsAUsageErrorNamingTheKnownOnes(String command) throws Exception {
    Files.writeString(dir.resolve("suite.txt"), "A hello service\n");
    List<String> args = new ArrayList<>(List.of(command));
    args.addAll(switch (command) {
      case "generate" -> List.of("A hello service", "--out", "ws");
      case "compare" -> List.of("--suite", "suite.txt", "--models", "chaos:clean", "--out", "ws");
      default -> List.of("--workspace", "ws", "--temporal", "127.0.0.1:1");
    });
    args.addAll(List.of("--stack", "ruby-on-rails"));

    CliRun run = CliRun.run(Map.of(), dir, args.toArray(String[]::new));

    assertThat(run.exitCode()).isEqualTo(SpectraCli.EXIT_USAGE);
    assertThat(run.err()).contains("--stack must be one of python-fastapi, java-spring-boot, but was \"ruby-on-rails\"");
    assertThat(dir.resolve("ws")).doesNotExist();
  }

  @ParameterizedTest
  @ValueSource(strings = {"generate", "compare", "worker"})
  void theHelpNamesBothStacks(String command) {
    CliRun run = CliRun.run(Map.of(), dir, command, "--help");

    assertThat(run.out()).contains("--stack=java-spring-boot|python-fastapi", "The stack to generate the service for");
  }

  @Test
  void compareRefusesTheCannedPythonBaseForTheJavaStackAndSaysWhatToUse() throws Exception {
    Files.writeString(dir.resolve("suite.txt"), "A hello service\n");

    CliRun run = CliRun.run(Map.of(), dir, "compare", "--suite", "suite.txt", "--models", "chaos:clean", "--out", "ws",
        "--stack", "java-spring-boot");

    assertThat(run.exitCode()).isEqualTo(SpectraCli.EXIT_USAGE);
    assertThat(run.err()).contains("--base canned writes a python-fastapi service, but --stack is java-spring-boot",
        "--base replay:FILE", "generate --stack java-spring-boot --record FILE");
    assertThat(dir.resolve("ws")).doesNotExist();
  }
}
