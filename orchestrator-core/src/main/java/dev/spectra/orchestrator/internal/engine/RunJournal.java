package dev.spectra.orchestrator.internal.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.GeneratedFile;
import dev.spectra.orchestrator.RunReport;
import dev.spectra.orchestrator.Usage;
import dev.spectra.orchestrator.internal.AtomicFiles;
import dev.spectra.orchestrator.internal.Checks;
import dev.spectra.orchestrator.internal.Hashing;
import dev.spectra.orchestrator.internal.Json;
import dev.spectra.orchestrator.workspace.UnsafePathException;
import dev.spectra.orchestrator.workspace.Workspace;
import java.io.Closeable;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's durable record in its workspace, under {@code .spectra/runs/<runId>/}: the plan ({@code plan.json}), the
 * journal of finished files ({@code journal.jsonl}) and the final report ({@code report.json}).
 * {@code Orchestrator.resume(runId)} reads it back.
 *
 * <p>The journal holds one JSON line per finished file, appended and synced to disk after the file itself was
 * written atomically:
 *
 * <pre>{@code
 * {"v":1,"path":"src/main.c","sha256":"9f86d0...","origin":"LLM","attempts":1,"usage":{"inputTokens":812,"cachedInputTokens":0,"outputTokens":406}}
 * }</pre>
 *
 * An entry counts once its line ends with a newline: a torn last line (the process was killed while appending) is
 * ignored on read and cut off before the next append. A file whose entry is missing is generated again on resume.
 */
public final class RunJournal {
  /** The version written in each journal line's {@code v} field. */
  public static final int JOURNAL_VERSION = 1;

  private static final Logger LOG = LoggerFactory.getLogger(RunJournal.class);

  private RunJournal() {}

  /**
   * One finished file as the journal records it.
   *
   * @param path workspace-relative path
   * @param sha256 hex SHA-256 of the content written
   * @param origin who wrote it
   * @param attempts generator calls it took (0 for templates and config)
   * @param usage tokens spent on it
   */
  public record Entry(String path, String sha256, GeneratedFile.Origin origin, int attempts, Usage usage) {
    public Entry {
      Checks.notBlank(path, "path");
      Checks.notBlank(sha256, "sha256");
      Checks.notNull(origin, "origin");
      Checks.nonNegative(attempts, "attempts");
      usage = usage == null ? Usage.ZERO : usage;
    }

    /** The entry of a written file. */
    public static Entry of(GeneratedFile file) {
      return new Entry(file.path(), file.sha256(), file.origin(), file.attempts(), file.usage());
    }
  }

  /**
   * The folder of a run's own files, {@code .spectra/runs/<runId>} in the workspace (see
   * {@link Workspace#runDirectory}); not created here.
   */
  public static Path runDirectory(Workspace workspace, String runId) {
    return workspace.runDirectory(runId);
  }

  /** The journal of finished files of a run (it may not exist yet). */
  public static Path journalFile(Workspace workspace, String runId) {
    return runDirectory(workspace, runId).resolve("journal.jsonl");
  }

  /** Writes the plan of a run (atomically). */
  public static void savePlan(Workspace workspace, String runId, ArchitecturePlan plan) {
    writeAtomically(runDirectory(workspace, runId).resolve("plan.json"), toJson(plan));
  }

  /** The plan journaled for a run, if any. */
  public static Optional<ArchitecturePlan> loadPlan(Workspace workspace, String runId) {
    Path file = runDirectory(workspace, runId).resolve("plan.json");
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Json.MAPPER.readValue(Files.readString(file), ArchitecturePlan.class));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read journaled plan " + file + ": " + e.getMessage(), e);
    }
  }

  /** Writes the final report of a run. */
  public static void saveReport(Workspace workspace, String runId, RunReport report) {
    writeAtomically(runDirectory(workspace, runId).resolve("report.json"), report.toJson());
  }

  /**
   * The finished-file entries of a run, in the order they were appended (a file built twice appears twice; the
   * later entry wins). Empty when the run has no journal. A torn last line is ignored; a malformed line elsewhere is
   * logged and skipped, so its file is generated again on resume.
   */
  public static List<Entry> entries(Workspace workspace, String runId) {
    Path file = journalFile(workspace, runId);
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read run journal " + file + ": " + e.getMessage(), e);
    }
    List<Entry> entries = new ArrayList<>();
    int start = 0;
    int lineNumber = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] != '\n') {
        continue;
      }
      lineNumber++;
      String line = new String(bytes, start, i - start, StandardCharsets.UTF_8).strip();
      start = i + 1;
      if (line.isEmpty()) {
        continue;
      }
      Entry entry = parse(line);
      if (entry == null) {
        LOG.warn("run journal {} line {} is malformed and ignored; its file will be generated again: {}",
            file, lineNumber, Checks.excerpt(line, 200));
      } else {
        entries.add(entry);
      }
    }
    if (start < bytes.length) {
      LOG.info("run journal {} ends with a torn line ({} bytes, the process was stopped while appending); ignored",
          file, bytes.length - start);
    }
    return List.copyOf(entries);
  }

  /**
   * The files among {@code paths} that a run finished: each has a journal entry (the latest for its path) whose content
   * on disk still hashes to the journaled SHA-256. They come back with origin RESUMED, 0 attempts and no usage; any
   * other file (no entry, missing, unreadable or changed since) is left out, to be generated again.
   */
  public static Map<String, GeneratedFile> finishedFiles(Workspace workspace, String runId, Collection<String> paths) {
    Checks.notNull(workspace, "workspace");
    Checks.notNull(paths, "paths");
    Map<String, Entry> latest = new HashMap<>();
    entries(workspace, runId).forEach(e -> latest.put(e.path(), e));
    Map<String, GeneratedFile> finished = new LinkedHashMap<>();
    for (String path : paths) {
      Entry entry = latest.get(path);
      if (entry == null) {
        continue;
      }
      String content = readForResume(workspace, runId, path);
      if (content != null && Hashing.sha256(content).equals(entry.sha256())) {
        finished.put(path, new GeneratedFile(path, content, GeneratedFile.Origin.RESUMED, 0, Usage.ZERO, entry.sha256()));
      } else {
        LOG.info("run {}: {} is {} since it was journaled; it will be generated again", runId, path,
            content == null ? "missing or unreadable" : "changed");
      }
    }
    return finished;
  }

  /** The file's text, or {@code null} when it is missing or cannot be read as UTF-8 text (then it is rebuilt). */
  private static String readForResume(Workspace workspace, String runId, String path) {
    try {
      return workspace.read(path).orElse(null);
    } catch (UncheckedIOException | UnsafePathException e) {
      LOG.warn("run {}: cannot read {} to check it against the journal ({}); it will be generated again",
          runId, path, e.getMessage());
      return null;
    }
  }

  private static Entry parse(String line) {
    try {
      JsonNode node = Json.MAPPER.readTree(line);
      if (node == null || !node.isObject() || node.path("v").asInt(-1) != JOURNAL_VERSION) {
        return null;
      }
      JsonNode usage = node.path("usage");
      return new Entry(node.path("path").asText(null), node.path("sha256").asText(null),
          GeneratedFile.Origin.valueOf(node.path("origin").asText("")), node.path("attempts").asInt(-1),
          new Usage(usage.path("inputTokens").asLong(0), usage.path("cachedInputTokens").asLong(0),
              usage.path("outputTokens").asLong(0)));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  static String toLine(Entry entry) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("v", JOURNAL_VERSION);
    node.put("path", entry.path());
    node.put("sha256", entry.sha256());
    node.put("origin", entry.origin().name());
    node.put("attempts", entry.attempts());
    ObjectNode usage = node.putObject("usage");
    usage.put("inputTokens", entry.usage().inputTokens());
    usage.put("cachedInputTokens", entry.usage().cachedInputTokens());
    usage.put("outputTokens", entry.usage().outputTokens());
    try {
      return Json.MAPPER.writeValueAsString(node) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String toJson(Object value) {
    try {
      return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void writeAtomically(Path target, String content) {
    try {
      AtomicFiles.write(target, content);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  /**
   * Appends entries to a run's journal, one durable line each. Holds an exclusive lock on the journal while open, so
   * two builds cannot append to the same run at once; opening cuts off a torn last line. Thread-safe: workers append
   * as their files are written.
   *
   * <p>Lines are written through {@link RandomAccessFile} and made durable with {@link FileDescriptor#sync()} (an
   * {@code fsync}, as {@code FileChannel.force(true)}), because a {@code FileChannel} is closed for every thread as
   * soon as one thread using it is interrupted, and a stopping build interrupts its workers.
   *
   * <p>A build opens one for its run and hands it to each {@link FileStep}; whoever drives file steps on their own
   * (a workflow engine) does the same, closing it when the run's files are done.
   */
  public static final class Appender implements Closeable {
    private final Path file;
    private final RandomAccessFile raf;
    private final FileLock lock;
    private final Object writeLock = new Object();
    private final Object syncLock = new Object();
    private long written; // guarded by writeLock: bytes appended through this appender
    private long synced; // guarded by syncLock: bytes known to be on the device

    private Appender(Path file, RandomAccessFile raf, FileLock lock) {
      this.file = file;
      this.raf = raf;
      this.lock = lock;
    }

    /**
     * Opens (creating it if needed) and locks the journal of {@code runId}, cutting off a torn last line.
     *
     * @throws IllegalStateException when another build holds the journal
     * @throws UncheckedIOException when the journal cannot be opened
     */
    public static Appender open(Workspace workspace, String runId) {
      Path file = journalFile(workspace, runId);
      RandomAccessFile raf = null;
      try {
        Files.createDirectories(file.getParent());
        if (Files.isSymbolicLink(file)) { // RandomAccessFile would write through it
          throw new UnsafePathException(workspace.root().relativize(file).toString(), UnsafePathException.Rule.SYMLINK_ESCAPE,
              "the run's journal is a symbolic link; the engine writes its own files only inside the workspace: remove it");
        }
        raf = new RandomAccessFile(file.toFile(), "rw");
        FileLock lock;
        try {
          lock = raf.getChannel().tryLock();
        } catch (OverlappingFileLockException e) {
          lock = null;
        }
        if (lock == null) {
          throw new IllegalStateException("run " + runId + " is being built by another build (its journal " + file
              + " is locked); wait for that build to end, or start a new run");
        }
        cutTornTail(raf);
        raf.seek(raf.length());
        return new Appender(file, raf, lock);
      } catch (IOException e) {
        closeQuietly(raf);
        throw new UncheckedIOException("cannot open run journal " + file + ": " + e.getMessage(), e);
      } catch (RuntimeException e) {
        closeQuietly(raf);
        throw e;
      }
    }

    /** Truncates the journal after its last newline, so that a torn entry cannot glue onto the next one. */
    private static void cutTornTail(RandomAccessFile raf) throws IOException {
      long size = raf.length();
      long end = size;
      while (end > 0) {
        raf.seek(end - 1);
        if (raf.read() == '\n') {
          break;
        }
        end--;
      }
      if (end < size) {
        raf.setLength(end);
        raf.getFD().sync();
      }
    }

    /**
     * Appends one entry and returns once it is on the storage device. Appends from several threads share syncs
     * (group commit): a line already covered by another thread's sync is not synced again.
     */
    public void append(Entry entry) {
      Checks.notNull(entry, "entry");
      byte[] line = toLine(entry).getBytes(StandardCharsets.UTF_8);
      try {
        long end;
        synchronized (writeLock) {
          raf.write(line);
          written += line.length;
          end = written;
        }
        synchronized (syncLock) {
          if (synced < end) {
            long target;
            synchronized (writeLock) {
              target = written;
            }
            raf.getFD().sync(); // covers every byte written before it, so at least up to target
            synced = target;
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot append to run journal " + file + ": " + e.getMessage(), e);
      }
    }

    @Override
    public void close() {
      synchronized (syncLock) {
        synchronized (writeLock) {
          try {
            if (lock.isValid()) {
              lock.release();
            }
          } catch (IOException e) {
            LOG.debug("cannot release the lock of {}: {}", file, e.toString());
          }
          closeQuietly(raf);
        }
      }
    }

    private static void closeQuietly(RandomAccessFile raf) {
      if (raf != null) {
        try {
          raf.close();
        } catch (IOException e) {
          LOG.debug("cannot close run journal: {}", e.toString());
        }
      }
    }
  }
}
