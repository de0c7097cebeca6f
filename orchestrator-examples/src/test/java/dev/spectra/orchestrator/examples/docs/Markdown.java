package dev.spectra.orchestrator.examples.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The fenced code blocks of the repository's Markdown files, read from disk as users see them. */
final class Markdown {
  /** The repository root: Surefire runs in the module directory, one level below. */
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  private Markdown() {}

  /**
   * One fenced block.
   *
   * @param file the Markdown file, relative to the repository root (for messages)
   * @param language the info string's first word ({@code bash}, {@code java}, ...), or empty
   * @param info the whole info string after the backticks, stripped (the language, then any attributes)
   * @param line the 1-based line of the block's first content line
   * @param text the block's content, lines joined by {@code \n}, with a final newline when not empty
   */
  record Block(String file, String language, String info, int line, String text) {
    /** The content lines. */
    List<String> lines() {
      return text.lines().toList();
    }
  }

  /** README.md, then every {@code docs/*.md} in name order. */
  static List<Path> documents() throws IOException {
    List<Path> files = new ArrayList<>();
    files.add(ROOT.resolve("README.md"));
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      docs.filter(p -> p.getFileName().toString().endsWith(".md")).sorted().forEach(files::add);
    }
    return files;
  }

  /**
   * The fenced blocks of a file, in order. A fence is three or more backticks at the start of a line (after up to
   * three spaces); the block ends at a line of at least as many backticks.
   *
   * @throws IllegalStateException when a block is never closed
   */
  static List<Block> blocks(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    String name = ROOT.relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/');
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String opening = lines.get(i).stripLeading();
      int ticks = countTicks(opening);
      if (ticks < 3 || lines.get(i).length() - opening.length() > 3) {
        continue;
      }
      String info = opening.substring(ticks).strip();
      String language = info.isEmpty() ? "" : info.split("\\s+")[0];
      StringBuilder text = new StringBuilder();
      int start = i + 1;
      int j = start;
      while (j < lines.size() && !(countTicks(lines.get(j).strip()) >= ticks && lines.get(j).strip().chars().allMatch(c -> c == '`'))) {
        text.append(lines.get(j)).append('\n');
        j++;
      }
      if (j == lines.size()) {
        throw new IllegalStateException(name + ":" + (i + 1) + ": the fenced block opened here is never closed");
      }
      blocks.add(new Block(name, language, info, start + 1, text.toString()));
      i = j;
    }
    return blocks;
  }

  private static int countTicks(String s) {
    int n = 0;
    while (n < s.length() && s.charAt(n) == '`') {
      n++;
    }
    return n;
  }
}
