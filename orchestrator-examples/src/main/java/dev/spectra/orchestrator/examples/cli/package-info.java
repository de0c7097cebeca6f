/**
 * The {@code spectra} command line: {@link dev.spectra.orchestrator.examples.cli.SpectraCli} with the sub-commands
 * demo, generate, compare and doctor. Exit codes: 0 success, 2 bad usage or configuration (a provider's 401/403 and
 * unknown models included), 1 any other failure; errors are one line on standard error. See docs/cli.md.
 */
package dev.spectra.orchestrator.examples.cli;
