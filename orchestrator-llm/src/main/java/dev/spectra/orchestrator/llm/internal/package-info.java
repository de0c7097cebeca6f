/**
 * Machinery of the LangChain4j layer: the AI-service interfaces, the model gateway (retries, rate limits, usage,
 * budget), the repair ladder, the header-aware HTTP client and the provider factories. Not API: it may change in
 * any release. Use {@link dev.spectra.orchestrator.llm.SpectraLlm} instead.
 */
package dev.spectra.orchestrator.llm.internal;
