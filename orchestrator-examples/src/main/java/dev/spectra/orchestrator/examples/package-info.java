/** The spectra command line and runnable examples. */
package dev.spectra.orchestrator.examples;
