package dev.spectra.orchestrator.llm.internal;

import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.Endpoint;
import dev.spectra.orchestrator.FileSpec;
import dev.spectra.orchestrator.llm.ModelSpec;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The template values the activities render from core records, and the per-call parameters. */
public final class Texts {
  private Texts() {}

  /**
   * The plan block every file, fix, deploy and diagnose prompt starts with: name, summary, stack, entrypoint,
   * endpoints and packages. Not the file list, so that file prompts stay flat as plans grow.
   */
  public static String planSummary(ArchitecturePlan plan) {
    StringBuilder sb = new StringBuilder();
    sb.append("Service: ").append(plan.name()).append('\n');
    sb.append("Summary: ").append(plan.summary()).append('\n');
    sb.append("Stack: ").append(plan.stack()).append('\n');
    sb.append("Entrypoint: ").append(plan.entrypoint()).append('\n');
    sb.append("Endpoints:");
    if (plan.endpoints().isEmpty()) {
      sb.append(" none");
    }
    for (Endpoint e : plan.endpoints()) {
      sb.append("\n- ").append(e.method()).append(' ').append(e.path());
      if (!e.summary().isBlank()) {
        sb.append(": ").append(e.summary());
      }
    }
    sb.append("\nThird-party packages: ").append(plan.dependencies().isEmpty() ? "none" : String.join(", ", plan.dependencies()));
    return sb.toString();
  }

  /** One line per planned file: path, kind and purpose. */
  public static String fileList(ArchitecturePlan plan) {
    StringBuilder sb = new StringBuilder();
    for (FileSpec f : plan.files()) {
      if (sb.length() > 0) {
        sb.append('\n');
      }
      sb.append("- ").append(f.path()).append(" (").append(f.kind()).append("): ").append(f.purpose());
    }
    return sb.toString();
  }

  /** Path-headed blocks, e.g. the dependencies' signatures; {@code none} when empty. */
  public static String blocks(Map<String, String> byPath) {
    if (byPath.isEmpty()) {
      return "none";
    }
    StringBuilder sb = new StringBuilder();
    byPath.forEach((path, text) -> {
      if (sb.length() > 0) {
        sb.append("\n\n");
      }
      sb.append("### ").append(path).append('\n').append(text.isBlank() ? "(empty)" : text.strip());
    });
    return sb.toString();
  }

  /** Bulleted lines; {@code none} when empty. */
  public static String bullets(List<String> lines) {
    return lines.isEmpty() ? "none" : "- " + String.join("\n- ", lines);
  }

  /** The fence language of a file, from its name. */
  public static String language(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    if (name.equals("dockerfile")) {
      return "dockerfile";
    }
    String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : "";
    return switch (ext) {
      case "py", "pyi" -> "python";
      case "toml" -> "toml";
      case "md" -> "markdown";
      case "yaml", "yml" -> "yaml";
      case "json" -> "json";
      case "cfg", "ini" -> "ini";
      case "sh" -> "bash";
      case "html" -> "html";
      case "js" -> "javascript";
      case "ts" -> "typescript";
      case "java" -> "java";
      case "sql" -> "sql";
      default -> "text";
    };
  }

  /** Parameters of a typed call: the JSON schema when the model takes one, and the output limit. */
  public static ChatRequestParameters typed(ModelSpec spec, Class<?> type, int maxOutputTokens) {
    return typed(spec, type, Map.of(), maxOutputTokens);
  }

  /**
   * {@link #typed(ModelSpec, Class, int)} with some schema descriptions replaced, keyed {@code Record.component}
   * (a stack's wording of {@code ArchitecturePlan.entrypoint}, say).
   */
  public static ChatRequestParameters typed(ModelSpec spec, Class<?> type, Map<String, String> descriptions,
      int maxOutputTokens) {
    if (!spec.has(ModelSpec.Capability.JSON_SCHEMA)) {
      return text(maxOutputTokens);
    }
    return ChatRequestParameters.builder().maxOutputTokens(maxOutputTokens)
        .responseFormat(ResponseFormat.builder().type(ResponseFormatType.JSON)
            .jsonSchema(RecordShapes.schema(type, descriptions)).build())
        .build();
  }

  /** Parameters of a code call: plain text, the output limit. */
  public static ChatRequestParameters text(int maxOutputTokens) {
    return ChatRequestParameters.builder().maxOutputTokens(maxOutputTokens).build();
  }
}
