package dev.spectra.orchestrator.stack;

import java.util.List;
import java.util.Set;

/**
 * A base for the engine's test stacks that only build: neutral wording, no entrypoint rule, every file is code, and
 * no toolchain on any machine (Test and Deploy would be SKIPPED).
 */
public abstract class BuildOnlyStack implements TargetStack {
  @Override
  public Wording wording() {
    return new Wording("the routes file", "the routes file; it must be a planned file", "the routes file", "service/routes.txt");
  }

  @Override
  public List<String> entrypointProblems(String entrypoint, Set<String> plannedPaths) {
    return List.of();
  }

  @Override
  public List<String> entrypointFiles(String entrypoint) {
    return List.of(entrypoint);
  }

  @Override
  public boolean isCode(String path) {
    return true;
  }

  @Override
  public boolean isTestName(String path) {
    return path.substring(path.lastIndexOf('/') + 1).startsWith("test");
  }

  @Override
  public List<String> exportedCommand(String entrypoint) {
    return List.of("serve", entrypoint);
  }

  @Override
  public Toolchain discoverToolchain() {
    throw new ToolchainUnavailableException("toolchain for " + id(), List.of(), "test stacks have none");
  }
}
