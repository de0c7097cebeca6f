package dev.spectra.orchestrator.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The one dependency-cycle check, shared by the plan's levels and the plan reply's rules. Not API. */
public final class Graphs {
  private Graphs() {}

  /**
   * A dependency cycle of {@code graph} (node to the nodes it depends on), as the path that closes it, e.g.
   * {@code [a, b, c, a]}; empty when there is none. Dependencies on nodes that are not keys are ignored. The cycle is
   * the one met first when walking from the first node (in the map's order) that can reach a cycle, along the first
   * dependency that can; so equal graphs name the same cycle. Iterative: a deep graph cannot overflow the stack.
   */
  public static List<String> findCycle(Map<String, ? extends Collection<String>> graph) {
    // Peel off every node that cannot reach a cycle (Kahn's algorithm on the dependency counts).
    Map<String, Integer> pending = new HashMap<>();
    Map<String, List<String>> dependents = new HashMap<>();
    Deque<String> ready = new ArrayDeque<>();
    for (Map.Entry<String, ? extends Collection<String>> e : graph.entrySet()) {
      Set<String> deps = known(graph, e.getValue());
      pending.put(e.getKey(), deps.size());
      deps.forEach(d -> dependents.computeIfAbsent(d, k -> new ArrayList<>()).add(e.getKey()));
      if (deps.isEmpty()) {
        ready.add(e.getKey());
      }
    }
    Set<String> acyclic = new HashSet<>();
    while (!ready.isEmpty()) {
      String node = ready.poll();
      acyclic.add(node);
      for (String dependent : dependents.getOrDefault(node, List.of())) {
        if (pending.merge(dependent, -1, Integer::sum) == 0) {
          ready.add(dependent);
        }
      }
    }
    if (acyclic.size() == graph.size()) {
      return List.of();
    }
    // Every node left reaches a cycle through a dependency that is left too: walk until a node repeats.
    String at = graph.keySet().stream().filter(n -> !acyclic.contains(n)).findFirst().orElseThrow();
    List<String> walk = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    while (seen.add(at)) {
      walk.add(at);
      at = known(graph, graph.get(at)).stream().filter(d -> !acyclic.contains(d)).findFirst().orElseThrow();
    }
    List<String> cycle = new ArrayList<>(walk.subList(walk.indexOf(at), walk.size()));
    cycle.add(at);
    return List.copyOf(cycle);
  }

  private static Set<String> known(Map<String, ? extends Collection<String>> graph, Collection<String> deps) {
    Set<String> result = new LinkedHashSet<>();
    for (String d : deps) {
      if (graph.containsKey(d)) {
        result.add(d);
      }
    }
    return result;
  }
}
