package dev.spectra.orchestrator.stack.python;

import dev.spectra.orchestrator.verify.InvalidDeploymentSpecException;
import dev.spectra.orchestrator.verify.DeploymentSpec;
import dev.spectra.orchestrator.verify.ExportDeployer;
import dev.spectra.orchestrator.verify.Services;
import dev.spectra.orchestrator.sandbox.Sandbox;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.Priority;
import dev.spectra.orchestrator.RunEvent;
import dev.spectra.orchestrator.verify.DeploymentSpec.Problem;
import dev.spectra.orchestrator.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeploymentSpecTest {
  static final PythonFastApiStack STACK = new PythonFastApiStack();

  private static final ArchitecturePlan PLAN = Services.helloPlan();

  @TempDir Path dir;

  private static DeploymentSpec spec(String entrypoint, String healthPath, List<String> environment, int readiness) {
    return new DeploymentSpec(entrypoint, healthPath, environment, readiness);
  }

  private static List<String> problems(DeploymentSpec spec) {
    return spec.problems(PLAN, STACK).stream().map(Problem::toString).toList();
  }

  @Test
  void theSpecDerivedFromThePlanHasNoProblems() {
    assertThat(DeploymentSpec.fromPlan(PLAN).problems(PLAN, STACK)).isEmpty();
    assertThat(spec("app:app", "/", List.of("DB_URL", "LOG_LEVEL"), 1).problems(PLAN, STACK)).isEmpty();
    assertThat(spec("app.main:app", "/api/v1/health", List.of(), DeploymentSpec.MAX_READINESS_SECONDS).problems(PLAN, STACK)).isEmpty();
  }

  @Test
  void eachBrokenRuleIsOneProblemInFieldOrderWithItsFieldAndTheValue() {
    List<Problem> problems = spec("app.main", "health", List.of("PATH", "X", "X"), 0).problems(PLAN, STACK);

    assertThat(problems).extracting(Problem::field)
        .containsExactly("entrypoint", "healthPath", "readinessSeconds", "environment[0]", "environment[2]");
    assertThat(problems).extracting(Problem::message).containsExactly(
        "must look like module.path:attribute (e.g. app.main:app), but was \"app.main\"; the plan's entrypoint is app.main:app",
        "must be a plain path such as /health (letters, digits, . _ ~ - and /, no parameters or query), but was \"health\"",
        "must be within 1..120, but was 0",
        "PATH is set by the sandbox; name only variables the service itself reads",
        "X is named twice");
    assertThat(problems.get(2)).hasToString("readinessSeconds: must be within 1..120, but was 0");
  }

  @Test
  void theEntrypointsModuleMustBeAPlannedFile() {
    assertThat(problems(spec("app.models:app", "/health", List.of(), 30))).containsExactly(
        "entrypoint: module of \"app.models:app\" is not a planned file (no app/models.py or app/models/__init__.py);"
            + " the plan's entrypoint is app.main:app");
    assertThat(problems(spec("tests.test_main:app", "/health", List.of(), 30))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"health", "/health?x=1", "/items/{id}", "//health", "/a//b", "/a/../b", "/..", "/./x", "/x/.",
      "/h\u00e9alth", "/a b"})
  void aHealthPathThatIsNotPlainIsAProblem(String path) {
    assertThat(spec("app.main:app", path, List.of(), 30).problems(PLAN, STACK)).singleElement()
        .satisfies(p -> assertThat(p.field()).isEqualTo("healthPath"))
        .satisfies(p -> assertThat(p.message()).endsWith("but was \"" + path + "\""));
  }

  @Test
  void aHealthPathOfAtMost200CharactersPasses() {
    assertThat(spec("app.main:app", "/" + "a".repeat(199), List.of(), 30).problems(PLAN, STACK)).isEmpty();
    assertThat(spec("app.main:app", "/" + "a".repeat(200), List.of(), 30).problems(PLAN, STACK))
        .extracting(Problem::field).containsExactly("healthPath");
    assertThat(spec("app.main:app", "/a..b/...", List.of(), 30).problems(PLAN, STACK)).isEmpty();
  }

  @Test
  void readinessMustBeWithinOneAndTheMaximum() {
    assertThat(problems(spec("app.main:app", "/health", List.of(), 121)))
        .containsExactly("readinessSeconds: must be within 1..120, but was 121");
    assertThat(problems(spec("app.main:app", "/health", List.of(), -5)))
        .containsExactly("readinessSeconds: must be within 1..120, but was -5");
  }

  @Test
  void everyVariableTheSandboxControlsIsRefused() {
    List<String> names = new ArrayList<>(Sandbox.RESERVED);
    names.addAll(List.of("PYTHONBREAKPOINT", "LD_BIND_NOW"));

    List<Problem> problems = spec("app.main:app", "/health", names, 30).problems(PLAN, STACK);

    assertThat(problems).hasSize(names.size());
    for (int i = 0; i < names.size(); i++) {
      assertThat(problems.get(i)).isEqualTo(new Problem("environment[" + i + "]",
          names.get(i) + " is set by the sandbox; name only variables the service itself reads"));
    }
  }

  @Test
  void variableNamesAreUpperCaseIdentifiersOfAtMost64Characters() {
    List<String> names = List.of("log_level", "2FA_KEY", "A-B", "A".repeat(65), "A".repeat(64), "_X9");

    assertThat(spec("app.main:app", "/health", names, 30).problems(PLAN, STACK)).extracting(Problem::field)
        .containsExactly("environment[0]", "environment[1]", "environment[2]", "environment[3]");
    assertThat(problems(spec("app.main:app", "/health", List.of("log_level"), 30))).containsExactly(
        "environment[0]: must be an upper-case variable name (A-Z, 0-9 and _, not starting with a digit, at most 64"
            + " characters), but was \"log_level\"");
  }

  @Test
  void atMost32VariablesMayBeNamed() {
    List<String> names = IntStream.range(0, 33).mapToObj(i -> "VAR_" + i).toList();

    assertThat(problems(spec("app.main:app", "/health", names, 30)))
        .containsExactly("environment: may name at most 32 variables, but named 33");
    assertThat(spec("app.main:app", "/health", names.subList(0, 32), 30).problems(PLAN, STACK)).isEmpty();
  }

  @Test
  void aProblemNeedsAFieldAndAMessage() {
    assertThatThrownBy(() -> new Problem(" ", "x")).hasMessage("field must not be blank, but was \" \"");
    assertThatThrownBy(() -> new Problem("entrypoint", null)).hasMessage("message == null");
    assertThatThrownBy(() -> spec("app.main:app", "/health", List.of(), 30).problems(null, STACK)).hasMessage("plan == null");
  }

  @Test
  void theDeployerAlsoRefusesAPlannedModuleThatIsNotInTheWorkspace() throws Exception {
    Path root = dir.toRealPath();
    Workspace ws = Workspace.at(root);
    List<RunEvent> events = new ArrayList<>();
    Services.write(ws, Map.of("app/__init__.py", ""));
    ArchitecturePlan plan = Services.plan(List.of(Services.source("app/__init__.py", Priority.CRITICAL),
        Services.source("app/main.py", Priority.CRITICAL)), List.of());
    ExportDeployer deployer = ExportDeployer.builder(new PythonFastApiStack()).build();

    assertThatThrownBy(() -> deployer.deploy(plan, Services.context(root, events)))
        .isInstanceOfSatisfying(InvalidDeploymentSpecException.class, e -> assertThat(e.problems()).containsExactly(
            "entrypoint: \"app.main:app\" is planned but not in the workspace (no app/main.py or app/main/__init__.py);"
                + " build the plan before deploying it"))
        .hasMessageStartingWith("deployment spec refused: entrypoint: \"app.main:app\" is planned");
    assertThat(root.resolve(ExportDeployer.DEFAULT_FILE)).doesNotExist();

    ws.write("app/main.py", "app = None\n");
    deployer.deploy(plan, Services.context(root, events));
    assertThat(Files.readString(root.resolve(ExportDeployer.DEFAULT_FILE))).contains("\"entrypoint\" : \"app.main:app\"");
  }
}
