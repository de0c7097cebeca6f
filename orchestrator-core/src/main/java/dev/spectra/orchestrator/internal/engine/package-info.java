/**
 * The run engine's machinery, shared by the local runner ({@code Orchestrator}) and durable engines of this project
 * (orchestrator-temporal): {@code RunSequencer} (the pure decisions of a run), {@code FileStep} (builds one file of
 * a plan) and {@code RunJournal} (the run folder's journal, plan and report, for resume). <b>Internal, not API</b>:
 * public only because other modules of this project drive it; it may change in any release, and the API check
 * (japicmp) does not cover it. Run a service with {@code dev.spectra.orchestrator.Orchestrator} instead.
 */
package dev.spectra.orchestrator.internal.engine;
