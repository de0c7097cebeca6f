package dev.spectra.orchestrator.llm.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spectra.orchestrator.FileSpec;
import dev.spectra.orchestrator.verify.DiagnosisRequest;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Rules of a {@link dev.spectra.orchestrator.HealthReport.Diagnosis} reply: a non-blank cause, files that the plan
 * has. Evidence must be quoted from the log excerpt: lines that are not in it are dropped (and said so), so that
 * a diagnosis never shows invented log lines.
 */
public final class DiagnosisRules implements ReplyRules {
  private final DiagnosisRequest request;

  public DiagnosisRules(DiagnosisRequest request) {
    this.request = request;
  }

  @Override
  public void check(ObjectNode d, List<String> errors, List<String> repairs) {
    if (d.path("cause").asText().isBlank()) {
      errors.add("$.cause: must not be blank; name the likely cause in a sentence");
    }
    Set<String> planned = new HashSet<>();
    for (FileSpec f : request.plan().files()) {
      planned.add(f.path());
    }
    ArrayNode files = (ArrayNode) d.get("files");
    for (int i = 0; i < files.size(); i++) {
      String f = files.get(i).asText();
      if (!planned.contains(f)) {
        errors.add("$.files[" + i + "]: \"" + f + "\" is not a file of the plan; name planned files only, or none");
      }
    }
    ArrayNode evidence = (ArrayNode) d.get("evidence");
    String log = normalize(request.logExcerpt());
    if (log.isEmpty()) {
      return;
    }
    ArrayNode kept = d.putArray("evidence");
    for (int i = 0; i < evidence.size(); i++) {
      String line = evidence.get(i).asText();
      if (!line.isBlank() && log.contains(normalize(line))) {
        kept.add(line);
      } else {
        repairs.add("dropped $.evidence[" + i + "]: not found in the log excerpt");
      }
    }
  }

  private static String normalize(String s) {
    return s == null ? "" : s.replaceAll("\\s+", " ").strip();
  }
}
