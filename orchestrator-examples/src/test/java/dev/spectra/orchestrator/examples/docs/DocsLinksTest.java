package dev.spectra.orchestrator.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every relative link in README.md and docs/*.md leads to a file of the repository, and every {@code #anchor} to a
 * heading of its target (GitHub's anchor rules: lower case, punctuation dropped, spaces as hyphens, {@code -1},
 * {@code -2}... for repeated headings). Links inside fenced code blocks are not links.
 */
class DocsLinksTest {
  private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)\\)");
  private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.+?)\\s*#*\\s*$");

  @Test
  void everyRelativeLinkAndAnchorResolves() throws IOException {
    List<String> broken = new ArrayList<>();
    int checked = 0;
    for (Path doc : Markdown.documents()) {
      for (String target : links(doc)) {
        if (target.matches("^[a-z]+:.*")) {
          continue; // https:, mailto:
        }
        checked++;
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        Path resolved = file.isEmpty() ? doc : doc.getParent().resolve(file).normalize();
        String where = Markdown.ROOT.relativize(doc) + ": (" + target + ")";
        if (!resolved.startsWith(Markdown.ROOT) || !Files.exists(resolved)) {
          broken.add(where + ": no file " + resolved);
        } else if (hash >= 0 && !anchors(resolved).contains(target.substring(hash + 1))) {
          broken.add(where + ": no heading with anchor #" + target.substring(hash + 1) + " in " + Markdown.ROOT.relativize(resolved)
              + "; anchors there: " + anchors(resolved));
        }
      }
    }

    assertThat(broken).isEmpty();
    assertThat(checked).as("relative links checked").isGreaterThanOrEqualTo(15);
  }

  @Test
  void anchorsFollowGitHubsRules() {
    assertThat(anchor("Use it in your application")).isEqualTo("use-it-in-your-application");
    assertThat(anchor("`spectra generate \"<request>\"`")).isEqualTo("spectra-generate-request");
    assertThat(anchor("2. Clone and run the demo")).isEqualTo("2-clone-and-run-the-demo");
    assertThat(anchor("What it does, and why")).isEqualTo("what-it-does-and-why");
  }

  /** Link targets outside fenced blocks. */
  static List<String> links(Path doc) throws IOException {
    List<String> out = new ArrayList<>();
    for (String line : prose(doc)) {
      Matcher m = LINK.matcher(line);
      while (m.find()) {
        out.add(m.group(1));
      }
    }
    return out;
  }

  /** The anchors of a Markdown file's headings; empty for other files. */
  static Set<String> anchors(Path file) throws IOException {
    Set<String> out = new HashSet<>();
    if (!file.getFileName().toString().endsWith(".md")) {
      return out;
    }
    Map<String, Integer> seen = new HashMap<>();
    for (String line : prose(file)) {
      Matcher m = HEADING.matcher(line);
      if (m.matches()) {
        String a = anchor(m.group(1));
        int n = seen.merge(a, 1, Integer::sum);
        out.add(n == 1 ? a : a + "-" + (n - 1));
      }
    }
    return out;
  }

  static String anchor(String heading) {
    return heading.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
  }

  /** The lines outside fenced code blocks. */
  private static List<String> prose(Path doc) throws IOException {
    List<String> out = new ArrayList<>();
    boolean fenced = false;
    for (String line : Files.readAllLines(doc, StandardCharsets.UTF_8)) {
      if (line.stripLeading().startsWith("```")) {
        fenced = !fenced;
      } else if (!fenced) {
        out.add(line);
      }
    }
    return out;
  }
}
