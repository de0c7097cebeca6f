package dev.spectra.orchestrator.build;

import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.FileSpec;
import dev.spectra.orchestrator.internal.Checks;
import java.util.Map;

/**
 * What a {@link FileGenerator} gets for one file: the plan summary, the file's own spec, and the
 * <em>signatures</em> of the files it depends on (not their whole text), so that prompts stay flat as plans grow.
 *
 * @param plan the plan (for its name, summary, endpoints and dependencies)
 * @param file the file to write
 * @param dependencySignatures path to signature summary of each direct dependency, in {@code dependsOn} order
 * @param stackNotes what the stack profile says every file must respect (versions, idioms)
 * @param attempt 1-based attempt number for this file
 * @param previousProblem why the previous attempt was rejected, or empty
 */
public record FileRequest(
    ArchitecturePlan plan,
    FileSpec file,
    Map<String, String> dependencySignatures,
    String stackNotes,
    int attempt,
    String previousProblem) {
  public FileRequest {
    Checks.notNull(plan, "plan");
    Checks.notNull(file, "file");
    dependencySignatures = dependencySignatures == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(dependencySignatures));
    stackNotes = stackNotes == null ? "" : stackNotes;
    Checks.positive(attempt, "attempt");
    previousProblem = previousProblem == null ? "" : previousProblem;
  }
}
