package dev.spectra.orchestrator.verify;

import dev.spectra.orchestrator.internal.Checks;

/**
 * One rewritten file.
 *
 * @param path workspace-relative path (must be one of the request's files)
 * @param content the whole new content
 * @param reason what was wrong, in a sentence
 */
public record FileFix(String path, String content, String reason) {
  public FileFix {
    Checks.notBlank(path, "path");
    Checks.notNull(content, "content");
    reason = reason == null ? "" : reason;
  }
}
