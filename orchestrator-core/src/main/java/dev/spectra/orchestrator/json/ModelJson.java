package dev.spectra.orchestrator.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spectra.orchestrator.internal.Checks;
import java.util.EnumSet;
import java.util.List;

/**
 * Lenient extraction of JSON from a model's reply: step 2 of the repair ladder (DESIGN section 3). Models wrap JSON
 * in markdown fences, surround it with prose, add trailing commas and comments, use single quotes, unquoted keys and
 * Python literals, forget quotes, colons and commas, leave ellipses, write several values where one array was meant,
 * and get cut off by a token limit. {@code ModelJson} recovers the value, says which repairs it needed and which of
 * them may have changed what the model meant.
 *
 * <pre>{@code
 * JsonNode plan = ModelJson.parse(reply);                 // the preferred value, or ModelOutputException
 *
 * for (ModelJson.Candidate c : ModelJson.candidates(reply)) {
 *   if (c.truncated()) { ... }                            // the reply ended inside it: never a final value
 *   if (c.risky()) { ... }                                // usable only if it validates; report c.riskyRepairs()
 *   log.info("repaired: {}", c.repairs());                // e.g. [fence, prose, trailing-comma]
 * }
 * }</pre>
 *
 * <h2>What is read</h2>
 * Every top-level JSON value in the reply is a candidate, de-duplicated, in this order of preference:
 * <ol>
 *   <li>the whole reply, when it is one value (then it is the only candidate), or when it is several objects or
 *       arrays in a row (below);
 *   <li>the bodies of fenced blocks ({@code ```json}, {@code ```}, {@code ~~~}, any language tag) that are one value
 *       each (or several in a row), in order;
 *   <li>objects and arrays found elsewhere in the text, in order of appearance; a brace that does not start a value
 *       (prose such as {@code {age}}) is tried, fails and is skipped with what it covered, so fragments of a broken
 *       value are never offered as values of their own;
 *   <li>an object or array the text ends inside (a truncated reply), closed.
 * </ol>
 * Then, keeping that order within each group: objects and arrays before scalars, values outside a
 * {@code <think>...</think>} block before those inside it, the unlikely ones after the others (empty containers,
 * and among values found in the text one-number arrays and values inside a block of code in another language than
 * JSON: a stray {@code {}}, a citation such as {@code [1]}, the {@code {'a': 1}} of {@code print({'a': 1})} in a
 * python block rarely are the answer), and last the {@linkplain Candidate#risky() risky} ones.
 *
 * <p><b>Scalars</b> count only when they are the whole reply or the whole body of a fence ({@code 42},
 * {@code "done"}): a number or quoted word inside prose is not a candidate. A whole reply that is a JSON string
 * holding an object or array ({@code "{\"a\":1}"}) also yields the decoded value, before the string itself.
 *
 * <p><b>Several values.</b> JSON lines, objects or arrays one per line with or without commas, and concatenated
 * values ({@code {"a":1}{"a":2}}) that fill the reply or a fenced block are read as one array, the first candidate
 * ({@link #SEVERAL_VALUES}); each value then follows as a candidate of its own, with the repairs of the whole. So a
 * caller that expects a list gets the list, and one that expects a single object (the ladder validates candidates
 * in order against the expected type) skips the array and gets the first value that validates: reading several
 * values never hides one of them.
 * Values that need a bare word or a filled-in value are not joined this way (a {@code [see below]} after the answer
 * is prose, not a second value).
 *
 * <p><b>Where the whole reply or a fenced block is the value</b>, bare words are read as strings and a key without a
 * value gets {@code null}; in prose those readings are refused, so that {@code {name}} or {@code [see below]} in a
 * sentence is never a value.
 *
 * <h2>Repairs</h2>
 * Strict JSON comes back with no repair, unchanged; each leniency that was actually needed is named once, in the
 * order of {@link #ALL_REPAIRS}. Repairs that fired only in the part a truncation dropped are not reported. Those in
 * {@link #RISKY_REPAIRS} may have changed the meaning: a guess where a quote ended, a bare word read as a string, a
 * value filled in or an ellipsis dropped, a cut-off value closed.
 *
 * <h2>Truncation</h2>
 * When the text ends inside an object or array, it is closed: a string, number or literal cut at the end is kept as
 * far as it goes ({@code "Ad} gives {@code "Ad"}, {@code 2.} and {@code 2e} give {@code 2}, {@code tr} gives
 * {@code true}), a cut key, a key without its value and a lone sign are dropped, containers left with no member are
 * dropped, and the open brackets are closed innermost first. Such a candidate is {@link Candidate#truncated()} (a
 * number touching the end may have been longer). Closing brackets at the very end of an unterminated string
 * ({@code {"name": "Ada}}) are read as the brackets, and the candidate is flagged truncated as well. When nothing
 * complete is left, there is no candidate.
 *
 * <p><b>Binary data</b> is refused: a reply with at least 8 control characters other than tabs and line breaks,
 * making at least 1 % of it, yields no candidate, and a string holding such a character is not read.
 *
 * <h2>Limits</h2>
 * Work is linear in the reply's length (a 1 MB reply takes tens of milliseconds; see docs/benchmarks.md); nesting
 * is limited to 1000 levels, as in Jackson.
 */
public final class ModelJson {
  /** The value was inside a markdown code fence. */
  public static final String FENCE = "fence";
  /** Text outside the value (other than its own fence) was discarded. */
  public static final String PROSE = "prose";
  /**
   * The reply (or a fenced block) held several objects or arrays one after the other, JSON lines or concatenated
   * ({@code {"a":1}{"a":2}}): read as one array, the preferred candidate; each value is also a candidate of its own.
   */
  public static final String SEVERAL_VALUES = "several-values";
  /**
   * The reply was a JSON string holding the JSON text of an object or array ({@code "{\"a\": 1}"}), or held
   * nothing else than such escaped text ({@code {\"a\": 1}}).
   */
  public static final String DOUBLE_ENCODED = "double-encoded";
  /**
   * A string value held a fenced JSON block whose quotes were not escaped ({@code "```json {"a": 1} ```"}): the
   * block's value replaced the string. A string that is valid as written stays a string.
   */
  public static final String JSON_IN_STRING = "json-in-string";
  /** {@code // ...}, {@code /* ... *}{@code /} or {@code # ...} comments were removed. */
  public static final String COMMENT = "comment";
  /** Whitespace JSON does not allow (no-break space, byte-order mark, zero-width space) was skipped. */
  public static final String WHITESPACE = "whitespace";
  /** Strings or keys in single quotes ({@code 'a'}). */
  public static final String SINGLE_QUOTES = "single-quotes";
  /** Strings or keys in typographic or backtick quotes (“a”, ‘a’, {@code `a`}). */
  public static final String SMART_QUOTES = "smart-quotes";
  /**
   * A quote inside a string, followed by a word and with another quote later on the line, was kept as text
   * ({@code "say "hi" now"}, {@code 'it's'}). Risky: it guesses where the string ends.
   */
  public static final String UNESCAPED_QUOTE = "unescaped-quote";
  /**
   * A string's end quote ({@code {"a": "x, "b": 1}}, {@code "x}} at the end, before a line break) or start quote
   * ({@code {"a": x"}}) was missing and was put where the next token or the end made it likely. Risky: a guess.
   */
  public static final String MISSING_QUOTE = "missing-quote";
  /**
   * An escape JSON does not define: {@code \'} and {@code \xHH} are decoded, a backslash before a line break is
   * dropped, any other backslash is kept as text ({@code "C:\Users"}).
   */
  public static final String INVALID_ESCAPE = "invalid-escape";
  /** A raw line break or tab inside a string was escaped (other control characters are refused as binary). */
  public static final String CONTROL_CHAR = "control-char";
  /** Strings joined with {@code +} ({@code "a" + "b"}) were read as one. */
  public static final String CONCATENATION = "concatenation";
  /** Keys without quotes ({@code {name: "x"}}). */
  public static final String UNQUOTED_KEY = "unquoted-key";
  /**
   * Unquoted text where a value belongs was read as a string: words ({@code {"a": hello world}}), symbols, and
   * numbers JSON has no reading for ({@code 0.0.1}, {@code 1/3}, {@code 2024-01-15}). Risky: a guess.
   */
  public static final String BARE_WORD = "bare-word";
  /** Python's {@code True}, {@code False}, {@code None} outside strings. */
  public static final String PYTHON_LITERAL = "python-literal";
  /** Other spellings of literals: {@code TRUE}, {@code Null}, {@code none}, {@code undefined}. */
  public static final String NONSTANDARD_LITERAL = "nonstandard-literal";
  /** {@code NaN}, {@code Infinity}, {@code -Infinity} (also {@code nan}, {@code inf}): read as doubles. */
  public static final String NON_NUMERIC_NUMBER = "non-numeric-number";
  /** Numbers JSON does not allow: {@code +1}, {@code 007}, {@code .5}, {@code 5.}, {@code 0x1F}, {@code 1_000}. */
  public static final String NUMBER_FORMAT = "number-format";
  /**
   * A MongoDB or JavaScript wrapper was replaced by its argument: {@code ObjectId("…")}, {@code ISODate("…")},
   * {@code new Date("…")}, {@code NumberLong(2)} ({@code Number…} wrappers of a numeric string give the number).
   */
  public static final String WRAPPER = "wrapper";
  /** A regular expression literal ({@code /ab+c/i}) was read as a string holding it. */
  public static final String REGEX = "regex";
  /** A Python tuple ({@code (1, 2)}) was read as an array. */
  public static final String TUPLE = "tuple";
  /** A missing colon between a key and its value ({@code {"a" 1}}), or {@code =} written for it. */
  public static final String MISSING_COLON = "missing-colon";
  /** Members or elements without a comma between them. */
  public static final String MISSING_COMMA = "missing-comma";
  /** A leading or doubled comma ({@code [,1]}, {@code [1,,2]}), a doubled colon, or a semicolon for a comma. */
  public static final String STRAY_SEPARATOR = "stray-separator";
  /** A comma before a closing bracket. */
  public static final String TRAILING_COMMA = "trailing-comma";
  /** A key without a value ({@code {"a":}}, {@code {"a"}}) got {@code null}. Risky: the value is a guess. */
  public static final String MISSING_VALUE = "missing-value";
  /**
   * An ellipsis ({@code ...}, {@code …}) standing for left-out items or members was dropped, with its key if it was
   * a member's value. Risky: the model left something out.
   */
  public static final String ELLIPSIS = "ellipsis";
  /** A closing bracket of the wrong kind, where an enclosing container matched it ({@code {"a": [1}}). */
  public static final String BRACKET_MISMATCH = "bracket-mismatch";
  /**
   * A closing bracket that closes nothing was skipped ({@code {"a": 1}}}, {@code [1, 2}, 3]}), or an object
   * closed too early went on ({@code {"a": 1}, "b": 2}}).
   */
  public static final String EXTRA_CLOSER = "extra-closer";
  /**
   * The reply ended inside the value, which was closed: a string, number or literal cut at the end is kept as far
   * as it goes ({@code "Ad}, {@code 2.}, {@code tr}), a cut key or a key without its value is dropped, and the open
   * containers are closed. Risky: what followed is lost.
   */
  public static final String TRUNCATION = "truncation";

  /** Every repair name, in the order in which {@link Candidate#repairs()} lists them. */
  public static final List<String> ALL_REPAIRS = Repair.labels(EnumSet.allOf(Repair.class));

  /**
   * The repairs that may have changed what the model meant: {@link #UNESCAPED_QUOTE}, {@link #MISSING_QUOTE},
   * {@link #BARE_WORD}, {@link #MISSING_VALUE}, {@link #ELLIPSIS}, {@link #TRUNCATION}. A candidate with one of them
   * is {@link Candidate#risky()}.
   */
  public static final List<String> RISKY_REPAIRS = Repair.riskyLabels();

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
   * @param truncated the reply ended inside this value, which was closed ({@link #TRUNCATION})
   */
  public record Candidate(JsonNode value, List<String> repairs, boolean truncated) {
    /** Checks {@code value} and copies {@code repairs} (null counts as none). */
    public Candidate {
      Checks.notNull(value, "value");
      repairs = Checks.copy(repairs, "repairs");
    }

    /**
     * Whether a repair may have changed what the model meant (one of {@link #RISKY_REPAIRS}; a truncated value is
     * always risky): use such a value only if it validates, and say which repair it needed.
     *
     * @return true when the value is truncated or {@link #riskyRepairs()} is not empty
     */
    public boolean risky() {
      return truncated || !riskyRepairs().isEmpty();
    }

    /**
     * The repairs that may have changed the meaning, in report order.
     *
     * @return the risky repairs among {@link #repairs()}; unmodifiable
     */
    public List<String> riskyRepairs() {
      return repairs.stream().filter(RISKY_REPAIRS::contains).toList();
    }
  }
}
