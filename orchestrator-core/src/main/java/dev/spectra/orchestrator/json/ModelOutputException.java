package dev.spectra.orchestrator.json;

import dev.spectra.orchestrator.OrchestratorException;
import dev.spectra.orchestrator.internal.Checks;
import java.util.ArrayList;
import java.util.List;

/**
 * A model's output could not be used: nothing could be recovered from the reply, or every attempt (the first reply
 * and the re-prompts of the repair ladder) failed. It carries one {@link Attempt} per reply, each with an excerpt of
 * the reply cut to a safe length and the errors found, so logs never hold the whole of a large reply.
 *
 * <pre>{@code
 * try {
 *   JsonNode plan = ModelJson.parse(reply);
 * } catch (ModelOutputException e) {
 *   e.attempts().get(0).errors();   // e.g. [the reply contains no JSON object or array]
 * }
 *
 * // the LLM layer, after its re-prompts:
 * throw new ModelOutputException("the plan reply was invalid after 3 attempts", List.of(
 *     ModelOutputException.Attempt.of(1, reply1, List.of("$.files[2].path: missing required field")),
 *     ModelOutputException.Attempt.of(2, reply2, List.of("$.name: must not be blank"))));
 * }</pre>
 */
public class ModelOutputException extends OrchestratorException {
  private static final long serialVersionUID = 1L;

  /** The longest reply excerpt an {@link Attempt} keeps, in characters (before control characters are escaped). */
  public static final int MAX_EXCERPT_CHARS = 600;
  /** The longest error text an {@link Attempt} keeps, and the longest message, in characters. */
  public static final int MAX_ERROR_CHARS = 1000;
  /** The most errors an {@link Attempt} keeps; a last entry says how many more were dropped. */
  public static final int MAX_ERRORS = 50;

  private static final int MESSAGE_EXCERPT_CHARS = 200;

  private final List<Attempt> attempts;

  /**
   * @param message what could not be recovered (cut to {@value #MAX_ERROR_CHARS} characters)
   * @param attempts the replies that were tried, in order
   */
  public ModelOutputException(String message, List<Attempt> attempts) {
    super(Checks.excerpt(Checks.notNull(message, "message"), MAX_ERROR_CHARS));
    this.attempts = Checks.copy(attempts, "attempts");
  }

  /**
   * The replies that were tried.
   *
   * @return the attempts in order; unmodifiable, never null
   */
  public List<Attempt> attempts() {
    return attempts;
  }

  /**
   * A failure with a single attempt: the message says why and quotes an excerpt of the reply.
   *
   * @param reply the reply (may be null or huge: only an excerpt is kept)
   * @param why what was wrong, e.g. "the reply contains no JSON object or array"
   * @return the exception, with one attempt whose errors are {@code [why]}
   */
  public static ModelOutputException unrecoverable(String reply, String why) {
    Checks.notNull(why, "why");
    String message = why + "; reply (" + (reply == null ? "null" : reply.length() + " chars") + "): \""
        + printable(Checks.excerpt(reply == null ? "" : reply, MESSAGE_EXCERPT_CHARS)) + "\"";
    return new ModelOutputException(message, List.of(Attempt.of(1, reply, List.of(why))));
  }

  /**
   * One reply and what was wrong with it.
   *
   * @param number 1-based
   * @param replyExcerpt the reply, cut to about {@value #MAX_EXCERPT_CHARS} characters (head and tail, with a
   *     marker saying how much was cut) with control characters escaped; the constructor enforces both
   * @param errors what was wrong, e.g. {@code "$.files[2].path: missing required field"}; each cut to
   *     {@value #MAX_ERROR_CHARS} characters, at most {@value #MAX_ERRORS} kept
   */
  public record Attempt(int number, String replyExcerpt, List<String> errors) {
    /** Checks {@code number}, cuts and escapes {@code replyExcerpt}, copies and bounds {@code errors}. */
    public Attempt {
      Checks.positive(number, "number");
      replyExcerpt = safe(replyExcerpt);
      errors = Checks.copy(errors, "errors");
      List<String> cut = new ArrayList<>(Math.min(errors.size(), MAX_ERRORS + 1));
      for (int k = 0; k < errors.size() && k < MAX_ERRORS; k++) {
        cut.add(Checks.excerpt(errors.get(k), MAX_ERROR_CHARS));
      }
      if (errors.size() > MAX_ERRORS) {
        cut.add("… and " + (errors.size() - MAX_ERRORS) + " more errors");
      }
      errors = List.copyOf(cut);
    }

    /**
     * An attempt from the full reply text, which is cut here.
     *
     * @param number 1-based
     * @param reply the whole reply (may be null or huge)
     * @param errors what was wrong with it
     * @return the attempt
     */
    public static Attempt of(int number, String reply, List<String> errors) {
      return new Attempt(number, reply, errors);
    }

    /** Idempotent: an excerpt made here (the cut marker adds a few characters) is not cut again. */
    private static String safe(String text) {
      if (text == null) {
        return "null";
      }
      return printable(text.length() <= MAX_EXCERPT_CHARS + 32 ? text : Checks.excerpt(text, MAX_EXCERPT_CHARS));
    }
  }

  /** Escapes control characters (other than line breaks and tabs) so binary junk cannot garble a log line. */
  static String printable(String text) {
    StringBuilder b = null;
    for (int j = 0; j < text.length(); j++) {
      char c = text.charAt(j);
      boolean control = (c < 0x20 && c != '\n' && c != '\t' && c != '\r') || (c >= 0x7f && c < 0xa0);
      if (control && b == null) {
        b = new StringBuilder(text.length() + 16).append(text, 0, j);
      }
      if (b != null) {
        if (control) {
          b.append(String.format("\\u%04x", (int) c));
        } else {
          b.append(c);
        }
      }
    }
    return b == null ? text : b.toString();
  }
}
