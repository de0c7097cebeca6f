package dev.spectra.orchestrator.llm.internal.pending;

import java.util.ArrayList;
import java.util.List;

/** TEMPORARY stand-in for core's dev.spectra.orchestrator.json.CodeReply until branch json lands. */
public final class CodeReply {
  private CodeReply() {}

  public record Unwrapped(String code, List<String> repairs, boolean truncated) {}

  public static Unwrapped unwrap(String reply, String expectedLanguage) {
    List<String> repairs = new ArrayList<>();
    if (reply == null) {
      return new Unwrapped("", repairs, false);
    }
    int fence = reply.indexOf("```");
    if (fence < 0) {
      return new Unwrapped(reply.strip() + "\n", repairs, false);
    }
    int nl = reply.indexOf('\n', fence);
    if (nl < 0) {
      return new Unwrapped("", repairs, true);
    }
    int end = reply.indexOf("\n```", nl - 1);
    repairs.add("fence");
    if (end < 0) {
      return new Unwrapped(reply.substring(nl + 1), repairs, true);
    }
    return new Unwrapped(reply.substring(nl + 1, end + 1), repairs, false);
  }
}
