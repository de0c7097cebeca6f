package dev.spectra.orchestrator.llm;

import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.RunContext;
import dev.spectra.orchestrator.RunEvent;
import dev.spectra.orchestrator.cost.Budget;
import dev.spectra.orchestrator.cost.BudgetAccount;
import dev.spectra.orchestrator.cost.PriceTable;
import dev.spectra.orchestrator.internal.Json;
import dev.spectra.orchestrator.workspace.Workspace;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Shared test data: a valid plan as JSON, run contexts that keep their events, a recording sleeper. */
final class Fixtures {
  private Fixtures() {}

  static final String PLAN_JSON = """
      {"name":"hello-service","summary":"Says hello.","stack":"python-fastapi","entrypoint":"app.main:app",
       "files":[
         {"path":"app/__init__.py","purpose":"Package marker.","kind":"SOURCE","priority":"LOW","dependsOn":[]},
         {"path":"app/main.py","purpose":"The FastAPI app with GET /health and GET /hello.","kind":"SOURCE","priority":"CRITICAL","dependsOn":[]},
         {"path":"tests/test_main.py","purpose":"Tests both endpoints.","kind":"TEST","priority":"NORMAL","dependsOn":["app/main.py"]}
       ],
       "endpoints":[{"method":"GET","path":"/health","summary":"Liveness."},{"method":"GET","path":"/hello","summary":"Greets."}],
       "dependencies":["fastapi","uvicorn"]}""";

  static ArchitecturePlan plan() {
    try {
      return Json.MAPPER.readValue(PLAN_JSON, ArchitecturePlan.class);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The plan JSON without one top-level field. */
  static String planWithout(String field) {
    try {
      var node = (com.fasterxml.jackson.databind.node.ObjectNode) Json.MAPPER.readTree(PLAN_JSON);
      node.remove(field);
      return node.toString();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A run context over a workspace that records its events. */
  static final class Run {
    final List<RunEvent> events = Collections.synchronizedList(new ArrayList<>());
    final RunContext context;

    Run(Path workspace) {
      this(workspace, Budget.unlimited());
    }

    Run(Path workspace, Budget budget) {
      context = RunContext.builder().workspace(Workspace.at(workspace))
          .budget(new BudgetAccount(budget, PriceTable.defaults(), Clock.systemUTC()))
          .listener(events::add).build();
    }

    <T extends RunEvent> List<T> events(Class<T> type) {
      synchronized (events) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
      }
    }
  }

  /** A sleeper that records the waits and returns at once. */
  static final class RecordingSleeper implements Sleeper {
    final List<Duration> waits = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void sleep(Duration duration) {
      waits.add(duration);
    }
  }
}
