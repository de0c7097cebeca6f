package dev.spectra.orchestrator.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real main(): a child JVM whose only configuration is its environment, as the launcher runs it. */
class ChildProcessTest {
  @TempDir
  Path dir;

  FakeProvider server;

  @BeforeEach
  void start() throws Exception {
    server = new FakeProvider("sk-child-good-key-1", List.of("gpt-4o-mini"), List.of());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  record Result(int exitCode, String out, List<String> errLines) {}

  Result spectra(Map<String, String> env, String... args) throws Exception {
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command = new java.util.ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classpath, SpectraCli.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
        .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
    pb.environment().clear();
    pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("spectra did not finish within 120 s");
    }
    return new Result(p.exitValue(), Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8),
        Files.readAllLines(dir.resolve("err.txt"), StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList());
  }

  @Test
  void aWrongKeyExitsWithTwoAndOneErrorLineWithoutLogsOrStackTraces() throws Exception {
    Result r = spectra(Map.of("OPENAI_API_KEY", "sk-child-wrong-key-9", "OPENAI_BASE_URL", server.openAiBaseUrl()),
        "generate", "A hello service", "--out", "ws", "--no-deploy");

    assertThat(r.exitCode()).as(String.join("\n", r.errLines())).isEqualTo(2);
    assertThat(r.errLines()).filteredOn(l -> l.startsWith("spectra generate:")).singleElement().asString()
        .contains("rejected the API key (401)", "set OPENAI_API_KEY");
    assertThat(r.errLines().get(r.errLines().size() - 1)).startsWith("spectra generate:");
    assertThat(r.errLines()).noneMatch(l -> l.contains("WARN") || l.startsWith("\tat "))
        .noneMatch(l -> l.contains("sk-child-wrong-key-9"));
  }

  @Test
  void aBadFlagExitsWithTwoAndExactlyOneLine() throws Exception {
    Result r = spectra(Map.of(), "compare", "--runs", "x");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.errLines()).singleElement().asString().startsWith("spectra compare: ");
    assertThat(r.out()).isEmpty();
  }
}
