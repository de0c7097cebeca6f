package dev.spectra.orchestrator;

import dev.spectra.orchestrator.cost.ModelCall;
import dev.spectra.orchestrator.cost.PriceTable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Fake activities for pipeline tests: each records its call in a shared log (as do the events, through
 * {@link #listener()}), so a test can check the exact interleaving. An activity can be replaced by another lambda.
 */
final class FakePipeline {
  /** Calls and events in the order they happened. */
  final List<String> log = new CopyOnWriteArrayList<>();
  /** Every event, in order. */
  final List<RunEvent> events = new CopyOnWriteArrayList<>();
  final Map<Activity, RuntimeException> failures = new EnumMap<>(Activity.class);

  PlanActivity plan = (request, ctx) -> {
    call(Activity.PLAN);
    ctx.ledger().record(modelCall(Activity.PLAN, "", 1_000, 300));
    return plan();
  };
  BuildActivity build = (plan, ctx) -> {
    call(Activity.BUILD);
    List<GeneratedFile> files = new ArrayList<>();
    for (FileSpec f : plan.files()) {
      ctx.workspace().write(f.path(), "# " + f.path() + "\n");
      files.add(GeneratedFile.of(f.path(), "# " + f.path() + "\n", GeneratedFile.Origin.LLM, 1, Usage.of(10, 20)));
      ctx.ledger().record(modelCall(Activity.BUILD, f.path(), 10, 20));
    }
    return new BuildResult(files, Usage.of(10L * files.size(), 20L * files.size()));
  };
  TestActivity test = (plan, build, ctx) -> {
    call(Activity.TEST);
    return new TestReport(TestReport.Status.PASSED, List.of(new TestReport.TestCase("tests/test_main.py::test_health",
        TestReport.Outcome.PASSED, "")), null, List.of(), null, "/usr/bin/python3 (3.11.2)");
  };
  DeployActivity deploy = new DeployActivity() {
    @Override
    public Deployment deploy(ArchitecturePlan plan, RunContext ctx) {
      call(Activity.DEPLOY);
      return new Deployment(Deployment.Kind.LOCAL_PROCESS, "http://127.0.0.1:1", "4242", ".spectra/service.log");
    }

    @Override
    public void undeploy(Deployment deployment, RunContext ctx) {
      log.add("call:undeploy " + deployment.handle());
    }
  };
  MonitorActivity monitor = (plan, deployment, ctx) -> {
    call(Activity.MONITOR);
    return new HealthReport(HealthReport.Verdict.HEALTHY,
        List.of(new HealthReport.Probe("/health", 20, 0, "200x20")), 3.5, 9.25, 0, null);
  };

  /** Logs the call, then throws the failure set for this activity, if any. */
  void call(Activity activity) {
    log.add("call:" + activity);
    RuntimeException failure = failures.get(activity);
    if (failure != null) {
      throw failure;
    }
  }

  /** Records every event in {@link #events} and as a line in {@link #log}. */
  RunListener listener() {
    return event -> {
      events.add(event);
      log.add("event:" + describe(event));
    };
  }

  /** A builder with the five fake activities, this pipeline's listener and the given workspace. */
  Orchestrator.Builder builder(Path workspace) {
    return Orchestrator.builder()
        .workspace(workspace)
        .planActivity((r, c) -> plan.plan(r, c))
        .buildActivity((p, c) -> build.build(p, c))
        .testActivity((p, b, c) -> test.test(p, b, c))
        .deployActivity(new DeployActivity() {
          @Override
          public Deployment deploy(ArchitecturePlan p, RunContext c) {
            return deploy.deploy(p, c);
          }

          @Override
          public void undeploy(Deployment d, RunContext c) {
            deploy.undeploy(d, c);
          }
        })
        .monitorActivity((p, d, c) -> monitor.monitor(p, d, c))
        .listener(listener());
  }

  static String describe(RunEvent event) {
    if (event instanceof RunEvent.RunStarted e) {
      return "RunStarted " + e.activities();
    } else if (event instanceof RunEvent.ActivityStarted e) {
      return "ActivityStarted " + e.activity();
    } else if (event instanceof RunEvent.ActivityFinished e) {
      return "ActivityFinished " + e.activity() + " " + e.outcome();
    } else if (event instanceof RunEvent.RunFinished e) {
      return "RunFinished " + e.report().outcome();
    }
    return event.getClass().getSimpleName();
  }

  static ModelCall modelCall(Activity activity, String file, long input, long output) {
    Usage usage = Usage.of(input, output);
    return new ModelCall(activity, file, "openai:gpt-4o-mini", "gpt-4o-mini-2024-07-18", usage,
        PriceTable.defaults().cost("openai:gpt-4o-mini", usage));
  }

  /** A small python-fastapi plan. */
  static ArchitecturePlan plan() {
    return new ArchitecturePlan("hello-service", "Says hello.", "python-fastapi", "app.main:app",
        List.of(
            new FileSpec("requirements.txt", "pinned dependencies", FileKind.CONFIG, Priority.CRITICAL, List.of()),
            new FileSpec("app/__init__.py", "package", FileKind.SOURCE, Priority.CRITICAL, List.of()),
            new FileSpec("app/main.py", "the FastAPI app with GET /health", FileKind.SOURCE, Priority.CRITICAL,
                List.of("app/__init__.py")),
            new FileSpec("tests/test_main.py", "tests of /health with TestClient", FileKind.TEST, Priority.NORMAL,
                List.of("app/main.py"))),
        List.of(new Endpoint("GET", "/health", "liveness")),
        List.of("fastapi", "uvicorn"));
  }
}
