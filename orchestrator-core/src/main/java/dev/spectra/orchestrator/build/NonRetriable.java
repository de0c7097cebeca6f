package dev.spectra.orchestrator.build;

/**
 * Marks an exception that a {@link FileGenerator} throws when another attempt at the same file cannot help: bad
 * credentials, a model that does not exist, a request the provider rejects as invalid. {@link ChunkedBuild} does
 * not retry such a file: it stops the build at once, cancels the generations in flight and rethrows the exception.
 *
 * <pre>{@code
 * public final class ModelAccessDeniedException extends OrchestratorException implements NonRetriable { ... }
 * }</pre>
 *
 * <p>Besides exceptions marked with this interface, the engine never retries {@code RunCancelledException} and
 * {@code BudgetExceededException}. Every other {@link RuntimeException} (including {@link IllegalArgumentException},
 * which generators commonly throw for a reply they could not use) counts as a failed attempt and is retried.
 */
public interface NonRetriable {}
