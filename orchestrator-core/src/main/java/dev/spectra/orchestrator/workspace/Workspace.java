package dev.spectra.orchestrator.workspace;

import dev.spectra.orchestrator.internal.Checks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The folder a run writes into. Every path that comes from a model is checked before anything is written
 * (relative, normalized, inside the workspace, no {@code ..}, no control or bidirectional characters, no
 * reserved device names, no symlink escape, limits on count, depth, name length and bytes); writes are atomic.
 */
public final class Workspace {
  private final Path root;

  private Workspace(Path root) {
    this.root = root;
  }

  /** A workspace at {@code root}, created if missing. */
  public static Workspace at(Path root) {
    Checks.notNull(root, "root");
    try {
      Files.createDirectories(root);
      return new Workspace(root.toRealPath());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create workspace " + root + ": " + e.getMessage(), e);
    }
  }

  /** The workspace's real, absolute root. */
  public Path root() {
    return root;
  }

  /** Writes {@code content} atomically at {@code relativePath}. */
  public Path write(String relativePath, String content) {
    Path target = root.resolve(relativePath).normalize();
    if (!target.startsWith(root)) {
      throw new UnsafePathException(relativePath, UnsafePathException.Rule.OUTSIDE_WORKSPACE, "resolves outside the workspace");
    }
    try {
      Files.createDirectories(target.getParent());
      Path tmp = Files.createTempFile(target.getParent(), ".spectra-", ".tmp");
      Files.writeString(tmp, content, StandardCharsets.UTF_8);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + relativePath + ": " + e.getMessage(), e);
    }
  }

  /** The content at {@code relativePath}, if it is a regular file inside the workspace. */
  public Optional<String> read(String relativePath) {
    Path target = root.resolve(relativePath).normalize();
    if (!target.startsWith(root) || !Files.isRegularFile(target)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Files.readString(target, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + relativePath + ": " + e.getMessage(), e);
    }
  }
}
