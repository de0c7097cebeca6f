package dev.spectra.orchestrator.stack.python;

import dev.spectra.orchestrator.sandbox.SandboxInspection;
import dev.spectra.orchestrator.stack.ToolchainUnavailableException;
import dev.spectra.orchestrator.stack.UnavailableDependencyException;
import dev.spectra.orchestrator.verify.FileFix;
import dev.spectra.orchestrator.verify.FileFixer;
import dev.spectra.orchestrator.verify.FixRequest;
import dev.spectra.orchestrator.verify.Services;
import dev.spectra.orchestrator.verify.StackTestActivity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.Priority;
import dev.spectra.orchestrator.RunContext;
import dev.spectra.orchestrator.RunEvent;
import dev.spectra.orchestrator.TestReport.Outcome;
import dev.spectra.orchestrator.TestReport;
import dev.spectra.orchestrator.internal.engine.RunJournal;
import dev.spectra.orchestrator.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackTestActivityTest {
  @TempDir Path dir;
  Path root;
  Workspace ws;
  final List<RunEvent> events = new CopyOnWriteArrayList<>();
  final List<FixRequest> requests = new ArrayList<>();
  RunContext ctx;

  @BeforeEach
  void setUp() throws Exception {
    root = dir.toRealPath();
    ws = Workspace.at(root);
    ctx = Services.context(root, events);
  }

  private void writeHello(String message, String tests) {
    Services.write(ws, Map.of("app/__init__.py", "", "app/main.py", Services.main(message), "tests/test_main.py", tests));
  }

  private StackTestActivity.Builder activity() {
    return StackTestActivity.builder(PythonSupport.stack());
  }

  @Test
  void passingSuiteIsReportedWithEveryCollectedTestAndTheInterpreter() throws Exception {
    writeHello("Hello, World!", Services.TESTS);

    TestReport report = activity().build().test(Services.helloPlan(), null, ctx);

    assertThat(report.status()).isEqualTo(TestReport.Status.PASSED);
    assertThat(report.tests()).extracting(TestReport.TestCase::name)
        .containsExactly("tests/test_main.py::test_hello", "tests/test_main.py::test_health");
    assertThat(report.tests()).allSatisfy(t -> assertThat(t.outcome()).isEqualTo(Outcome.PASSED));
    assertThat(report.interpreter()).isEqualTo(PythonSupport.python().description());
    assertThat(report.quality().passed()).isTrue();
    assertThat(report.quality().grade()).isEqualTo("A");
    assertThat(report.fixRounds()).isEmpty();
    assertThat(RunJournal.runDirectory(ws, "run-test").resolve("test/reports-0/junit.xml")).isRegularFile();
    assertThat(notes()).anyMatch(n -> n.equals("python-fastapi toolchain: " + PythonSupport.python().description()));
  }

  @Test
  void failingTestIsRepairedByOneFixRound() throws Exception {
    writeHello("Hello, Wrld!", Services.TESTS);
    FileFixer fixer = (request, context) -> {
      requests.add(request);
      return List.of(new FileFix("app/main.py", Services.main("Hello, World!"), "typo in the greeting"));
    };

    TestReport report = activity().fixer(fixer).build().test(Services.helloPlan(), null, ctx);

    assertThat(report.status()).isEqualTo(TestReport.Status.PASSED);
    assertThat(report.count(Outcome.PASSED)).isEqualTo(2);
    assertThat(report.fixRounds()).singleElement().satisfies(r -> {
      assertThat(r.round()).isEqualTo(1);
      assertThat(r.failures()).containsExactly("tests/test_main.py::test_hello");
      assertThat(r.changedFiles()).containsExactly("app/main.py");
      assertThat(r.changedTests()).isEmpty();
      assertThat(r.refused()).isEmpty();
    });
    FixRequest request = requests.get(0);
    assertThat(request.files()).containsOnlyKeys("app/main.py");
    assertThat(request.context()).containsOnlyKeys("tests/test_main.py");
    assertThat(request.failures()).singleElement().asString()
        .startsWith("tests/test_main.py::test_hello FAILED: AssertionError").contains("Hello, Wrld!");
    assertThat(request.stackNotes()).contains("Tested with Python " + PythonSupport.python().pythonVersion())
        .contains("pydantic " + PythonSupport.python().pydanticMajor());
    assertThat(ws.read("app/main.py")).contains(Services.main("Hello, World!"));
    List<String> journal = Files.readAllLines(RunJournal.runDirectory(ws, "run-test").resolve("fix-rounds.jsonl"));
    assertThat(journal).singleElement().asString().contains("\"changedFiles\":[\"app/main.py\"]").contains("\"passedAfter\":2");
    assertThat(notes()).anyMatch(n -> n.startsWith("fix round 1: 1 failure(s); changed [app/main.py]"));
  }

  @Test
  void unfixableFailureStopsAtTheRoundLimitWithTheFailuresInTheReport() {
    writeHello("Hello, Wrld!", Services.TESTS);
    FileFixer fixer = (request, context) -> {
      requests.add(request);
      return List.of(new FileFix("app/main.py", Services.main("Hello, Wrld!") + "\n# attempt " + request.round() + "\n", "try"));
    };

    TestReport report = activity().fixer(fixer).maxRounds(2).build().test(Services.helloPlan(), null, ctx);

    assertThat(report.status()).isEqualTo(TestReport.Status.FAILED);
    assertThat(report.fixRounds()).extracting(TestReport.FixRound::round).containsExactly(1, 2);
    assertThat(requests).hasSize(2);
    assertThat(report.tests()).filteredOn(t -> t.outcome() == Outcome.FAILED).singleElement().satisfies(t -> {
      assertThat(t.name()).isEqualTo("tests/test_main.py::test_hello");
      assertThat(t.message()).contains("Hello, Wrld!");
    });
  }

  @Test
  void testFileChangesOnlyForAnErrorInsideItAndNeverLosesTestsOrAsserts() {
    String typo = Services.TESTS.replace("assert response.status_code == 200\n    assert response.json() == {\"status\"",
        "assert response.status_code == 200\n    assert lenn(response.json()) == 1\n    assert response.json() == {\"status\"");
    writeHello("Hello, World!", typo);
    String fixedTest = typo.replace("lenn(", "len(");
    String weakened = typo.replace("    assert lenn(response.json()) == 1\n", "");
    String deleted = typo.substring(0, typo.indexOf("def test_health"));
    List<List<FileFix>> script = List.of(
        List.of(new FileFix("tests/test_main.py", weakened, "drop the failing assert"), new FileFix("app/other.py", "x = 1", "unrelated")),
        List.of(new FileFix("tests/test_main.py", deleted, "delete the failing test")),
        List.of(new FileFix("tests/test_main.py", fixedTest, "fix the typo")));
    FileFixer fixer = (request, context) -> {
      requests.add(request);
      return script.get(request.round() - 1);
    };

    TestReport report = activity().fixer(fixer).maxRounds(3).build().test(Services.helloPlan(), null, ctx);

    assertThat(requests.get(0).files()).containsKeys("tests/test_main.py", "app/main.py");
    List<TestReport.FixRound> rounds = report.fixRounds();
    assertThat(rounds.get(0).changedFiles()).isEmpty();
    assertThat(rounds.get(0).refused()).containsExactly(
        "app/other.py: not among the files at fault [app/main.py, tests/test_main.py]",
        "tests/test_main.py: would lower its asserts from 5 to 4 (a fix may not weaken tests)");
    assertThat(rounds.get(1).refused()).containsExactly(
        "tests/test_main.py: would lower its test functions from 2 to 1 (a fix may not delete tests)");
    assertThat(rounds.get(2).changedTests()).containsExactly("tests/test_main.py");
    assertThat(rounds.get(2).refused()).isEmpty();
    assertThat(report.status()).isEqualTo(TestReport.Status.PASSED);
    assertThat(ws.read("tests/test_main.py")).contains(fixedTest);
  }

  @Test
  void failedAssertionNeverLetsTheFixerTouchTheTest() {
    writeHello("Hello, Wrld!", Services.TESTS);
    String weakened = Services.TESTS.replace("assert response.json() == {\"message\": \"Hello, World!\"}", "assert response.json()");
    FileFixer fixer = (request, context) -> List.of(new FileFix("tests/test_main.py", weakened, "expect what the code does"));

    TestReport report = activity().fixer(fixer).maxRounds(1).build().test(Services.helloPlan(), null, ctx);

    assertThat(report.status()).isEqualTo(TestReport.Status.FAILED);
    assertThat(report.fixRounds().get(0).refused())
        .containsExactly("tests/test_main.py: a test file may change only for an error inside it");
    assertThat(ws.read("tests/test_main.py")).contains(Services.TESTS);
  }

  @Test
  void roundThatLowersTheCollectedTestsIsReverted() {
    writeHello("Hello, Wrld!", Services.TESTS);
    FileFixer fixer = (request, context) -> List.of(new FileFix("app/main.py", "def broken(:\n", "oops"));

    TestReport report = activity().fixer(fixer).maxRounds(1).build().test(Services.helloPlan(), null, ctx);

    assertThat(report.fixRounds().get(0).changedFiles()).isEmpty();
    assertThat(report.fixRounds().get(0).refused()).singleElement().asString()
        .isEqualTo("round 1 reverted: the tests collected 1 after it instead of 2 (app/main.py restored)");
    assertThat(ws.read("app/main.py")).contains(Services.main("Hello, Wrld!"));
    assertThat(report.tests()).hasSize(2);
  }

  @Test
  void collectionFailureIsAnErrorCaseNotZeroTestsPassed() {
    writeHello("Hello, World!", "from app.main import nothing\n\n\ndef test_a():\n    assert True\n");

    TestReport report = activity().build().test(Services.helloPlan(), null, ctx);

    assertThat(report.status()).isEqualTo(TestReport.Status.FAILED);
    assertThat(report.tests()).singleElement().satisfies(t -> {
      assertThat(t.name()).isEqualTo("tests/test_main.py");
      assertThat(t.outcome()).isEqualTo(Outcome.ERROR);
      assertThat(t.message()).contains("ImportError: cannot import name 'nothing'");
    });
  }

  @Test
  void qualityFindingsGoToTheFixer() {
    String noDocs = Services.main("Hello, World!").replaceAll("(?m)^\\s*\"\"\"[^\"]*\"\"\"\\n", "");
    writeHello("Hello, World!", Services.TESTS);
    ws.write("app/main.py", noDocs);
    FileFixer fixer = (request, context) -> {
      requests.add(request);
      return List.of(new FileFix("app/main.py", Services.main("Hello, World!"), "docstrings"));
    };

    TestReport report = StackTestActivity.builder(PythonSupport.stack(QualityGate.builder().threshold(95).build())).fixer(fixer).build()
        .test(Services.helloPlan(), null, ctx);

    assertThat(requests).singleElement().satisfies(r -> {
      assertThat(r.files()).containsOnlyKeys("app/main.py");
      assertThat(r.failures()).contains("quality docstrings app/main.py:11: class Greeting has no docstring");
    });
    assertThat(report.fixRounds().get(0).failures()).singleElement().asString().startsWith("quality: B (");
    assertThat(report.quality().passed()).isTrue();
    assertThat(report.status()).isEqualTo(TestReport.Status.PASSED);
  }

  @Test
  void lowPriorityFileIsOfferedInFewerRounds() {
    ArchitecturePlan plan = Services.plan(List.of(Services.source("app/__init__.py", Priority.CRITICAL),
        Services.source("app/main.py", Priority.CRITICAL), Services.source("app/extra.py", Priority.LOW),
        Services.test("tests/test_extra.py", "app/extra.py")), List.of());
    Services.write(ws, Map.of("app/__init__.py", "", "app/main.py", Services.main("Hello, World!"),
        "app/extra.py", "def double(x: int) -> int:\n    return x * 3\n",
        "tests/test_extra.py", "from app.extra import double\n\n\ndef test_double():\n    assert double(2) == 4\n"));
    FileFixer fixer = (request, context) -> {
      requests.add(request);
      return List.of();
    };

    TestReport report = activity().fixer(fixer).withoutQualityGate().maxRounds(2).lowPriorityRounds(1).build().test(plan, null, ctx);

    assertThat(requests).singleElement().satisfies(r -> assertThat(r.files()).containsOnlyKeys("app/extra.py"));
    assertThat(report.fixRounds()).hasSize(1);
    assertThat(report.quality()).isNull();
    assertThat(notes()).anyMatch(n -> n.startsWith("fix round 2 not started: no planned source or test file is at fault"));
  }

  @Test
  void unknownOrUnavailableDependencyIsATypedErrorBeforeAnyTestRuns() {
    writeHello("Hello, World!", Services.TESTS);
    ArchitecturePlan plan = Services.plan(Services.helloPlan().files(), List.of("fastapi", "logging", "requests", "Not_Installed.Pkg"));

    StackTestActivity activity = StackTestActivity.builder(PythonSupport.stack().toBuilder().pin("not-installed-pkg", "1.0").build()).build();

    assertThatThrownBy(() -> activity.test(plan, null, ctx))
        .isInstanceOfSatisfying(UnavailableDependencyException.class, e -> assertThat(e.problems()).containsExactly(
            new UnavailableDependencyException.Problem("requests", UnavailableDependencyException.Reason.UNKNOWN,
                "not on the stack's allow-list [fastapi, httpx, not-installed-pkg, pydantic, pytest, uvicorn]"),
            new UnavailableDependencyException.Problem("Not_Installed.Pkg", UnavailableDependencyException.Reason.UNAVAILABLE,
                "not installed for " + PythonSupport.python().executable())))
        .hasMessageContaining("SPECTRA never installs packages");
    assertThat(RunJournal.runDirectory(ws, "run-test").resolve("test")).doesNotExist();
  }

  @Test
  void standardLibraryNamesInThePlanAreIgnored() {
    writeHello("Hello, World!", Services.TESTS);
    ArchitecturePlan plan = Services.plan(Services.helloPlan().files(), List.of("fastapi", "logging", "typing"));

    TestReport report = activity().build().test(plan, null, ctx);

    assertThat(report.status()).isEqualTo(TestReport.Status.PASSED);
    assertThat(notes()).contains("plan lists standard-library modules as dependencies (ignored): [logging, typing]");
  }

  @Test
  void missingToolchainSkipsWithTheInstallHint() {
    StackTestActivity activity = StackTestActivity.builder(PythonSupport.withoutPython()).build();

    TestReport report = activity.test(Services.helloPlan(), null, ctx);

    assertThat(report.status()).isEqualTo(TestReport.Status.SKIPPED);
    assertThat(report.tests()).isEmpty();
    assertThat(report.skipReason()).contains(PythonToolchain.INSTALL_HINT).contains("system (/nonexistent/python3): not found");
    assertThat(notes()).anyMatch(n -> n.startsWith("SKIPPED: no Python interpreter"));
  }

  @Test
  void testThatSleepsForeverIsKilledAtTheLimitWithItsGrandchild() throws Exception {
    PythonSupport.requireSessions();
    String token = "6" + (System.nanoTime() % 100) + ".4711" + (System.nanoTime() % 100000); // a unique sleep argument
    writeHello("Hello, World!", ("""
        import os
        import time


        def test_sleeps_forever():
            pid = os.fork()
            if pid == 0:
                if os.fork() == 0:
                    os.setsid()
                    os.execv("/bin/sleep", ["/bin/sleep", "TOKEN"])
                os._exit(0)
            os.waitpid(pid, 0)
            time.sleep(600)
            assert True
        """).replace("TOKEN", token));

    TestReport report = activity().timeout(Duration.ofSeconds(5)).build().test(Services.helloPlan(), null, ctx);

    assertThat(report.status()).isEqualTo(TestReport.Status.FAILED);
    assertThat(report.tests()).singleElement().satisfies(t -> {
      assertThat(t.name()).isEqualTo("tests (time limit)");
      assertThat(t.outcome()).isEqualTo(Outcome.ERROR);
      assertThat(t.message()).startsWith("the tests did not finish within PT5S; the whole process tree was killed");
    });
    assertThat(SandboxInspection.processesWith(token)).as("the escaped grandchild /bin/sleep " + token).isEmpty();
    assertThat(SandboxInspection.recentSessionMembers()).isEmpty();
  }

  @Test
  void generatedModuleBindingAllInterfacesStaysInsideItsOwnNetworkNamespace() {
    PythonSupport.requireSessions();
    writeHello("Hello, World!", Services.TESTS);
    // Under bubblewrap the socket lives in the sandbox's own network namespace: unreachable from the host
    // (SandboxAttackTest.wildcardTcpListenerIsUnreachableFromTheHost), so it is no violation and the tests run.
    ws.write("app/main.py", "import socket\n_s = socket.socket()\n_s.bind(('0.0.0.0', 0))\n_s.listen()\n"
        + Services.main("Hello, World!"));

    TestReport report = activity().build().test(Services.helloPlan(), null, ctx);

    assertThat(report.status()).isEqualTo(TestReport.Status.PASSED);
    assertThat(SandboxInspection.recentSessionMembers()).isEmpty();
  }

  @Test
  void builderRejectsBadSettings() {
    assertThatThrownBy(() -> StackTestActivity.builder(PythonSupport.withoutPython()).maxRounds(11)).hasMessage("maxRounds must be within 0..10, but was 11");
    assertThatThrownBy(() -> StackTestActivity.builder(PythonSupport.withoutPython()).timeout(Duration.ZERO)).hasMessage("timeout must be > 0, but was PT0S");
    assertThatThrownBy(() -> StackTestActivity.builder(PythonSupport.withoutPython()).lowPriorityRounds(-1)).hasMessage("lowPriorityRounds must be >= 0, but was -1");
  }

  private List<String> notes() {
    return events.stream().filter(e -> e instanceof RunEvent.Note).map(e -> ((RunEvent.Note) e).message()).toList();
  }
}
