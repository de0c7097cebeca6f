package dev.spectra.orchestrator.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spectra.orchestrator.Activity;
import dev.spectra.orchestrator.GeneratedFile;
import dev.spectra.orchestrator.Orchestrator;
import dev.spectra.orchestrator.RunReport;
import dev.spectra.orchestrator.ServiceRequest;
import dev.spectra.orchestrator.Usage;
import dev.spectra.orchestrator.cost.Budget;
import dev.spectra.orchestrator.cost.BudgetAccount;
import dev.spectra.orchestrator.cost.Cost;
import dev.spectra.orchestrator.cost.ModelCall;
import dev.spectra.orchestrator.internal.engine.RunJournal;
import dev.spectra.orchestrator.workspace.Workspace;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BudgetStopTest {
  @TempDir
  Path dir;

  @ParameterizedTest(name = "a budget of {0} calls")
  @ValueSource(ints = {1, 5, 11, 20})
  void aCallBudgetStopsTheBuildAfterExactlyThatManyModelCalls(int maxCalls) {
    AtomicInteger modelCalls = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    Orchestrator orchestrator = Orchestrator.builder()
        .workspace(dir)
        .planActivity((request, ctx) -> Plans.layered(8, 8, 8))
        .stack(new FakeStack())
        .concurrency(8)
        .budget(Budget.builder().maxCalls(maxCalls).build())
        .fileGenerator((request, ctx) -> {
          BudgetAccount.Reservation reservation;
          try {
            reservation = ctx.budget().reserve("fake:model", 200, 100);
          } catch (RuntimeException e) {
            refused.incrementAndGet();
            throw e;
          }
          modelCalls.incrementAndGet();
          Usage usage = Usage.of(150, 60);
          reservation.settle(usage);
          ctx.ledger().record(new ModelCall(Activity.BUILD, request.file().path(), "fake:model", null, usage, Cost.UNKNOWN));
          return "generated " + request.file().path() + "\n";
        })
        .build();

    RunReport report = orchestrator.run(ServiceRequest.of("a service of 24 files"));

    assertThat(modelCalls.get()).isEqualTo(maxCalls);
    assertThat(refused.get()).isPositive();
    assertThat(report.outcome()).isEqualTo(RunReport.Outcome.FAILED);
    assertThat(report.failure().type()).isEqualTo("BUDGET_EXCEEDED");
    assertThat(report.failure().activity()).isEqualTo(Activity.BUILD);
    assertThat(report.failure().message()).contains("call budget of " + maxCalls + " model calls is used up");
    assertThat(report.total().calls()).isEqualTo(maxCalls);
    // Every generation that got through was paid for, so it was let finish and is journaled; nothing else is.
    assertThat(RunJournal.entries(Workspace.at(dir), report.runId()))
        .hasSize(maxCalls)
        .allMatch(e -> e.origin() == GeneratedFile.Origin.LLM && e.attempts() == 1);
    // The report keeps the files finished before the stop: exactly the journaled ones, as they are on disk.
    Workspace workspace = Workspace.at(dir);
    List<String> journaled = RunJournal.entries(workspace, report.runId()).stream().map(RunJournal.Entry::path).toList();
    assertThat(report.build().files()).extracting(GeneratedFile::path).containsExactlyInAnyOrderElementsOf(journaled);
    assertThat(report.build().files()).allSatisfy(f -> assertThat(workspace.read(f.path())).contains(f.content()));
    assertThat(report.build().usage()).isEqualTo(new Usage(150L * maxCalls, 0, 60L * maxCalls));
  }
}
