package dev.spectra.orchestrator.stack.python;

import dev.spectra.orchestrator.sandbox.SandboxInspection;
import dev.spectra.orchestrator.verify.FileFix;
import dev.spectra.orchestrator.verify.FileFixer;
import dev.spectra.orchestrator.verify.HttpMonitor;
import dev.spectra.orchestrator.verify.ProcessDeployer;
import dev.spectra.orchestrator.verify.Services;
import dev.spectra.orchestrator.verify.StackTestActivity;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spectra.orchestrator.Activity;
import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.Deployment;
import dev.spectra.orchestrator.FileKind;
import dev.spectra.orchestrator.FileSpec;
import dev.spectra.orchestrator.HealthReport;
import dev.spectra.orchestrator.Orchestrator;
import dev.spectra.orchestrator.Priority;
import dev.spectra.orchestrator.RunEvent;
import dev.spectra.orchestrator.RunHandle;
import dev.spectra.orchestrator.RunReport;
import dev.spectra.orchestrator.ServiceRequest;
import dev.spectra.orchestrator.TestReport;
import dev.spectra.orchestrator.build.FileGenerator;
import dev.spectra.orchestrator.internal.engine.RunJournal;
import dev.spectra.orchestrator.stack.TargetStack;
import dev.spectra.orchestrator.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hello-world request through all five activities with fakes for the model-backed parts (plan, file generation,
 * fixer), and the real pytest, quality gate, uvicorn and HTTP probes.
 */
class EndToEndTest {
  @TempDir Path dir;
  Path root;

  @BeforeEach
  void setUp() throws Exception {
    root = dir.toRealPath();
  }

  /** The real python-fastapi profile, pinned to the versions of the interpreter that tests and deploys. */
  static TargetStack stack(PythonToolchain python) {
    return PythonFastApiStack.builder().pythonVersion(python.pythonVersion()).pins(python.pins()).python(python).build();
  }

  /** The hello plan with a requirements.txt, which the profile writes. */
  static ArchitecturePlan plan() {
    List<FileSpec> files = new java.util.ArrayList<>(Services.helloPlan().files());
    files.add(new FileSpec("requirements.txt", "pins", FileKind.CONFIG, Priority.LOW, List.of()));
    return Services.plan(files, List.of("fastapi", "pydantic", "uvicorn"));
  }

  static FileGenerator generator(String greeting) {
    Map<String, String> code = Map.of("app/main.py", Services.main(greeting), "tests/test_main.py", Services.TESTS);
    return (request, context) -> code.get(request.file().path());
  }

  private Orchestrator.Builder orchestrator(FileGenerator generator, FileFixer fixer) {
    PythonToolchain python = PythonSupport.python();
    StackTestActivity.Builder test = StackTestActivity.builder(stack(python));
    if (fixer != null) {
      test.fixer(fixer);
    }
    return Orchestrator.builder()
        .workspace(root)
        .planActivity((request, context) -> plan())
        .fileGenerator(generator)
        .stack(stack(python))
        .testActivity(test.build())
        .deployActivity(ProcessDeployer.builder(stack(python)).build())
        .monitorActivity(HttpMonitor.ofDefaults());
  }

  @Test
  void helloWorldRequestPassesAllFiveActivitiesAndLeavesNoProcess() {
    PythonToolchain python = PythonSupport.python();
    RunReport report = orchestrator(generator("Hello, World!"), null).build().run(ServiceRequest.of("A hello world FastAPI service"));

    assertThat(report.outcome()).as("%s", report.failure()).isEqualTo(RunReport.Outcome.SUCCEEDED);
    assertThat(report.activities()).extracting(RunReport.ActivityRecord::outcome).containsOnly(RunReport.Outcome.SUCCEEDED);
    assertThat(report.test().status()).isEqualTo(TestReport.Status.PASSED);
    assertThat(report.test().tests()).extracting(TestReport.TestCase::name)
        .containsExactly("tests/test_main.py::test_hello", "tests/test_main.py::test_health");
    assertThat(report.test().quality().passed()).isTrue();
    assertThat(report.deployment().kind()).isEqualTo(Deployment.Kind.LOCAL_PROCESS);
    assertThat(report.deployment().url()).startsWith("http://127.0.0.1:");
    assertThat(report.health().verdict()).isEqualTo(HealthReport.Verdict.HEALTHY);
    assertThat(report.health().probes()).extracting(HealthReport.Probe::path, HealthReport.Probe::statusCounts)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("/health", "200x20"), org.assertj.core.groups.Tuple.tuple("/", "200x20"));
    String requirements = Workspace.at(root).read("requirements.txt").orElseThrow();
    python.pins().forEach((name, version) -> {
      if (List.of("fastapi", "pydantic", "uvicorn").contains(name)) {
        assertThat(requirements).contains(name + "==" + version); // what is tested is what would be deployed
      }
    });
    long pid = Long.parseLong(report.deployment().handle());
    assertThat(SandboxInspection.alive(pid)).isFalse();
    assertThat(SandboxInspection.recentSessionMembers()).isEmpty();
    assertThat(SandboxInspection.liveChildren()).isZero();
  }

  @Test
  void failingGeneratedTestIsRepairedByOneRoundThenTheServiceIsDeployed() throws Exception {
    FileFixer fixer = (request, context) -> List.of(new FileFix("app/main.py", Services.main("Hello, World!"), "typo"));

    RunReport report = orchestrator(generator("Hello, Wrld!"), fixer).build().run(ServiceRequest.of("hello"));

    assertThat(report.outcome()).as("%s", report.failure()).isEqualTo(RunReport.Outcome.SUCCEEDED);
    assertThat(report.test().fixRounds()).singleElement().satisfies(r -> assertThat(r.changedFiles()).containsExactly("app/main.py"));
    assertThat(report.health().verdict()).isEqualTo(HealthReport.Verdict.HEALTHY);
    Workspace ws = Workspace.at(root);
    assertThat(Files.readAllLines(RunJournal.runDirectory(ws, report.runId()).resolve("fix-rounds.jsonl"))).hasSize(1);
    assertThat(RunReport.fromJson(Files.readString(RunJournal.runDirectory(ws, report.runId()).resolve("report.json")))
        .test().fixRounds()).hasSize(1);
  }

  @Test
  void cancelDuringDeployLeavesNoProcessAndAResumableJournal() throws Exception {
    FileGenerator hanging = (request, context) -> request.file().path().equals("app/main.py")
        ? "import time\ntime.sleep(600)\n" : Services.TESTS;
    CompletableFuture<Long> started = new CompletableFuture<>();
    PythonToolchain python = PythonSupport.python();
    Orchestrator orchestrator = Orchestrator.builder()
        .workspace(root)
        .planActivity((request, context) -> plan())
        .fileGenerator(hanging)
        .stack(stack(python))
        .deployActivity(ProcessDeployer.builder(stack(python)).build())
        .monitorActivity(HttpMonitor.ofDefaults())
        .listener(event -> {
          if (event instanceof RunEvent.Note n && n.activity() == Activity.DEPLOY && n.message().startsWith("started ")) {
            started.complete(Long.parseLong(n.message().replaceAll(".*pid (\\d+),.*", "$1")));
          }
        })
        .build();

    RunHandle handle = orchestrator.runAsync(ServiceRequest.of("hello"));
    long pid = started.get(60, TimeUnit.SECONDS);
    handle.cancel();
    RunReport report = handle.report().get(60, TimeUnit.SECONDS);

    assertThat(report.outcome()).isEqualTo(RunReport.Outcome.CANCELLED);
    assertThat(report.failure().activity()).isEqualTo(Activity.DEPLOY);
    assertThat(SandboxInspection.alive(pid)).isFalse();
    assertThat(SandboxInspection.sessionMembers(pid)).isEmpty();
    assertThat(SandboxInspection.liveChildren()).isZero();
    Workspace ws = Workspace.at(root);
    assertThat(RunJournal.loadPlan(ws, report.runId())).contains(plan());

    RunReport resumed = Orchestrator.builder().workspace(root).fileGenerator(generator("Hello, World!")).stack(stack(python))
        .stopAfter(Activity.BUILD).build().resume(report.runId());
    assertThat(resumed.outcome()).isEqualTo(RunReport.Outcome.SUCCEEDED);
    assertThat(resumed.runId()).isEqualTo(report.runId());
  }
}
