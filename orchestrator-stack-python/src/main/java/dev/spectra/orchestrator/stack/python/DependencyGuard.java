package dev.spectra.orchestrator.stack.python;

import dev.spectra.orchestrator.stack.UnavailableDependencyException;
import dev.spectra.orchestrator.sandbox.Sandbox;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a plan's Python dependencies before any test runs: each must be on the allow-list (when it is not empty)
 * and installed for the interpreter. Standard-library names (which plans sometimes list) are ignored. Nothing is
 * ever installed.
 */
final class DependencyGuard {
  private static final Pattern NAME = Pattern.compile("^\\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)");
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private DependencyGuard() {}

  /** PEP 503 normalization: lower case, runs of {@code -_.} become one {@code -}. */
  static String normalize(String name) {
    return name.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
  }

  /**
   * Returns the standard-library names the plan listed (ignored), and throws for any dependency that cannot be used.
   *
   * @throws UnavailableDependencyException listing each unusable dependency
   */
  static List<String> check(List<String> dependencies, Set<String> allowed, PythonToolchain python, Sandbox sandbox) {
    if (dependencies.isEmpty()) {
      return List.of();
    }
    Map<String, String> byName = new LinkedHashMap<>();
    List<UnavailableDependencyException.Problem> problems = new ArrayList<>();
    for (String raw : dependencies) {
      Matcher m = NAME.matcher(raw);
      if (!m.find()) {
        problems.add(new UnavailableDependencyException.Problem(raw, UnavailableDependencyException.Reason.UNKNOWN,
            "not a package name"));
        continue;
      }
      byName.put(raw, m.group(1));
    }
    JsonNode probe = PythonScripts.run(python.executable(), sandbox, PythonScripts.PROBE, List.copyOf(byName.values()), TIMEOUT);
    Set<String> stdlib = new TreeSet<>();
    probe.path("stdlib").forEach(n -> stdlib.add(n.asText()));
    Set<String> allowedNormalized = new TreeSet<>();
    allowed.forEach(a -> allowedNormalized.add(normalize(a)));
    List<String> ignored = new ArrayList<>();
    byName.forEach((raw, name) -> {
      if (stdlib.contains(name)) {
        ignored.add(name);
      } else if (!allowedNormalized.isEmpty() && !allowedNormalized.contains(normalize(name))) {
        problems.add(new UnavailableDependencyException.Problem(raw, UnavailableDependencyException.Reason.UNKNOWN,
            "not on the stack's allow-list " + allowedNormalized));
      } else if (!probe.path("dists").path(name).isTextual()) {
        problems.add(new UnavailableDependencyException.Problem(raw, UnavailableDependencyException.Reason.UNAVAILABLE,
            "not installed for " + python.executable()));
      }
    });
    if (!problems.isEmpty()) {
      throw new UnavailableDependencyException(problems, python.executable().toString());
    }
    return ignored;
  }
}
