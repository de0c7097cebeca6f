package dev.spectra.orchestrator.json;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The search behind {@link ModelJson}: which candidates a reply holds, or why it holds none. */
final class Extraction {
  private static final ObjectReader STRICT =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build().reader();
  private static final ObjectReader REPAIRED = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .build()
      .reader();

  /** An opening bracket followed by an escaped quote: the sign of escaped JSON text. */
  private static final Pattern ESCAPED_OPENER = Pattern.compile("[\\[{]\\s*\\\\\"");

  /** With at least this many control characters, making at least 1 % of it, a reply is binary data. */
  private static final int BINARY_MIN = 8;

  private static final int WHOLE = 0;
  private static final int FENCED = 1;
  private static final int FOUND = 2;
  private static final int TAIL = 3;

  private final List<ModelJson.Candidate> candidates;
  private final String failure;

  private Extraction(List<ModelJson.Candidate> candidates, String failure) {
    this.candidates = List.copyOf(candidates);
    this.failure = failure;
  }

  List<ModelJson.Candidate> candidates() {
    return candidates;
  }

  /** Why there is no candidate (meaningful when {@link #candidates()} is empty). */
  String failure() {
    return failure;
  }

  static Extraction of(String reply) {
    Search search = new Search(reply == null ? "" : reply, true);
    List<Item> items = search.run();
    List<ModelJson.Candidate> out = new ArrayList<>(items.size());
    for (Item item : items) {
      out.add(new ModelJson.Candidate(item.node, Repair.labels(item.repairs), item.truncated));
    }
    return new Extraction(out, search.failure());
  }

  /**
   * The characters the lenient parser and the search for values in prose examined to extract {@code reply}'s
   * candidates (the search for fences, a plain scan, is not counted): the measure of work of the linear-time
   * property test.
   */
  static long reads(String reply) {
    Search search = new Search(reply == null ? "" : reply, true);
    search.run();
    return search.reads;
  }

  /** A recovered value with its repairs. */
  private record Item(JsonNode node, Set<Repair> repairs, boolean truncated, boolean inThink, boolean demoted,
      Boolean groupRisky) {
    Item(JsonNode node, Set<Repair> repairs, boolean truncated, boolean inThink, boolean demoted) {
      this(node, repairs, truncated, inThink, demoted, null);
    }

    boolean scalar() {
      return !node.isContainerNode();
    }

    /** Needed a repair that may have changed the meaning: after the values that did not, in the same group. */
    boolean risky() {
      if (groupRisky != null) {
        return groupRisky;
      }
      return truncated || repairs.stream().anyMatch(r -> r.risky);
    }

    Item with(Repair r) {
      return new Item(node, plus(repairs, r), truncated, inThink, demoted);
    }
  }

  private static Set<Repair> plus(Set<Repair> a, Set<Repair> b) {
    EnumSet<Repair> all = a.isEmpty() ? EnumSet.noneOf(Repair.class) : EnumSet.copyOf(a);
    all.addAll(b);
    return all;
  }

  private static Set<Repair> plus(Set<Repair> a, Repair r) {
    return plus(a, EnumSet.of(r));
  }

  /** A value read by the lenient parser, with the part of the reply it covers. */
  private record Found(LenientParser.Outcome outcome, int start, int end, int phase) {}

  private static final class Search {
    private final String s;
    private final boolean decodeStrings;
    private List<Fences.Fence> fences = List.of();
    private int[] nonSpace;
    private String bestError;
    private int bestAt = -1;
    private int bestProgress = -1;
    private boolean cutBeforeAnything;
    /** A value was read but Jackson's own limits refused it. */
    private boolean refused;
    private int controlChars = -1;
    /** Where the text ends inside a value (read as one up to the end, recovered or not); -1 if nowhere. */
    private int tailStart = -1;
    /** Characters examined by the lenient parser. */
    private long reads;

    Search(String s, boolean decodeStrings) {
      this.s = s;
      this.decodeStrings = decodeStrings;
    }

    List<Item> run() {
      if (s.isBlank() || binary()) {
        return List.of();
      }
      JsonNode strict = strict(s);
      if (strict != null) {
        List<Item> items = new ArrayList<>();
        addWithDecoded(items, new Item(strict, EnumSet.noneOf(Repair.class), false, false, false));
        return items;
      }
      List<Found> found = new ArrayList<>();
      int n = s.length();
      LenientParser.Outcome whole = LenientParser.whole(s, 0, n);
      reads += whole.reads;
      if (whole.ok) {
        found.add(new Found(whole, 0, n, WHOLE));
      } else {
        fences = Fences.find(s);
        for (Fences.Fence f : fences) {
          LenientParser.Outcome o = LenientParser.whole(s, f.bodyStart(), f.bodyEnd());
          reads += o.reads;
          if (o.ok) {
            found.add(new Found(o, f.bodyStart(), f.bodyEnd(), FENCED));
          } else if (!o.eof && startsValue(f.bodyStart(), f.bodyEnd())) {
            note(f.bodyStart(), o);
          }
        }
        scan(found);
      }
      List<Item> items = items(found);
      if (decodeStrings && escapedOutside(found)) {
        // The escaped text of a value ({\"a\": 1}), as when a model writes JSON meant to sit inside a string: its
        // values come first, before the fragments the escaped text let through.
        List<Item> decoded = new ArrayList<>();
        Search inner = new Search(unescape(s), false);
        for (Item d : inner.run()) {
          if (!d.scalar()) {
            decoded.add(d.with(Repair.DOUBLE_ENCODED));
          }
        }
        reads += inner.reads;
        decoded.addAll(items);
        Set<JsonNode> seen = new HashSet<>();
        decoded.removeIf(item -> !seen.add(item.node));
        return decoded;
      }
      return items;
    }

    /**
     * Whether an opening bracket followed by an escaped quote lies outside every value read, and outside a value the
     * text ends in: then it is not inside a string.
     */
    private boolean escapedOutside(List<Found> found) {
      List<Found> sorted = new ArrayList<>(found);
      sorted.sort(Comparator.comparingInt(Found::start));
      java.util.regex.Matcher m = ESCAPED_OPENER.matcher(s);
      int k = 0;
      while (m.find()) {
        int at = m.start();
        if (tailStart >= 0 && at >= tailStart) {
          return false;
        }
        while (k < sorted.size() && sorted.get(k).end() <= at) {
          k++;
        }
        if (k == sorted.size() || at < sorted.get(k).start()) {
          return true;
        }
      }
      return false;
    }

    /** Undoes one level of JSON string escaping; unknown escapes are kept as they are. */
    private static String unescape(String text) {
      StringBuilder b = new StringBuilder(text.length());
      for (int j = 0; j < text.length(); j++) {
        char c = text.charAt(j);
        if (c != '\\' || j + 1 == text.length()) {
          b.append(c);
          continue;
        }
        char e = text.charAt(++j);
        switch (e) {
          case '"', '\\', '/' -> b.append(e);
          case 'n' -> b.append('\n');
          case 't' -> b.append('\t');
          case 'r' -> b.append('\r');
          default -> b.append('\\').append(e);
        }
      }
      return b.toString();
    }

    /**
     * Many control characters (other than tabs and line breaks) mean binary data, not a model's text: brackets in
     * it would only give accidental fragments such as {@code [3]}.
     */
    private boolean binary() {
      if (controlChars < 0) {
        controlChars = 0;
        for (int j = 0; j < s.length(); j++) {
          char c = s.charAt(j);
          if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') {
            controlChars++;
          }
        }
      }
      return controlChars >= BINARY_MIN && controlChars * 100L >= s.length();
    }

    /** Objects and arrays in order of appearance outside the fenced values, then the truncated tail, if any. */
    private void scan(List<Found> found) {
      int n = s.length();
      List<Found> fenced = new ArrayList<>(found);
      int next = 0;
      int pos = 0;
      int tail = -1;
      while (true) {
        int p = pos;
        while (p < n) {
          while (next < fenced.size() && fenced.get(next).end() <= p) {
            next++;
          }
          if (next < fenced.size() && p >= fenced.get(next).start()) {
            p = fenced.get(next).end();
            continue;
          }
          char c = s.charAt(p);
          reads++;
          if (c == '{' || c == '[') {
            break;
          }
          p++;
        }
        if (p >= n) {
          break;
        }
        reads++;
        if (!LenientParser.canStart(s, p, n)) {
          pos = p + 1;
          continue;
        }
        LenientParser.Outcome o = LenientParser.at(s, p, n, false);
        reads += o.reads;
        if (o.ok) {
          found.add(new Found(o, p, o.end, FOUND));
          pos = o.end;
        } else if (o.eof) {
          tail = p;
          break;
        } else {
          note(p, o);
          pos = Math.max(p + 1, o.resume);
        }
      }
      if (tail >= 0) {
        tailStart = tail;
        LenientParser.Outcome o = LenientParser.at(s, tail, n, true);
        reads += o.reads;
        if (o.ok) {
          found.add(new Found(o, tail, n, TAIL));
        } else if (found.isEmpty()) {
          cutBeforeAnything = true;
          bestAt = tail;
        }
      }
    }

    /** The block's first visible character opens an object or array: its failure is worth reporting. */
    private boolean startsValue(int from, int to) {
      int j = from;
      while (j < to && Character.isWhitespace(s.charAt(j))) {
        j++;
      }
      return j < to && (s.charAt(j) == '{' || s.charAt(j) == '[');
    }

    private void note(int start, LenientParser.Outcome o) {
      int progress = o.end - start;
      if (progress > bestProgress) {
        bestProgress = progress;
        bestAt = o.end;
        bestError = o.error;
      }
    }

    private List<Item> items(List<Found> found) {
      List<int[]> think = thinkBlocks();
      List<Item> items = new ArrayList<>();
      for (Found f : found) {
        JsonNode node = repaired(f.outcome().json);
        if (node == null) {
          refused = true;
          continue;
        }
        Set<Repair> repairs = plus(f.outcome().repairs, context(f));
        boolean inThink = false;
        for (int[] t : think) {
          inThink |= f.start() >= t[0] && f.start() < t[1];
        }
        Item whole = new Item(node, repairs, f.outcome().truncated, inThink, demoted(f, node));
        addWithDecoded(items, whole);
        // Several values read as one array: each is also a candidate, after it, for a reply meant as one of them.
        if (f.outcome().several) {
          Set<Repair> each = without(repairs, Repair.SEVERAL_VALUES);
          for (int k = 0; k < node.size(); k++) {
            JsonNode v = node.get(k);
            boolean last = k == node.size() - 1;
            Set<Repair> mine = last || !f.outcome().truncated ? each : without(each, Repair.TRUNCATION);
            items.add(new Item(v, mine, last && f.outcome().truncated, inThink, demoted(f, v), whole.risky()));
          }
        }
      }
      items.sort(Comparator.comparing(Item::scalar).thenComparing(Item::inThink).thenComparing(Item::demoted)
          .thenComparing(Item::risky));
      Set<JsonNode> seen = new HashSet<>();
      items.removeIf(item -> !seen.add(item.node));
      return items;
    }

    /**
     * Values rarely meant as the answer when there is anything else: {} or [], a citation such as [1] in prose, an
     * expression inside a block of code in another language ({@code print({'a': 1})} in a python block).
     */
    private boolean demoted(Found f, JsonNode node) {
      if (node.isContainerNode() && node.isEmpty()) {
        return true;
      }
      if (f.phase() != FOUND) {
        return false;
      }
      if (node.isArray() && node.size() == 1 && node.get(0).isNumber()) {
        return true;
      }
      Fences.Fence own = enclosingFence(f.start(), f.end());
      return own != null && !own.language().isEmpty() && !own.language().equals("json");
    }

    /** Adds the item, preceded by the object or array a whole-value string holds, if any. */
    private void addWithDecoded(List<Item> items, Item item) {
      if (decodeStrings && item.node.isTextual()) {
        String inner = item.node.textValue().strip();
        if (inner.startsWith("{") || inner.startsWith("[")) {
          Search search = new Search(inner, false);
          for (Item decoded : search.run()) {
            if (!decoded.scalar()) {
              Set<Repair> repairs = plus(plus(decoded.repairs, item.repairs), Repair.DOUBLE_ENCODED);
              items.add(new Item(decoded.node, repairs, decoded.truncated, item.inThink, decoded.demoted));
            }
          }
          reads += search.reads;
        }
      }
      items.add(item);
    }

    /** Fence and prose repairs, from where the value sits in the reply. */
    private Set<Repair> context(Found f) {
      EnumSet<Repair> repairs = EnumSet.noneOf(Repair.class);
      if (f.phase() == WHOLE) {
        return repairs;
      }
      Fences.Fence own = enclosingFence(f.start(), f.end());
      if (own != null) {
        repairs.add(Repair.FENCE);
      }
      int outside = nonSpace(0, s.length()) - nonSpace(f.start(), f.end());
      if (own != null) {
        outside -= nonSpace(own.open(), own.bodyStart()) + nonSpace(own.bodyEnd(), own.close());
      }
      if (outside > 0) {
        repairs.add(Repair.PROSE);
      }
      return repairs;
    }

    /** The fence whose body holds {@code [start, end)}; fences are ordered and do not overlap. */
    private Fences.Fence enclosingFence(int start, int end) {
      int lo = 0;
      int hi = fences.size() - 1;
      Fences.Fence last = null;
      while (lo <= hi) {
        int mid = (lo + hi) >>> 1;
        if (fences.get(mid).bodyStart() <= start) {
          last = fences.get(mid);
          lo = mid + 1;
        } else {
          hi = mid - 1;
        }
      }
      return last != null && last.contains(start, end) ? last : null;
    }

    private int nonSpace(int from, int to) {
      if (nonSpace == null) {
        nonSpace = new int[s.length() + 1];
        for (int j = 0; j < s.length(); j++) {
          char c = s.charAt(j);
          boolean space = Character.isWhitespace(c) || LenientParser.isExoticSpace(c);
          nonSpace[j + 1] = nonSpace[j] + (space ? 0 : 1);
        }
      }
      return nonSpace[to] - nonSpace[from];
    }

    /** {@code <think>...</think>} (or {@code <thinking>}) blocks of reasoning models; unclosed runs to the end. */
    private List<int[]> thinkBlocks() {
      List<int[]> blocks = new ArrayList<>();
      int from = 0;
      while (true) {
        int open = s.indexOf('<', from);
        if (open < 0) {
          break;
        }
        String tag = s.regionMatches(true, open, "<think>", 0, 7) ? "think"
            : s.regionMatches(true, open, "<thinking>", 0, 10) ? "thinking" : null;
        if (tag == null) {
          from = open + 1;
          continue;
        }
        int end = indexOfIgnoreCase("</" + tag + ">", open + tag.length() + 2);
        blocks.add(new int[] {open, end < 0 ? s.length() : end});
        if (end < 0) {
          break;
        }
        from = end + 1;
      }
      return blocks;
    }

    private int indexOfIgnoreCase(String needle, int from) {
      for (int j = s.indexOf('<', from); j >= 0; j = s.indexOf('<', j + 1)) {
        if (s.regionMatches(true, j, needle, 0, needle.length())) {
          return j;
        }
      }
      return -1;
    }

    String failure() {
      if (s.isBlank()) {
        return "the reply is empty";
      }
      if (binary()) {
        return "the reply is binary data, not text: it holds " + controlChars + " control characters";
      }
      if (refused) {
        return "a value was read but exceeds Jackson's limits (numbers of at most 1000 digits, strings of at most"
            + " 20,000,000 characters)";
      }
      if (cutBeforeAnything) {
        return "the reply was cut off before any complete JSON value; the value starts at " + where(bestAt);
      }
      if (bestError == null) {
        return "the reply contains no JSON object or array";
      }
      return "no JSON value could be read; the most promising attempt failed at " + where(bestAt) + ": " + bestError;
    }

    private String where(int at) {
      int line = 1;
      int lineStart = 0;
      for (int j = 0; j < at && j < s.length(); j++) {
        if (s.charAt(j) == '\n') {
          line++;
          lineStart = j + 1;
        }
      }
      return "line " + line + ", column " + (at - lineStart + 1);
    }
  }

  private static Set<Repair> without(Set<Repair> repairs, Repair r) {
    EnumSet<Repair> less = EnumSet.copyOf(repairs);
    less.remove(r);
    return less;
  }

  private static JsonNode strict(String text) {
    char first = firstNonSpace(text);
    if (first != '{' && first != '[' && first != '"' && first != '-' && !(first >= '0' && first <= '9')
        && first != 't' && first != 'f' && first != 'n') {
      return null;
    }
    try {
      JsonNode node = STRICT.readTree(text);
      return node == null || node.isMissingNode() ? null : node;
    } catch (JacksonException e) {
      return null;
    }
  }

  private static JsonNode repaired(String json) {
    try {
      JsonNode node = REPAIRED.readTree(json);
      return node == null || node.isMissingNode() ? null : node;
    } catch (JacksonException e) {
      // Only Jackson's own limits (a number of more than 1000 digits, a 20 MB string) refuse repaired text.
      return null;
    }
  }

  private static char firstNonSpace(String text) {
    for (int j = 0; j < text.length(); j++) {
      if (!Character.isWhitespace(text.charAt(j))) {
        return text.charAt(j);
      }
    }
    return ' ';
  }
}
