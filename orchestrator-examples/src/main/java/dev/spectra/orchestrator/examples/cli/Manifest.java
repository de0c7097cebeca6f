package dev.spectra.orchestrator.examples.cli;

import dev.spectra.orchestrator.internal.Hashing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The files of a workspace as a command left them: {@code .spectra/output-manifest.txt}, one {@code <sha256>  <path>}
 * line per file (the engine folder {@code .spectra} left out). The next run into the workspace compares the files with
 * it, so that it never overwrites a file the user edited since (unless {@code --force}).
 */
final class Manifest {
  static final String FILE = ".spectra/output-manifest.txt";

  private Manifest() {}

  /** Records every file of {@code workspace} as it is now. */
  static void write(Path workspace) {
    StringBuilder b = new StringBuilder();
    hashes(workspace).forEach((path, sha) -> b.append(sha).append("  ").append(path).append('\n'));
    try {
      Files.createDirectories(workspace.resolve(".spectra"));
      Files.writeString(workspace.resolve(FILE), b.toString(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + workspace.resolve(FILE) + ": " + e.getMessage(), e);
    }
  }

  /**
   * The files recorded in {@code workspace}'s manifest that differ from it now (deleted ones do not count: writing them
   * again loses nothing); empty when there is no manifest.
   */
  static List<String> edited(Path workspace) {
    Path file = workspace.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        int sep = line.indexOf("  ");
        if (sep <= 0) {
          continue;
        }
        Path f = workspace.resolve(line.substring(sep + 2)).normalize();
        if (f.startsWith(workspace) && Files.isRegularFile(f)
            && !Hashing.sha256(Files.readAllBytes(f)).equals(line.substring(0, sep))) {
          out.add(line.substring(sep + 2));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return out;
  }

  /** True when {@code workspace} has a manifest. */
  static boolean exists(Path workspace) {
    return Files.isRegularFile(workspace.resolve(FILE));
  }

  private static Map<String, String> hashes(Path workspace) {
    Map<String, String> out = new LinkedHashMap<>();
    try (Stream<Path> files = Files.walk(workspace)) {
      for (Path f : files.sorted().toList()) {
        String rel = workspace.relativize(f).toString().replace('\\', '/');
        if (Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !rel.startsWith(".spectra/")
            && !rel.equals(".spectra") && !rel.startsWith("__pycache__") && !rel.contains("/__pycache__/")
            && !rel.startsWith(".pytest_cache/")) {
          out.put(rel, Hashing.sha256(Files.readAllBytes(f)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + workspace + ": " + e.getMessage(), e);
    }
    return out;
  }
}
