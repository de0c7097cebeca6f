package dev.spectra.orchestrator.workspace;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.CopyOption;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file so that readers see the old content or the new one in full, never a part: the bytes go to a fresh
 * temporary file in the target's folder (created exclusively, not through a link), are synced, and the temporary
 * file is renamed over the target ({@code ATOMIC_MOVE}, or a replacing move where the file system cannot). The
 * temporary file is removed when anything fails. Renaming replaces the target's directory entry, so a hard link at
 * the target is never written through.
 */
final class AtomicFiles {
  private AtomicFiles() {}

  /** {@link Files#move}, replaceable in tests to inject failures. */
  @FunctionalInterface
  interface Mover {
    void move(Path source, Path target, CopyOption... options) throws IOException;
  }

  static final Mover FILES_MOVE = Files::move;

  /** Writes {@code bytes} atomically to {@code dir/name}; {@code dir} must be a real folder (no link). */
  static void write(Path dir, String name, byte[] bytes, Mover mover) throws IOException {
    Path temp = null;
    boolean moved = false;
    try {
      for (int attempt = 1; temp == null; attempt++) {
        Path candidate = dir.resolve(Workspace.TEMP_PREFIX + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try (FileChannel channel = FileChannel.open(candidate, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
            LinkOption.NOFOLLOW_LINKS)) {
          temp = candidate;
          ByteBuffer buffer = ByteBuffer.wrap(bytes);
          while (buffer.hasRemaining()) {
            channel.write(buffer);
          }
          channel.force(true);
        } catch (FileAlreadyExistsException e) {
          if (attempt == 5) {
            throw e;
          }
        }
      }
      Path target = dir.resolve(name);
      try {
        mover.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        mover.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      moved = true;
      syncDirectory(dir);
    } finally {
      if (temp != null && !moved) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // The write already failed with the error that matters; a leftover temporary file is skipped by files().
        }
      }
    }
  }

  /** Makes the rename durable where the platform lets a folder be synced (Linux, macOS); skipped elsewhere. */
  private static void syncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Windows cannot open a folder as a channel; the file's own bytes were synced before the rename.
    }
  }
}
