package dev.spectra.orchestrator;

import dev.spectra.orchestrator.internal.Checks;
import java.util.List;
import java.util.Optional;

/**
 * What Build wrote, in generation order.
 *
 * @param files every file of the plan, as written
 * @param usage tokens spent by Build
 */
public record BuildResult(List<GeneratedFile> files, Usage usage) {
  public BuildResult {
    files = Checks.copy(files, "files");
    usage = usage == null ? Usage.ZERO : usage;
  }

  /** The file at this path, if written. */
  public Optional<GeneratedFile> file(String path) {
    return files.stream().filter(f -> f.path().equals(path)).findFirst();
  }

  /** How many files came from the given origin. */
  public long count(GeneratedFile.Origin origin) {
    return files.stream().filter(f -> f.origin() == origin).count();
  }
}
