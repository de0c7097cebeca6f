package dev.spectra.orchestrator.workspace;

import dev.spectra.orchestrator.SettingHint;
import dev.spectra.orchestrator.workspace.UnsafePathException.Rule;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Counts the files and bytes written through one {@link Workspace}, exactly under concurrency.
 *
 * <p>A write first reserves: a new path takes one of the {@code maxFiles} slots (in-flight writes count, so parallel
 * writers cannot overshoot), and the write's growth over the file's current size is added to the total before any
 * byte is written (so parallel writers cannot overshoot {@code maxTotalBytes} either). Writes to the same path are
 * serialized by that path's lock, so the total always holds the size of the version that ended up on disk. A failed
 * write gives back its growth and, if the path had never been written, its slot.
 */
final class WriteLedger {
  private final int maxFiles;
  private final long maxTotalBytes;
  private final Map<String, Slot> slots = new HashMap<>();
  private long totalBytes;
  private int committedFiles;

  WriteLedger(int maxFiles, long maxTotalBytes) {
    this.maxFiles = maxFiles;
    this.maxTotalBytes = maxTotalBytes;
  }

  /** One path's state; guarded by the ledger's monitor, except {@code lock} itself. */
  private static final class Slot {
    final ReentrantLock lock = new ReentrantLock();
    long bytes;
    boolean committed;
    int users;
  }

  /** An admitted write that holds its path's lock until {@link #commit} or {@link #abort}. */
  static final class Reservation {
    private final String path;
    private final Slot slot;
    private final long bytes;

    private Reservation(String path, Slot slot, long bytes) {
      this.path = path;
      this.slot = slot;
      this.bytes = bytes;
    }
  }

  /**
   * Admits a write of {@code bytes} at {@code path} or throws {@link Rule#TOO_MANY_FILES} / {@link Rule#TOO_LARGE}.
   * Blocks while another write of the same path is in flight.
   */
  Reservation reserve(String path, long bytes) {
    Slot slot;
    synchronized (this) {
      slot = slots.get(path);
      if (slot == null) {
        if (slots.size() >= maxFiles) {
          throw new UnsafePathException(path, Rule.TOO_MANY_FILES, "this workspace already holds " + slots.size()
              + " files written through it, its maxFiles; a plan this large is likely a model error: "
              + "ask for fewer files or raise Workspace.Builder.maxFiles",
              List.of(new SettingHint(SettingHint.WORKSPACE_MAX_FILES,
                  "Workspace.Builder.maxFiles", Integer.toString(maxFiles))));
        }
        slot = new Slot();
        slots.put(path, slot);
      }
      slot.users++;
    }
    slot.lock.lock();
    Reservation reservation = new Reservation(path, slot, bytes);
    synchronized (this) {
      long growth = Math.max(0, bytes - slot.bytes);
      if (totalBytes + growth > maxTotalBytes) {
        release(reservation);
        throw new UnsafePathException(path, Rule.TOO_LARGE, "writing " + bytes + " bytes would take the files "
            + "written through this workspace to " + (totalBytes + growth) + " bytes, past its maxTotalBytes of "
            + maxTotalBytes + "; generate smaller files or raise Workspace.Builder.maxTotalBytes",
            List.of(new SettingHint(SettingHint.WORKSPACE_MAX_TOTAL_BYTES,
                "Workspace.Builder.maxTotalBytes", Long.toString(maxTotalBytes))));
      }
      totalBytes += growth;
    }
    return reservation;
  }

  /** Records that the reserved bytes are now on disk, and releases the path. */
  void commit(Reservation r) {
    synchronized (this) {
      Slot slot = r.slot;
      totalBytes += r.bytes - Math.max(r.bytes, slot.bytes);
      slot.bytes = r.bytes;
      if (!slot.committed) {
        slot.committed = true;
        committedFiles++;
      }
      slot.users--;
    }
    r.slot.lock.unlock();
  }

  /** Gives the reservation back (nothing was written), and releases the path. */
  void abort(Reservation r) {
    synchronized (this) {
      totalBytes -= Math.max(0, r.bytes - r.slot.bytes);
      release(r);
    }
  }

  private void release(Reservation r) {
    assert Thread.holdsLock(this);
    Slot slot = r.slot;
    slot.users--;
    if (!slot.committed && slot.users == 0) {
      slots.remove(r.path);
    }
    slot.lock.unlock();
  }

  /** Distinct files written through the workspace (finished writes only). */
  synchronized int files() {
    return committedFiles;
  }

  /** Bytes of those files as last written, plus the growth of writes in flight. */
  synchronized long bytes() {
    return totalBytes;
  }
}
