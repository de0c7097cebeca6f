package dev.spectra.orchestrator.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.internal.JsonParsingUtils;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Prints, per kind of the repair corpus and overall, how many replies each reader recovers exactly (and how many it
 * gets wrong without a flag): this build's {@link ModelJson}, optionally an older build of it
 * ({@code --old-classes=DIR}), and LangChain4j 1.18.1's own lenient step ({@code JsonParsingUtils.extractAndParseJson},
 * what its AI services use to read a POJO from a reply). A program, not a test: see docs/benchmarks.md.
 */
public final class ModelJsonRepairBenchmark {
  private ModelJsonRepairBenchmark() {}

  public static void main(String[] args) {
    Map<String, Function<String, RepairCorpus.Reading>> readers = new LinkedHashMap<>();
    readers.put("ModelJson", RepairCorpus::modelJson);
    for (String arg : args) {
      if (arg.startsWith("--old-classes=")) {
        OtherModelJson old = new OtherModelJson(Path.of(arg.substring("--old-classes=".length())));
        readers.put("old ModelJson", old::reading);
      } else {
        throw new IllegalArgumentException("unknown argument '" + arg + "'; the only option is --old-classes=DIR");
      }
    }
    readers.put("LangChain4j 1.18.1", ModelJsonRepairBenchmark::langChain4j);

    List<ReplyCorpus.Case> cases = RepairCorpus.all();
    Map<String, Map<String, int[]>> table = new LinkedHashMap<>();
    for (ReplyCorpus.Case c : cases) {
      Map<String, int[]> row = table.computeIfAbsent(c.category(), k -> new LinkedHashMap<>());
      Map<String, int[]> total = table.computeIfAbsent("", k -> new LinkedHashMap<>());
      for (Map.Entry<String, Function<String, RepairCorpus.Reading>> r : readers.entrySet()) {
        RepairCorpus.Verdict v = RepairCorpus.judge(c, r.getValue());
        for (int[] counts : List.of(row.computeIfAbsent(r.getKey(), k -> new int[5]),
            total.computeIfAbsent(r.getKey(), k -> new int[5]))) {
          counts[v.ordinal()]++;
          counts[4]++;
        }
      }
    }
    Map<String, Map<String, int[]>> ordered = new LinkedHashMap<>(table);
    ordered.remove("");
    ordered.put("overall", table.get(""));

    StringBuilder header = new StringBuilder(String.format("%-20s %5s", "kind", "cases"));
    for (String reader : readers.keySet()) {
      header.append(String.format("  %-24s", reader + " (wrong)"));
    }
    System.out.println("Recovered exactly, per kind; (wrong) = another value with no flag");
    System.out.println(header.toString().stripTrailing());
    for (Map.Entry<String, Map<String, int[]>> row : ordered.entrySet()) {
      int n = row.getValue().values().iterator().next()[4];
      StringBuilder line = new StringBuilder(String.format("%-20s %5d", row.getKey(), n));
      for (String reader : readers.keySet()) {
        int[] counts = row.getValue().get(reader);
        int ok = counts[RepairCorpus.Verdict.RECOVERED.ordinal()];
        line.append(String.format("  %-24s", String.format("%3d %5.1f %% (%d)", ok, ok * 100.0 / n,
            counts[RepairCorpus.Verdict.WRONG.ordinal()])));
      }
      System.out.println(line.toString().stripTrailing());
    }
    List<String> wrong = new ArrayList<>();
    Map<RepairCorpus.Verdict, Integer> mine = new EnumMap<>(RepairCorpus.Verdict.class);
    for (ReplyCorpus.Case c : cases) {
      RepairCorpus.Verdict v = RepairCorpus.judge(c, RepairCorpus::modelJson);
      mine.merge(v, 1, Integer::sum);
      if (v != RepairCorpus.Verdict.RECOVERED) {
        wrong.add(v + "  " + c.name());
      }
    }
    System.out.println();
    System.out.println("ModelJson: " + mine);
    wrong.forEach(System.out::println);
  }

  private static RepairCorpus.Reading langChain4j(String reply) {
    try {
      return new RepairCorpus.Reading(JsonParsingUtils.extractAndParseJson(reply, JsonNode.class).value(), false);
    } catch (Exception e) {
      return null;
    }
  }
}
