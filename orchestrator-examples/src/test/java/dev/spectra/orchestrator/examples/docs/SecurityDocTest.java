package dev.spectra.orchestrator.examples.docs;

import dev.spectra.orchestrator.sandbox.Sandbox;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.spectra.orchestrator.json.ModelOutputException;
import dev.spectra.orchestrator.stack.python.PythonFastApiStack;
import dev.spectra.orchestrator.verify.StackTestActivity;

import dev.spectra.orchestrator.workspace.UnsafePathException.Rule;
import dev.spectra.orchestrator.workspace.UnsafePathException;
import dev.spectra.orchestrator.workspace.Workspace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/security.md states what the code does: its table of path rules lists every {@link Rule} with the workspace's
 * default limits, each example path in it is refused by a real {@link Workspace} with that rule, and the sandbox's
 * figures in the text are the code's constants.
 */
class SecurityDocTest {
  static final Path DOC = Markdown.ROOT.resolve("docs/security.md");
  private static final Pattern ROW = Pattern.compile("^\\| `([A-Z_]+)` \\|(.*)\\|(.*)\\|$");
  private static final Pattern CODE = Pattern.compile("`([^`]*)`");
  private static final Pattern UNICODE_ESCAPE = Pattern.compile("\\\\u([0-9A-Fa-f]{4})");

  @TempDir
  Path dir;

  /** The table's rows, rule name to {description, example path or null}, in document order. */
  static Map<Rule, String[]> rules() throws IOException {
    Map<Rule, String[]> rows = new LinkedHashMap<>();
    for (String line : Files.readAllLines(DOC, StandardCharsets.UTF_8)) {
      Matcher m = ROW.matcher(line.strip());
      if (m.matches()) {
        Matcher example = CODE.matcher(m.group(3).strip());
        String[] previous = rows.put(Rule.valueOf(m.group(1)),
            new String[] {m.group(2).strip(), example.matches() ? unescape(example.group(1)) : null});
        assertThat(previous).as("rule %s is listed twice", m.group(1)).isNull();
      }
    }
    return rows;
  }

  static String unescape(String text) {
    return UNICODE_ESCAPE.matcher(text).replaceAll(r -> String.valueOf((char) Integer.parseInt(r.group(1), 16)));
  }

  @Test
  void theTableListsEveryPathRuleOnceInTheOrderTheStringRulesAreChecked() throws IOException {
    Map<Rule, String[]> rows = rules();

    assertThat(rows.keySet()).containsExactlyInAnyOrder(Rule.values());
    List<Rule> stringRules = List.of(Rule.EMPTY, Rule.CONTROL_CHARACTER, Rule.BIDI_CONTROL, Rule.INVISIBLE_CHARACTER,
        Rule.MALFORMED_UNICODE, Rule.UNC, Rule.ABSOLUTE, Rule.DRIVE_LETTER, Rule.BACKSLASH, Rule.EMPTY_SEGMENT,
        Rule.PARENT_SEGMENT, Rule.DOT_SEGMENT, Rule.TOO_DEEP, Rule.ILLEGAL_CHARACTER, Rule.RESERVED_NAME,
        Rule.TRAILING_DOT_OR_SPACE, Rule.NAME_TOO_LONG, Rule.RESERVED_FOLDER, Rule.OUTSIDE_WORKSPACE);
    assertThat(rows.keySet().stream().filter(stringRules::contains)).containsExactlyElementsOf(stringRules);
  }

  @Test
  void everyExamplePathIsRefusedWithItsRuleAndNothingIsCreated() throws IOException {
    Workspace workspace = Workspace.at(dir);
    int examples = 0;

    for (Map.Entry<Rule, String[]> row : rules().entrySet()) {
      String example = row.getValue()[1];
      if (example == null) {
        continue;
      }
      examples++;
      UnsafePathException e = catchThrowableOfType(() -> workspace.write(example, "print('x')\n"), UnsafePathException.class);
      assertThat(e).as("security.md's example %s for %s", example, row.getKey()).isNotNull();
      assertThat(e.rule()).as("the rule that refuses %s", example).isEqualTo(row.getKey());
    }

    assertThat(examples).isGreaterThanOrEqualTo(17);
    try (Stream<Path> left = Files.walk(dir)) {
      assertThat(left.filter(p -> !p.equals(dir))).as("files or folders left by refused writes").isEmpty();
    }
  }

  @Test
  void theLimitsInTheTableAreTheWorkspaceDefaults() throws IOException {
    Map<Rule, String[]> rows = rules();

    assertThat(rows.get(Rule.TOO_DEEP)[0]).contains("more than " + Workspace.DEFAULT_MAX_DEPTH + " segments");
    assertThat(rows.get(Rule.NAME_TOO_LONG)[0]).contains("longer than " + Workspace.DEFAULT_MAX_NAME_BYTES + " bytes");
    assertThat(rows.get(Rule.TOO_LARGE)[0]).contains("over " + (Workspace.DEFAULT_MAX_FILE_BYTES >> 20) + " MiB")
        .contains("past " + (Workspace.DEFAULT_MAX_TOTAL_BYTES >> 20) + " MiB");
    assertThat(rows.get(Rule.TOO_MANY_FILES)[0]).contains("more than " + Workspace.DEFAULT_MAX_FILES + " distinct files");
    String tooDeep = rows.get(Rule.TOO_DEEP)[1];
    assertThat(tooDeep.split("/")).hasSize(Workspace.DEFAULT_MAX_DEPTH + 1);
  }

  @Test
  void theSandboxFiguresInTheTextAreTheCodesConstants() throws IOException {
    String doc = Files.readString(DOC).replaceAll("\\s+", " ");
    List<String> inherited = Sandbox.INHERITED.stream().map(n -> "`" + n + "`").toList();
    String listed = String.join(", ", inherited.subList(0, inherited.size() - 1)) + " and " + inherited.get(inherited.size() - 1);

    assertThat(doc).contains("Only " + listed + " are copied from your process");
    assertThat(doc).contains("capped at " + (Sandbox.DEFAULT_MAX_OUTPUT_BYTES >> 20) + " MB");
    assertThat(doc).contains("(pytest: " + StackTestActivity.DEFAULT_TIMEOUT.toMinutes() + " minutes by default)");
    assertThat(doc).contains("an excerpt of each bad reply (" + ModelOutputException.MAX_EXCERPT_CHARS + " characters)");
    List<String> allowList = new PythonFastApiStack().allowedDependencies().stream().sorted().toList();
    Matcher stack = Pattern.compile("python-fastapi: ([a-z, ]+) and ([a-z]+);").matcher(doc);
    assertThat(stack.find()).as("the python-fastapi allow-list sentence").isTrue();
    List<String> documented = Stream.concat(Arrays.stream(stack.group(1).split(",\\s*")), Stream.of(stack.group(2))).sorted().toList();
    assertThat(documented).isEqualTo(allowList);
  }
}
