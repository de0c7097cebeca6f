package dev.spectra.orchestrator.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Deleting folder trees. Not API. */
public final class Folders {
  private Folders() {}

  /**
   * Deletes {@code dir} and everything below it, children first; nothing when it does not exist. A link inside is
   * deleted, never followed.
   *
   * @throws IOException at the first entry that cannot be deleted
   */
  public static void deleteTree(Path dir) throws IOException {
    delete(dir, true);
  }

  /** {@link #deleteTree} for a temporary folder: what cannot be deleted is left, and nothing is thrown. */
  public static void deleteQuietly(Path dir) {
    try {
      delete(dir, false);
    } catch (IOException | UncheckedIOException e) {
      // a leftover in a temporary folder is harmless
    }
  }

  private static void delete(Path dir, boolean strict) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          if (strict) {
            throw e;
          }
        }
      }
    }
  }
}
