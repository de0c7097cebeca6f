package dev.spectra.orchestrator;

import dev.langchain4j.model.output.structured.Description;
import dev.spectra.orchestrator.internal.Checks;
import java.util.List;

/**
 * One file of a plan.
 *
 * @param path workspace-relative path with forward slashes, e.g. {@code src/main.c}
 * @param purpose what the file must contain, in a sentence or two
 * @param kind what the file is for
 * @param priority generation order inside a dependency level
 * @param dependsOn paths of the files this one imports or tests; they are generated first
 */
@Description("One file of the service")
public record FileSpec(
    @Description("workspace-relative path with forward slashes") String path,
    @Description("what the file must contain, in one or two sentences") String purpose,
    @Description("SOURCE for code, TEST for tests, CONFIG for configuration, DOC for documentation") FileKind kind,
    @Description("CRITICAL for files others depend on, NORMAL, or LOW for optional files") Priority priority,
    @Description("paths of the files in this plan that this file imports or tests") List<String> dependsOn) {

  public FileSpec {
    Checks.notBlank(path, "path");
    purpose = purpose == null ? "" : purpose;
    kind = kind == null ? FileKind.SOURCE : kind;
    priority = priority == null ? Priority.NORMAL : priority;
    dependsOn = Checks.copy(dependsOn, "dependsOn of " + path);
    if (dependsOn.contains(path)) {
      throw new IllegalArgumentException("file " + path + " must not depend on itself");
    }
  }

  /** A NORMAL source file with no dependencies. */
  public static FileSpec of(String path, String purpose) {
    return new FileSpec(path, purpose, FileKind.SOURCE, Priority.NORMAL, List.of());
  }
}
