package dev.spectra.orchestrator.test;

/**
 * A fake model received a request it has no answer for: no scripted rule matched, or no recorded call in a cassette
 * matches. It is an {@link AssertionError} on purpose: a test setup that does not fit the code under test is a test
 * failure, and retry loops that catch {@link RuntimeException} must not swallow it. The message shows the request
 * (its last user message) and what was tried.
 */
public final class UnexpectedRequestError extends AssertionError {
  private static final long serialVersionUID = 1L;

  UnexpectedRequestError(String message) {
    super(message);
  }
}
