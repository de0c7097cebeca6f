package dev.spectra.orchestrator.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Drains one output stream of a child so that it never blocks on a full pipe. Keeps the first {@code cap} bytes
 * (in a capture file, or in memory when there is none) and, with a file, the last {@link #TAIL} bytes in memory for
 * messages; whatever goes beyond the cap is counted and dropped.
 */
final class OutputPump implements Runnable {
  /** Bytes of the end of a captured file kept in memory for messages and diagnoses. */
  static final int TAIL = 64 * 1024;

  private final InputStream in;
  private final Path file;
  private final long cap;
  private final Thread thread;

  // Guarded by this.
  private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
  private final byte[] tail = new byte[TAIL];
  private long tailWritten;
  private long total;

  OutputPump(InputStream in, Path file, long cap, String name) {
    this.in = in;
    this.file = file;
    this.cap = cap;
    this.thread = new Thread(this, name);
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  @Override
  public void run() {
    byte[] buffer = new byte[8192];
    OutputStream out = file == null ? null : open();
    long written = 0;
    boolean cut = false;
    try {
      int n;
      while ((n = in.read(buffer)) > 0) {
        if (out != null) {
          try {
            int room = (int) Math.max(0, Math.min(n, cap - written));
            if (room > 0) {
              out.write(buffer, 0, room);
              out.flush();
              written += room;
            }
            if (room < n && !cut) {
              out.write(("\n[spectra: output cut at " + cap + " bytes]\n").getBytes(StandardCharsets.UTF_8));
              out.flush();
              cut = true;
            }
          } catch (IOException e) {
            // Keep draining without the file: a child must never block on a full pipe.
            closeQuietly(out);
            out = null;
            note("cannot write " + file + " any more: " + e);
          }
        }
        append(buffer, n);
      }
    } catch (IOException e) {
      // The stream was closed because the child is gone; what was read is kept.
    } finally {
      closeQuietly(out);
    }
  }

  /** The capture file opened for appending, or {@code null} (noted in the tail) when it cannot be. */
  private OutputStream open() {
    try {
      // Never through a link: generated code may have planted one where the library writes.
      return Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      note("cannot write " + file + ": " + e);
      return null;
    }
  }

  private void note(String message) {
    byte[] bytes = ("[spectra: " + message + "]\n").getBytes(StandardCharsets.UTF_8);
    append(bytes, bytes.length);
  }

  private static void closeQuietly(OutputStream out) {
    if (out != null) {
      try {
        out.close();
      } catch (IOException e) {
        // nothing more to keep
      }
    }
  }

  private synchronized void append(byte[] buffer, int n) {
    total += n;
    if (file == null) {
      int room = (int) Math.max(0, Math.min(n, cap - kept.size()));
      kept.write(buffer, 0, room);
      return;
    }
    for (int i = 0; i < n; i++) {
      tail[(int) (tailWritten++ % TAIL)] = buffer[i];
    }
  }

  /** Waits up to {@code millis} for the stream to end. */
  void join(long millis) throws InterruptedException {
    thread.join(millis);
  }

  /** Closes the stream (when a process outside our reach still holds the pipe open). */
  void close() {
    try {
      in.close();
    } catch (IOException e) {
      // already closed
    }
  }

  /** What was kept: the captured output in memory mode, the end of the output in file mode. */
  synchronized String text() {
    if (file == null) {
      String s = kept.toString(StandardCharsets.UTF_8);
      return total > kept.size() ? s + "\n[spectra: output cut at " + kept.size() + " bytes]" : s;
    }
    int length = (int) Math.min(tailWritten, TAIL);
    byte[] out = new byte[length];
    long start = tailWritten - length;
    for (int i = 0; i < length; i++) {
      out[i] = tail[(int) ((start + i) % TAIL)];
    }
    return new String(out, StandardCharsets.UTF_8);
  }
}
