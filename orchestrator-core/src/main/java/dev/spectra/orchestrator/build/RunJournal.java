package dev.spectra.orchestrator.build;

import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.RunReport;
import dev.spectra.orchestrator.internal.Json;
import dev.spectra.orchestrator.workspace.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * A run's durable record in its workspace, under {@code .spectra/runs/<runId>/}: the plan, the journal of finished
 * files, and the final report. {@code Orchestrator.resume(runId)} reads it back.
 */
public final class RunJournal {
  private RunJournal() {}

  /** The folder of a run's own files. */
  public static Path runDirectory(Workspace workspace, String runId) {
    return workspace.root().resolve(".spectra").resolve("runs").resolve(runId);
  }

  /** Writes the plan of a run (atomically). */
  public static void savePlan(Workspace workspace, String runId, ArchitecturePlan plan) {
    writeAtomically(runDirectory(workspace, runId).resolve("plan.json"), toJson(plan));
  }

  /** The plan journaled for a run, if any. */
  public static Optional<ArchitecturePlan> loadPlan(Workspace workspace, String runId) {
    Path file = runDirectory(workspace, runId).resolve("plan.json");
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Json.MAPPER.readValue(Files.readString(file), ArchitecturePlan.class));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read journaled plan " + file + ": " + e.getMessage(), e);
    }
  }

  /** Writes the final report of a run. */
  public static void saveReport(Workspace workspace, String runId, RunReport report) {
    writeAtomically(runDirectory(workspace, runId).resolve("report.json"), report.toJson());
  }

  private static String toJson(Object value) {
    try {
      return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void writeAtomically(Path target, String content) {
    try {
      Files.createDirectories(target.getParent());
      Path tmp = Files.createTempFile(target.getParent(), ".tmp-", ".json");
      Files.writeString(tmp, content, StandardCharsets.UTF_8);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
    }
  }
}
