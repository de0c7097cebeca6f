package dev.spectra.orchestrator.examples.cli;

import dev.spectra.orchestrator.Activity;
import dev.spectra.orchestrator.RunEvent;
import dev.spectra.orchestrator.RunListener;
import dev.spectra.orchestrator.RunReport;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Shows a run's progress on standard error: a line per finished activity and per written file, and, on a terminal,
 * a live bar for the running activity with its elapsed time. The bar is redrawn in place on every event, after every
 * permanent line (so a note never leaves it erased), and once a second by {@link #tick()} while a long step (pytest,
 * a slow model call) sends no event. Without a terminal (a pipe, a CI log, a test) only the permanent lines are
 * written, so that logs stay readable.
 *
 * <p>A re-prompt is shown as what it is, an attempt ("re-prompting plan: ..."), not as a repair: the repair
 * succeeded only if no failure follows.
 */
final class ProgressPrinter implements RunListener {
  private static final int BAR = 24;

  private final PrintWriter err;
  private final boolean live;
  private final Clock clock;
  private Activity current;
  private Instant currentSince;
  private int files;
  private int done;
  private String lastFile = "";
  private ScheduledExecutorService ticker;

  /**
   * @param err where to write
   * @param live whether {@code err} is a terminal that understands carriage return and "erase line"
   */
  ProgressPrinter(PrintWriter err, boolean live) {
    this(err, live, Clock.systemUTC());
  }

  /** A printer whose elapsed times come from {@code clock} (tests pass a fake one and call {@link #tick()}). */
  ProgressPrinter(PrintWriter err, boolean live, Clock clock) {
    this.err = err;
    this.live = live;
    this.clock = clock;
  }

  /** A printer that, on a terminal, redraws its bar once a second until the run finishes. */
  static ProgressPrinter start(PrintWriter err, boolean live) {
    ProgressPrinter p = new ProgressPrinter(err, live);
    if (live) {
      p.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "spectra-progress");
        t.setDaemon(true);
        return t;
      });
      p.ticker.scheduleAtFixedRate(p::tick, 1, 1, TimeUnit.SECONDS);
    }
    return p;
  }

  /** Redraws the live bar (its elapsed time moves on); nothing without a terminal or a running activity. */
  synchronized void tick() {
    bar();
    err.flush();
  }

  @Override
  public synchronized void onEvent(RunEvent event) {
    if (event instanceof RunEvent.RunStarted e) {
      line("run " + e.runId() + ": " + String.join(" > ", e.activities().stream().map(ProgressPrinter::name).toList()));
    } else if (event instanceof RunEvent.ActivityStarted e) {
      current = e.activity();
      currentSince = clock.instant();
      files = 0;
      done = 0;
      lastFile = "";
      bar();
    } else if (event instanceof RunEvent.BuildPlanned e) {
      files = e.files();
      done = e.alreadyFinished();
      if (e.alreadyFinished() > 0) {
        line("  " + e.alreadyFinished() + " of " + e.files() + " files already finished (resumed)");
      }
      bar();
    } else if (event instanceof RunEvent.FileStarted e) {
      lastFile = e.path();
      bar();
    } else if (event instanceof RunEvent.FileGenerated e) {
      done++;
      String attempts = e.attempts() == 0 ? ""
          : e.attempts() + (e.attempts() == 1 ? " attempt, " : " attempts, ") + e.usage().totalTokens() + " tokens";
      line(String.format(Locale.ROOT, "  %s %-40s %-8s %s", files > 0 ? "[" + done + "/" + files + "]" : "-", e.path(),
          e.origin().name().toLowerCase(Locale.ROOT), attempts).stripTrailing());
    } else if (event instanceof RunEvent.Repaired e) {
      line(repaired(e));
    } else if (event instanceof RunEvent.Retrying e) {
      line("  retrying " + name(e.activity()) + " (attempt " + e.attempt() + ") in " + e.delay().toMillis() + " ms: "
          + Errors.forCli(e.reason(), List.of(), java.util.Map.of()));
    } else if (event instanceof RunEvent.Note e) {
      line("  note: " + Errors.forCli(e.message(), List.of(), java.util.Map.of()));
    } else if (event instanceof RunEvent.ActivityFinished e) {
      String mark = switch (e.outcome()) {
        case SUCCEEDED -> "done";
        case SKIPPED -> "skipped";
        case FAILED -> "FAILED";
        case CANCELLED -> "cancelled";
      };
      current = null;
      line(String.format(Locale.ROOT, "%-8s %s in %.1f s%s", name(e.activity()), mark, e.took().toMillis() / 1000.0,
          e.activity() == Activity.BUILD && files > 0 ? " (" + done + "/" + files + " files)" : ""));
    } else if (event instanceof RunEvent.RunFinished e) {
      current = null;
      RunReport r = e.report();
      line("run " + r.outcome().name().toLowerCase(Locale.ROOT)
          + (r.failure() == null ? "" : ": " + r.failure().type() + " in " + name(r.failure().activity())));
      if (ticker != null) {
        ticker.shutdownNow();
        ticker = null;
      }
    }
    err.flush();
  }

  /** How a repair event reads: a re-prompt is an attempt whose result is not known yet. */
  private static String repaired(RunEvent.Repaired e) {
    String target = e.file().isEmpty() ? name(e.activity()) : e.file();
    String details = e.repairs().isEmpty() ? "" : " " + e.repairs();
    return switch (e.kind()) {
      case REPROMPT -> "  re-prompting " + target + ", whose reply was not usable:" + details;
      case RETRY -> "  retrying " + target + details;
      case LENIENT, CODE_UNWRAP -> "  repaired " + target + ": " + e.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ')
          + details;
    };
  }

  /** A permanent line (erasing the live bar first, and drawing it again below). */
  private void line(String text) {
    if (live) {
      err.print("\r\033[K");
    }
    err.println(text);
    bar();
  }

  /** Redraws the live bar of the running activity; nothing without a terminal. */
  private void bar() {
    if (!live || current == null) {
      return;
    }
    StringBuilder b = new StringBuilder("\r\033[K").append(String.format(Locale.ROOT, "%-8s ", name(current)));
    if (files == 0) {
      b.append("running...");
    } else {
      int filled = Math.min(BAR, done * BAR / files);
      b.append('[').append("#".repeat(filled)).append(".".repeat(BAR - filled)).append("] ").append(done).append('/')
          .append(files).append(" files");
    }
    b.append(' ').append(elapsed(Duration.between(currentSince, clock.instant())));
    if (!lastFile.isEmpty()) {
      b.append("  ").append(lastFile);
    }
    err.print(b);
  }

  /** {@code 7 s}, {@code 2 min 05 s}. */
  static String elapsed(Duration d) {
    long s = Math.max(0, d.toSeconds());
    return s < 60 ? s + " s" : String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
  }

  private static String name(Activity a) {
    return a.name().toLowerCase(Locale.ROOT);
  }
}
