package dev.spectra.orchestrator.llm.services;

import dev.spectra.orchestrator.llm.Code;
import java.util.Objects;
import java.util.Optional;

/**
 * The reply of a {@link FixFileService}: why the file changes and its whole new text, or no code when the model
 * answered {@code UNCHANGED} (the file is not at fault).
 *
 * @param reason the model's {@code REASON:} line, or empty when it gave none
 * @param code the whole new file; empty when the file stays as it is
 */
public record Fix(String reason, Optional<Code> code) {
  public Fix {
    Objects.requireNonNull(reason, "reason == null");
    Objects.requireNonNull(code, "code == null");
  }

  /** True when the model left the file as it is. */
  public boolean unchanged() {
    return code.isEmpty();
  }
}
