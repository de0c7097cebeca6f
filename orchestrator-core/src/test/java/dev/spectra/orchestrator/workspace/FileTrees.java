package dev.spectra.orchestrator.workspace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Listings of a folder tree for before/after comparisons: every entry, its kind and size, links not followed. */
final class FileTrees {
  private FileTrees() {}

  /** One line per entry below {@code base}: "d path", "f path size" or "l path -> target". */
  static List<String> list(Path base) {
    List<String> out = new ArrayList<>();
    try {
      Files.walkFileTree(base, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
          if (!dir.equals(base)) {
            out.add("d " + base.relativize(dir));
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          if (attrs.isSymbolicLink()) {
            out.add("l " + base.relativize(file) + " -> " + Files.readSymbolicLink(file));
          } else {
            out.add("f " + base.relativize(file) + " " + attrs.size());
          }
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Collections.sort(out);
    return out;
  }

  /** Whether symbolic links can be made here (not everywhere on Windows). */
  static boolean canSymlink(Path dir) {
    Path probe = dir.resolve("probe-link");
    try {
      Files.createSymbolicLink(probe, dir);
      Files.delete(probe);
      return true;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }
}
