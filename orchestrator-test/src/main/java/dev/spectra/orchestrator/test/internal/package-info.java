/**
 * Machinery of the test kit: the cassette file format, error kinds and faults of the chaos model, request JSON,
 * diffs and the secret scrubber. <b>Internal, not API</b>: public only because the test kit's public classes in
 * {@code dev.spectra.orchestrator.test} use it across packages; it may change in any release, and the API check
 * (japicmp) does not cover it. Use {@code dev.spectra.orchestrator.test} instead.
 */
package dev.spectra.orchestrator.test.internal;
