package dev.spectra.orchestrator.workspace;

import static dev.spectra.orchestrator.workspace.Refusals.assertRefused;
import static dev.spectra.orchestrator.workspace.Refusals.refusal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spectra.orchestrator.workspace.UnsafePathException.Rule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The string rules: which rule fires for each hostile path, and that a refused path creates nothing anywhere. */
class WorkspacePathRulesTest {
  private static final String DEEP_17 = String.join("/", Collections.nCopies(17, "d"));
  private static final String DEEP_16 = String.join("/", Collections.nCopies(16, "d"));

  static Stream<Arguments> hostilePaths() {
    List<Arguments> cases = new ArrayList<>();
    add(cases, Rule.EMPTY, "", "   ");
    add(cases, Rule.CONTROL_CHARACTER, "a\u0000b", "src/app\n.py", "a\tb", "a\rb", "a\u007fb", "a\u0085b", "a\u009bb",
        "a\u2028b", "x.py\u0000.txt");
    add(cases, Rule.BIDI_CONTROL, "evil\u202Etxt.exe", "a\u202Ab", "a\u202Db", "a\u2066b", "src/a\u2069.py",
        "a\u200Eb", "a\u200Fb", "a\u061Cb");
    add(cases, Rule.INVISIBLE_CHARACTER, "a\u200Bb", ".g\u200Cit/config", "\uFEFFapp.py", "a\u00ADb",
        "a\uDB40\uDC01b");
    add(cases, Rule.MALFORMED_UNICODE, "a\uD800b", "a\uDC00");
    add(cases, Rule.UNC, "//server/share/x", "//", "\\\\server\\share", "\\\\?\\C:\\x", "\\\\.\\pipe\\p");
    add(cases, Rule.ABSOLUTE, "/etc/passwd", "/", "/../x", "/tmp/a/../b");
    add(cases, Rule.DRIVE_LETTER, "C:", "c:foo", "C:/Windows/x", "C:\\x", "z:", "C:\\..\\x");
    add(cases, Rule.BACKSLASH, "a\\b", "..\\..\\etc\\passwd", "\\foo", "src\\");
    add(cases, Rule.EMPTY_SEGMENT, "a//b", "a/", "a/b/", "a//..");
    add(cases, Rule.PARENT_SEGMENT, "..", "../a", "a/..", "a/../b", "a/b/../../../x", "../../../../etc/passwd",
        "../CON", "CON/..", "a/../.git/x");
    add(cases, Rule.DOT_SEGMENT, ".", "./a", "a/./b", "a/.", "./.spectra/x");
    add(cases, Rule.TOO_DEEP, DEEP_17, DEEP_17 + "/CON");
    add(cases, Rule.ILLEGAL_CHARACTER, "a<b", "a>b", "ab:c", "file.txt:stream", "a\"b", "a|b", "a?b", "src/*.py");
    add(cases, Rule.RESERVED_NAME, "CON", "nul.txt", "COM1.tar.gz", "lpt9", "src/aux.py", "PRN", "Con.Py",
        "COM\u00b9", "lpt\u00b3.log", "CON .txt", "conin$", "CONOUT$.x", "com0", "NUL/x.py",
        Workspace.TEMP_PREFIX + "1234", "a/.SPECTRA-TMP-x");
    add(cases, Rule.TRAILING_DOT_OR_SPACE, "a.", "a ", "dir./x", "dir /x", "...", "src/app.py.");
    add(cases, Rule.NAME_TOO_LONG, "a".repeat(256), "\u00e9".repeat(128), "dir/" + "\uD83D\uDE00".repeat(64));
    add(cases, Rule.RESERVED_FOLDER, ".spectra/runs/x/plan.json", ".spectra", ".Spectra/x", ".git/hooks/pre-commit",
        ".GIT/config", "sub/.git/config", ".git", "a/b/.Git");
    return cases.stream();
  }

  private static void add(List<Arguments> cases, Rule rule, String... paths) {
    for (String path : paths) {
      cases.add(Arguments.of(UnsafePathException.escape(path), path, rule));
    }
  }

  @Test
  void theTableCoversEveryPathRule() {
    Set<Rule> covered = hostilePaths().map(a -> (Rule) a.get()[2]).collect(Collectors.toSet());
    Set<Rule> notStringRules = EnumSet.of(Rule.OUTSIDE_WORKSPACE, Rule.TOO_LARGE, Rule.TOO_MANY_FILES,
        Rule.SYMLINK_ESCAPE, Rule.NOT_A_DIRECTORY, Rule.NOT_A_FILE);
    assertThat(covered).containsExactlyInAnyOrderElementsOf(EnumSet.complementOf(EnumSet.copyOf(notStringRules)));
    assertThat(hostilePaths().count()).isGreaterThanOrEqualTo(25);
  }

  @ParameterizedTest(name = "[{index}] \"{0}\" -> {2}")
  @MethodSource("hostilePaths")
  void refusesTheHostilePathWithItsRuleAndCreatesNothing(String shown, String path, Rule rule, @TempDir Path base)
      throws Exception {
    Path root = base.resolve("ws");
    Files.createDirectories(base.resolve("outside"));
    Workspace ws = Workspace.at(root);
    ws.write("src/existing.py", "print('hi')\n");
    List<String> before = FileTrees.list(base);

    UnsafePathException e = refusal(() -> ws.write(path, "payload"));

    assertThat(e.rule()).as("rule for \"%s\"", shown).isEqualTo(rule);
    assertThat(e.path()).isEqualTo(path);
    assertThat(e.getMessage()).contains("\"" + shown + "\"").contains(rule.name());
    assertThat(FileTrees.list(base)).as("nothing created inside or outside the workspace").isEqualTo(before);
    assertThat(ws.writtenFiles()).isEqualTo(1);
    assertThat(ws.writtenBytes()).isEqualTo("print('hi')\n".length());

    // read and exists apply the same rules
    assertRefused(() -> ws.read(path), rule);
    assertRefused(() -> ws.exists(path), rule);
    assertThat(FileTrees.list(base)).isEqualTo(before);
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @ValueSource(strings = {"app.py", "src/app/main.py", ".gitignore", ".github/workflows/ci.yml", ".env.example",
      "..foo", "a..b", ".a", "console.py", "com10.txt", "nul_file", "CONFIG.md", "auxiliary/x.py", "lpt.txt",
      "r\u00e9sum\u00e9.md", "\u65e5\u672c\u8a9e/\u30d5\u30a1\u30a4\u30eb.txt", "\uD83D\uDE00.txt", "a b.txt",
      " leading.txt", "spectra/x", ".spectra-config", "x/.spectra/y", "git/x", ".gitkeep", "a/.git-x/y", "-rf",
      "~/x", "Dockerfile", "a,b;c=d&e'f", "#x", "a@b+c%20"})
  void acceptsOrdinaryAndUnusualButSafeNames(String path, @TempDir Path base) {
    Workspace ws = Workspace.at(base.resolve("ws"));
    String content = "content of " + path;

    Path written = ws.write(path, content);

    assertThat(written).isEqualTo(ws.root().resolve(path));
    assertThat(ws.read(path)).contains(content);
    assertThat(ws.exists(path)).isTrue();
    assertThat(ws.files()).containsExactly(path);
    assertThat(FileTrees.list(base)).noneMatch(line -> line.contains(Workspace.TEMP_PREFIX));
  }

  @Test
  void acceptsTheDeepestAndLongestPathsWithinTheDefaults(@TempDir Path base) {
    Workspace ws = Workspace.at(base);
    String longName = "\u00e9".repeat(127) + "a"; // 255 bytes

    ws.write(DEEP_16, "deep");
    ws.write(longName, "long");

    assertThat(ws.read(DEEP_16)).contains("deep");
    assertThat(ws.read(longName)).contains("long");
  }

  @Test
  void theRuleReportedDependsOnTheOrderNotOnWhereTheFaultSits() {
    PathRules rules = new PathRules(Workspace.DEFAULT_MAX_DEPTH, Workspace.DEFAULT_MAX_NAME_BYTES);

    // CON comes first, .. second: PARENT_SEGMENT is checked before RESERVED_NAME
    assertThat(ruleOf(rules, "CON/../x")).isEqualTo(Rule.PARENT_SEGMENT);
    // a trailing dot first, a device name second: RESERVED_NAME is checked before TRAILING_DOT_OR_SPACE
    assertThat(ruleOf(rules, "a./nul")).isEqualTo(Rule.RESERVED_NAME);
    // a bidi control first, a NUL second: CONTROL_CHARACTER is checked before BIDI_CONTROL
    assertThat(ruleOf(rules, "\u202E/\u0000")).isEqualTo(Rule.CONTROL_CHARACTER);
  }

  private static Rule ruleOf(PathRules rules, String path) {
    return refusal(() -> rules.check(path)).rule();
  }

  @Test
  void nullArgumentsAreProgrammingErrorsNamedInTheMessage(@TempDir Path base) {
    Workspace ws = Workspace.at(base);

    assertThatThrownBy(() -> ws.write(null, "x")).isInstanceOf(NullPointerException.class)
        .hasMessage("relativePath == null");
    assertThatThrownBy(() -> ws.write("a.txt", null)).isInstanceOf(NullPointerException.class)
        .hasMessage("content == null");
    assertThatThrownBy(() -> ws.read(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("relativePath == null");
    assertThat(ws.files()).isEmpty();
  }
}
