package dev.spectra.orchestrator.stack;

import dev.spectra.orchestrator.OrchestratorException;
import dev.spectra.orchestrator.SettingHint;
import dev.spectra.orchestrator.internal.Checks;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A request prefers a stack ({@code ServiceRequest.withStack}) that the orchestrator, or the worker that plans it, has
 * no planner for. Raised by Plan before any model call, rather than planning for another stack than the one asked for.
 */
public final class UnwiredStackException extends OrchestratorException {
  private static final long serialVersionUID = 1L;

  private final String stack;
  private final Set<String> wired;

  /**
   * @param stack the stack the request prefers
   * @param wired the stacks that are wired, in their order
   */
  public UnwiredStackException(String stack, Set<String> wired) {
    super("the request prefers the stack \"" + Checks.notNull(stack, "stack") + "\", but Plan is wired for "
        + Checks.notNull(wired, "wired") + "; ask for one of those with " + JAVA_NAME + ", or plan with an orchestrator"
        + " (or a worker) wired for \"" + stack + "\"", List.of(new SettingHint(SettingHint.STACK, JAVA_NAME, stack)));
    this.stack = stack;
    this.wired = Collections.unmodifiableSet(new LinkedHashSet<>(wired));
  }

  private static final String JAVA_NAME = "ServiceRequest.withStack";

  /** The stack the request prefers. */
  public String stack() {
    return stack;
  }

  /** The stacks Plan is wired for. */
  public Set<String> wired() {
    return wired;
  }
}
