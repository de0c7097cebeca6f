package dev.spectra.orchestrator.test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.spectra.orchestrator.internal.AtomicFiles;
import dev.spectra.orchestrator.internal.Checks;
import dev.spectra.orchestrator.test.internal.CassetteFile;
import dev.spectra.orchestrator.test.internal.LineDiff;
import dev.spectra.orchestrator.test.internal.RequestJson;
import dev.spectra.orchestrator.test.internal.SecretScrubber;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Snapshot tests for prompts: a captured {@link ChatRequest} is rendered as readable text (parameters, each message,
 * the response schema, tools) and compared with a file, by default
 * {@code src/test/resources/prompt-snapshots/<name>.txt}. A mismatch fails with a line diff. Run with
 * {@code -Dspectra.snapshots.update=true} to write the files instead (then review them with {@code git diff}).
 *
 * <pre>{@code
 * PromptSnapshots.defaults().assertMatches("plan", model.lastRequest());
 * }</pre>
 *
 * <p>The rendering is stable: no timestamps, JSON schemas pretty-printed in declared order, line endings LF, and
 * API-key shapes and bearer tokens replaced by {@code [REDACTED]}.
 */
public final class PromptSnapshots {
  /** System property that rewrites snapshots instead of comparing them. */
  public static final String UPDATE_PROPERTY = "spectra.snapshots.update";

  /** Where snapshots live unless told otherwise, relative to the working directory (the module under Maven). */
  public static final Path DEFAULT_DIRECTORY = Path.of("src", "test", "resources", "prompt-snapshots");

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.\\-]*(/[A-Za-z0-9_][A-Za-z0-9_.\\-]*)*");
  private static final SecretScrubber SCRUBBER = SecretScrubber.create(List.of(), false);
  private static final List<String> PARAMETERS = List.of("modelName", "temperature", "topP", "topK", "frequencyPenalty",
      "presencePenalty", "maxOutputTokens", "stopSequences", "seed", "toolChoice", "customParameters");

  private final Path directory;
  private final Boolean update;

  private PromptSnapshots(Path directory, Boolean update) {
    this.directory = directory;
    this.update = update;
  }

  /** Snapshots in {@link #DEFAULT_DIRECTORY}, updated when {@value #UPDATE_PROPERTY} is true. */
  public static PromptSnapshots defaults() {
    return new PromptSnapshots(DEFAULT_DIRECTORY, null);
  }

  /** Snapshots in {@code directory}, updated when {@value #UPDATE_PROPERTY} is true. */
  public static PromptSnapshots in(Path directory) {
    return new PromptSnapshots(Checks.notNull(directory, "directory"), null);
  }

  /** A copy that writes ({@code true}) or compares ({@code false}) regardless of the system property. */
  public PromptSnapshots updating(boolean update) {
    return new PromptSnapshots(directory, update);
  }

  /** The file of snapshot {@code name}: {@code <directory>/<name>.txt}. */
  public Path file(String name) {
    Checks.notNull(name, "name");
    if (!NAME.matcher(name).matches() || name.contains("..")) {
      throw new IllegalArgumentException("a snapshot name is letters, digits, '_', '-', '.' and '/' between parts, "
          + "without \"..\", but was \"" + name + "\"");
    }
    return directory.resolve(name.endsWith(".txt") ? name : name + ".txt");
  }

  /**
   * Compares the rendering of {@code request} with snapshot {@code name}; in update mode writes it instead.
   *
   * @throws AssertionError when the snapshot differs (with a line diff) or does not exist yet
   */
  public void assertMatches(String name, ChatRequest request) {
    Checks.notNull(request, "request");
    Path file = file(name);
    String actual = render(request);
    boolean updating = update != null ? update : Boolean.getBoolean(UPDATE_PROPERTY);
    if (updating) {
      try {
        AtomicFiles.write(file, actual);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write snapshot " + file + ": " + e.getMessage(), e);
      }
      return;
    }
    if (!Files.exists(file)) {
      throw new AssertionError("Prompt snapshot " + file + " does not exist yet. Review the prompt below, then "
          + "write it with -D" + UPDATE_PROPERTY + "=true:\n" + actual);
    }
    String expected;
    try {
      expected = LineDiff.normalizeNewlines(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read snapshot " + file + ": " + e.getMessage(), e);
    }
    if (!expected.equals(actual)) {
      throw new AssertionError("Prompt snapshot " + file + " differs from the prompt sent (- snapshot, + now):\n"
          + LineDiff.render(expected, actual, 3, "")
          + "If the change is intended, rewrite the snapshots with -D" + UPDATE_PROPERTY + "=true and review the "
          + "diff.");
    }
  }

  /** The snapshot text of {@code request}. */
  public static String render(ChatRequest request) {
    Checks.notNull(request, "request");
    ObjectNode n = RequestJson.normalize(request, SCRUBBER);
    StringBuilder sb = new StringBuilder();
    List<String> params = new ArrayList<>();
    for (String field : PARAMETERS) {
      if (n.has(field)) {
        params.add(field + "=" + (n.get(field).isTextual() ? n.get(field).textValue() : n.get(field).toString()));
      }
    }
    sb.append("parameters: ").append(params.isEmpty() ? "(model defaults)" : String.join(", ", params)).append('\n');
    JsonNode format = n.get("responseFormat");
    JsonNode schema = format == null ? null : format.get("schema");
    sb.append("response format: ").append(format == null ? "text"
        : schema == null ? "JSON" : "JSON schema \"" + schema.path("name").asText("") + "\"").append('\n');
    for (JsonNode m : n.get("messages")) {
      sb.append('\n').append(header(m)).append('\n');
      if (m.has("text")) {
        sb.append(LineDiff.normalizeNewlines(m.get("text").asText())).append('\n');
      }
      if (m.has("contents")) {
        for (JsonNode c : m.get("contents")) {
          sb.append(c.has("text") ? LineDiff.normalizeNewlines(c.get("text").asText()) : "[" + c.path("type").asText()
              + " " + (c.has("url") ? c.get("url").asText() : c.path("sha256").asText()) + "]").append('\n');
        }
      }
      if (m.has("toolCalls")) {
        for (JsonNode call : m.get("toolCalls")) {
          sb.append("tool call: ").append(call.path("name").asText()).append('(')
              .append(call.path("arguments").asText("")).append(")\n");
        }
      }
      if (m.has("attributes")) {
        sb.append(CassetteFile.pretty(m.get("attributes"))).append('\n');
      }
    }
    if (schema != null && schema.has("root")) {
      sb.append("\n=== response schema \"").append(schema.path("name").asText("")).append("\" ===\n")
          .append(CassetteFile.pretty(schema.get("root"))).append('\n');
    }
    if (n.has("tools")) {
      for (JsonNode tool : n.get("tools")) {
        sb.append("\n=== tool ").append(tool.path("name").asText()).append(" ===\n");
        if (tool.has("description")) {
          sb.append(tool.get("description").asText()).append('\n');
        }
        if (tool.has("parameters")) {
          sb.append(CassetteFile.pretty(tool.get("parameters"))).append('\n');
        }
      }
    }
    return sb.toString();
  }

  private static String header(JsonNode m) {
    String role = m.path("role").asText();
    switch (role) {
      case "user":
        return m.has("name") ? "=== user (" + m.get("name").asText() + ") ===" : "=== user ===";
      case "tool":
        return "=== tool result " + m.path("toolName").asText() + " ===";
      default:
        return "=== " + role + " ===";
    }
  }
}
