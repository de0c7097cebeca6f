package dev.spectra.orchestrator.llm.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Checks of a typed reply beyond its shape (limits, references, formats), on the structurally valid tree so that
 * errors name JSON paths. A rule may fix an unambiguous problem in place and say so in {@code repairs}.
 */
@FunctionalInterface
public interface ReplyRules {
  /** No extra rules. */
  ReplyRules NONE = (root, errors, repairs) -> { };

  void check(ObjectNode root, List<String> errors, List<String> repairs);
}
