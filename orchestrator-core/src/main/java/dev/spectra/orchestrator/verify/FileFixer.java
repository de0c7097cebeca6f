package dev.spectra.orchestrator.verify;

import dev.spectra.orchestrator.RunContext;
import java.util.List;

/**
 * Rewrites the files at fault after failing tests or a failed quality gate. The LLM layer implements it with a
 * declarative AI service; the fix loop decides which files it may touch and checks what comes back.
 */
@FunctionalInterface
public interface FileFixer {
  /** The new content of some of {@code request.files()}; a file not returned is unchanged. */
  List<FileFix> fix(FixRequest request, RunContext context);
}
