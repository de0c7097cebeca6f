package dev.spectra.orchestrator.json;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Times {@link ModelJson#candidates(String)} and {@link CodeReply#unwrap(String, String)} on 1 MB replies, typical
 * and hostile; with {@code --old-classes=DIR}, an older build of this package (see {@link OtherModelJson}) is timed
 * on the same replies in the same run, side by side. A benchmark program, not a test: see docs/benchmarks.md for the
 * commands and recorded figures.
 */
public final class ModelJsonBenchmark {
  private static final int ONE_MB = 1 << 20;
  private static final int WARMUP = 5;
  private static final int RUNS = 15;

  private ModelJsonBenchmark() {}

  public static void main(String[] args) {
    OtherModelJson old = null;
    for (String arg : args) {
      if (arg.startsWith("--old-classes=")) {
        old = new OtherModelJson(java.nio.file.Path.of(arg.substring("--old-classes=".length())));
      } else {
        throw new IllegalArgumentException("unknown argument '" + arg + "'; the only option is --old-classes=DIR");
      }
    }
    Map<String, String> replies = new LinkedHashMap<>();
    String json = ModelJsonTest.bigJson(ONE_MB);
    replies.put("strict JSON", json);
    replies.put("fence + prose + trailing commas", "Here:\n```json\n" + json.replace("],", ",],") + "\n```\nDone.");
    replies.put("single quotes, unquoted keys, True", json.replace("\"id\"", "id").replace("\"tags\"", "'tags'")
        .replace("true", "True"));
    replies.put("truncated in the middle", json.substring(0, json.length() / 2));
    replies.put("prose with {braces} and [brackets]",
        "Lorem ipsum dolor sit amet, {consectetur} [adipiscing] elit. ".repeat(ONE_MB / 60));
    replies.put("1 MB of '{'", "{".repeat(ONE_MB));
    replies.put("1 MB of '['", "[".repeat(ONE_MB));
    replies.put("unterminated string", "{\"a\": \"" + "x".repeat(ONE_MB));
    replies.put("many small invalid objects", "{\"a\": oops} ".repeat(ONE_MB / 12));
    replies.put("binary junk", new String(randomBytes(ONE_MB), StandardCharsets.ISO_8859_1));
    replies.put("many quotes, one brace", "\"'".repeat(ONE_MB / 2) + "{");
    replies.put("JSON lines (10k objects)", "{\"a\": 1, \"b\": [true, null]}\n".repeat(ONE_MB / 30));

    System.out.printf("Java %s, %d cores; %d warm-up runs, then median and max of %d runs%n%n",
        System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), WARMUP, RUNS);
    System.out.printf("%-38s %9s %9s %9s %s %9s  %s%n", "ModelJson.candidates, 1 MB reply", "median", "max",
        old == null ? "" : "CPU med.", old == null ? "" : "  | old: median       max  CPU med.", "chars", "result");
    for (Map.Entry<String, String> e : replies.entrySet()) {
      String reply = e.getValue();
      String[] result = new String[1];
      Supplier<Object> current = () -> {
        var candidates = ModelJson.candidates(reply);
        result[0] = candidates.isEmpty() ? "rejected" : candidates.size() + " candidate(s), first repairs "
            + candidates.get(0).repairs();
        return candidates;
      };
      long[] times;
      String oldTimes = "";
      if (old == null) {
        times = time(current);
      } else {
        // Interleaved, run by run, so that both builds see the same load.
        OtherModelJson o = old;
        long[][] both = timeBoth(current, () -> o.candidates(reply));
        times = both[0];
        oldTimes = String.format("%6.1f ms  |      %6.1f ms %6.1f ms %6.1f ms", ms(median(both[2])),
            ms(median(both[1])), ms(max(both[1])), ms(median(both[3])));
      }
      System.out.printf("%-38s %6.1f ms %6.1f ms %s %9d  %s%n", e.getKey(), ms(median(times)), ms(max(times)),
          oldTimes, reply.length(), result[0]);
    }

    String code = "def f(x):\n    return x * 2\n".repeat(ONE_MB / 28);
    Map<String, String> codeReplies = new LinkedHashMap<>();
    codeReplies.put("fenced python with prose", "Here:\n```python\n" + code + "```\nDone.");
    codeReplies.put("unfenced", code);
    codeReplies.put("unterminated fence", "```python\n" + code);
    codeReplies.put("1 MB of backtick runs", "``` x ".repeat(ONE_MB / 6));
    System.out.printf("%n%-38s %9s %9s %9s%n", "CodeReply.unwrap, 1 MB reply", "median", "max", "chars");
    for (Map.Entry<String, String> e : codeReplies.entrySet()) {
      long[] times = time(() -> CodeReply.unwrap(e.getValue(), "python"));
      System.out.printf("%-38s %6.1f ms %6.1f ms %9d%n", e.getKey(), ms(median(times)), ms(max(times)),
          e.getValue().length());
    }
  }

  private static long[] time(Supplier<Object> work) {
    for (int i = 0; i < WARMUP; i++) {
      work.get();
    }
    long[] times = new long[RUNS];
    for (int i = 0; i < RUNS; i++) {
      long start = System.nanoTime();
      work.get();
      times[i] = System.nanoTime() - start;
    }
    return times;
  }

  /**
   * Runs {@code a} and {@code b} alternately: wall times of a and b, then the thread's CPU times of a and b (which a
   * loaded machine inflates less, as waiting for a core is not counted).
   */
  private static long[][] timeBoth(Supplier<Object> a, Supplier<Object> b) {
    for (int i = 0; i < WARMUP; i++) {
      a.get();
      b.get();
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long[][] times = new long[4][RUNS];
    for (int i = 0; i < RUNS; i++) {
      for (int k = 0; k < 2; k++) {
        Supplier<Object> work = (i + k) % 2 == 0 ? a : b;
        int which = work == a ? 0 : 1;
        long cpu = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        work.get();
        times[which][i] = System.nanoTime() - start;
        times[2 + which][i] = threads.getCurrentThreadCpuTime() - cpu;
      }
    }
    return times;
  }

  private static long median(long[] times) {
    long[] sorted = times.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static long max(long[] times) {
    return Arrays.stream(times).max().orElse(0);
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    new Random(7).nextBytes(bytes);
    return bytes;
  }
}
