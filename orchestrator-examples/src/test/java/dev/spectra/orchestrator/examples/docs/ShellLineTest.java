package dev.spectra.orchestrator.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The docs tests read shell lines as bash would for a simple command, and refuse what they cannot run faithfully. */
class ShellLineTest {
  static ShellLine parse(String text) {
    return ShellLine.parse("doc.md", 1, text);
  }

  @Test
  void quotesEscapesAndATrailingCommentAreHandledAsBashDoes() {
    ShellLine line = parse("./spectra generate \"A \\\"todo\\\" API\" 'it''s' a\\ b --out x#y  # exit 2: bad key");

    assertThat(line.words()).containsExactly("./spectra", "generate", "A \"todo\" API", "its", "a b", "--out", "x#y");
    assertThat(line.comment()).isEqualTo("exit 2: bad key");
    assertThat(line.unsupported()).isNull();
  }

  @Test
  void leadingAssignmentsAndExportsAreSeparatedFromTheCommand() {
    ShellLine prefixed = parse("SPECTRA_MODEL_PLAN=openai:gpt-4o A='x y' ./spectra doctor");
    ShellLine exported = parse("export SPECTRA_PROVIDER=ollama OLLAMA_MODEL=qwen2.5-coder:7b");
    ShellLine quotedName = parse("./spectra generate \"X=1 is a request\"");

    assertThat(prefixed.assignments()).isEqualTo(Map.of("SPECTRA_MODEL_PLAN", "openai:gpt-4o", "A", "x y"));
    assertThat(prefixed.words()).containsExactly("./spectra", "doctor");
    assertThat(prefixed.exported()).isFalse();
    assertThat(exported.exported()).isTrue();
    assertThat(exported.assignments()).containsExactly(Map.entry("SPECTRA_PROVIDER", "ollama"),
        Map.entry("OLLAMA_MODEL", "qwen2.5-coder:7b"));
    assertThat(exported.words()).isEmpty();
    assertThat(quotedName.assignments()).isEmpty();
    assertThat(quotedName.words()).containsExactly("./spectra", "generate", "X=1 is a request");
  }

  @Test
  void continuationLinesJoinAndKeepTheFirstLineNumber() {
    Markdown.Block block = new Markdown.Block("doc.md", "bash", "bash", 10,
        "# a comment line\n./spectra compare --suite s.txt \\\n    --runs 3\n\n./spectra doctor\n");

    List<ShellLine> lines = ShellLine.parse(block);

    assertThat(lines).extracting(ShellLine::where).containsExactly("doc.md:11", "doc.md:14");
    assertThat(lines.get(0).words()).containsExactly("./spectra", "compare", "--suite", "s.txt", "--runs", "3");
  }

  @Test
  void shellSyntaxBeyondASimpleCommandIsNamedNotInterpreted() {
    assertThat(parse("./spectra doctor | tee log").unsupported()).isEqualTo("'|'");
    assertThat(parse("./spectra doctor && echo ok").unsupported()).isEqualTo("'&'");
    assertThat(parse("./spectra generate \"$REQUEST\"").unsupported()).contains("expansion '$'");
    assertThat(parse("./spectra generate $REQUEST").unsupported()).isEqualTo("'$'");
    assertThat(parse("./spectra doctor > out.txt").unsupported()).isEqualTo("'>'");
    assertThat(parse("./spectra compare --suite *.txt").unsupported()).isEqualTo("'*'");
    assertThat(parse("./spectra generate 'unclosed").unsupported()).isEqualTo("an unclosed ' quote");
    assertThat(parse("./spectra generate 'a | b $c'").unsupported()).isNull();
  }
}
