package dev.spectra.orchestrator.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * The one mechanism that compiles and runs the Java samples of the docs (README.md and every {@code docs/*.md}).
 *
 * <p>The convention (CONTRIBUTING.md, "Java samples in the docs"): every {@code ```java} block is a complete source
 * file, imports included, in the default package, that users can paste as it is. The blocks of one Markdown file are
 * compiled together (so a later block may use a type an earlier one declares), each as {@code <FirstType>.java},
 * with {@code javax.tools} against the test class path, {@code -Xlint:all -Werror} (a block may declare several
 * small top-level types, so {@code -auxiliaryclass}); a diagnostic is reported at its
 * Markdown file and line. A block that cannot be a complete file (a line to add to an earlier sample, say) opts out
 * with {@code ```java fragment: <reason>}; the reason is required.
 */
final class JavaSamples {
  /** The info-string word that opts a block out, followed by a colon and the reason. */
  static final String FRAGMENT = "fragment:";

  private static final Pattern TYPE = Pattern.compile(
      "(?m)^(?:(?:public|final|abstract|sealed|non-sealed|static)\\s+)*(?:class|interface|record|enum|@interface)\\s+(\\w+)");
  private static final Pattern MAIN = Pattern.compile("public\\s+static\\s+void\\s+main\\s*\\(\\s*String\\s*(?:\\[\\]\\s*\\w+|\\.\\.\\.\\s*\\w+|\\w+\\s*\\[\\])\\s*\\)");

  private JavaSamples() {}

  /**
   * A sample: its block, the name of its first top-level type (its file name), whether that type has a {@code main}
   * method, and whether it holds JUnit tests.
   */
  record Sample(Markdown.Block block, String typeName, boolean hasMain, boolean hasTests) {
    String where() {
      return block.file() + ":" + block.line();
    }
  }

  /** The {@code ```java} blocks of a Markdown file that are samples (fragments left out, their reasons checked). */
  static List<Sample> samples(Path markdown) throws IOException {
    List<Sample> samples = new ArrayList<>();
    for (Markdown.Block b : Markdown.blocks(markdown)) {
      if (!b.language().equals("java")) {
        continue;
      }
      Optional<String> fragment = fragmentReason(b);
      if (fragment.isPresent()) {
        assertThat(fragment.get()).as("%s:%d: ```java %s needs a reason after the colon", b.file(), b.line() - 1, FRAGMENT)
            .isNotBlank();
        continue;
      }
      Matcher type = TYPE.matcher(b.text());
      if (!type.find()) {
        fail(b.file() + ":" + b.line() + ": this ```java block declares no class, interface, record or enum; a docs sample is a"
            + " complete source file with its imports (or, when it cannot be, ```java " + FRAGMENT + " <why>)");
      }
      samples.add(new Sample(b, type.group(1), MAIN.matcher(b.text()).find(), b.text().contains("@Test")));
    }
    return samples;
  }

  /** The reason after {@code fragment:} in a block's info string, when it has one. */
  static Optional<String> fragmentReason(Markdown.Block b) {
    int at = b.info().indexOf(FRAGMENT);
    return at < 0 ? Optional.empty() : Optional.of(b.info().substring(at + FRAGMENT.length()).strip());
  }

  /**
   * Compiles the samples into {@code dir/classes}, each written as {@code dir/src/<type>.java}.
   *
   * @return the classes directory
   */
  static Path compile(List<Sample> samples, Path dir) throws IOException {
    Path src = Files.createDirectories(dir.resolve("src"));
    Map<Path, Markdown.Block> files = new LinkedHashMap<>();
    for (Sample s : samples) {
      Path file = src.resolve(s.typeName() + ".java");
      assertThat(files).as("%s: a second sample named %s in one Markdown file", s.where(), s.typeName()).doesNotContainKey(file);
      Files.writeString(file, s.block().text());
      files.put(file, s.block());
    }
    Path classes = Files.createDirectories(dir.resolve("classes"));
    compile(files, List.of("--release", "17", "-proc:none", "-Xlint:all,-auxiliaryclass", "-Werror", "-classpath", testClassPath(),
        "-d", classes.toString()));
    return classes;
  }

  /**
   * Compiles source files with the given options; fails with every diagnostic, at the Markdown line of the block a file
   * came from (or at the file, for a file from no block).
   */
  static void compile(Map<Path, Markdown.Block> files, List<String> options) throws IOException {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    assertThat(compiler).as("a JDK compiler (run the tests on a JDK, not a JRE)").isNotNull();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager fm = compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      boolean ok = compiler.getTask(null, fm, diagnostics, options, null,
          fm.getJavaFileObjectsFromPaths(files.keySet())).call();
      StringBuilder problems = new StringBuilder();
      for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
        Markdown.Block b = d.getSource() == null ? null : files.get(Path.of(d.getSource().toUri()));
        problems.append(b == null ? String.valueOf(d.getSource()) + ":" + d.getLineNumber()
            : b.file() + ":" + (b.line() + d.getLineNumber() - 1)).append(": ").append(d.getKind()).append(": ")
            .append(d.getMessage(Locale.ROOT)).append('\n');
      }
      assertThat(problems.toString()).as("compiler diagnostics of the docs samples").isEmpty();
      assertThat(ok).isTrue();
    }
  }

  /** The command that runs a class's {@code main} in a child JVM on {@code classes} plus the test class path. */
  static List<String> java(Path classes, String mainClass, String... args) {
    List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        "-cp", classes + File.pathSeparator + testClassPath(), mainClass));
    command.addAll(List.of(args));
    return command;
  }

  static String javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** A finished child process: exit code, stdout, stderr. */
  record Child(int exitCode, String out, String err) {
    String both() {
      return "stdout:\n" + out + "\nstderr:\n" + err;
    }
  }

  /**
   * Runs a command in {@code dir} with the environment edited by {@code env} (a {@code null} value removes a
   * variable); stdout and stderr go to files in {@code dir}. The guard is against hangs, not a speed check.
   */
  static Child run(List<String> command, Path dir, Map<String, String> env, Duration guard) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    env.forEach((k, v) -> {
      if (v == null) {
        pb.environment().remove(k);
      } else {
        pb.environment().put(k, v);
      }
    });
    String stem = "child-" + System.nanoTime();
    Path out = dir.resolve(stem + ".out");
    Path err = dir.resolve(stem + ".err");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(guard.toMillis(), TimeUnit.MILLISECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly().waitFor();
      fail(command + " did not finish within " + guard + "; stdout:\n" + Files.readString(out) + "\nstderr:\n" + Files.readString(err));
    }
    return new Child(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  /** The environment of a sample run: OpenAI at {@code baseUrl} with {@code key}, no other provider setting. */
  static Map<String, String> openAiOnly(String baseUrl, String key, String... keep) {
    Map<String, String> env = new LinkedHashMap<>();
    System.getenv().keySet().stream()
        .filter(n -> n.startsWith("OPENAI_") || n.startsWith("OLLAMA_") || n.startsWith("SPECTRA_") || n.startsWith("MY_"))
        .filter(n -> !List.of(keep).contains(n))
        .forEach(n -> env.put(n, null));
    env.put("OPENAI_API_KEY", key);
    env.put("OPENAI_BASE_URL", baseUrl);
    return env;
  }

  static String testClassPath() {
    return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
  }
}
