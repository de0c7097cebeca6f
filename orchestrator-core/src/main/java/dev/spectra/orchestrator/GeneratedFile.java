package dev.spectra.orchestrator;

import dev.spectra.orchestrator.internal.Checks;

/**
 * A file written into the workspace by Build.
 *
 * @param path workspace-relative path
 * @param content the file's text
 * @param origin who wrote it
 * @param attempts model calls it took (0 for templates, config and resumed files)
 * @param usage tokens spent on it
 * @param sha256 hex SHA-256 of the content's UTF-8 bytes
 */
public record GeneratedFile(String path, String content, Origin origin, int attempts, Usage usage, String sha256) {

  /** Who wrote a file. */
  public enum Origin {
    /** A model call (through a {@code FileGenerator}). */
    LLM,
    /** A fixed template of the stack profile. */
    TEMPLATE,
    /** A deterministic config generator of the stack profile, driven by the plan. */
    CONFIG,
    /** Found finished on disk by {@code resume}; not generated again. */
    RESUMED
  }

  public GeneratedFile {
    Checks.notBlank(path, "path");
    Checks.notNull(content, "content");
    Checks.notNull(origin, "origin");
    Checks.nonNegative(attempts, "attempts");
    usage = usage == null ? Usage.ZERO : usage;
    sha256 = sha256 == null ? dev.spectra.orchestrator.internal.Hashing.sha256(content) : sha256;
  }

  /** A file with its hash computed from the content. */
  public static GeneratedFile of(String path, String content, Origin origin, int attempts, Usage usage) {
    return new GeneratedFile(path, content, origin, attempts, usage, null);
  }
}
