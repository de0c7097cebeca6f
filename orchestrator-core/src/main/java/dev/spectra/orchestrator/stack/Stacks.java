package dev.spectra.orchestrator.stack;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;

/** Finds the stacks on the class path. */
public final class Stacks {
  private Stacks() {}

  /**
   * The stacks registered with {@link ServiceLoader} on the class path, by id, in the order found.
   *
   * @throws IllegalStateException when two stacks have the same id
   */
  public static Map<String, TargetStack> discover() {
    Map<String, TargetStack> out = new LinkedHashMap<>();
    for (TargetStack s : ServiceLoader.load(TargetStack.class, Stacks.class.getClassLoader())) {
      TargetStack previous = out.putIfAbsent(s.id(), s);
      if (previous != null) {
        throw new IllegalStateException("two stacks have the id " + s.id() + ": " + previous.getClass().getName()
            + " and " + s.getClass().getName() + "; remove one from the class path");
      }
    }
    return Map.copyOf(out).isEmpty() ? Map.of() : java.util.Collections.unmodifiableMap(out);
  }
}
