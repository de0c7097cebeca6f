/**
 * Helpers shared by the modules of SPECTRA Orchestrator: argument checks ({@code Checks}), the one Jackson mapper
 * ({@code Json}), hashing, atomic file writes, dependency graphs. <b>Internal, not API</b>: public only because
 * other modules of this project use it; it may change or disappear in any release, and the API check
 * (japicmp) does not cover it. Do not use it from your own code.
 */
package dev.spectra.orchestrator.internal;
