package dev.spectra.orchestrator.examples.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Decides whether a command may write into an {@code --out} folder, before anything is written. Refused always: the
 * root and the system's own folders ({@link #SYSTEM_FOLDERS}) and anything inside them, whether or not the folder
 * exists (so {@code --out /etc/spectra-x} is refused too), after following symbolic links. Refused unless
 * {@code --force}: a folder that exists, is not empty, and shows no marker of an earlier spectra run. A folder a
 * command claims gets the marker {@value #MARKER}, so that the next run into it is allowed.
 */
final class OutputFolder {
  /** The file that marks a folder as spectra's output. */
  static final String MARKER = ".spectra-output";

  /**
   * The system's own folders: never written into, nor anything inside them (docs/cli.md lists them). {@code /var/tmp}
   * is the one exception under them, being a temporary folder like {@code /tmp}.
   */
  static final List<String> SYSTEM_FOLDERS = List.of(
      "/bin", "/boot", "/dev", "/etc", "/lib", "/lib32", "/lib64", "/libx32", "/proc", "/run", "/sbin", "/snap",
      "/sys", "/usr", "/var",
      "/System", "/Library", "/Applications", "/private/etc", "/private/var", "/cores",
      "C:\\Windows", "C:\\Program Files", "C:\\Program Files (x86)", "C:\\ProgramData");

  private static final List<String> EXCEPTIONS = List.of("/var/tmp", "/private/var/tmp", "/private/var/folders");

  private OutputFolder() {}

  /**
   * Checks {@code dir} without writing anything.
   *
   * @param flag the option that named it, for the message (e.g. {@code --out})
   * @throws CliFailure a usage error (exit 2) naming the folder and what to do
   */
  static void check(Path dir, boolean force, String flag) {
    Path real = realPath(dir);
    String system = systemFolder(real);
    if (system != null) {
      throw CliFailure.usage(flag + " " + dir + (real.equals(dir) ? "" : " (" + real + ")") + " is "
          + (system.equals(real.getRoot().toString()) ? "the root folder" : "inside the system folder " + system)
          + ", which spectra never writes into, even with --force; choose a folder of your own, e.g. "
          + flag + " ./out/service");
    }
    if (force || !Files.isDirectory(real) || isEmpty(real) || hasMarker(real)) {
      return;
    }
    throw CliFailure.usage(flag + " " + dir + " is a folder that is not empty and holds no earlier spectra output;"
        + " choose a new or empty folder, or add --force to write into it anyway");
  }

  /** {@link #check}s {@code dir}, then creates it with the marker. */
  static Path claim(Path dir, boolean force, String flag) {
    check(dir, force, flag);
    try {
      Files.createDirectories(dir);
      Path marker = dir.resolve(MARKER);
      if (!Files.exists(marker, LinkOption.NOFOLLOW_LINKS)) {
        Files.writeString(marker, "This folder holds output of spectra; spectra may write into it again.\n");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
    }
    return dir;
  }

  /** The system folder {@code real} is or lies in, or {@code null}; the root itself counts. */
  static String systemFolder(Path real) {
    if (real.getRoot() != null && real.equals(real.getRoot())) {
      return real.toString();
    }
    String s = real.toString();
    String lower = s.toLowerCase(Locale.ROOT);
    for (String e : EXCEPTIONS) {
      if (s.equals(e) || s.startsWith(e + "/")) {
        return null;
      }
    }
    for (String f : SYSTEM_FOLDERS) {
      boolean windows = f.contains("\\");
      String candidate = windows ? f.toLowerCase(Locale.ROOT) : f;
      String path = windows ? lower : s;
      String sep = windows ? "\\" : "/";
      if (path.equals(candidate) || path.startsWith(candidate + sep)) {
        return f;
      }
    }
    return null;
  }

  /**
   * The absolute, normalized path with every symbolic link of its existing part followed: the real path of the
   * longest existing ancestor, with the missing rest appended.
   */
  static Path realPath(Path dir) {
    Path abs = dir.toAbsolutePath().normalize();
    Path existing = abs;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return abs;
    }
    try {
      return existing.toRealPath().resolve(existing.relativize(abs)).normalize();
    } catch (IOException e) {
      return abs;
    }
  }

  private static boolean isEmpty(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * True when the folder shows an earlier spectra run: the marker, a workspace's engine folder {@code .spectra}, a
   * comparison's {@code results.json}, or a demo's request folders holding {@code .spectra}.
   */
  static boolean hasMarker(Path dir) {
    if (Files.exists(dir.resolve(MARKER)) || Files.isDirectory(dir.resolve(".spectra"))
        || Files.isRegularFile(dir.resolve("results.json"))) {
      return true;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.anyMatch(p -> Files.isDirectory(p.resolve(".spectra")));
    } catch (IOException e) {
      return false;
    }
  }
}
