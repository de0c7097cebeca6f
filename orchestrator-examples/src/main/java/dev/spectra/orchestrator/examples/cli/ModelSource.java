package dev.spectra.orchestrator.examples.cli;

import dev.spectra.orchestrator.Orchestrator;
import dev.spectra.orchestrator.RunEvent;
import dev.spectra.orchestrator.RunReport;
import dev.spectra.orchestrator.ServiceRequest;
import dev.spectra.orchestrator.cost.Budget;
import dev.spectra.orchestrator.cost.PriceTable;
import dev.spectra.orchestrator.llm.ModelRouter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One compared model: each run wires a fresh orchestrator over the model (timed next to the provider) and observes
 * the run's repairs and call latencies. A provider that rejects the key or does not know the model stops the whole
 * comparison with a usage error: every later run would fail the same way and the figures would mean nothing.
 */
final class ModelSource implements RunSource {
  /** The models of one run (a chaos model is made fresh, with the run's own seed). */
  @FunctionalInterface
  interface Models {
    ModelRouter forRun(int requestIndex, int run);
  }

  private final String label;
  private final SourceKind kind;
  private final Models models;
  private final Wiring wiring;
  private final PriceTable prices;
  private final Budget budget;
  private final int concurrency;
  private final boolean deploy;
  private final String note;

  ModelSource(String label, SourceKind kind, Models models, Wiring wiring, PriceTable prices, Budget budget, int concurrency,
      boolean deploy) {
    this(label, kind, models, wiring, prices, budget, concurrency, deploy, null);
  }

  ModelSource(String label, SourceKind kind, Models models, Wiring wiring, PriceTable prices, Budget budget, int concurrency,
      boolean deploy, String note) {
    this.label = label;
    this.kind = kind;
    this.models = models;
    this.wiring = wiring;
    this.prices = prices;
    this.budget = budget;
    this.concurrency = concurrency;
    this.deploy = deploy;
    this.note = note;
  }

  @Override
  public String note() {
    return note;
  }

  @Override
  public String label() {
    return label;
  }

  @Override
  public SourceKind kind() {
    return kind;
  }

  @Override
  public RunObservation run(ServiceRequest request, int requestIndex, int run, Path workspace) {
    List<TimedChatModel> timers = new ArrayList<>();
    ModelRouter router = models.forRun(requestIndex, run).decorated(m -> {
      TimedChatModel timed = new TimedChatModel(m);
      timers.add(timed);
      return timed;
    });
    List<RunEvent.Repaired> repairs = Collections.synchronizedList(new ArrayList<>());
    Orchestrator orchestrator;
    try {
      orchestrator = wiring.orchestrator(router, workspace, deploy)
          .concurrency(concurrency)
          .prices(prices)
          .budget(budget)
          .listener(e -> {
            if (e instanceof RunEvent.Repaired r) {
              repairs.add(r);
            }
          })
          .build();
    } catch (IllegalStateException | IllegalArgumentException e) {
      throw CliFailure.usage(label + ": " + e.getMessage(), e);
    }
    RunReport report = orchestrator.run(request);
    if (!report.succeeded()) {
      Errors.configurationError(timers).ifPresent(e -> {
        throw CliFailure.usage(label + ": " + (report.failure() == null ? Errors.describe(e) : report.failure().message()), e);
      });
    }
    List<Duration> latencies = new ArrayList<>();
    timers.forEach(t -> latencies.addAll(t.latencies()));
    return new RunObservation(requestIndex, run, report, List.copyOf(repairs), latencies);
  }
}
