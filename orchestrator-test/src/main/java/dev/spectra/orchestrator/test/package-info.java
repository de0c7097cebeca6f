/** The test kit: fake chat models and prompt-test tools. */
package dev.spectra.orchestrator.test;
