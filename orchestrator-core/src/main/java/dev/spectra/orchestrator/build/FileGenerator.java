package dev.spectra.orchestrator.build;

import dev.spectra.orchestrator.RunContext;

/**
 * Writes one model-generated file. The LLM layer implements it with a declarative AI service that returns code
 * as text; tests implement it with a lambda.
 *
 * <p>Contract with {@link ChunkedBuild}:
 * <ul>
 *   <li>Reserve every model call against {@code context.budget()} before making it and settle it after; let a
 *       {@code BudgetExceededException} propagate (the build stops at once).
 *   <li>Record every model call in {@code context.ledger()} with {@code request.file().path()} as its file: the
 *       engine takes a file's usage from the per-file totals of that ledger (a child of the run's, which records the
 *       calls too), so a call recorded without the path is not counted against the file.
 *   <li>May be called from several threads at once (one file per call). A call may be interrupted when the build
 *       stops; check {@code context.throwIfCancelled()} in long loops.
 *   <li>Throw any {@link RuntimeException}, or return an empty reply, to have the file retried (with
 *       {@link FileRequest#attempt()} incremented and {@link FileRequest#previousProblem()} set); throw an exception
 *       marked {@link NonRetriable} when another attempt cannot help.
 * </ul>
 */
@FunctionalInterface
public interface FileGenerator {
  /**
   * Returns the file's content (code only: any fence already unwrapped).
   *
   * @throws RuntimeException on failure; the engine retries the file up to its attempt limit unless the exception
   *     is {@link NonRetriable}, a {@code RunCancelledException} or a {@code BudgetExceededException}
   */
  String generate(FileRequest request, RunContext context);
}
