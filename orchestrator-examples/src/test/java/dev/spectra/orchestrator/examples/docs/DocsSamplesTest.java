package dev.spectra.orchestrator.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spectra.orchestrator.examples.cli.FakeProvider;
import dev.spectra.orchestrator.stack.python.PythonToolchain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Java sample of every {@code docs/*.md}, found when the test runs (a new page is picked up by itself),
 * compiled and run through {@link JavaSamples}; README.md's snippet goes through the same mechanism in
 * {@link ReadmeSnippetTest}, which also checks what it prints.
 *
 * <p>Per Markdown file, in a fresh working directory: its samples are compiled together; blocks with a
 * {@code file=<name>} attribute ({@code ```json file=prices.json}) are written there first; each sample with a
 * {@code main} runs in a child JVM, in document order, and must exit 0 without a stack trace (and when the next block
 * of the page is a {@code ```text} block, it is exactly what the sample prints); then the JUnit samples run
 * together in one child JVM ({@link SampleTestRunner}) and must all pass. A sample with neither is a declaration that
 * another sample of the same file must use. The child's environment points OpenAI at a local fake server (the canned
 * hello service, and a contact for the test kit's e-mail-signature prompt) and holds no other provider setting.
 */
class DocsSamplesTest {
  static final String KEY = "sk-docs-samples-key-0042";
  static final Duration GUARD = Duration.ofMinutes(5);

  @TempDir
  Path dir;

  @TestFactory
  Stream<DynamicTest> everyJavaSampleOfTheDocsCompilesAndRuns() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (Path doc : Markdown.documents()) {
      if (doc.equals(ReadmeSnippetTest.README)) {
        continue;
      }
      List<JavaSamples.Sample> samples = JavaSamples.samples(doc);
      if (!samples.isEmpty()) {
        String name = Markdown.ROOT.relativize(doc).toString().replace('\\', '/');
        tests.add(dynamicTest(name + " (" + samples.size() + " samples)", () -> compileAndRun(doc, samples)));
      }
    }
    assertThat(tests).as("docs pages with Java samples").isNotEmpty();
    return tests.stream();
  }

  private void compileAndRun(Path doc, List<JavaSamples.Sample> samples) throws Exception {
    Path work = Files.createDirectories(dir.resolve(doc.getFileName().toString().replace(".md", "")));
    for (JavaSamples.Sample s : samples) {
      if (!s.hasMain() && !s.hasTests()) {
        assertThat(samples).as("%s declares %s without a main method or a test: another sample of the file must use it",
            s.where(), s.typeName())
            .anyMatch(other -> other != s && other.block().text().matches("(?s).*\\b" + s.typeName() + "\\b.*"));
      }
    }
    Path classes = JavaSamples.compile(samples, Files.createDirectories(dir.resolve("build-" + work.getFileName())));
    List<Markdown.Block> blocks = Markdown.blocks(doc);
    writeFileBlocks(doc, work);

    try (FakeProvider openAi = new FakeProvider(KEY, List.of("gpt-4o-mini"), List.of())) {
      openAi.replies(DocsSamplesTest::reply);
      Map<String, String> env = JavaSamples.openAiOnly(openAi.openAiBaseUrl(), KEY, PythonToolchain.ENV);
      for (JavaSamples.Sample s : samples) {
        if (s.hasMain()) {
          JavaSamples.Child run = JavaSamples.run(JavaSamples.java(classes, s.typeName()), work, env, GUARD);
          assertThat(run.exitCode()).as("%s: java %s\n%s", s.where(), s.typeName(), run.both()).isZero();
          assertThat(run.err()).as("%s: stderr", s.where()).doesNotContain("\tat ");
          assertThat(run.out() + run.err()).doesNotContain(KEY);
          int at = blocks.indexOf(s.block());
          if (at + 1 < blocks.size() && blocks.get(at + 1).language().equals("text")) {
            assertThat(run.out()).as("%s: what java %s prints, as the ```text block at line %d shows it", s.where(),
                s.typeName(), blocks.get(at + 1).line()).isEqualTo(blocks.get(at + 1).text());
          }
        }
      }
      List<String> testClasses = samples.stream().filter(JavaSamples.Sample::hasTests).map(JavaSamples.Sample::typeName).toList();
      if (!testClasses.isEmpty()) {
        List<String> command = JavaSamples.java(classes, SampleTestRunner.class.getName(), testClasses.toArray(String[]::new));
        JavaSamples.Child run = JavaSamples.run(command, work, env, GUARD);
        assertThat(run.exitCode()).as("the JUnit samples %s of %s\n%s", testClasses, doc.getFileName(), run.both()).isZero();
        assertThat(run.out()).containsPattern("tests found (\\d+), succeeded \\1, failed 0");
      }
    }
  }

  /** Writes the blocks whose info string has {@code file=<name>} into the working directory. */
  private static void writeFileBlocks(Path doc, Path work) throws IOException {
    for (Markdown.Block b : Markdown.blocks(doc)) {
      for (String attribute : b.info().split("\\s+")) {
        if (attribute.startsWith("file=")) {
          Path file = work.resolve(attribute.substring("file=".length())).normalize();
          assertThat(file.startsWith(work)).as("%s:%d: file= must stay inside the working directory", b.file(), b.line()).isTrue();
          Files.createDirectories(file.getParent());
          Files.writeString(file, b.text());
        }
      }
    }
  }

  /** The fake's answer: a contact for the test kit's e-mail-signature prompt, else the canned hello service's. */
  private static String reply(JsonNode body) {
    if (body.path("messages").toString().contains("Signature:")) {
      return "{\"name\": \"Ada Lovelace\", \"email\": \"ada@example.org\"}";
    }
    return FakeProvider.canned(body);
  }
}
