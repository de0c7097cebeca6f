package dev.spectra.orchestrator.verify;

import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.internal.Checks;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the fixer gets for one round.
 *
 * @param plan the plan
 * @param failures the failures to fix: test id, message and traceback excerpt, or a quality finding
 * @param files path to current content of the files it may rewrite (the files at fault, innermost frame first)
 * @param context path to content of read-only files that help (the failing tests, the dependencies' signatures)
 * @param stackNotes the stack profile's rules
 * @param round 1-based round number
 */
public record FixRequest(
    ArchitecturePlan plan, List<String> failures, Map<String, String> files, Map<String, String> context, String stackNotes, int round) {
  public FixRequest {
    Checks.notNull(plan, "plan");
    failures = Checks.copy(failures, "failures");
    files = files == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(files));
    context = context == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(context));
    stackNotes = stackNotes == null ? "" : stackNotes;
    Checks.positive(round, "round");
  }
}
