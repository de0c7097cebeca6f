/**
 * Not API: the workflow, its activities and the values in its history, public only because Temporal's proxies and
 * data converter need them. They may change in any release; use {@code TemporalOrchestrator} and
 * {@code SpectraWorker}.
 */
package dev.spectra.orchestrator.temporal.internal;
