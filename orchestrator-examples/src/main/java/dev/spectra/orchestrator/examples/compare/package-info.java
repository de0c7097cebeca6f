/**
 * Model comparison: a {@link dev.spectra.orchestrator.examples.compare.Comparison} runs a
 * {@link dev.spectra.orchestrator.examples.compare.RequestSuite} on several
 * {@link dev.spectra.orchestrator.examples.compare.RunSource}s, sums each model's runs into a
 * {@link dev.spectra.orchestrator.examples.compare.ComparisonResult}, and writes {@code results.json}
 * ({@link dev.spectra.orchestrator.examples.compare.ComparisonReport}) and a self-contained {@code report.html}
 * ({@link dev.spectra.orchestrator.examples.compare.ReportHtml}, a pure function of the report).
 */
package dev.spectra.orchestrator.examples.compare;
