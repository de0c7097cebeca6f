package dev.spectra.orchestrator.verify;

import dev.spectra.orchestrator.stack.TargetStack;
import dev.spectra.orchestrator.stack.Toolchain;
import dev.spectra.orchestrator.stack.ToolchainUnavailableException;

/** A stack's toolchain, discovered once at first use (a failure is remembered too). */
final class Toolchains {
  private final TargetStack stack;
  private Toolchain found;
  private ToolchainUnavailableException missing;

  Toolchains(TargetStack stack) {
    this.stack = stack;
  }

  synchronized Toolchain get() {
    if (found == null && missing == null) {
      try {
        found = stack.discoverToolchain();
        if (found == null) {
          throw new IllegalStateException("stack " + stack.id() + " returned no toolchain; a stack throws "
              + "ToolchainUnavailableException instead");
        }
      } catch (ToolchainUnavailableException e) {
        missing = e;
      }
    }
    if (missing != null) {
      throw missing;
    }
    return found;
  }
}
