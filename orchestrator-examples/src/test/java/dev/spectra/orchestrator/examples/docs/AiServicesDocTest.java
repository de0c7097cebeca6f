package dev.spectra.orchestrator.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Java sample of docs/ai-services.md, compiled and run as a user would paste it, and its output compared with
 * the page.
 *
 * <p>The convention (the README snippet's, plus one rule): each {@code ```java} block is a complete source file
 * (imports and one public class with a {@code main} method); it is compiled with {@code javax.tools} against the test
 * class path ({@code -Xlint:all -Werror}) and run in a child JVM with no provider settings in its environment; the
 * {@code ```text} block right after it (prose may come between) is exactly what it prints.
 */
class AiServicesDocTest {
  static final Path PAGE = Markdown.ROOT.resolve("docs/ai-services.md");

  @TempDir
  Path dir;

  @TestFactory
  List<DynamicTest> everyJavaSampleCompilesRunsAndPrintsWhatThePageShows() throws Exception {
    List<Markdown.Block> blocks = Markdown.blocks(PAGE);
    List<DynamicTest> tests = new ArrayList<>();
    for (int i = 0; i < blocks.size(); i++) {
      Markdown.Block b = blocks.get(i);
      if (!b.language().equals("java")) {
        continue;
      }
      Markdown.Block output = i + 1 < blocks.size() ? blocks.get(i + 1) : null;
      tests.add(DynamicTest.dynamicTest(b.file() + ":" + b.line(), () -> {
        assertThat(output).as("the ```text block after the sample at line %d (what it prints)", b.line()).isNotNull();
        assertThat(output.language()).as("the block after the sample at line %d", b.line()).isEqualTo("text");
        Matcher className = Pattern.compile("(?m)^public (?:final )?class (\\w+)").matcher(b.text());
        assertThat(className.find()).as("the sample at line %d declares a public class", b.line()).isTrue();
        assertThat(b.text()).contains("public static void main(String[] args)");
        Path classes = compile(b, className.group(1));
        assertThat(run(classes, className.group(1))).as("what the sample at line %d prints", b.line()).isEqualTo(output.text());
      }));
    }
    assertThat(tests).as("java samples on " + PAGE).hasSizeGreaterThanOrEqualTo(3);
    return tests;
  }

  private Path compile(Markdown.Block sample, String className) throws Exception {
    Path work = Files.createDirectories(dir.resolve(className));
    Path src = work.resolve(className + ".java");
    Files.writeString(src, sample.text());
    Path classes = Files.createDirectories(work.resolve("classes"));
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    assertThat(compiler).as("a JDK compiler (run the tests on a JDK, not a JRE)").isNotNull();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      boolean ok = compiler.getTask(null, files, diagnostics,
          List.of("--release", "17", "-proc:none", "-Xlint:all", "-Werror", "-classpath", ReadmeSnippetTest.testClassPath(),
              "-d", classes.toString()),
          null, files.getJavaFileObjects(src.toFile())).call();
      StringBuilder problems = new StringBuilder();
      for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
        problems.append(sample.file()).append(':').append(sample.line() + d.getLineNumber() - 1).append(": ")
            .append(d.getKind()).append(": ").append(d.getMessage(Locale.ROOT)).append('\n');
      }
      assertThat(problems.toString()).as("compiler diagnostics of the sample").isEmpty();
      assertThat(ok).isTrue();
    }
    return classes;
  }

  private String run(Path classes, String className) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder pb = new ProcessBuilder(java.toString(), "-Dorg.slf4j.simpleLogger.defaultLogLevel=error",
        "-cp", classes + File.pathSeparator + ReadmeSnippetTest.testClassPath(), className).directory(classes.toFile());
    pb.environment().keySet().removeIf(n -> n.startsWith("OPENAI_") || n.startsWith("OLLAMA_") || n.startsWith("SPECTRA_"));
    Path out = classes.resolveSibling("stdout.txt");
    Path err = classes.resolveSibling("stderr.txt");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(3, TimeUnit.MINUTES)) { // a hang guard, not a speed check
      p.destroyForcibly().waitFor();
      fail("the sample did not finish within 3 minutes; stderr:\n" + Files.readString(err));
    }
    assertThat(p.exitValue()).as("exit code; stderr:\n%s", Files.readString(err)).isZero();
    return Files.readString(out);
  }
}
