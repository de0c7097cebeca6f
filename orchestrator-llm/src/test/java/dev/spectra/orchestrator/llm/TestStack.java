package dev.spectra.orchestrator.llm;

import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.FileSpec;
import dev.spectra.orchestrator.GeneratedFile;
import dev.spectra.orchestrator.stack.TargetStack;
import java.util.Optional;

/** A fixed stack for prompt snapshots: python-fastapi's id with short, stable notes; templates for __init__.py. */
final class TestStack implements TargetStack {
  /** Everything but the notes, templates and signatures is python-fastapi's. */
  private static final TargetStack PYTHON = new dev.spectra.orchestrator.stack.python.PythonFastApiStack();

  @Override
  public Wording wording() {
    return PYTHON.wording();
  }

  @Override
  public java.util.List<String> entrypointProblems(String entrypoint, java.util.Set<String> plannedPaths) {
    return PYTHON.entrypointProblems(entrypoint, plannedPaths);
  }

  @Override
  public java.util.List<String> entrypointFiles(String entrypoint) {
    return PYTHON.entrypointFiles(entrypoint);
  }

  @Override
  public boolean isCode(String path) {
    return PYTHON.isCode(path);
  }

  @Override
  public boolean isTestName(String path) {
    return PYTHON.isTestName(path);
  }

  @Override
  public java.util.List<String> exportedCommand(String entrypoint) {
    return PYTHON.exportedCommand(entrypoint);
  }

  @Override
  public dev.spectra.orchestrator.stack.Toolchain discoverToolchain() {
    return PYTHON.discoverToolchain();
  }

  static final String NOTES = "- Python 3.11, FastAPI 0.115, Pydantic v2.\n- Type hints on every function.";

  @Override
  public String id() {
    return "python-fastapi";
  }

  @Override
  public Optional<Producer> producerFor(FileSpec file, ArchitecturePlan plan) {
    if (!file.path().endsWith("__init__.py")) {
      return Optional.empty();
    }
    return Optional.of(new Producer() {
      @Override
      public GeneratedFile.Origin origin() {
        return GeneratedFile.Origin.TEMPLATE;
      }

      @Override
      public String produce(ArchitecturePlan p, FileSpec f) {
        return "";
      }
    });
  }

  @Override
  public String signatures(String path, String content) {
    StringBuilder sb = new StringBuilder();
    for (String line : content.split("\n")) {
      if (line.startsWith("def ") || line.startsWith("class ") || line.startsWith("app ")) {
        sb.append(line).append('\n');
      }
    }
    return sb.toString();
  }

  @Override
  public String promptNotes() {
    return NOTES;
  }
}
