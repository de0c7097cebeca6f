package dev.spectra.orchestrator.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spectra.orchestrator.internal.Checks;
import java.util.List;

/**
 * Lenient extraction of JSON from a model's reply: step 2 of the repair ladder (DESIGN section 3). Models wrap JSON
 * in markdown fences, surround it with prose, add trailing commas and comments, use single quotes, unquoted keys and
 * Python literals, and get cut off by a token limit. {@code ModelJson} recovers the value and says which repairs it
 * needed.
 *
 * <pre>{@code
 * JsonNode plan = ModelJson.parse(reply);                 // the preferred value, or ModelOutputException
 *
 * for (ModelJson.Candidate c : ModelJson.candidates(reply)) {
 *   if (c.truncated()) { ... }                            // closed after the last complete member
 *   log.info("repaired: {}", c.repairs());                // e.g. [fence, prose, trailing-comma]
 * }
 * }</pre>
 *
 * <h2>What is read</h2>
 * Every top-level JSON value in the reply is a candidate, de-duplicated, in this order of preference:
 * <ol>
 *   <li>the whole reply, when it is one value (then it is the only candidate);
 *   <li>the bodies of fenced blocks ({@code ```json}, {@code ```}, {@code ~~~}, any language tag) that are one value
 *       each, in order;
 *   <li>objects and arrays found elsewhere in the text, in order of appearance; a brace that does not start a value
 *       (prose such as {@code {age}}) is tried, fails and is skipped with what it covered, so fragments of a broken
 *       value are never offered as values of their own;
 *   <li>an object or array the text ends inside (a truncated reply), closed after its last complete member.
 * </ol>
 * Then, keeping that order within each group: objects and arrays before scalars, values outside a
 * {@code <think>...</think>} block before those inside it, and last the unlikely ones: empty containers, and
 * among values found in the text one-number arrays and values inside a block of code in another language than
 * JSON (a stray {@code {}}, a citation such as {@code [1]}, the {@code {'a': 1}} of {@code print({'a': 1})} in a
 * python block rarely are the answer).
 *
 * <p><b>Scalars</b> count only when they are the whole reply or the whole body of a fence ({@code 42},
 * {@code "done"}): a number or quoted word inside prose is not a candidate. A whole reply that is a JSON string
 * holding an object or array ({@code "{\"a\":1}"}) also yields the decoded value, before the string itself.
 *
 * <h2>Repairs</h2>
 * Strict JSON comes back with no repair; each leniency that was actually needed is named once, in the order of
 * {@link #ALL_REPAIRS}. Repairs that fired only in the part a truncation dropped are not reported.
 *
 * <h2>Truncation</h2>
 * A value is closed only after a complete member, never inside a string, number, literal or key: the text is cut
 * back to the last complete value (dropping a dangling key, a partial string, number or literal, a trailing
 * comma), containers left with no complete member are dropped, and the open brackets are closed innermost first.
 * A number that touches the end of the reply is treated as partial ({@code [1, 2, 3} gives {@code [1, 2]}). When
 * nothing complete is left, there is no candidate.
 *
 * <p><b>Binary data</b> is refused: a reply with at least 8 control characters other than tabs and line breaks,
 * making at least 1 % of it, yields no candidate, and a string holding such a character is not read.
 *
 * <h2>Limits</h2>
 * Work is linear in the reply's length (a 1 MB reply takes milliseconds; see docs/benchmarks.md); nesting is
 * limited to 1000 levels, as in Jackson.
 */
public final class ModelJson {
  /** The value was inside a markdown code fence. */
  public static final String FENCE = "fence";
  /** Text outside the value (other than its own fence) was discarded. */
  public static final String PROSE = "prose";
  /**
   * The reply was a JSON string holding the JSON text of an object or array ({@code "{\"a\": 1}"}), or held
   * nothing else than such escaped text ({@code {\"a\": 1}}).
   */
  public static final String DOUBLE_ENCODED = "double-encoded";
  /** {@code // ...}, {@code /* ... *}{@code /} or {@code # ...} comments were removed. */
  public static final String COMMENT = "comment";
  /** Whitespace JSON does not allow (no-break space, byte-order mark, zero-width space) was skipped. */
  public static final String WHITESPACE = "whitespace";
  /** Strings or keys in single quotes ({@code 'a'}). */
  public static final String SINGLE_QUOTES = "single-quotes";
  /** Strings or keys in typographic quotes (“a”, ‘a’). */
  public static final String SMART_QUOTES = "smart-quotes";
  /**
   * A quote inside a string, followed by a word and with another quote later on the line, was kept as text
   * ({@code "say "hi" now"}, {@code 'it's'}).
   */
  public static final String UNESCAPED_QUOTE = "unescaped-quote";
  /**
   * An escape JSON does not define: {@code \'} and {@code \xHH} are decoded, a backslash before a line break is
   * dropped, any other backslash is kept as text ({@code "C:\Users"}).
   */
  public static final String INVALID_ESCAPE = "invalid-escape";
  /** A raw line break or tab inside a string was escaped (other control characters are refused as binary). */
  public static final String CONTROL_CHAR = "control-char";
  /** Keys without quotes ({@code {name: "x"}}). */
  public static final String UNQUOTED_KEY = "unquoted-key";
  /** Python's {@code True}, {@code False}, {@code None} outside strings. */
  public static final String PYTHON_LITERAL = "python-literal";
  /** Other spellings of literals: {@code TRUE}, {@code Null}, {@code none}, {@code undefined}. */
  public static final String NONSTANDARD_LITERAL = "nonstandard-literal";
  /** {@code NaN}, {@code Infinity}, {@code -Infinity} (also {@code nan}, {@code inf}): read as doubles. */
  public static final String NON_NUMERIC_NUMBER = "non-numeric-number";
  /** Numbers JSON does not allow: {@code +1}, {@code 007}, {@code .5}, {@code 5.}, {@code 0x1F}. */
  public static final String NUMBER_FORMAT = "number-format";
  /** Members or elements without a comma between them. */
  public static final String MISSING_COMMA = "missing-comma";
  /** A comma before a closing bracket. */
  public static final String TRAILING_COMMA = "trailing-comma";
  /** A closing bracket of the wrong kind, where an enclosing container matched it ({@code {"a": [1}}). */
  public static final String BRACKET_MISMATCH = "bracket-mismatch";
  /** The reply ended inside the value, which was closed after its last complete member. */
  public static final String TRUNCATION = "truncation";

  /** Every repair name, in the order in which {@link Candidate#repairs()} lists them. */
  public static final List<String> ALL_REPAIRS = Repair.labels(-1);

  private ModelJson() {}

  /**
   * The first recoverable JSON value of the reply (objects and arrays preferred over scalars), with repairs applied.
   *
   * @param reply the model's reply; {@code null} counts as empty
   * @return the first candidate's value
   * @throws ModelOutputException when nothing can be recovered; its message says why and quotes an excerpt
   */
  public static JsonNode parse(String reply) {
    Extraction e = Extraction.of(reply);
    if (e.candidates().isEmpty()) {
      throw ModelOutputException.unrecoverable(reply, e.failure());
    }
    return e.candidates().get(0).value();
  }

  /**
   * All candidates in order of preference, each with its repairs and a truncated flag; an empty list when none.
   *
   * @param reply the model's reply; {@code null} counts as empty
   * @return the candidates, best first; unmodifiable
   */
  public static List<Candidate> candidates(String reply) {
    return Extraction.of(reply).candidates();
  }

  /**
   * One value recovered from a reply.
   *
   * @param value the value
   * @param repairs the repairs that were needed, named by this class's constants, in {@link #ALL_REPAIRS} order;
   *     empty for strict JSON
   * @param truncated the reply ended inside this value, which was closed after its last complete member
   */
  public record Candidate(JsonNode value, List<String> repairs, boolean truncated) {
    /** Checks {@code value} and copies {@code repairs} (null counts as none). */
    public Candidate {
      Checks.notNull(value, "value");
      repairs = Checks.copy(repairs, "repairs");
    }
  }
}
