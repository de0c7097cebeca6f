package dev.spectra.orchestrator.llm.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.Endpoint;
import dev.spectra.orchestrator.FileKind;
import dev.spectra.orchestrator.FileSpec;
import dev.spectra.orchestrator.Priority;
import dev.spectra.orchestrator.RunContext;
import dev.spectra.orchestrator.internal.Json;
import dev.spectra.orchestrator.verify.DeploymentSpec;
import dev.spectra.orchestrator.verify.ExportDeployer;
import dev.spectra.orchestrator.verify.InvalidDeploymentSpecException;
import dev.spectra.orchestrator.workspace.Workspace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DeployRulesTest {
  static final dev.spectra.orchestrator.stack.TargetStack STACK = new dev.spectra.orchestrator.stack.python.PythonFastApiStack();

  private static final ArchitecturePlan PLAN = new ArchitecturePlan("hello-service", "Says hello.", "python-fastapi",
      "app.main:app",
      List.of(new FileSpec("app/__init__.py", "package", FileKind.SOURCE, Priority.LOW, List.of()),
          new FileSpec("app/main.py", "the app", FileKind.SOURCE, Priority.CRITICAL, List.of()),
          new FileSpec("tests/test_main.py", "tests", FileKind.TEST, Priority.NORMAL, List.of("app/main.py"))),
      List.of(new Endpoint("GET", "/health", "liveness")), List.of("fastapi"));

  @TempDir Path dir;
  RunContext context;

  @BeforeEach
  void writeThePlannedFiles() throws Exception {
    Workspace ws = Workspace.at(dir);
    for (FileSpec f : PLAN.files()) {
      ws.write(f.path(), "app = None\n");
    }
    context = RunContext.builder().workspace(ws).build();
  }

  /** What the reply check says of {@code json}: its errors, after the shape check the ladder runs first. */
  private static List<String> replyErrors(String json) throws Exception {
    RecordShapes.Validation v = RecordShapes.validate(Json.MAPPER.readTree(json), DeploymentSpec.class);
    assertThat(v.errors()).isEmpty();
    List<String> errors = new ArrayList<>();
    new DeployRules(PLAN, STACK).check((ObjectNode) v.normalized(), errors, new ArrayList<>());
    return errors;
  }

  /** What the deployer says of {@code spec}: its problems at their JSON paths, or none when it exported the spec. */
  private List<String> deployerErrors(DeploymentSpec spec) {
    ExportDeployer deployer = ExportDeployer.builder(STACK).planner((plan, c) -> spec).build();
    InvalidDeploymentSpecException e = catchThrowableOfType(InvalidDeploymentSpecException.class,
        () -> deployer.deploy(PLAN, context));
    if (e == null) {
      assertThat(dir.resolve(ExportDeployer.DEFAULT_FILE)).exists();
      return List.of();
    }
    return e.problems().stream().map(p -> "$." + p).toList();
  }

  static Stream<DeploymentSpec> specs() {
    return Stream.of(
        new DeploymentSpec("app.missing:app", "/health?x=1", List.of("PATH", "LD_PRELOAD", "api key", "DB_URL", "DB_URL"), 500),
        new DeploymentSpec("main", "//", List.of("PYTHONPATH", "TMP"), 0),
        new DeploymentSpec("app.main:app", "health", IntStream.range(0, 33).mapToObj(i -> "V" + i).toList(), 121),
        new DeploymentSpec("app:app", "/a/../b", List.of("2FA"), 30),
        new DeploymentSpec("app.main:app", "/health", List.of("DB_URL"), 30));
  }

  @ParameterizedTest
  @MethodSource("specs")
  void theReplyCheckAndTheDeployerRejectTheSameSpecForTheSameReasons(DeploymentSpec spec) throws Exception {
    List<String> reply = replyErrors(Json.MAPPER.writeValueAsString(spec));

    assertThat(reply).isEqualTo(deployerErrors(spec));
    assertThat(reply).hasSize(spec.problems(PLAN, STACK).size());
  }

  @Test
  void theReplyCheckNamesEachProblemAtItsJsonPath() throws Exception {
    String json = """
        {"entrypoint":"app.missing:app","healthPath":"/health?x=1","environment":["PATH","LD_PRELOAD","api key","DB_URL","DB_URL"],
         "readinessSeconds":500}""";

    assertThat(replyErrors(json)).containsExactly(
        "$.entrypoint: module of \"app.missing:app\" is not a planned file (no app/missing.py or app/missing/__init__.py);"
            + " the plan's entrypoint is app.main:app",
        "$.healthPath: must be a plain path such as /health (letters, digits, . _ ~ - and /, no parameters or query),"
            + " but was \"/health?x=1\"",
        "$.readinessSeconds: must be within 1..120, but was 500",
        "$.environment[0]: PATH is set by the sandbox; name only variables the service itself reads",
        "$.environment[1]: LD_PRELOAD is set by the sandbox; name only variables the service itself reads",
        "$.environment[2]: must be an upper-case variable name (A-Z, 0-9 and _, not starting with a digit, at most 64"
            + " characters), but was \"api key\"",
        "$.environment[4]: DB_URL is named twice");
  }

  @Test
  void valuesTheRecordCannotHoldAreReportedFromTheRawTreeAndTheRestByCore() throws Exception {
    String json = """
        {"entrypoint":" ","healthPath":"/health?x=1","environment":["PATH"],"readinessSeconds":10000000000}""";

    assertThat(replyErrors(json)).containsExactly(
        "$.entrypoint: must not be blank; the plan's entrypoint is app.main:app",
        "$.readinessSeconds: must be within 1..120, but was 10000000000",
        "$.healthPath: must be a plain path such as /health (letters, digits, . _ ~ - and /, no parameters or query),"
            + " but was \"/health?x=1\"",
        "$.environment[0]: PATH is set by the sandbox; name only variables the service itself reads");
    assertThat(replyErrors("""
        {"entrypoint":"app.main:app","healthPath":"","environment":[],"readinessSeconds":30}""")).containsExactly(
        "$.healthPath: must not be blank; give a GET path such as /health");
  }

  @Test
  void aSpecCoreAcceptsPassesTheReplyCheck() throws Exception {
    assertThat(replyErrors("""
        {"entrypoint":"app.main:app","healthPath":"/health","environment":["DB_URL"],"readinessSeconds":"30"}""")).isEmpty();
  }
}
