package dev.spectra.orchestrator.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spectra.orchestrator.workspace.UnsafePathException.Rule;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Assertions on refused paths. */
final class Refusals {
  private Refusals() {}

  /** The UnsafePathException thrown by {@code call}; fails when it throws something else or nothing. */
  static UnsafePathException refusal(ThrowingCallable call) {
    try {
      call.call();
    } catch (UnsafePathException e) {
      return e;
    } catch (Throwable t) {
      throw new AssertionError("expected an UnsafePathException, got " + t, t);
    }
    throw new AssertionError("expected an UnsafePathException, but nothing was thrown");
  }

  /** Asserts that {@code call} is refused by {@code rule}. */
  static void assertRefused(ThrowingCallable call, Rule rule) {
    assertThat(refusal(call).rule()).isEqualTo(rule);
  }
}
