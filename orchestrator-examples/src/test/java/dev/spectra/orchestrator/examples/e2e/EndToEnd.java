package dev.spectra.orchestrator.examples.e2e;

import static dev.spectra.orchestrator.test.RequestMatcher.systemMessageContains;
import static dev.spectra.orchestrator.test.RequestMatcher.userMessageContains;
import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.spectra.orchestrator.Orchestrator;
import dev.spectra.orchestrator.RunEvent;
import dev.spectra.orchestrator.llm.ModelRouter;
import dev.spectra.orchestrator.llm.ModelSpec;
import dev.spectra.orchestrator.llm.SpectraLlm;
import dev.spectra.orchestrator.stack.TargetStack;
import dev.spectra.orchestrator.stack.python.PythonFastApiStack;
import dev.spectra.orchestrator.stack.python.PythonSupport;
import dev.spectra.orchestrator.stack.python.PythonToolchain;
import dev.spectra.orchestrator.test.RequestMatcher;
import dev.spectra.orchestrator.test.ScriptedChatModel;
import dev.spectra.orchestrator.verify.HttpMonitor;
import dev.spectra.orchestrator.verify.ProcessDeployer;
import dev.spectra.orchestrator.verify.StackTestActivity;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The whole library wired as the command line wires it ({@code cli.Wiring}): Plan, Build, the fix loop, the
 * deployment spec and the diagnosis on orchestrator-llm's AI services over a {@link ScriptedChatModel} routed as
 * {@code openai:gpt-4o-mini}; Test with real pytest and the quality gate, Deploy with real uvicorn on loopback,
 * Monitor with real HTTP probes, on the discovered Python (tests skip without it, or fail under
 * {@code SPECTRA_REQUIRE_PYTHON=true}). Requests are matched on the text of the library's prompts.
 */
final class EndToEnd {
  /** The model the router names; the scripted model answers in its place. */
  static final ModelSpec GPT_4O_MINI = ModelSpec.parse("openai:gpt-4o-mini");

  /** The model name the scripted responses report, dated as OpenAI reports it. */
  static final String SERVED_MODEL = "gpt-4o-mini-2024-07-18";

  static final String REQUEST = "A hello world FastAPI service: GET / answers {\"message\": \"Hello, World!\"}, GET /health "
      + "answers {\"status\": \"ok\"}";

  /** The plan request (prompts/plan-user.txt). */
  static final RequestMatcher PLAN = userMessageContains("Plan the service described in this request:");

  /** The deploy request (prompts/deploy-system.txt). */
  static final RequestMatcher DEPLOY = systemMessageContains("You decide how to run a generated");

  /** The diagnose request (prompts/diagnose-user.txt). */
  static final RequestMatcher DIAGNOSE = userMessageContains("What the monitor saw:");

  static final String MAIN = "app/main.py";
  static final String TESTS = "tests/test_main.py";

  private EndToEnd() {}

  /** The request for one file (prompts/file-user.txt). */
  static RequestMatcher file(String path) {
    return userMessageContains("Write the file " + path + " (");
  }

  /** The fix request for one file (prompts/fix-user.txt). */
  static RequestMatcher fix(String path) {
    return userMessageContains("The file to fix, " + path + ":");
  }

  /** A scripted model with no rules, reporting {@link #SERVED_MODEL}. */
  static ScriptedChatModel scriptedModel() {
    return ScriptedChatModel.create().modelName(SERVED_MODEL);
  }

  /**
   * An orchestrator builder over {@code model}, wired like {@code cli.Wiring#orchestrator} with deployment; the
   * interpreter comes from {@link PythonSupport} (the calling test is skipped without one).
   */
  static Orchestrator.Builder orchestrator(ScriptedChatModel model, Path workspace, HttpMonitor.Builder monitor,
      List<RunEvent> events) {
    PythonToolchain python = PythonSupport.python();
    SpectraLlm llm = SpectraLlm.builder(ModelRouter.of(GPT_4O_MINI, model)).build();
    TargetStack stack = PythonFastApiStack.builder().pythonVersion(python.pythonVersion()).pins(python.pins()).python(python).build();
    StackTestActivity test = StackTestActivity.builder(stack).fixer(llm.fileFixer()).build();
    ProcessDeployer deployer = ProcessDeployer.builder(stack).planner(llm.deploymentPlanner(stack)).build();
    return llm.orchestrator(stack, workspace)
        .testActivity(test)
        .deployActivity(deployer)
        .monitorActivity(monitor.diagnoser(llm.diagnoser()).build())
        .listener(events::add);
  }

  /** A test resource of this package, e.g. {@code main.py}. */
  static String resource(String name) {
    try (InputStream in = EndToEnd.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("test resource " + name + " is missing next to " + EndToEnd.class.getName());
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A code reply as models give it: the file in one fenced block. */
  static String fenced(String code) {
    return "```python\n" + code + "```";
  }

  /** The module with its greeting's comma dropped ("Hello World!"), the bug the generated test catches. */
  static String withoutComma(String module) {
    String buggy = module.replace("Hello, ", "Hello ");
    if (buggy.equals(module)) {
      throw new IllegalArgumentException("the module has no \"Hello, \" to break");
    }
    return buggy;
  }

  /** The last user message of every request {@code matcher} accepts, in order. */
  static List<String> userMessages(ScriptedChatModel model, RequestMatcher matcher) {
    List<String> out = new ArrayList<>();
    for (ChatRequest r : model.requests()) {
      if (matcher.test(r)) {
        String text = null;
        for (ChatMessage m : r.messages()) {
          if (m instanceof UserMessage u) {
            text = u.singleText();
          }
        }
        out.add(text);
      }
    }
    return out;
  }

  /** The system message of every request {@code matcher} accepts, in order ({@code null} for a request without one). */
  static List<String> systemMessages(ScriptedChatModel model, RequestMatcher matcher) {
    List<String> out = new ArrayList<>();
    for (ChatRequest r : model.requests()) {
      if (matcher.test(r)) {
        out.add(r.messages().stream().filter(SystemMessage.class::isInstance).map(m -> ((SystemMessage) m).text())
            .findFirst().orElse(null));
      }
    }
    return out;
  }

  /** The events of one type, in order. */
  static <T extends RunEvent> List<T> events(List<RunEvent> events, Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /**
   * Asserts that the run left no process: this JVM has no descendant, and no process on the machine has the
   * workspace in its command line (pytest's {@code --rootdir}) or as its working directory (uvicorn).
   */
  static void assertNoProcessLeft(Path workspace) throws IOException {
    assertThat(ProcessHandle.current().descendants().map(p -> p.pid() + " " + p.info().commandLine().orElse("?")))
        .as("processes descending from the test JVM").isEmpty();
    String root = workspace.toRealPath().toString();
    List<String> left = new ArrayList<>();
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
      for (Path proc : procs) {
        String cmdline;
        try {
          cmdline = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ').strip();
        } catch (IOException e) {
          continue; // ended while we looked
        }
        String cwd;
        try {
          cwd = Files.readSymbolicLink(proc.resolve("cwd")).toString();
        } catch (IOException | UnsupportedOperationException e) {
          cwd = "";
        }
        if (cmdline.contains(root) || cwd.equals(root) || cwd.startsWith(root + "/")) {
          left.add(proc.getFileName() + ": " + cmdline + " (in " + cwd + ")");
        }
      }
    }
    assertThat(left).as("processes running in or on the workspace " + root).isEmpty();
  }
}
