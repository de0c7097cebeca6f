/**
 * The pipeline as a durable Temporal workflow: {@link dev.spectra.orchestrator.temporal.TemporalOrchestrator} starts
 * runs, {@link dev.spectra.orchestrator.temporal.SpectraWorker}s run their activities, one per planned file, on any
 * number of machines sharing the workspace. See docs/scale-out.md.
 */
package dev.spectra.orchestrator.temporal;
