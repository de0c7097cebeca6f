package dev.spectra.orchestrator.json;

import dev.spectra.orchestrator.internal.Checks;
import java.util.List;

/**
 * Unwraps a file's content from a model reply. Code comes back as text, not inside JSON (DESIGN section 2): one
 * fenced block per reply is unwrapped and anything around it is discarded.
 *
 * <pre>{@code
 * CodeReply.Unwrapped u = CodeReply.unwrap(reply, "yaml");
 * if (u.truncated()) { ... retry: the reply was cut off inside the block }
 * Files.writeString(path, u.code());
 * }</pre>
 *
 * <ul>
 *   <li>One fenced block ({@code ```}, {@code ~~~}, any language tag): its body; prose around it is discarded
 *       (repairs {@code fence}, and {@code prose} when there was any).
 *   <li>No fence: the reply as it is, without its leading and trailing blank lines; no repair. The same for a
 *       markdown file whose reply starts with the document itself and has no block tagged markdown: its fenced
 *       blocks are the document's own samples.
 *   <li>Several fenced blocks: the one that best matches the file, that is the blocks tagged with the expected
 *       language (aliases count: {@code yml} is {@code yaml}, {@code sh} is {@code shell}, and a caller may name more tags), else untagged blocks,
 *       else any; among those the longest; repair {@code multiple-fences}.
 *   <li>A block with no closing fence (a reply cut off by the token limit): its body to the end of the reply,
 *       flagged {@code truncated} with repair {@code truncation}; the last line may be partial.
 *   <li>An empty or blank reply, or only empty blocks: {@link ModelOutputException}.
 * </ul>
 * Blank lines at the start and the end of the code are removed; everything else, indentation included, is kept
 * byte for byte. A markdown file whose block holds fenced samples ({@code ```markdown} around {@code ```bash})
 * comes back whole.
 */
public final class CodeReply {
  /** The code was inside a markdown code fence. */
  public static final String FENCE = ModelJson.FENCE;
  /** Text outside the chosen block was discarded (other blocks included). */
  public static final String PROSE = ModelJson.PROSE;
  /** The reply held several fenced blocks; one was chosen. */
  public static final String MULTIPLE_FENCES = "multiple-fences";
  /** The chosen block had no closing fence: the reply was probably cut off. */
  public static final String TRUNCATION = ModelJson.TRUNCATION;

  private static final String MARKDOWN = "markdown";

  private CodeReply() {}

  /**
   * Unwraps the code of a file-content reply.
   *
   * @param reply the model's reply
   * @param expectedLanguage the file's language, e.g. {@code "java"}, {@code "yaml"}, {@code "yml"}; may be null
   * @return the code, the repairs that applied and whether the block was cut off
   * @throws ModelOutputException when the reply is null, empty or blank, or its fenced blocks are all blank
   */
  public static Unwrapped unwrap(String reply, String expectedLanguage) {
    return unwrap(reply, expectedLanguage == null ? java.util.Set.of() : java.util.Set.of(expectedLanguage));
  }

  /**
   * Unwraps the code of a file-content reply whose language has several fence tags (a stack's aliases).
   *
   * @param reply the model's reply
   * @param languageTags the tags that name the file's language, e.g. {@code kotlin} and {@code kt}; empty for any
   * @return the code, the repairs that applied and whether the block was cut off
   * @throws ModelOutputException when the reply is null, empty or blank, or its fenced blocks are all blank
   */
  public static Unwrapped unwrap(String reply, java.util.Set<String> languageTags) {
    if (reply == null || reply.isBlank()) {
      throw ModelOutputException.unrecoverable(reply, "the reply is empty; expected the content of the file");
    }
    List<Fences.Fence> fences = Fences.find(reply);
    if (fences.isEmpty()) {
      return new Unwrapped(trimBlankLines(reply, 0, reply.length()), List.of(), false);
    }
    java.util.Set<String> wanted = new java.util.HashSet<>();
    languageTags.forEach(t -> wanted.add(Fences.normalizeLanguage(t)));
    wanted.remove("");
    if (wanted.contains(MARKDOWN) && isUnwrappedDocument(reply, fences)) {
      return new Unwrapped(trimBlankLines(reply, 0, reply.length()), List.of(), false);
    }
    Fences.Fence best = null;
    int bestTier = Integer.MAX_VALUE;
    int bestLength = -1;
    for (Fences.Fence f : fences) {
      String code = trimBlankLines(reply, f.bodyStart(), f.bodyEnd());
      if (code.isEmpty()) {
        continue;
      }
      String language = f.language();
      int tier = wanted.isEmpty() || wanted.contains(language) ? 0 : language.isEmpty() ? 1 : 2;
      if (tier < bestTier || (tier == bestTier && code.length() > bestLength)) {
        best = f;
        bestTier = tier;
        bestLength = code.length();
      }
    }
    if (best == null) {
      throw ModelOutputException.unrecoverable(reply, "the reply's fenced code block is empty; expected the content"
          + " of the file");
    }
    List<String> repairs = new java.util.ArrayList<>(4);
    repairs.add(FENCE);
    if (!reply.substring(0, best.open()).isBlank() || !reply.substring(best.close()).isBlank()) {
      repairs.add(PROSE);
    }
    if (fences.size() > 1) {
      repairs.add(MULTIPLE_FENCES);
    }
    if (!best.terminated()) {
      repairs.add(TRUNCATION);
    }
    return new Unwrapped(trimBlankLines(reply, best.bodyStart(), best.bodyEnd()), repairs, !best.terminated());
  }

  /**
   * True for a markdown file sent as it is: the reply starts with the document (not with a fence), and no block is
   * tagged markdown, so its fenced blocks are the document's own samples, not a wrapper around it.
   */
  private static boolean isUnwrappedDocument(String reply, List<Fences.Fence> fences) {
    boolean startsWithFence = reply.substring(0, fences.get(0).open()).isBlank();
    boolean markdownBlock = fences.stream().anyMatch(f -> f.language().equals(MARKDOWN));
    return !startsWithFence && !markdownBlock;
  }

  /** The text in {@code [from, to)} without its leading blank lines and its trailing blank lines and line break. */
  static String trimBlankLines(String s, int from, int to) {
    int start = from;
    for (int j = from; j < to; j++) {
      char c = s.charAt(j);
      if (c == '\n') {
        start = j + 1;
      } else if (!Character.isWhitespace(c)) {
        break;
      }
    }
    int end = to;
    while (end > start && Character.isWhitespace(s.charAt(end - 1))) {
      end--;
    }
    if (end == start) {
      return "";
    }
    int lineEnd = end;
    while (lineEnd < to && s.charAt(lineEnd) != '\n' && s.charAt(lineEnd) != '\r') {
      lineEnd++;
    }
    return s.substring(start, lineEnd);
  }

  /**
   * The unwrapped code.
   *
   * @param code the file's content, without surrounding blank lines; never blank
   * @param repairs {@link #FENCE}, {@link #PROSE}, {@link #MULTIPLE_FENCES}, {@link #TRUNCATION} in that order, as
   *     they applied; empty for an unfenced reply
   * @param truncated the block had no closing fence
   */
  public record Unwrapped(String code, List<String> repairs, boolean truncated) {
    /** Checks {@code code} and copies {@code repairs} (null counts as none). */
    public Unwrapped {
      Checks.notNull(code, "code");
      repairs = Checks.copy(repairs, "repairs");
    }
  }
}
