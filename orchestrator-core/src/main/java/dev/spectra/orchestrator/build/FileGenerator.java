package dev.spectra.orchestrator.build;

import dev.spectra.orchestrator.RunContext;

/**
 * Writes one model-generated file. The LLM layer implements it with a declarative AI service that returns code
 * as text; tests implement it with a lambda. Implementations record their model calls in the context's ledger and
 * reserve them against its budget.
 */
@FunctionalInterface
public interface FileGenerator {
  /**
   * Returns the file's content (code only: any fence already unwrapped).
   *
   * @throws RuntimeException on failure; the engine retries the file up to its attempt limit
   */
  String generate(FileRequest request, RunContext context);
}
