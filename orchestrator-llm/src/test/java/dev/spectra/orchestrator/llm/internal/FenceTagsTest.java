package dev.spectra.orchestrator.llm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A file's code is found under any of its language's usual fence tags (core knows no language's aliases). */
class FenceTagsTest {
  @Test
  void aPyBlockIsThePythonFilesCodeOverALongerBlockInAnotherLanguage() {
    String reply = "```javascript\nconsole.log('a much longer block in the wrong language');\n```\n```py\nprint(1)\n```";

    assertThat(Replies.unwrap(reply, Texts.language("app/main.py")).code()).isEqualTo("print(1)");
    assertThat(Texts.fenceTags("python")).contains("py", "python3", "pyi");
    assertThat(Texts.fenceTags("yaml")).containsExactly("yaml");
    assertThat(Texts.fenceTags("")).isEmpty();
  }
}
