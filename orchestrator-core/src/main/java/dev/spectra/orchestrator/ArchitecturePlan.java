package dev.spectra.orchestrator;

import dev.langchain4j.model.output.structured.Description;
import dev.spectra.orchestrator.internal.Checks;
import dev.spectra.orchestrator.internal.Graphs;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The typed plan of a service: what Build generates and what Test, Deploy and Monitor check.
 *
 * <p>A plan is a value: callers may edit or approve it before {@code Orchestrator.build(plan)}.
 *
 * @param name short service name, e.g. {@code hello-service}
 * @param summary what the service does, a paragraph at most
 * @param stack the id of the {@linkplain dev.spectra.orchestrator.stack.TargetStack stack} that builds and runs it
 * @param entrypoint what the stack starts, in the stack's form (checked by the stack's entrypoint rule)
 * @param files every file of the service, paths unique
 * @param endpoints the HTTP endpoints the service exposes
 * @param dependencies third-party packages the code imports (distribution names, no versions)
 */
@Description("The architecture plan of a service")
public record ArchitecturePlan(
    @Description("short service name in kebab-case") String name,
    @Description("what the service does, at most a paragraph") String summary,
    @Description("the stack id") String stack,
    @Description("what the stack starts, in the stack's form") String entrypoint,
    @Description("every file of the service") List<FileSpec> files,
    @Description("the HTTP endpoints of the service") List<Endpoint> endpoints,
    @Description("third-party packages the code imports, distribution names without versions") List<String> dependencies) {

  public ArchitecturePlan {
    Checks.notBlank(name, "name");
    summary = summary == null ? "" : summary;
    Checks.notBlank(stack, "stack");
    Checks.notBlank(entrypoint, "entrypoint");
    files = Checks.copy(files, "files");
    if (files.isEmpty()) {
      throw new IllegalArgumentException("files must not be empty: a plan needs at least one file");
    }
    Set<String> seen = new HashSet<>();
    for (FileSpec f : files) {
      if (!seen.add(f.path())) {
        throw new IllegalArgumentException("files must have unique paths, but \"" + f.path() + "\" appears twice");
      }
    }
    endpoints = Checks.copy(endpoints, "endpoints");
    dependencies = Checks.copy(dependencies, "dependencies");
  }

  /** The file with this path, if planned. */
  public Optional<FileSpec> file(String path) {
    return files.stream().filter(f -> f.path().equals(path)).findFirst();
  }

  /** A copy with {@code files} replaced, for callers that edit a plan before building it. */
  public ArchitecturePlan withFiles(List<FileSpec> newFiles) {
    return new ArchitecturePlan(name, summary, stack, entrypoint, newFiles, endpoints, dependencies);
  }

  /**
   * Orders the files into dependency levels: level 0 depends on nothing, level n only on levels below n. Inside
   * a level, CRITICAL comes before NORMAL before LOW, then plan order.
   *
   * @throws InvalidPlanException naming the files when a dependency is dangling or the graph has a cycle
   */
  public List<List<FileSpec>> levels() {
    Map<String, FileSpec> byPath = new LinkedHashMap<>();
    files.forEach(f -> byPath.put(f.path(), f));
    List<String> dangling = new ArrayList<>();
    for (FileSpec f : files) {
      for (String d : f.dependsOn()) {
        if (!byPath.containsKey(d)) {
          dangling.add(f.path() + " -> " + d);
        }
      }
    }
    if (!dangling.isEmpty()) {
      throw new InvalidPlanException(
          "plan has dependencies on files it does not contain: " + String.join(", ", dangling)
              + "; add those files to the plan or remove them from dependsOn");
    }
    List<List<FileSpec>> levels = new ArrayList<>();
    Set<String> done = new HashSet<>();
    while (done.size() < files.size()) {
      List<FileSpec> current = new ArrayList<>();
      for (FileSpec f : files) {
        if (!done.contains(f.path()) && done.containsAll(f.dependsOn())) {
          current.add(f);
        }
      }
      if (current.isEmpty()) {
        Map<String, List<String>> graph = new LinkedHashMap<>();
        files.forEach(f -> graph.put(f.path(), f.dependsOn()));
        throw new InvalidPlanException("plan has a dependency cycle: " + String.join(" -> ", Graphs.findCycle(graph))
            + "; break the cycle by removing one of these dependsOn entries");
      }
      current.sort((a, b) -> a.priority().compareTo(b.priority()));
      current.forEach(f -> done.add(f.path()));
      levels.add(List.copyOf(current));
    }
    return List.copyOf(levels);
  }
}
