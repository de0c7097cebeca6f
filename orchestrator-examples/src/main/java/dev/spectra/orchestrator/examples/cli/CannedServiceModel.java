package dev.spectra.orchestrator.examples.cli;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.spectra.orchestrator.test.Reply;
import dev.spectra.orchestrator.test.ScriptedChatModel;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scripted model that always designs and writes the same small, correct FastAPI service (GET /health and
 * GET /hello/{name}, with tests), whatever the request: the offline base model under {@code chaos:<profile>}
 * comparisons, so that only the injected faults differ between profiles. It answers the library's prompts by their
 * kind: a plan (typed JSON, bare), a file (code in one fence), a fix ({@code UNCHANGED}), a deployment spec and a
 * diagnosis (JSON). Token usage is estimated from the text lengths (4 characters a token).
 */
final class CannedServiceModel {
  /** The model name the scripted model reports. */
  public static final String MODEL_NAME = "canned-hello-service";

  private static final Pattern FILE = Pattern.compile("Write the file (\\S+)");
  private static final Pattern FIX = Pattern.compile("The file to fix, (\\S+?):");

  static final String PLAN = """
      {"name": "hello-service",
       "summary": "A small FastAPI service that greets people by name and reports its health.",
       "stack": "python-fastapi",
       "entrypoint": "app.main:app",
       "files": [
         {"path": "app/__init__.py", "purpose": "Package marker.", "kind": "SOURCE", "priority": "LOW", "dependsOn": []},
         {"path": "app/main.py", "purpose": "The FastAPI application with GET /health and GET /hello/{name}.",
          "kind": "SOURCE", "priority": "CRITICAL", "dependsOn": []},
         {"path": "tests/test_main.py", "purpose": "Tests of every endpoint with FastAPI's TestClient.",
          "kind": "TEST", "priority": "NORMAL", "dependsOn": ["app/main.py"]},
         {"path": "requirements.txt", "purpose": "The pinned dependencies.", "kind": "CONFIG", "priority": "NORMAL",
          "dependsOn": []}
       ],
       "endpoints": [
         {"method": "GET", "path": "/health", "summary": "Reports that the service is up."},
         {"method": "GET", "path": "/hello/{name}", "summary": "Greets a person by name."}
       ],
       "dependencies": ["fastapi", "uvicorn", "pydantic"]}
      """;

  static final String MAIN = """
      \"\"\"A small FastAPI service that greets people by name and reports its health.\"\"\"
      import logging

      from fastapi import FastAPI, HTTPException
      from pydantic import BaseModel

      logger = logging.getLogger(__name__)

      app = FastAPI(title="hello-service")


      class Health(BaseModel):
          \"\"\"The service's health.\"\"\"

          status: str


      class Greeting(BaseModel):
          \"\"\"A greeting for one person.\"\"\"

          message: str


      @app.get("/health", response_model=Health)
      def health() -> Health:
          \"\"\"Report that the service is up.\"\"\"
          return Health(status="ok")


      @app.get("/hello/{name}", response_model=Greeting)
      def hello(name: str) -> Greeting:
          \"\"\"Greet a person by name.\"\"\"
          if not name.strip():
              raise HTTPException(status_code=400, detail="name must not be blank")
          logger.info("greeting %s", name)
          return Greeting(message=f"Hello, {name}!")
      """;

  static final String TESTS = """
      \"\"\"Tests of every endpoint of the hello service.\"\"\"
      from fastapi.testclient import TestClient

      from app.main import app

      client = TestClient(app)


      def test_health() -> None:
          \"\"\"GET /health answers ok.\"\"\"
          response = client.get("/health")
          assert response.status_code == 200
          assert response.json() == {"status": "ok"}


      def test_hello() -> None:
          \"\"\"GET /hello/{name} greets by name.\"\"\"
          response = client.get("/hello/Ada")
          assert response.status_code == 200
          assert response.json() == {"message": "Hello, Ada!"}
      """;

  static final String DEPLOY = "{\"entrypoint\": \"app.main:app\", \"healthPath\": \"/health\", \"environment\": [],"
      + " \"readinessSeconds\": 20}";

  static final String DIAGNOSIS = "{\"cause\": \"The service did not answer its health checks.\", \"evidence\": [],"
      + " \"suggestedFix\": \"Check the service's logs.\", \"files\": []}";

  private CannedServiceModel() {}

  /** A new scripted model answering every request as described above. */
  public static ScriptedChatModel create() {
    return ScriptedChatModel.create().modelName(MODEL_NAME).otherwise(Reply.computed(CannedServiceModel::reply));
  }

  /** The reply to a LangChain4j request. */
  public static String reply(ChatRequest request) {
    List<String> system = new ArrayList<>();
    List<String> user = new ArrayList<>();
    for (ChatMessage m : request.messages()) {
      if (m instanceof SystemMessage s) {
        system.add(s.text());
      } else if (m instanceof UserMessage u) {
        StringBuilder text = new StringBuilder();
        u.contents().forEach(c -> {
          if (c instanceof TextContent t) {
            text.append(t.text());
          }
        });
        user.add(text.toString());
      }
    }
    return replyTo(system, user);
  }

  /**
   * The reply to a conversation, judged by its first user message (re-prompts append to the conversation, so they get
   * the same answer again).
   *
   * @throws IllegalArgumentException when the conversation is none of the library's prompts
   */
  public static String replyTo(List<String> systemMessages, List<String> userMessages) {
    String first = userMessages.isEmpty() ? "" : userMessages.get(0);
    String system = String.join("\n", systemMessages);
    if (first.contains("<request>")) {
      return PLAN;
    }
    Matcher file = FILE.matcher(first);
    if (file.find()) {
      String path = file.group(1);
      return switch (path) {
        case "app/main.py" -> "```python\n" + MAIN + "```\n";
        case "tests/test_main.py" -> "```python\n" + TESTS + "```\n";
        default -> "```python\n\"\"\"" + path + ".\"\"\"\n```\n";
      };
    }
    if (FIX.matcher(first).find()) {
      return "UNCHANGED";
    }
    if (system.contains("how to run")) {
      return DEPLOY;
    }
    if (system.contains("diagnose")) {
      return DIAGNOSIS;
    }
    throw new IllegalArgumentException("the canned service model has no answer for a request starting \""
        + dev.spectra.orchestrator.internal.Checks.excerpt(first, 200) + "\"");
  }
}
