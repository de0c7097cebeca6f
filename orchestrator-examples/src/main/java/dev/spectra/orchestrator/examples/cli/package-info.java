/**
 * The {@code spectra} command line: {@link dev.spectra.orchestrator.examples.cli.SpectraCli} with the sub-commands
 * demo, generate, compare and doctor. Exit codes: 0 success, 2 bad usage or configuration (a provider's 401/403 and
 * unknown models included), 1 any other failure; errors are one line on standard error. See docs/cli.md.
 *
 * <p>{@code SpectraCli} is the only public type: everything else here (the demo's cassettes and requests, the
 * model comparison with its {@code results.json} and self-contained {@code report.html}) is the command line's
 * machinery, package-private so that nobody builds on it.
 */
package dev.spectra.orchestrator.examples.cli;
