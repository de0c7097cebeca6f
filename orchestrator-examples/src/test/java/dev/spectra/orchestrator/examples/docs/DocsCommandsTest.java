package dev.spectra.orchestrator.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.spectra.orchestrator.examples.cli.CliRun;
import dev.spectra.orchestrator.examples.cli.FakeProvider;
import dev.spectra.orchestrator.examples.cli.SpectraCli;
import dev.spectra.orchestrator.stack.python.PythonToolchain;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the {@code spectra} commands shown in README.md and docs/*.md, as written, through the command line's entry
 * point ({@code SpectraCli.run}, through {@link CliRun}) in this JVM, against local fake providers.
 *
 * <p>The convention for documentation:
 * <ul>
 *   <li>Only {@code ```bash} (or {@code sh}, {@code shell}) blocks are read. In them, a line whose command is
 *       {@code ./spectra} or {@code spectra} is run; every other command ({@code mvn}, {@code git}, {@code apt-get},
 *       {@code ollama pull}...) is not, because it installs or builds something rather than using the CLI.
 *   <li>A runnable line must be a simple command: words, quotes, {@code \} continuations, leading
 *       {@code NAME=value} assignments and a trailing comment; no pipes, redirections, {@code &&}, {@code $}
 *       expansions or globs (such a line fails this test).
 *   <li>{@code export NAME=value ...} lines set the environment of the commands after them in the same block. Each
 *       block starts from an empty environment and runs in a fresh folder holding the files of
 *       {@code src/test/resources/docs-commands/} (e.g. {@code requests.txt}).
 *   <li>An argument that is an absolute path (e.g. {@code --out /tmp/d}) is moved inside the block's folder
 *       ({@code <folder>/tmp/d}), so that the test writes nowhere else.
 *   <li>The exit code is 0 unless the line's comment says {@code exit N}.
 *   <li>Commands that are not run are listed in {@link #EXCLUDED} with the reason.
 * </ul>
 *
 * <p>Provider settings are pointed at one local fake server (OpenAI-compatible and Ollama): {@code OPENAI_BASE_URL},
 * {@code OLLAMA_BASE_URL} and {@code --base-url} keep the documented path but get the fake's host and port, and
 * default to the fake when a block does not set them. The fake accepts any API key and serves the models in
 * {@link #OPENAI_MODELS} and {@link #OLLAMA_MODELS}; a documented model outside these lists fails with exit 2 and
 * this test's message says where to add it. {@code SPECTRA_PYTHON} is passed through from this JVM's environment.
 */
class DocsCommandsTest {
  /** Documented commands that are not run here, and why. Each must still appear in the docs. */
  static final Map<String, String> EXCLUDED = Map.of(
      "./spectra demo", "DemoLauncherIT runs exactly this through the launcher on the packaged jar, and DemoCommandTest"
          + " checks its output; the docs show it three times, and three more runs here would add no check",
      "spectra worker --workspace /shared/ws", "it serves until stopped; TemporalCommandsTest runs it (in a thread it"
          + " then interrupts) against a Temporal test server on a local port",
      "spectra generate --temporal 127.0.0.1:7233 --out /shared/ws \"a todo service\"", "it needs a Temporal server"
          + " and a worker; TemporalCommandsTest runs it against a test server on a local port with spectra worker");

  /** The OpenAI models the fake serves: every model a documented command may name. */
  static final List<String> OPENAI_MODELS = List.of("gpt-4o-mini", "gpt-4o", "Qwen/Qwen2.5-Coder-7B-Instruct");

  /** The Ollama models the fake has pulled. */
  static final List<String> OLLAMA_MODELS = List.of("mistral:latest", "qwen2.5-coder:7b");

  private static final Pattern EXIT = Pattern.compile("\\bexit (\\d+)\\b");
  private static final Set<String> SHELL_LANGUAGES = Set.of("bash", "sh", "shell");

  static FakeProvider provider;

  @TempDir
  static Path dir;

  @BeforeAll
  static void start() throws IOException {
    provider = new FakeProvider(null, OPENAI_MODELS, OLLAMA_MODELS);
  }

  @AfterAll
  static void stop() {
    provider.close();
  }

  /** A runnable line and the environment its block had set before it. */
  record DocCommand(ShellLine line, Map<String, String> blockEnv, Markdown.Block block) {
    String text() {
      return line.source().replaceAll("\\s*#.*$", "").strip();
    }
  }

  static List<DocCommand> documentedCommands() throws IOException {
    List<DocCommand> out = new ArrayList<>();
    for (Path file : Markdown.documents()) {
      for (Markdown.Block block : Markdown.blocks(file)) {
        if (!SHELL_LANGUAGES.contains(block.language())) {
          continue;
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (ShellLine line : ShellLine.parse(block)) {
          if (line.exported()) {
            env.putAll(line.assignments());
          } else if (!line.words().isEmpty() && (line.words().get(0).equals("./spectra") || line.words().get(0).equals("spectra"))) {
            out.add(new DocCommand(line, Map.copyOf(env), block));
          }
        }
      }
    }
    return out;
  }

  @TestFactory
  Stream<DynamicNode> everyDocumentedCommandExitsAsDocumented() throws IOException {
    Map<String, List<DynamicNode>> byFile = new LinkedHashMap<>();
    Map<Markdown.Block, Path> folders = new HashMap<>();
    for (DocCommand c : documentedCommands()) {
      if (!EXCLUDED.containsKey(c.text())) {
        byFile.computeIfAbsent(c.line().file(), f -> new ArrayList<>()).add(DynamicTest.dynamicTest(
            c.line().where() + ": " + c.text(), () -> run(c, folders.computeIfAbsent(c.block(), DocsCommandsTest::folderFor))));
      }
    }
    return byFile.entrySet().stream().map(e -> DynamicContainer.dynamicContainer(e.getKey(), e.getValue()));
  }

  @Test
  void theDocsShowEverySubcommandBothProvidersAndARoutedRunAndEveryExclusionIsStillInThem() throws IOException {
    List<DocCommand> commands = documentedCommands();
    List<String> subcommands = commands.stream().map(c -> c.line().words().size() > 1 ? c.line().words().get(1) : "").toList();

    assertThat(subcommands).contains("demo", "generate", "doctor", "compare", "--help");
    assertThat(commands).as("a command documented to fail (the exit-code convention)")
        .anyMatch(c -> EXIT.matcher(c.line().comment()).find());
    assertThat(commands).as("a generate command on Ollama").anyMatch(c -> c.line().words().contains("generate")
        && "ollama".equals(environment(c).get("SPECTRA_PROVIDER")));
    assertThat(commands).as("a command routing activities to models").anyMatch(c -> environment(c).keySet().stream()
        .anyMatch(n -> n.startsWith("SPECTRA_MODEL_")));
    assertThat(commands.stream().map(DocCommand::text)).containsAll(EXCLUDED.keySet());
  }

  private static Path folderFor(Markdown.Block block) {
    try {
      Path folder = Files.createDirectories(dir.resolve(block.file().replaceAll("[^A-Za-z0-9]+", "-") + "-" + block.line()));
      for (String fixture : List.of("requests.txt")) {
        try (InputStream in = DocsCommandsTest.class.getResourceAsStream("/docs-commands/" + fixture)) {
          Files.copy(in, folder.resolve(fixture));
        }
      }
      return folder;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void run(DocCommand c, Path folder) {
    ShellLine line = c.line();
    if (line.unsupported() != null) {
      fail(line.where() + ": a documented spectra command must be a simple command (see DocsCommandsTest), but it uses "
          + line.unsupported() + ": " + line.source());
    }
    Matcher exit = EXIT.matcher(line.comment());
    int expected = exit.find() ? Integer.parseInt(exit.group(1)) : SpectraCli.EXIT_OK;
    List<String> args = new ArrayList<>(line.words().subList(1, line.words().size()));
    for (int i = 0; i < args.size(); i++) {
      if (i > 0 && args.get(i - 1).equals("--base-url")) {
        args.set(i, local(args.get(i)));
      } else if (args.get(i).startsWith("/")) {
        args.set(i, folder.resolve(args.get(i).substring(1)).toString());
      }
    }
    int callsBefore = provider.chatCount();
    CliRun run = CliRun.run(environment(c), folder, args.toArray(String[]::new));
    int code = run.exitCode();
    String out = run.out();
    String err = run.err();

    assertThat(code).as("%s: exit code of `%s` (the fake serves OpenAI models %s and Ollama models %s; add a documented"
        + " model to DocsCommandsTest)%nstdout:%n%s%nstderr:%n%s", line.where(), c.text(), OPENAI_MODELS, OLLAMA_MODELS,
        out, err).isEqualTo(expected);
    if (expected == SpectraCli.EXIT_OK && args.get(0).equals("generate")) {
      assertThat(provider.chatCount()).as("%s: model calls the fake server answered", line.where()).isGreaterThan(callsBefore);
    }
  }

  /** The command's environment: its block's exports, its own assignments, then the fake provider in place of the real. */
  static Map<String, String> environment(DocCommand c) {
    Map<String, String> env = new LinkedHashMap<>(c.blockEnv());
    env.putAll(c.line().assignments());
    env.put("OPENAI_BASE_URL", env.containsKey("OPENAI_BASE_URL") ? local(env.get("OPENAI_BASE_URL")) : provider.openAiBaseUrl());
    env.put("OLLAMA_BASE_URL", env.containsKey("OLLAMA_BASE_URL") ? local(env.get("OLLAMA_BASE_URL")) : provider.ollamaBaseUrl());
    String python = System.getenv(PythonToolchain.ENV);
    if (python != null) {
      env.put(PythonToolchain.ENV, python);
    }
    return env;
  }

  /** The documented URL with the fake server's scheme, host and port, and the documented path. */
  static String local(String documented) {
    URI fake = URI.create(provider.ollamaBaseUrl());
    URI doc = URI.create(documented);
    return fake.getScheme() + "://" + fake.getHost() + ":" + fake.getPort() + (doc.getRawPath() == null ? "" : doc.getRawPath());
  }
}
