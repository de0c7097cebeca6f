package dev.spectra.orchestrator.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
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
 * The one atomic file writer: readers see the old content or the new one in full, never a part, and the new one
 * survives a crash once {@code write} returns. The bytes go to a fresh temporary file in the target's folder (created
 * exclusively, not through a link), are synced ({@code fsync}), and the temporary file is renamed over the target
 * ({@code ATOMIC_MOVE}, or a replacing move where the file system cannot); then the folder is synced so that the
 * rename is durable. The temporary file is removed when anything fails. Renaming replaces the target's directory
 * entry, so a hard link at the target is never written through. Used by the workspace, the run journal and the test
 * kit's cassettes and snapshots. Not API.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** {@link Files#move}, replaceable in tests to inject failures. */
  @FunctionalInterface
  public interface Mover {
    void move(Path source, Path target, CopyOption... options) throws IOException;
  }

  /** The real move. */
  public static final Mover FILES_MOVE = Files::move;

  /** Writes {@code text} as UTF-8 to {@code target} atomically and durably, creating its parent folders. */
  public static void write(Path target, String text) throws IOException {
    write(target, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes {@code bytes} to {@code target} atomically and durably, creating its parent folders. */
  public static void write(Path target, byte[] bytes) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path dir = absolute.getParent();
    Files.createDirectories(dir);
    String name = absolute.getFileName().toString();
    write(dir, name, "." + name + ".tmp-", bytes, FILES_MOVE);
  }

  /**
   * Writes {@code bytes} atomically and durably to {@code dir/name}; {@code dir} must be a real folder (no link). The
   * temporary file's name starts with {@code tempPrefix}, so that a reader of the folder can skip it.
   *
   * <p>An interrupt of the calling thread does not abandon the write half-way (it would close the file channels with
   * {@code ClosedByInterruptException}, so that a run stopped at its wall time could lose its journal): the flag is
   * cleared while the write runs and set again afterwards.
   */
  public static void write(Path dir, String name, String tempPrefix, byte[] bytes, Mover mover) throws IOException {
    boolean interrupted = Thread.interrupted();
    try {
      writeUninterrupted(dir, name, tempPrefix, bytes, mover);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void writeUninterrupted(Path dir, String name, String tempPrefix, byte[] bytes, Mover mover)
      throws IOException {
    Path temp = null;
    boolean moved = false;
    try {
      for (int attempt = 1; temp == null; attempt++) {
        Path candidate = dir.resolve(tempPrefix + Long.toHexString(ThreadLocalRandom.current().nextLong()));
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
          // The write already failed with the error that matters; the caller's listing skips the prefix.
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
