package dev.spectra.orchestrator.llm.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spectra.orchestrator.internal.Graphs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import dev.spectra.orchestrator.stack.TargetStack;

/**
 * Rules of an {@link dev.spectra.orchestrator.ArchitecturePlan} reply: 1 to {@code maxFiles} files with safe,
 * unique relative paths; {@code dependsOn} naming planned files without cycles; an entrypoint that keeps the stack's
 * {@linkplain TargetStack#entrypointProblems rule}; endpoints with a known method and a path starting with
 * {@code /}. Fixes in place: the stack id, duplicate {@code dependsOn} entries, method case, version pins in
 * dependency names.
 */
public final class PlanRules implements ReplyRules {
  /** Default most files a plan may have. */
  public static final int DEFAULT_MAX_FILES = 200;

  private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");
  private static final Pattern VERSION = Pattern.compile("\\s*(\\[.*\\])?\\s*([<>=!~;@].*)$");
  private static final int MAX_PATH = 200;
  private static final int MAX_DEPTH = 8;

  private final TargetStack stack;
  private final String stackId;
  private final int maxFiles;

  public PlanRules(TargetStack stack, int maxFiles) {
    this.stack = stack;
    this.stackId = stack.id();
    this.maxFiles = maxFiles;
  }

  @Override
  public void check(ObjectNode plan, List<String> errors, List<String> repairs) {
    if (plan.path("name").asText().isBlank()) {
      errors.add("$.name: must not be blank; give a short kebab-case service name");
    }
    if (!plan.path("stack").asText().equals(stackId)) {
      repairs.add("set $.stack to " + stackId);
      plan.put("stack", stackId);
    }
    ArrayNode files = (ArrayNode) plan.get("files");
    if (files.isEmpty() || files.size() > maxFiles) {
      errors.add("$.files: must hold 1 to " + maxFiles + " files, but held " + files.size());
    }
    Map<String, Integer> firstIndex = new LinkedHashMap<>();
    for (int i = 0; i < files.size(); i++) {
      String path = files.get(i).path("path").asText();
      String problem = pathProblem(path);
      if (problem != null) {
        errors.add("$.files[" + i + "].path: " + problem + ", but was \"" + path + "\"");
      } else if (firstIndex.containsKey(path)) {
        errors.add("$.files[" + i + "].path: \"" + path + "\" is listed twice (also $.files[" + firstIndex.get(path) + "])");
      } else {
        firstIndex.put(path, i);
      }
    }
    Map<String, List<String>> graph = new LinkedHashMap<>();
    for (int i = 0; i < files.size(); i++) {
      ObjectNode f = (ObjectNode) files.get(i);
      String path = f.path("path").asText();
      ArrayNode deps = (ArrayNode) f.get("dependsOn");
      Set<String> unique = new LinkedHashSet<>();
      boolean bad = false;
      for (int j = 0; j < deps.size(); j++) {
        String d = deps.get(j).asText();
        if (d.equals(path)) {
          errors.add("$.files[" + i + "].dependsOn[" + j + "]: a file must not depend on itself (\"" + d + "\")");
          bad = true;
        } else if (!firstIndex.containsKey(d)) {
          errors.add("$.files[" + i + "].dependsOn[" + j + "]: \"" + d + "\" is not a file of this plan; add it to files or remove it");
          bad = true;
        } else if (!unique.add(d)) {
          repairs.add("removed duplicate $.files[" + i + "].dependsOn entry \"" + d + "\"");
        }
      }
      if (!bad && unique.size() != deps.size()) {
        ArrayNode clean = f.putArray("dependsOn");
        unique.forEach(clean::add);
      }
      graph.putIfAbsent(path, new ArrayList<>(unique));
    }
    List<String> cycle = Graphs.findCycle(graph);
    if (!cycle.isEmpty()) {
      errors.add("$.files: dependsOn has a cycle " + String.join(" -> ", cycle) + "; remove one of these dependsOn entries");
    }
    for (String problem : stack.entrypointProblems(plan.path("entrypoint").asText(), firstIndex.keySet())) {
      errors.add("$.entrypoint: " + problem);
    }
    ArrayNode endpoints = (ArrayNode) plan.get("endpoints");
    for (int i = 0; i < endpoints.size(); i++) {
      ObjectNode e = (ObjectNode) endpoints.get(i);
      String method = e.path("method").asText();
      String upper = method.trim().toUpperCase(Locale.ROOT);
      if (!METHODS.contains(upper)) {
        errors.add("$.endpoints[" + i + "].method: must be one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, but was \"" + method + "\"");
      } else if (!upper.equals(method)) {
        repairs.add("normalized $.endpoints[" + i + "].method to " + upper);
        e.put("method", upper);
      }
      String p = e.path("path").asText();
      if (!p.startsWith("/")) {
        errors.add("$.endpoints[" + i + "].path: must start with /, but was \"" + p + "\"");
      }
    }
    ArrayNode deps = (ArrayNode) plan.get("dependencies");
    for (int i = 0; i < deps.size(); i++) {
      String d = deps.get(i).asText();
      String bare = VERSION.matcher(d.trim()).replaceFirst("");
      if (bare.isBlank()) {
        errors.add("$.dependencies[" + i + "]: must be a package name, but was \"" + d + "\"");
      } else if (!bare.equals(d)) {
        repairs.add("removed the version from $.dependencies[" + i + "] (\"" + d + "\" to \"" + bare + "\")");
        deps.set(i, bare);
      }
    }
  }

  /** Why a planned path is unsafe, or {@code null}. */
  static String pathProblem(String path) {
    if (path.isBlank()) {
      return "must not be blank";
    }
    if (path.length() > MAX_PATH) {
      return "must be at most " + MAX_PATH + " characters";
    }
    if (path.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      return "must not hold control characters";
    }
    if (path.contains("\\")) {
      return "must use forward slashes";
    }
    if (path.startsWith("/") || path.matches("^[A-Za-z]:.*")) {
      return "must be relative to the workspace";
    }
    String[] parts = path.split("/", -1);
    if (parts.length > MAX_DEPTH) {
      return "must be at most " + MAX_DEPTH + " folders deep";
    }
    for (String part : parts) {
      if (part.isEmpty() || part.equals(".") || part.equals("..")) {
        return "must be a normalized relative path without empty, . or .. segments";
      }
    }
    return null;
  }
}
