package dev.spectra.orchestrator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GraphsTest {
  private static Map<String, List<String>> graph(String... edges) {
    Map<String, List<String>> g = new LinkedHashMap<>();
    for (String e : edges) {
      String[] parts = e.split(":", -1);
      g.put(parts[0], parts[1].isEmpty() ? List.of() : List.of(parts[1].split(",")));
    }
    return g;
  }

  @Test
  void anAcyclicGraphHasNoCycleAndUnknownDependenciesAreIgnored() {
    assertThat(Graphs.findCycle(graph("a:", "b:a", "c:a,b,missing"))).isEmpty();
    assertThat(Graphs.findCycle(Map.of())).isEmpty();
  }

  @Test
  void theCycleIsNamedAsThePathThatClosesItFromTheFirstNodeThatReachesIt() {
    // base is fine; x depends on the cycle without being in it; the walk goes from x into the cycle.
    assertThat(Graphs.findCycle(graph("base:", "x:base,a", "a:b,base", "b:c", "c:a"))).containsExactly("a", "b", "c", "a");
    assertThat(Graphs.findCycle(graph("a:a"))).containsExactly("a", "a");
    // The first dependency that leads to a cycle is followed, not the first dependency.
    assertThat(Graphs.findCycle(graph("a:ok,b", "ok:", "b:a"))).containsExactly("a", "b", "a");
  }

  @Test
  void aLongChainIsCheckedWithoutOverflowingTheStack() {
    Map<String, List<String>> chain = new LinkedHashMap<>();
    int n = 50_000;
    for (int i = 0; i < n; i++) {
      chain.put("f" + i, i == 0 ? List.of() : List.of("f" + (i - 1)));
    }
    assertThat(Graphs.findCycle(chain)).isEmpty();
    chain.put("f0", List.of("f" + (n - 1)));
    assertThat(Graphs.findCycle(chain)).hasSize(n + 1).startsWith("f0", "f" + (n - 1));
  }
}
