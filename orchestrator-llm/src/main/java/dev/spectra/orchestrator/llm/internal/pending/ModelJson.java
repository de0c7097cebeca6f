package dev.spectra.orchestrator.llm.internal.pending;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.List;

/** TEMPORARY stand-in for core's dev.spectra.orchestrator.json.ModelJson until branch json lands. */
public final class ModelJson {
  private static final ObjectMapper LENIENT = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_TRAILING_COMMA, JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_SINGLE_QUOTES)
      .build();

  private ModelJson() {}

  public record Candidate(JsonNode value, List<String> repairs, boolean truncated) {}

  public static List<Candidate> candidates(String text) {
    List<Candidate> out = new ArrayList<>();
    if (text == null) {
      return out;
    }
    List<String> repairs = new ArrayList<>();
    String body = text;
    int fence = body.indexOf("```");
    if (fence >= 0) {
      int nl = body.indexOf('\n', fence);
      int end = nl < 0 ? -1 : body.indexOf("```", nl);
      if (nl >= 0) {
        body = end < 0 ? body.substring(nl + 1) : body.substring(nl + 1, end);
        repairs.add("fence");
      }
    }
    int start = body.indexOf('{');
    if (start < 0) {
      return out;
    }
    int depth = 0;
    boolean inString = false;
    int end = -1;
    for (int i = start; i < body.length(); i++) {
      char c = body.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        depth--;
        if (depth == 0) {
          end = i;
          break;
        }
      }
    }
    if (start > 0 && !body.substring(0, start).isBlank()) {
      repairs.add("prose");
    }
    if (end < 0) {
      out.add(new Candidate(null, repairs, true));
      return out;
    }
    String json = body.substring(start, end + 1);
    try {
      JsonParser p = LENIENT.createParser(json);
      JsonNode n = LENIENT.readTree(p);
      try {
        new ObjectMapper().readTree(json);
      } catch (Exception strictFailed) {
        repairs.add("trailing-comma");
      }
      out.add(new Candidate(n, repairs, false));
    } catch (Exception e) {
      // no candidate
    }
    return out;
  }
}
