package dev.spectra.orchestrator.llm;

import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.Endpoint;
import dev.spectra.orchestrator.FileKind;
import dev.spectra.orchestrator.FileSpec;
import dev.spectra.orchestrator.Priority;
import dev.spectra.orchestrator.internal.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Synthetic plans and deterministic model answers for the benchmark programs: {@code app/main.py} plus modules
 * {@code app/mod_NN.py}, each module depending on up to three earlier ones, every module of the same size.
 */
final class BenchPlans {
  private static final Pattern WRITE = Pattern.compile("Write the file (\\S+) \\(");

  private BenchPlans() {}

  /** A plan of {@code files} files: app/main.py and {@code files - 1} modules; module i depends on i-1, i-2, i-3. */
  static ArchitecturePlan chain(int files) {
    List<FileSpec> specs = new ArrayList<>();
    List<Endpoint> endpoints = new ArrayList<>();
    endpoints.add(new Endpoint("GET", "/health", "Liveness."));
    int modules = files - 1;
    for (int i = 0; i < modules; i++) {
      List<String> deps = new ArrayList<>();
      for (int d = 1; d <= 3 && i - d >= 0; d++) {
        deps.add(module(i - d));
      }
      specs.add(new FileSpec(module(i), "Records of kind " + i + ": a dataclass and create, find and list functions over an in-memory store.",
          FileKind.SOURCE, Priority.NORMAL, deps));
      endpoints.add(new Endpoint("GET", "/records" + i, "Lists records of kind " + i + "."));
    }
    List<String> mainDeps = new ArrayList<>();
    for (int d = 1; d <= 3 && modules - d >= 0; d++) {
      mainDeps.add(module(modules - d));
    }
    specs.add(new FileSpec("app/main.py", "The FastAPI app with GET /health and the list endpoints of the record modules.",
        FileKind.SOURCE, Priority.CRITICAL, mainDeps));
    return new ArchitecturePlan("records-service", "Keeps records of " + modules + " kinds in memory and lists them.",
        "python-fastapi", "app.main:app", specs, endpoints, List.of("fastapi", "uvicorn"));
  }

  /** Levels of the given widths: every file of level k depends on one file of level k-1; app/main.py is in level 0. */
  static ArchitecturePlan levels(int... widths) {
    List<FileSpec> specs = new ArrayList<>();
    List<String> previous = List.of();
    int n = 0;
    for (int level = 0; level < widths.length; level++) {
      List<String> current = new ArrayList<>();
      for (int i = 0; i < widths[level]; i++) {
        String path = level == 0 && i == 0 ? "app/main.py" : module(n);
        n += path.equals("app/main.py") ? 0 : 1;
        List<String> deps = previous.isEmpty() ? List.of() : List.of(previous.get(i % previous.size()));
        specs.add(new FileSpec(path, "Part " + level + "." + i + " of the service.", FileKind.SOURCE, Priority.NORMAL, deps));
        current.add(path);
      }
      previous = current;
    }
    return new ArchitecturePlan("levels-service", "A service in " + widths.length + " levels.", "python-fastapi",
        "app.main:app", specs, List.of(new Endpoint("GET", "/health", "Liveness.")), List.of("fastapi", "uvicorn"));
  }

  static String module(int i) {
    return String.format(Locale.ROOT, "app/mod_%02d.py", i);
  }

  static String json(ArchitecturePlan plan) {
    try {
      return Json.MAPPER.writeValueAsString(plan);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The path a file prompt asks for, or null for a plan prompt. */
  static String requestedPath(String userText) {
    Matcher m = WRITE.matcher(userText);
    return m.find() ? m.group(1) : null;
  }

  /** The deterministic content of a file: a module of fixed size, or the app. */
  static String code(String path) {
    if (path.equals("app/main.py")) {
      return "\"\"\"The records service.\"\"\"\nimport logging\n\nfrom fastapi import FastAPI\n\nlogger = logging.getLogger(__name__)\n"
          + "app = FastAPI()\n\n\n@app.get(\"/health\")\ndef health() -> dict[str, str]:\n    \"\"\"Liveness.\"\"\"\n    return {\"status\": \"ok\"}\n";
    }
    String k = path.replaceAll("\\D", "");
    String type = "Record" + k;
    return "\"\"\"Records of kind " + k + ".\"\"\"\n"
        + "import logging\nfrom dataclasses import dataclass, field\nfrom typing import Optional\n\n"
        + "logger = logging.getLogger(__name__)\n\n\n"
        + "@dataclass\nclass " + type + ":\n    \"\"\"A record of kind " + k + ".\"\"\"\n\n    id: int\n    name: str\n"
        + "    tags: list[str] = field(default_factory=list)\n\n\n"
        + "_STORE: dict[int, " + type + "] = {}\n\n\n"
        + "def create_" + k + "(name: str, tags: Optional[list[str]] = None) -> " + type + ":\n"
        + "    \"\"\"Creates and stores a record of kind " + k + ".\"\"\"\n"
        + "    record = " + type + "(id=len(_STORE) + 1, name=name, tags=list(tags or []))\n"
        + "    _STORE[record.id] = record\n    logger.info(\"created %s\", record.id)\n    return record\n\n\n"
        + "def find_" + k + "(record_id: int) -> Optional[" + type + "]:\n"
        + "    \"\"\"The record with this id, or None.\"\"\"\n    return _STORE.get(record_id)\n\n\n"
        + "def list_" + k + "(tag: Optional[str] = None) -> list[" + type + "]:\n"
        + "    \"\"\"All records, or those with this tag.\"\"\"\n"
        + "    return [r for r in _STORE.values() if tag is None or tag in r.tags]\n";
  }

  /** A model's fault-free answer to a request: the plan JSON, or the fenced code of the asked file. */
  static String answer(String userText, String planJson) {
    String path = requestedPath(userText);
    return path == null ? planJson : "```python\n" + code(path) + "```";
  }
}
