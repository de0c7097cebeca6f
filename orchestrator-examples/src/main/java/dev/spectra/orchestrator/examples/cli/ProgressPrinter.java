package dev.spectra.orchestrator.examples.cli;

import dev.spectra.orchestrator.Activity;
import dev.spectra.orchestrator.RunEvent;
import dev.spectra.orchestrator.RunListener;
import dev.spectra.orchestrator.RunReport;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Shows a run's progress on standard error: a line per finished activity and per written file, and, on a terminal,
 * a live bar for the running activity (redrawn in place). Without a terminal (a pipe, a CI log, a test) only the
 * permanent lines are written, so that logs stay readable.
 */
final class ProgressPrinter implements RunListener {
  private static final int BAR = 24;

  private final PrintWriter err;
  private final boolean live;
  private Activity current;
  private int files;
  private int done;
  private String lastFile = "";

  /**
   * @param err where to write
   * @param live whether {@code err} is a terminal that understands carriage return and "erase line"
   */
  ProgressPrinter(PrintWriter err, boolean live) {
    this.err = err;
    this.live = live;
  }

  @Override
  public synchronized void onEvent(RunEvent event) {
    if (event instanceof RunEvent.RunStarted e) {
      line("run " + e.runId() + ": " + String.join(" > ", e.activities().stream().map(ProgressPrinter::name).toList()));
    } else if (event instanceof RunEvent.ActivityStarted e) {
      current = e.activity();
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
      bar();
    } else if (event instanceof RunEvent.Repaired e) {
      line("  repaired " + (e.file().isEmpty() ? name(e.activity()) : e.file()) + ": "
          + e.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ') + (e.repairs().isEmpty() ? "" : " " + e.repairs()));
    } else if (event instanceof RunEvent.Retrying e) {
      line("  retrying " + name(e.activity()) + " (attempt " + e.attempt() + ") in " + e.delay().toMillis() + " ms: " + e.reason());
    } else if (event instanceof RunEvent.Note e) {
      line("  note: " + e.message());
    } else if (event instanceof RunEvent.ActivityFinished e) {
      String mark = switch (e.outcome()) {
        case SUCCEEDED -> "done";
        case SKIPPED -> "skipped";
        case FAILED -> "FAILED";
        case CANCELLED -> "cancelled";
      };
      line(String.format(Locale.ROOT, "%-8s %s in %.1f s%s", name(e.activity()), mark, e.took().toMillis() / 1000.0,
          e.activity() == Activity.BUILD && files > 0 ? " (" + done + "/" + files + " files)" : ""));
      current = null;
    } else if (event instanceof RunEvent.RunFinished e) {
      RunReport r = e.report();
      line("run " + r.outcome().name().toLowerCase(Locale.ROOT)
          + (r.failure() == null ? "" : ": " + r.failure().type() + " in " + name(r.failure().activity())));
    }
    err.flush();
  }

  /** A permanent line (erasing the live bar first). */
  private void line(String text) {
    if (live) {
      err.print("\r\033[K");
    }
    err.println(text);
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
    if (!lastFile.isEmpty()) {
      b.append("  ").append(lastFile);
    }
    err.print(b);
  }

  private static String name(Activity a) {
    return a.name().toLowerCase(Locale.ROOT);
  }
}
