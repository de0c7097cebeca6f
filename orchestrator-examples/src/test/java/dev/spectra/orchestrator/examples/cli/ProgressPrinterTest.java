package dev.spectra.orchestrator.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spectra.orchestrator.Activity;
import dev.spectra.orchestrator.GeneratedFile;
import dev.spectra.orchestrator.RunEvent;
import dev.spectra.orchestrator.RunReport;
import dev.spectra.orchestrator.Usage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressPrinterTest {
  static final Instant T = Instant.parse("2026-11-25T10:00:00Z");

  static String print(boolean live, RunEvent... events) {
    StringWriter out = new StringWriter();
    ProgressPrinter p = new ProgressPrinter(new PrintWriter(out), live, java.time.Clock.fixed(T, java.time.ZoneOffset.UTC));
    for (RunEvent e : events) {
      p.onEvent(e);
    }
    return out.toString();
  }

  static RunEvent[] build() {
    return new RunEvent[] {
        new RunEvent.ActivityStarted("r", T, Activity.BUILD),
        new RunEvent.BuildPlanned("r", T, 4, 2, 0),
        new RunEvent.FileStarted("r", T, "app/main.py", 0),
        new RunEvent.FileGenerated("r", T, "app/main.py", GeneratedFile.Origin.LLM, 1, Usage.of(900, 300)),
        new RunEvent.FileGenerated("r", T, "requirements.txt", GeneratedFile.Origin.CONFIG, 0, Usage.ZERO),
        new RunEvent.ActivityFinished("r", T, Activity.BUILD, RunReport.Outcome.SUCCEEDED, Duration.ofMillis(2500))};
  }

  @Test
  void withoutATerminalEachFileAndActivityIsOnePlainLine() {
    String text = print(false, build());

    assertThat(text).doesNotContain("\r", "\033");
    assertThat(text.lines().toList()).containsExactly(
        "  [1/4] app/main.py                              llm      1 attempt, 1200 tokens",
        "  [2/4] requirements.txt                         config",
        "build    done in 2.5 s (2/4 files)");
  }

  @Test
  void onATerminalALiveBarIsRedrawnInPlaceAndErasedBeforePermanentLines() {
    String text = print(true, build());

    assertThat(text).contains("\r\033[Kbuild    [........................] 0/4 files 0 s  app/main.py");
    assertThat(text).contains("\r\033[Kbuild    [######..................] 1/4 files 0 s  app/main.py");
    assertThat(text).contains("\r\033[Kbuild    [############............] 2/4 files 0 s");
    assertThat(text).endsWith("\r\033[Kbuild    done in 2.5 s (2/4 files)" + System.lineSeparator());
  }

  @Test
  void repairsRetriesNotesAndTheRunsEndAreShown() {
    String text = print(false,
        new RunEvent.RunStarted("run-1", T, List.of(Activity.PLAN, Activity.BUILD)),
        new RunEvent.Repaired("run-1", T, Activity.PLAN, "", RunEvent.Repaired.Kind.LENIENT, List.of("fence")),
        new RunEvent.Repaired("run-1", T, Activity.PLAN, "", RunEvent.Repaired.Kind.REPROMPT, List.of("$.entrypoint: required")),
        new RunEvent.Retrying("run-1", T, Activity.BUILD, "openai:gpt-4o-mini", "429 rate limited", 2, Duration.ofMillis(500)),
        new RunEvent.Note("run-1", T, Activity.TEST, "python: /usr/bin/python3"),
        new RunEvent.Note("run-1", T, Activity.BUILD, "prompt cut; raise LlmConfig.Builder.ollamaContext"));

    assertThat(text.lines().toList()).containsExactly(
        "run run-1: plan > build",
        "  repaired plan: lenient [fence]",
        "  re-prompting plan, whose reply was not usable: [$.entrypoint: required]",
        "  retrying build (attempt 2) in 500 ms: 429 rate limited",
        "  note: python: /usr/bin/python3",
        "  note: prompt cut; raise --ollama-context");
    assertThat(text).doesNotContain("repaired plan: reprompt");
  }

  @Test
  void aLongStepKeepsItsBarLiveWithTheElapsedTimeAndANoteDoesNotEraseIt() {
    StringWriter out = new StringWriter();
    MutableClock clock = new MutableClock(T);
    ProgressPrinter p = new ProgressPrinter(new PrintWriter(out), true, clock);

    p.onEvent(new RunEvent.ActivityStarted("r", T, Activity.TEST));
    clock.advance(Duration.ofSeconds(12));
    p.tick();
    assertThat(out.toString()).endsWith("\r\033[Ktest     running... 12 s");
    p.onEvent(new RunEvent.Note("r", T, Activity.TEST, "python: /usr/bin/python3"));
    assertThat(out.toString()).as("the bar is drawn again below the note")
        .endsWith("  note: python: /usr/bin/python3" + System.lineSeparator() + "\r\033[Ktest     running... 12 s");
    clock.advance(Duration.ofSeconds(113));
    p.tick();
    assertThat(out.toString()).endsWith("\r\033[Ktest     running... 2 min 05 s");
    p.onEvent(new RunEvent.ActivityFinished("r", T, Activity.TEST, RunReport.Outcome.SUCCEEDED, Duration.ofSeconds(125)));
    int before = out.toString().length();
    p.tick();
    assertThat(out.toString()).as("no bar once the activity is over").hasSize(before);
  }

  /** A clock a test moves by hand. */
  static final class MutableClock extends java.time.Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public java.time.ZoneId getZone() {
      return java.time.ZoneOffset.UTC;
    }

    @Override
    public java.time.Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
