package dev.spectra.orchestrator.workspace;

import dev.spectra.orchestrator.SettingHint;
import dev.spectra.orchestrator.internal.AtomicFiles;
import dev.spectra.orchestrator.internal.Checks;
import dev.spectra.orchestrator.workspace.UnsafePathException.Rule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The folder a run writes into. Every path that comes from a model is checked before anything is written, and a
 * refused path creates nothing at all: no file, no temporary file, no half-made folder, inside the workspace or
 * outside it.
 *
 * <pre>{@code
 * Workspace ws = Workspace.builder(Path.of("out/todo-api")).maxFiles(500).build();
 * ws.write("src/main.txt", code);          // atomic; refuses "../x", "/etc/x", "C:x", "nul.txt", "a/.git/x", ...
 * Optional<String> text = ws.read("src/main.txt");
 * }</pre>
 *
 * <h2>The rules</h2>
 *
 * A path is a relative path with forward slashes. Rules are checked in this order, and each one over the whole path
 * before the next, so the {@link UnsafePathException#rule() rule} reported for a path is always the same:
 * <ol>
 *   <li>{@link Rule#EMPTY EMPTY}: the empty string or only spaces.
 *   <li>{@link Rule#CONTROL_CHARACTER CONTROL_CHARACTER}: U+0000-U+001F (NUL, tab, newline...), DEL, the C1
 *       controls U+0080-U+009F, and U+2028/U+2029.
 *   <li>{@link Rule#BIDI_CONTROL BIDI_CONTROL}: U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C
 *       (a right-to-left override can make <code>"evil&#92;u202Etxt.exe"</code> display as {@code "evilexe.txt"}).
 *   <li>{@link Rule#INVISIBLE_CHARACTER INVISIBLE_CHARACTER}: any other format character (category Cf), such as
 *       zero-width spaces and joiners, which some file systems ignore (<code>".g&#92;u200Cit"</code> is
 *       {@code ".git"} on HFS+).
 *   <li>{@link Rule#MALFORMED_UNICODE MALFORMED_UNICODE}: an unpaired surrogate.
 *   <li>{@link Rule#UNC UNC}: starts with {@code //} or two backslashes ({@code //server/share},
 *       {@code \\server\share}, {@code \\?\C:\x}).
 *   <li>{@link Rule#ABSOLUTE ABSOLUTE}: starts with {@code /}.
 *   <li>{@link Rule#DRIVE_LETTER DRIVE_LETTER}: starts with a letter and a colon ({@code C:}, {@code c:foo}).
 *   <li>{@link Rule#BACKSLASH BACKSLASH}: any other backslash; separators are {@code /} only.
 *   <li>{@link Rule#EMPTY_SEGMENT EMPTY_SEGMENT}: {@code a//b}, or a trailing slash.
 *   <li>{@link Rule#PARENT_SEGMENT PARENT_SEGMENT}: a {@code ..} segment anywhere ({@code ..}, {@code ../a},
 *       {@code a/..}, {@code a/../b}), even one that would stay inside.
 *   <li>{@link Rule#DOT_SEGMENT DOT_SEGMENT}: a {@code .} segment anywhere ({@code ./a}, {@code a/./b}).
 *   <li>{@link Rule#TOO_DEEP TOO_DEEP}: more than {@code maxDepth} segments (default {@value #DEFAULT_MAX_DEPTH}).
 *   <li>{@link Rule#ILLEGAL_CHARACTER ILLEGAL_CHARACTER}: one of {@code < > : " | ? *}, which Windows forbids
 *       ({@code :} would also name an NTFS alternate data stream).
 *   <li>{@link Rule#RESERVED_NAME RESERVED_NAME}: a Windows device name as a segment's stem (the part before the
 *       first dot, trailing spaces ignored), in any case: CON, PRN, AUX, NUL, CONIN$, CONOUT$, COM0-COM9,
 *       LPT0-LPT9 and COM¹²³/LPT¹²³ ({@code nul.txt}, {@code COM1.tar.gz}, {@code src/Aux.txt}); and names starting
 *       with {@value #TEMP_PREFIX}, the workspace's own temporary files.
 *   <li>{@link Rule#TRAILING_DOT_OR_SPACE TRAILING_DOT_OR_SPACE}: a segment ending with '.' or ' '.
 *   <li>{@link Rule#NAME_TOO_LONG NAME_TOO_LONG}: a segment longer than {@code maxNameBytes} in UTF-8
 *       (default {@value #DEFAULT_MAX_NAME_BYTES}).
 *   <li>{@link Rule#RESERVED_FOLDER RESERVED_FOLDER}: {@code .spectra} as the first segment (the engine's own
 *       folder, see {@link #runDirectory}) or {@code .git} as any segment, in any case.
 *   <li>{@link Rule#OUTSIDE_WORKSPACE OUTSIDE_WORKSPACE}: the normalized path leaves the root (a last line of
 *       defence; the rules above already refuse every such path).
 * </ol>
 * {@link #write} then checks the size: {@link Rule#TOO_LARGE TOO_LARGE} when the content is more than
 * {@code maxFileBytes} in UTF-8 (default 1 MiB). Then the file system, without following links:
 * <ul>
 *   <li>{@link Rule#SYMLINK_ESCAPE SYMLINK_ESCAPE}: an existing folder on the path is a symbolic link that resolves
 *       outside the root or dangles; or the target itself is a symbolic link, wherever it points (a link is never
 *       written or read through). A link to a folder inside the root is followed, and the rules on reserved folders
 *       are applied to where it leads ({@link Rule#RESERVED_FOLDER RESERVED_FOLDER}).
 *   <li>{@link Rule#NOT_A_DIRECTORY NOT_A_DIRECTORY}: an existing entry on the way is a file.
 *   <li>{@link Rule#NOT_A_FILE NOT_A_FILE} (write only): the target is a folder or another non-regular file.
 * </ul>
 * And last the workspace's limits, counted over the files written through this instance:
 * {@link Rule#TOO_MANY_FILES TOO_MANY_FILES} past {@code maxFiles} distinct paths (default
 * {@value #DEFAULT_MAX_FILES}), and {@link Rule#TOO_LARGE TOO_LARGE} past {@code maxTotalBytes} in all (default
 * 50 MiB). Rewriting a file replaces its bytes in the total and does not count as a new file. Writes in flight
 * hold their reservation, so parallel writers never overshoot; a write that then fails gives it back.
 *
 * <p>{@link #read} and {@link #exists} apply the same path and file-system rules (a hostile path throws rather
 * than answering {@code false}); {@link #read} refuses a file larger than {@code maxFileBytes}.
 *
 * <h2>Writes</h2>
 *
 * A write creates the missing folders one by one (refusing a link that appears meanwhile), writes the bytes to a
 * fresh temporary file in the target's folder, syncs it, and renames it over the target ({@code ATOMIC_MOVE}, or a
 * replacing move where the file system cannot move atomically), then syncs the folder where the platform allows.
 * A reader sees the old content or the new content in full, never a part. When a write fails, its temporary file
 * and the folders it created are removed. Hard links at the target are not written through (the rename replaces
 * the entry).
 *
 * <h2>Limits of the guarantees</h2>
 *
 * The checks protect against hostile <em>paths</em> and against links left in the workspace by earlier steps (for
 * example generated code run by the test step). They cannot stop another process that swaps a folder for a link
 * between the check and the write: do not run untrusted code in the workspace while a run is writing to it.
 *
 * <p>Instances are thread-safe; files are usually written from several threads at once.
 */
public final class Workspace {
  /** Default most distinct files written through one workspace. */
  public static final int DEFAULT_MAX_FILES = 2_000;
  /** Default most segments in a path. */
  public static final int DEFAULT_MAX_DEPTH = 16;
  /** Default and greatest longest segment, in UTF-8 bytes (the limit of common file systems). */
  public static final int DEFAULT_MAX_NAME_BYTES = 255;
  /** Default largest file, in UTF-8 bytes: 1 MiB. */
  public static final long DEFAULT_MAX_FILE_BYTES = 1L << 20;
  /** Default most bytes written through one workspace in all: 50 MiB. */
  public static final long DEFAULT_MAX_TOTAL_BYTES = 50L << 20;
  /** Prefix of the workspace's temporary files; refused in paths, skipped by {@link #files()}. */
  public static final String TEMP_PREFIX = ".spectra-tmp-";

  static final String ENGINE_FOLDER = ".spectra";
  private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

  private final Path root;
  private final long maxFileBytes;
  private final PathRules rules;
  private final WriteLedger ledger;
  private final AtomicFiles.Mover mover;

  private Workspace(Path root, Builder b) {
    this.root = root;
    this.maxFileBytes = b.maxFileBytes;
    this.rules = new PathRules(b.maxDepth, b.maxNameBytes);
    this.ledger = new WriteLedger(b.maxFiles, b.maxTotalBytes);
    this.mover = b.mover;
  }

  /** A workspace at {@code root} (created if missing) with the default limits. */
  public static Workspace at(Path root) {
    return builder(root).build();
  }

  /** A builder for a workspace at {@code root} with other limits. */
  public static Builder builder(Path root) {
    return new Builder(Checks.notNull(root, "root"));
  }

  /**
   * A path a tool printed (absolute, or relative to {@code root}), as a workspace file path with {@code /} separators;
   * empty when it lies outside {@code root}, in the engine's own {@code .spectra} folder, or is no path at all. For a
   * stack that maps stack traces and compiler errors back to generated files.
   */
  public static Optional<String> fileOf(Path root, String printed) {
    Checks.notNull(root, "root");
    Checks.notNull(printed, "printed");
    try {
      Path p = Path.of(printed);
      Path abs = (p.isAbsolute() ? p : root.resolve(p)).normalize();
      if (!abs.startsWith(root) || abs.equals(root) || abs.startsWith(root.resolve(ENGINE_FOLDER))) {
        return Optional.empty();
      }
      return Optional.of(root.relativize(abs).toString().replace('\\', '/'));
    } catch (InvalidPathException e) {
      return Optional.empty();
    }
  }

  /** The workspace's real, absolute root. */
  public Path root() {
    return root;
  }

  /**
   * Writes {@code content} as UTF-8 at {@code relativePath}, atomically, creating missing folders.
   *
   * @return the real path of the file written
   * @throws UnsafePathException when a rule refuses the path or the size; nothing was created
   * @throws UncheckedIOException when the file system fails; the temporary file and new folders were removed
   */
  public Path write(String relativePath, String content) {
    Checks.notNull(relativePath, "relativePath");
    Checks.notNull(content, "content");
    List<String> segments = validate(relativePath);
    // A UTF-8 encoding is never shorter than the UTF-16 length, so a long string is refused before encoding it.
    if (content.length() > maxFileBytes) {
      throw tooLarge(relativePath, "at least " + content.length());
    }
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > maxFileBytes) {
      throw tooLarge(relativePath, String.valueOf(bytes.length));
    }
    locate(relativePath, segments, true);
    WriteLedger.Reservation reservation = ledger.reserve(relativePath, bytes.length);
    List<Path> created = new ArrayList<>();
    boolean written = false;
    try {
      Path target = writeFile(relativePath, segments, bytes, created);
      written = true;
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write \"" + UnsafePathException.escape(relativePath) + "\" in workspace "
          + root + ": " + e, e);
    } finally {
      if (written) {
        ledger.commit(reservation);
      } else {
        removeCreated(created);
        ledger.abort(reservation);
      }
    }
  }

  /**
   * The UTF-8 content of {@code relativePath}, or empty when there is no regular file there.
   *
   * @throws UnsafePathException when a rule refuses the path, or the file is larger than {@code maxFileBytes}
   * @throws UncheckedIOException when the file cannot be read or is not valid UTF-8
   */
  public Optional<String> read(String relativePath) {
    Checks.notNull(relativePath, "relativePath");
    Located at = locate(relativePath, validate(relativePath), false);
    if (at.target() == null || !at.target().isRegularFile()) {
      return Optional.empty();
    }
    Path file = at.dir().resolve(at.name());
    try (SeekableByteChannel channel = Files.newByteChannel(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      long size = channel.size();
      if (size > maxFileBytes || size > Integer.MAX_VALUE - 8) {
        throw new UnsafePathException(relativePath, Rule.TOO_LARGE, "the file is " + size + " bytes, past this "
            + "workspace's maxFileBytes of " + maxFileBytes + "; it was not read");
      }
      ByteBuffer buffer = ByteBuffer.allocate((int) size);
      while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
        // reads until full; a file shrunk meanwhile ends early
      }
      buffer.flip();
      return Optional.of(StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(buffer)
          .toString());
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (CharacterCodingException e) {
      throw new UncheckedIOException("cannot read \"" + UnsafePathException.escape(relativePath) + "\" in workspace "
          + root + ": it is not valid UTF-8 text", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read \"" + UnsafePathException.escape(relativePath) + "\" in workspace "
          + root + ": " + e, e);
    }
  }

  /**
   * Whether a regular file exists at {@code relativePath} (a folder answers {@code false}).
   *
   * @throws UnsafePathException when a rule refuses the path
   */
  public boolean exists(String relativePath) {
    Checks.notNull(relativePath, "relativePath");
    Located at = locate(relativePath, validate(relativePath), false);
    return at.target() != null && at.target().isRegularFile();
  }

  /**
   * The workspace's regular files as relative paths with {@code /}, sorted; without the engine's folder
   * {@code .spectra/}, {@code .git/} folders, in-flight temporary files and symbolic links (never followed).
   */
  public List<String> files() {
    List<String> out = new ArrayList<>();
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
          if (dir.equals(root)) {
            return FileVisitResult.CONTINUE;
          }
          String name = dir.getFileName().toString();
          boolean engine = dir.getParent().equals(root) && name.equalsIgnoreCase(ENGINE_FOLDER);
          return engine || name.equalsIgnoreCase(".git") ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          String name = file.getFileName().toString();
          if (attrs.isRegularFile() && !name.regionMatches(true, 0, TEMP_PREFIX, 0, TEMP_PREFIX.length())) {
            List<String> parts = new ArrayList<>();
            root.relativize(file).forEach(p -> parts.add(p.toString()));
            out.add(String.join("/", parts));
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
          if (e instanceof NoSuchFileException) {
            return FileVisitResult.CONTINUE; // a temporary file renamed meanwhile
          }
          throw e;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list workspace " + root + ": " + e, e);
    }
    Collections.sort(out);
    return List.copyOf(out);
  }

  /**
   * The folder of the engine's own files for a run, {@code .spectra/runs/<runId>} under the root; not created
   * here. Model paths can never write there ({@link Rule#RESERVED_FOLDER}).
   *
   * @param runId 1 to 128 of {@code [A-Za-z0-9._-]}, not {@code .} and without {@code ..}
   * @throws IllegalArgumentException when {@code runId} is not such a name
   * @throws UnsafePathException when an existing part of that folder is a symbolic link ({@link Rule#SYMLINK_ESCAPE})
   *     or a file ({@link Rule#NOT_A_DIRECTORY})
   */
  public Path runDirectory(String runId) {
    Checks.notNull(runId, "runId");
    if (!RUN_ID.matcher(runId).matches() || runId.equals(".") || runId.contains("..")) {
      throw new IllegalArgumentException("runId must be 1 to 128 of [A-Za-z0-9._-], not \".\" and without \"..\", "
          + "but was \"" + UnsafePathException.escape(runId) + "\"");
    }
    String relative = ENGINE_FOLDER + "/runs/" + runId;
    Path dir = root;
    for (String segment : relative.split("/")) {
      dir = dir.resolve(segment);
      BasicFileAttributes attrs = attributes(dir, relative);
      if (attrs != null && attrs.isSymbolicLink()) {
        throw new UnsafePathException(relative, Rule.SYMLINK_ESCAPE, "\"" + root.relativize(dir) + "\" is a "
            + "symbolic link; the engine's folder must be a real folder in the workspace: remove the link");
      }
      if (attrs != null && !attrs.isDirectory()) {
        throw new UnsafePathException(relative, Rule.NOT_A_DIRECTORY, "\"" + root.relativize(dir) + "\" is a "
            + "file; remove it so the engine can keep its run files there");
      }
    }
    return dir;
  }

  /** Distinct files written through this workspace so far. */
  public int writtenFiles() {
    return ledger.files();
  }

  /**
   * Bytes of the files written through this workspace, each counted at its latest size (while writes are in
   * progress, their growth is included: it is reserved before the bytes go to disk).
   */
  public long writtenBytes() {
    return ledger.bytes();
  }

  @Override
  public String toString() {
    return "Workspace[" + root + "]";
  }

  /** The string rules, and a last normalization check. */
  private List<String> validate(String relativePath) {
    List<String> segments = rules.check(relativePath);
    if (!root.resolve(relativePath).normalize().startsWith(root)) {
      throw new UnsafePathException(relativePath, Rule.OUTSIDE_WORKSPACE, "the path resolves outside the "
          + "workspace; give a path relative to the workspace, e.g. \"src/app.txt\"");
    }
    return segments;
  }

  /**
   * Where a path lands: the deepest existing folder on the way (real, inside the root), the folders still missing
   * under it, and the target's attributes when it exists. Follows no link except folder links inside the root.
   */
  private record Located(Path dir, List<String> missing, String name, BasicFileAttributes target) {}

  private Located locate(String path, List<String> segments, boolean forWrite) {
    Path dir = root;
    int i = 0;
    for (; i < segments.size() - 1; i++) {
      Path next = dir.resolve(segments.get(i));
      BasicFileAttributes attrs = attributes(next, path);
      if (attrs == null) {
        break;
      }
      if (attrs.isSymbolicLink()) {
        dir = followFolderLink(path, next);
      } else if (attrs.isDirectory()) {
        dir = next;
      } else if (!forWrite) {
        String name = segments.get(segments.size() - 1);
        return new Located(dir, List.copyOf(segments.subList(i, segments.size() - 1)), name, null);
      } else {
        throw new UnsafePathException(path, Rule.NOT_A_DIRECTORY, "\"" + root.relativize(next) + "\" exists and is "
            + "not a folder; choose another path or remove that file first");
      }
    }
    List<String> missing = List.copyOf(segments.subList(i, segments.size() - 1));
    String name = segments.get(segments.size() - 1);
    List<String> real = new ArrayList<>();
    root.relativize(dir).forEach(p -> real.add(p.toString()));
    real.removeIf(String::isEmpty);
    real.addAll(missing);
    real.add(name);
    String reserved = PathRules.reservedFolder(real);
    if (reserved != null) {
      throw new UnsafePathException(path, Rule.RESERVED_FOLDER, "through a symbolic link the path leads to \""
          + String.join("/", real) + "\": " + reserved);
    }
    BasicFileAttributes target = missing.isEmpty() ? attributes(dir.resolve(name), path) : null;
    if (target != null && target.isSymbolicLink()) {
      throw new UnsafePathException(path, Rule.SYMLINK_ESCAPE, "the target is a symbolic link, which is never "
          + "written or read through; remove the link or choose another path");
    }
    if (forWrite && target != null && !target.isRegularFile()) {
      throw new UnsafePathException(path, Rule.NOT_A_FILE, "the target exists and is "
          + (target.isDirectory() ? "a folder" : "not a regular file") + "; choose another path");
    }
    return new Located(dir, missing, name, target);
  }

  /** The real folder a folder link inside the path leads to, if it stays inside the root and is not dangling. */
  private Path followFolderLink(String path, Path link) {
    String shown = root.relativize(link).toString();
    Path real;
    try {
      real = link.toRealPath();
    } catch (NoSuchFileException e) {
      throw new UnsafePathException(path, Rule.SYMLINK_ESCAPE, "\"" + shown + "\" is a dangling symbolic link; "
          + "remove it or choose another path");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot resolve symbolic link " + link + ": " + e, e);
    }
    if (!real.startsWith(root)) {
      throw new UnsafePathException(path, Rule.SYMLINK_ESCAPE, "\"" + shown + "\" is a symbolic link to a folder "
          + "outside the workspace; remove the link or choose another path");
    }
    if (!Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
      throw new UnsafePathException(path, Rule.NOT_A_DIRECTORY, "\"" + shown + "\" is a symbolic link to a file, "
          + "not a folder; choose another path");
    }
    return real;
  }

  private Path writeFile(String path, List<String> segments, byte[] bytes, List<Path> created) throws IOException {
    for (int attempt = 1; ; attempt++) {
      Located at = locate(path, segments, true);
      Path dir = makeFolders(path, at, created);
      try {
        AtomicFiles.write(dir, at.name(), TEMP_PREFIX, bytes, mover);
        return dir.resolve(at.name());
      } catch (NoSuchFileException e) {
        // A folder on the way was removed meanwhile (by a failed parallel write cleaning up): look again.
        if (attempt == 3) {
          throw e;
        }
      }
    }
  }

  private Path makeFolders(String path, Located at, List<Path> created) throws IOException {
    Path dir = at.dir();
    for (String segment : at.missing()) {
      Path next = dir.resolve(segment);
      try {
        Files.createDirectory(next);
        created.add(next);
      } catch (FileAlreadyExistsException e) {
        BasicFileAttributes attrs = attributes(next, path);
        if (attrs != null && attrs.isSymbolicLink()) {
          throw new UnsafePathException(path, Rule.SYMLINK_ESCAPE, "\"" + root.relativize(next) + "\" became a "
              + "symbolic link while the folders were made; nothing was written");
        }
        if (attrs == null || !attrs.isDirectory()) {
          throw new UnsafePathException(path, Rule.NOT_A_DIRECTORY, "\"" + root.relativize(next) + "\" exists and "
              + "is not a folder; choose another path or remove that file first");
        }
      }
      dir = next;
    }
    return dir;
  }

  /** Removes the folders a failed write created, deepest first, as far as they are still empty. */
  private static void removeCreated(List<Path> created) {
    for (int i = created.size() - 1; i >= 0; i--) {
      try {
        Files.deleteIfExists(created.get(i));
      } catch (IOException e) {
        return; // not empty: a parallel write put a file there, so it and its parents stay
      }
    }
  }

  /** The attributes of {@code p} without following a link, or null when nothing is there. */
  private BasicFileAttributes attributes(Path p, String path) {
    try {
      return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot inspect \"" + UnsafePathException.escape(path) + "\" in workspace "
          + root + ": " + e, e);
    }
  }

  private UnsafePathException tooLarge(String path, String bytes) {
    return new UnsafePathException(path, Rule.TOO_LARGE, "the content is " + bytes + " bytes in UTF-8, past this "
        + "workspace's maxFileBytes of " + maxFileBytes + "; split the file or raise Workspace.Builder.maxFileBytes",
        List.of(new SettingHint(SettingHint.WORKSPACE_MAX_FILE_BYTES, "Workspace.Builder.maxFileBytes",
            Long.toString(maxFileBytes))));
  }

  /** Builds a {@link Workspace}; each setter checks its value, {@link #build()} creates the root. */
  public static final class Builder {
    private final Path root;
    private int maxFiles = DEFAULT_MAX_FILES;
    private int maxDepth = DEFAULT_MAX_DEPTH;
    private int maxNameBytes = DEFAULT_MAX_NAME_BYTES;
    private long maxFileBytes = DEFAULT_MAX_FILE_BYTES;
    private long maxTotalBytes = DEFAULT_MAX_TOTAL_BYTES;
    private AtomicFiles.Mover mover = AtomicFiles.FILES_MOVE;

    private Builder(Path root) {
      this.root = root;
    }

    /** Most distinct files written through the workspace (default {@value Workspace#DEFAULT_MAX_FILES}). */
    public Builder maxFiles(int maxFiles) {
      this.maxFiles = Checks.positive(maxFiles, "maxFiles");
      return this;
    }

    /** Most segments in a path (default {@value Workspace#DEFAULT_MAX_DEPTH}). */
    public Builder maxDepth(int maxDepth) {
      this.maxDepth = Checks.positive(maxDepth, "maxDepth");
      return this;
    }

    /** Longest segment in UTF-8 bytes, 1 to 255 (default {@value Workspace#DEFAULT_MAX_NAME_BYTES}). */
    public Builder maxNameBytes(int maxNameBytes) {
      if (maxNameBytes < 1 || maxNameBytes > DEFAULT_MAX_NAME_BYTES) {
        throw new IllegalArgumentException("maxNameBytes must be between 1 and " + DEFAULT_MAX_NAME_BYTES
            + ", but was " + maxNameBytes);
      }
      this.maxNameBytes = maxNameBytes;
      return this;
    }

    /** Largest file in UTF-8 bytes (default 1 MiB). */
    public Builder maxFileBytes(long maxFileBytes) {
      this.maxFileBytes = Checks.positive(maxFileBytes, "maxFileBytes");
      return this;
    }

    /** Most bytes written through the workspace in all, each file at its latest size (default 50 MiB). */
    public Builder maxTotalBytes(long maxTotalBytes) {
      this.maxTotalBytes = Checks.positive(maxTotalBytes, "maxTotalBytes");
      return this;
    }

    /** Replaces the final move, to test failures. */
    Builder mover(AtomicFiles.Mover mover) {
      this.mover = Checks.notNull(mover, "mover");
      return this;
    }

    /**
     * The workspace, its root created if missing.
     *
     * @throws UncheckedIOException when the root cannot be created or is not a folder
     */
    public Workspace build() {
      try {
        Files.createDirectories(root);
        return new Workspace(root.toRealPath(), this);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create workspace " + root + " (it must be a folder you can write "
            + "to): " + e, e);
      }
    }
  }
}
