package dev.spectra.orchestrator.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class CodeReplyTest {
  private static final String PY = "import os\n\n\ndef main() -> None:\n    print(os.getcwd())\n";

  @Test
  void fencedPythonWithProseAroundIt() {
    String reply = "Here is `app.py`:\n\n```python\n" + PY + "```\n\nRun it with `python app.py`.";

    CodeReply.Unwrapped u = CodeReply.unwrap(reply, "python");

    assertThat(u.code()).isEqualTo(PY.stripTrailing());
    assertThat(u.repairs()).containsExactly(CodeReply.FENCE, CodeReply.PROSE);
    assertThat(u.truncated()).isFalse();
  }

  @Test
  void aFenceAloneIsNotProse() {
    CodeReply.Unwrapped u = CodeReply.unwrap("```python\n" + PY + "```\n", "python");

    assertThat(u.code()).isEqualTo(PY.stripTrailing());
    assertThat(u.repairs()).containsExactly(CodeReply.FENCE);
  }

  @Test
  void anUnfencedReplyIsReturnedWithoutItsSurroundingBlankLines() {
    CodeReply.Unwrapped u = CodeReply.unwrap("\n  \n    x = 1\n\n    y = 2  \n\n\n", "python");

    assertThat(u.code()).isEqualTo("    x = 1\n\n    y = 2  ");
    assertThat(u.repairs()).isEmpty();
    assertThat(u.truncated()).isFalse();
  }

  @Test
  void anUnfencedMarkdownDocumentKeepsItsOwnSamples() {
    String readme = "# Catalog\n\nRun it:\n\n```bash\nuvicorn app.main:app\n```\n\nTest it:\n\n```bash\npytest\n```";

    CodeReply.Unwrapped u = CodeReply.unwrap(readme + "\n", "md");

    assertThat(u.code()).isEqualTo(readme);
    assertThat(u.repairs()).isEmpty();
  }

  @Test
  void aMarkdownDocumentWrappedInAMarkdownFenceIsUnwrapped() {
    String readme = "# Catalog\n\n```bash\npytest\n```";

    CodeReply.Unwrapped u = CodeReply.unwrap("Here it is:\n\n```markdown\n" + readme + "\n```\n", "markdown");

    assertThat(u.code()).isEqualTo(readme);
    assertThat(u.repairs()).containsExactly(CodeReply.FENCE, CodeReply.PROSE);
  }

  @Test
  void ofTwoFencesTheExpectedLanguageWinsOverTheLongerBlock() {
    String reply = "Install first:\n```bash\npip install fastapi uvicorn httpx pytest pydantic sqlalchemy\n```\n"
        + "Then:\n```python\nprint(1)\n```";

    CodeReply.Unwrapped u = CodeReply.unwrap(reply, "python");

    assertThat(u.code()).isEqualTo("print(1)");
    assertThat(u.repairs()).containsExactly(CodeReply.FENCE, CodeReply.PROSE, CodeReply.MULTIPLE_FENCES);
  }

  @Test
  void ofTwoFencesInTheSameLanguageTheLongestWins() {
    String reply = "```python\nprint(1)\n```\nor better:\n```python\nimport sys\nprint(sys.argv)\n```";

    assertThat(CodeReply.unwrap(reply, "python").code()).isEqualTo("import sys\nprint(sys.argv)");
  }

  @Test
  void withoutAHintTheLongestBlockWins() {
    String reply = "```\nshort\n```\n```yaml\nkey: value\nother: 2\n```";

    assertThat(CodeReply.unwrap(reply, (String) null).code()).isEqualTo("key: value\nother: 2");
  }

  @Test
  void anUntaggedBlockIsPreferredToABlockInAnotherLanguage() {
    String reply = "```bash\npython -m pip install --upgrade pip setuptools wheel\n```\n```\nprint(1)\n```";

    assertThat(CodeReply.unwrap(reply, "python").code()).isEqualTo("print(1)");
  }

  @ParameterizedTest
  @CsvSource({"kotlin, kt", "kt, kotlin", "c++, cpp", "shell, bash", "yaml, yml", "javascript, js"})
  void languageAliasesMatch(String expected, String tag) {
    String reply = "```javascript-not\nlonger block that does not match the expected language at all\n```\n```" + tag
        + "\nmatch()\n```";

    assertThat(CodeReply.unwrap(reply, expected).code()).isEqualTo("match()");
  }

  @Test
  void aLanguagesAliasesAreTheCallersTags() {
    String reply = "```javascript\nconsole.log('a much longer block in the wrong language');\n```\n"
        + "```rt\nGET /health -> ok\n```";

    assertThat(CodeReply.unwrap(reply, java.util.Set.of("routes", "rt")).code()).isEqualTo("GET /health -> ok");
    assertThat(CodeReply.unwrap(reply, "rt").code()).isEqualTo("GET /health -> ok");
    assertThat(CodeReply.unwrap(reply, "routes").code()).as("without the alias, the longer block wins")
        .startsWith("console.log");
  }

  @Test
  void generalAliasesStillCount() {
    String reply = "```text\na much longer block of notes in another language\n```\n```yml\na: 1\n```";

    assertThat(CodeReply.unwrap(reply, "yaml").code()).isEqualTo("a: 1");
  }

  @Test
  void anUnterminatedFenceIsFlaggedTruncated() {
    String reply = "Sure:\n```python\ndef main():\n    print(\"hel";

    CodeReply.Unwrapped u = CodeReply.unwrap(reply, "python");

    assertThat(u.code()).isEqualTo("def main():\n    print(\"hel");
    assertThat(u.truncated()).isTrue();
    assertThat(u.repairs()).containsExactly(CodeReply.FENCE, CodeReply.PROSE, CodeReply.TRUNCATION);
  }

  @Test
  void tildeFences() {
    CodeReply.Unwrapped u = CodeReply.unwrap("~~~python\nprint('~')\n~~~\n", "python");

    assertThat(u.code()).isEqualTo("print('~')");
    assertThat(u.truncated()).isFalse();
  }

  @Test
  void aClosingFenceGluedToTheLastLine() {
    CodeReply.Unwrapped u = CodeReply.unwrap("```python\nprint(1)```", "python");

    assertThat(u.code()).isEqualTo("print(1)");
    assertThat(u.truncated()).isFalse();
  }

  @Test
  void windowsLineEndings() {
    CodeReply.Unwrapped u = CodeReply.unwrap("Here:\r\n```python\r\nx = 1\r\ny = 2\r\n```\r\n", "python");

    assertThat(u.code()).isEqualTo("x = 1\r\ny = 2");
    assertThat(u.truncated()).isFalse();
  }

  @Test
  void backticksInsideTheCodeDoNotCloseTheBlock() {
    String code = "FENCE = \"```\"\nprint(f\"{FENCE}python\")";

    assertThat(CodeReply.unwrap("```python\n" + code + "\n```", "python").code()).isEqualTo(code);
  }

  @Test
  void aMarkdownFileWithFencedSamplesComesBackWhole() {
    String readme = "# Todo API\n\nRun:\n\n```bash\nuvicorn app.main:app\n```\n\nTest:\n\n```bash\npytest\n```";

    CodeReply.Unwrapped u = CodeReply.unwrap("Here is the README:\n```markdown\n" + readme + "\n```\n", "markdown");

    assertThat(u.code()).isEqualTo(readme);
    assertThat(u.repairs()).containsExactly(CodeReply.FENCE, CodeReply.PROSE);
    assertThat(u.truncated()).isFalse();
  }

  @Test
  void aForgottenClosingFenceBeforeASecondBlockIsReadAsCommonMarkDoes() {
    String reply = "```python\na = 1\n\nAnd the tests:\n```python\nb = 2\n```";

    CodeReply.Unwrapped u = CodeReply.unwrap(reply, "python");

    assertThat(u.code()).isEqualTo("a = 1\n\nAnd the tests:\n```python\nb = 2");
    assertThat(u.truncated()).isFalse();
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "   ", "\n\n\t\n"})
  void anEmptyReplyIsRejected(String reply) {
    assertThatThrownBy(() -> CodeReply.unwrap(reply, "python"))
        .isInstanceOf(ModelOutputException.class)
        .hasMessageStartingWith("the reply is empty; expected the content of the file");
  }

  @Test
  void onlyEmptyBlocksAreRejected() {
    assertThatThrownBy(() -> CodeReply.unwrap("Here you go:\n```python\n\n```\n", "python"))
        .isInstanceOf(ModelOutputException.class)
        .hasMessageStartingWith("the reply's fenced code block is empty");
  }

  @Test
  void anEmptyBlockIsSkippedForANonEmptyOne() {
    CodeReply.Unwrapped u = CodeReply.unwrap("```python\n```\n```\nprint(1)\n```", "python");

    assertThat(u.code()).isEqualTo("print(1)");
    assertThat(u.repairs()).containsExactly(CodeReply.FENCE, CodeReply.PROSE, CodeReply.MULTIPLE_FENCES);
  }

  @Test
  void anUnwrappedValueIsImmutableAndRejectsNull() {
    CodeReply.Unwrapped u = new CodeReply.Unwrapped("x", new java.util.ArrayList<>(List.of("fence")), false);

    assertThatThrownBy(() -> u.repairs().add("prose")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> new CodeReply.Unwrapped(null, List.of(), false))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("code == null");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "python|python", "py|py", "Python3|python3", "js:app/main.js|javascript", "python title=\"app.py\"|python",
    "{.python}|python", "app.js|javascript", "Main.kt|kotlin", "Dockerfile|docker", "requirements.txt|text", "sh|shell", "C++|c++",
    "''|''", "yml|yaml", "toml|toml", "JSON|json"
  })
  void languagesAreNormalized(String info, String language) {
    assertThat(Fences.normalizeLanguage(info)).isEqualTo(language);
  }
}
