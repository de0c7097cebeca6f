package dev.spectra.orchestrator;

/** What a planned file is for; the stack profile decides who writes it (model, template or config generator). */
public enum FileKind {
  /** Application code. */
  SOURCE,
  /** Tests of the application. */
  TEST,
  /** Configuration: requirements, Dockerfile, ignore files, environment examples. */
  CONFIG,
  /** Documentation such as a README. */
  DOC
}
