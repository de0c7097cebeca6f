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

  /**
   * Attaches the files a failed build finished to the exception it fails with, as a suppressed exception, so that
   * the run report keeps them (they are written, journaled and paid for) while the caller still catches the same
   * exception type. Returns {@code failure}. A build activity of one's own may call it before it rethrows.
   */
  public static <E extends Throwable> E attachPartial(E failure, BuildResult finished) {
    Checks.notNull(failure, "failure");
    Checks.notNull(finished, "finished");
    failure.addSuppressed(new Partial(finished));
    return failure;
  }

  /** The files a failed build finished, if it {@linkplain #attachPartial attached} them to {@code failure}. */
  public static Optional<BuildResult> partialOf(Throwable failure) {
    if (failure != null) {
      for (Throwable t : failure.getSuppressed()) {
        if (t instanceof Partial p) {
          return Optional.of(p.result);
        }
      }
    }
    return Optional.empty();
  }

  /** Carries a partial result on a build's exception; shows in its stack trace as what was finished. */
  private static final class Partial extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient BuildResult result;

    Partial(BuildResult result) {
      super(result.files().size() + " files were finished before the build failed; they are journaled", null, false,
          false);
      this.result = result;
    }
  }
}
