package dev.spectra.orchestrator.verify;

import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.Endpoint;
import dev.spectra.orchestrator.FileKind;
import dev.spectra.orchestrator.FileSpec;
import dev.spectra.orchestrator.Priority;
import dev.spectra.orchestrator.RunContext;
import dev.spectra.orchestrator.RunEvent;
import dev.spectra.orchestrator.workspace.Workspace;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Generated-service fixtures: a hello-world FastAPI app and its TestClient tests, in the seed's style. */
public final class Services {
  private Services() {}

  public static final String MAIN = """
      \"\"\"The hello service.\"\"\"
      import logging

      from fastapi import FastAPI, HTTPException
      from pydantic import BaseModel

      logger = logging.getLogger(__name__)

      app = FastAPI()


      class Greeting(BaseModel):
          \"\"\"A greeting.\"\"\"

          message: str


      class Health(BaseModel):
          \"\"\"The health payload.\"\"\"

          status: str


      @app.get("/", response_model=Greeting)
      def hello() -> Greeting:
          \"\"\"Greets the world.\"\"\"
          logger.info("hello requested")
          try:
              return Greeting(message="%s")
          except Exception as e:
              logger.error("greeting failed: %%s", e)
              raise HTTPException(status_code=500, detail="greeting failed")


      @app.get("/health", response_model=Health)
      def health() -> Health:
          \"\"\"Says the service is up.\"\"\"
          try:
              return Health(status="ok")
          except Exception as e:
              logger.error("health failed: %%s", e)
              raise HTTPException(status_code=500, detail="health failed")
      """;

  public static final String TESTS = """
      \"\"\"Tests of the hello service.\"\"\"
      from fastapi.testclient import TestClient

      from app.main import app

      client = TestClient(app)


      def test_hello():
          response = client.get("/")
          assert response.status_code == 200
          assert response.json() == {"message": "Hello, World!"}


      def test_health():
          response = client.get("/health")
          assert response.status_code == 200
          assert response.json() == {"status": "ok"}
      """;

  /** The hello app greeting with {@code message}. */
  public static String main(String message) {
    return String.format(MAIN, message);
  }

  public static FileSpec source(String path, Priority priority, String... dependsOn) {
    return new FileSpec(path, "code", FileKind.SOURCE, priority, List.of(dependsOn));
  }

  public static FileSpec test(String path, String... dependsOn) {
    return new FileSpec(path, "tests", FileKind.TEST, Priority.NORMAL, List.of(dependsOn));
  }

  public static ArchitecturePlan plan(List<FileSpec> files, List<String> dependencies) {
    return new ArchitecturePlan("hello-service", "Says hello", "python-fastapi", "app.main:app", files,
        List.of(new Endpoint("GET", "/", "greeting"), new Endpoint("GET", "/health", "health"),
            new Endpoint("GET", "/items/{id}", "an item")),
        dependencies);
  }

  /** The hello plan: app/__init__.py, app/main.py, tests/test_main.py. */
  public static ArchitecturePlan helloPlan() {
    return plan(List.of(source("app/__init__.py", Priority.CRITICAL), source("app/main.py", Priority.CRITICAL),
        test("tests/test_main.py", "app/main.py")), List.of("fastapi", "pydantic"));
  }

  /** Writes files into the workspace. */
  public static void write(Workspace ws, Map<String, String> files) {
    files.forEach(ws::write);
  }

  public static RunContext context(Path root, List<RunEvent> events) {
    return RunContext.builder().workspace(Workspace.at(root)).runId("run-test").listener(events::add).build();
  }
}
