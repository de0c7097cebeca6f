package dev.spectra.orchestrator;

/**
 * What kind of failure ended a run: the coarse, stable classification a caller (a command line's exit code, a
 * workflow engine's retry policy) decides on. {@link RunReport.Failure#type()} keeps the finer detail (the exception's
 * simple class name, or a {@code PROVIDER_<KIND>} type).
 */
public enum FailureKind {
  /** Test finished and the tests (or the quality gate) failed; type {@code TESTS_FAILED}. */
  TESTS_FAILED,
  /** Monitor finished and found the deployed service DOWN; type {@code UNHEALTHY}. */
  UNHEALTHY,
  /** The wall-time budget ran out; type {@code WALL_TIME}. */
  WALL_TIME,
  /** A USD, token or call budget was used up; type {@code BUDGET_EXCEEDED}. */
  BUDGET_EXCEEDED,
  /** The run was cancelled; type {@code CANCELLED}. */
  CANCELLED,
  /** A model provider failed (rejected key, unknown model, outage); type {@code PROVIDER_<KIND>}. */
  PROVIDER,
  /** The plan cannot be built as it is (a cycle, a dangling dependency); type {@code InvalidPlanException}. */
  INVALID_PLAN,
  /** Any other exception; type its simple class name (or its {@link OrchestratorException#failureType()}). */
  ERROR
}
