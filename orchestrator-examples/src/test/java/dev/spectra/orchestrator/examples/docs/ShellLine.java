package dev.spectra.orchestrator.examples.docs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One logical line of a {@code ```bash} block, split into words the way bash would split a simple command: quotes
 * ('...' and "..."), backslash escapes, line continuations, a trailing {@code # comment}, leading {@code NAME=value}
 * assignments and {@code export NAME=value ...}. Anything a simple command does not have (pipes, redirections,
 * {@code ;}, {@code &&}, {@code $} expansions, globs, sub-shells) is not interpreted: {@link #unsupported()} names it.
 *
 * @param file the Markdown file
 * @param line the line of the command's first physical line
 * @param source the logical line as written (continuations joined)
 * @param assignments the leading {@code NAME=value} words (for {@code export}: all of them)
 * @param words the command and its arguments, quotes removed (empty for a pure assignment or {@code export})
 * @param exported true for an {@code export} line
 * @param comment the trailing comment without its {@code #}, or empty
 * @param unsupported the shell syntax this line uses that a simple command does not, or {@code null}
 */
record ShellLine(String file, int line, String source, Map<String, String> assignments, List<String> words,
    boolean exported, String comment, String unsupported) {
  private static final Pattern ASSIGNMENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*=.*", Pattern.DOTALL);

  /** Where it is, for messages: {@code docs/cli.md:12}. */
  String where() {
    return file + ":" + line;
  }

  /** The logical lines of a block, continuations joined, blank lines and whole-line comments left out. */
  static List<ShellLine> parse(Markdown.Block block) {
    List<ShellLine> out = new ArrayList<>();
    List<String> lines = block.lines();
    for (int i = 0; i < lines.size(); i++) {
      int first = i;
      StringBuilder logical = new StringBuilder(lines.get(i));
      while (endsWithContinuation(logical) && i + 1 < lines.size()) {
        logical.setLength(logical.length() - 1);
        logical.append(' ').append(lines.get(++i).strip());
      }
      String text = logical.toString().strip();
      if (!text.isEmpty() && !text.startsWith("#")) {
        out.add(parse(block.file(), block.line() + first, text));
      }
    }
    return out;
  }

  private static boolean endsWithContinuation(CharSequence s) {
    return s.length() > 0 && s.charAt(s.length() - 1) == '\\';
  }

  static ShellLine parse(String file, int line, String text) {
    List<String> raw = new ArrayList<>();
    List<String> words = new ArrayList<>();
    StringBuilder word = null;
    StringBuilder rawWord = null;
    String comment = "";
    String unsupported = null;
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote == '\'') {
        if (c == '\'') {
          quote = 0;
        } else {
          word.append(c);
        }
        rawWord.append(c);
        continue;
      }
      if (quote == '"') {
        rawWord.append(c);
        if (c == '"') {
          quote = 0;
        } else if (c == '\\' && i + 1 < text.length() && "\"\\$`".indexOf(text.charAt(i + 1)) >= 0) {
          word.append(text.charAt(++i));
          rawWord.append(text.charAt(i));
        } else if (c == '$' || c == '`') {
          unsupported = unsupported == null ? "expansion '" + c + "' inside double quotes" : unsupported;
          word.append(c);
        } else {
          word.append(c);
        }
        continue;
      }
      if (Character.isWhitespace(c)) {
        if (word != null) {
          words.add(word.toString());
          raw.add(rawWord.toString());
          word = null;
          rawWord = null;
        }
        continue;
      }
      if (c == '#' && word == null) {
        comment = text.substring(i + 1).strip();
        break;
      }
      if (word == null) {
        word = new StringBuilder();
        rawWord = new StringBuilder();
      }
      rawWord.append(c);
      if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '\\' && i + 1 < text.length()) {
        word.append(text.charAt(++i));
        rawWord.append(text.charAt(i));
      } else if ("|&;<>()`$*?[{}~".indexOf(c) >= 0) {
        unsupported = unsupported == null ? "'" + c + "'" : unsupported;
        word.append(c);
      } else {
        word.append(c);
      }
    }
    if (quote != 0) {
      unsupported = "an unclosed " + quote + " quote";
    }
    if (word != null) {
      words.add(word.toString());
      raw.add(rawWord.toString());
    }
    boolean exported = !words.isEmpty() && raw.get(0).equals("export");
    int start = exported ? 1 : 0;
    Map<String, String> assignments = new LinkedHashMap<>();
    while (start < words.size() && ASSIGNMENT.matcher(raw.get(start)).matches()) {
      String w = words.get(start);
      assignments.put(w.substring(0, w.indexOf('=')), w.substring(w.indexOf('=') + 1));
      start++;
    }
    if (exported && start < words.size()) {
      unsupported = unsupported == null ? "export of something other than NAME=value" : unsupported;
    }
    return new ShellLine(file, line, text, assignments, List.copyOf(words.subList(start, words.size())), exported, comment,
        unsupported);
  }
}
