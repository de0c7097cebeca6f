/**
 * The sandbox every process that runs generated code, or a stack's own tool on generated files, runs under: argument
 * lists only, the workspace as working directory, an allow-listed environment, wall-clock limits, output caps, and the
 * whole process tree killed at the end. Stack-neutral: a stack's toolchain adds the variables its tools need.
 */
package dev.spectra.orchestrator.sandbox;
