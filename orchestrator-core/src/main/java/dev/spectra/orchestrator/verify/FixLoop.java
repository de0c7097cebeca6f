package dev.spectra.orchestrator.verify;

import dev.spectra.orchestrator.Activity;
import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.FileKind;
import dev.spectra.orchestrator.FileSpec;
import dev.spectra.orchestrator.OrchestratorException;
import dev.spectra.orchestrator.Priority;
import dev.spectra.orchestrator.QualityReport;
import dev.spectra.orchestrator.RunContext;
import dev.spectra.orchestrator.TestReport;
import dev.spectra.orchestrator.Usage;
import dev.spectra.orchestrator.internal.Checks;
import dev.spectra.orchestrator.internal.Folders;
import dev.spectra.orchestrator.internal.Json;
import dev.spectra.orchestrator.internal.engine.RunJournal;
import dev.spectra.orchestrator.sandbox.Sandbox;
import dev.spectra.orchestrator.stack.Toolchain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** One run of the Test activity: the stack's tests, its quality gate, and the bounded, guarded fix rounds. */
final class FixLoop {
  static final int MAX_FILES_PER_ROUND = 10;
  static final int MAX_FAILURE_CHARS = 3000;
  static final int MAX_MESSAGE_CHARS = 4000;
  static final String JOURNAL = "fix-rounds.jsonl";

  private final StackTestActivity config;
  private final ArchitecturePlan plan;
  private final RunContext context;
  private final Toolchain toolchain;
  private final Sandbox sandbox;
  private final Path root;
  private final Path runDir;
  private final Path testDir;

  FixLoop(StackTestActivity config, ArchitecturePlan plan, RunContext context, Toolchain toolchain, Sandbox sandbox) {
    this.config = config;
    this.plan = plan;
    this.context = context;
    this.toolchain = toolchain;
    this.sandbox = sandbox;
    this.root = context.workspace().root();
    this.runDir = RunJournal.runDirectory(context.workspace(), context.runId());
    this.testDir = runDir.resolve("test");
  }

  /** What one test run and grading found. {@code collected} counts the test cases the runner reported. */
  record Attempt(List<Toolchain.TestCaseResult> cases, int collected, QualityReport quality) {
    boolean testsPassed() {
      return !cases.isEmpty() && cases.stream().noneMatch(c -> failing(c.outcome()));
    }

    boolean passed() {
      return testsPassed() && (quality == null || quality.passed());
    }

    long count(TestReport.Outcome outcome) {
      return cases.stream().filter(c -> c.outcome() == outcome).count();
    }
  }

  /** What a round may change and what the fixer is told. */
  record Target(List<String> failureIds, List<String> failures, Map<String, String> files, Map<String, String> context) {}

  /** What a round changed and refused; {@code previous} holds the old content of each changed file. */
  record Applied(List<String> changed, List<String> changedTests, List<String> refused, Map<String, String> previous) {}

  TestReport run() {
    Attempt current = attempt(0);
    List<TestReport.FixRound> rounds = new ArrayList<>();
    for (int round = 1; round <= config.maxRounds && config.fixer != null && !current.passed(); round++) {
      context.throwIfCancelled();
      Target target = target(current, round);
      if (target.files().isEmpty()) {
        context.note(Activity.TEST, "fix round " + round + " not started: no planned source or test file is at fault for "
            + target.failureIds());
        break;
      }
      Usage before = context.ledger().total().usage();
      List<FileFix> fixes = config.fixer.fix(new FixRequest(plan, target.failures(), target.files(), target.context(),
          stackNotes(), round), context);
      Usage used = context.ledger().total().usage().minus(before);
      Applied applied = apply(fixes == null ? List.of() : fixes, target, round);
      List<String> changed = applied.changed();
      List<String> changedTests = applied.changedTests();
      List<String> refused = new ArrayList<>(applied.refused());
      if (!changed.isEmpty()) {
        Attempt next = attempt(round);
        if (next.collected() < current.collected()) {
          applied.previous().forEach((path, content) -> context.workspace().write(path, content));
          refused.add("round " + round + " reverted: the tests collected " + next.collected() + " after it instead of "
              + current.collected() + " (" + String.join(", ", changed) + " restored)");
          changed = List.of();
          changedTests = List.of();
        } else {
          current = next;
        }
      }
      TestReport.FixRound fixRound = new TestReport.FixRound(round, target.failureIds(), changed, changedTests, used, refused);
      rounds.add(fixRound);
      journal(fixRound, current);
      context.note(Activity.TEST, "fix round " + round + ": " + target.failureIds().size() + " failure(s); changed "
          + changed + (changedTests.isEmpty() ? "" : ", tests changed " + changedTests)
          + (refused.isEmpty() ? "" : "; refused " + refused) + "; now " + current.count(TestReport.Outcome.PASSED)
          + " passed, " + (current.count(TestReport.Outcome.FAILED) + current.count(TestReport.Outcome.ERROR)) + " failing"
          + (current.quality() == null ? "" : ", quality " + current.quality().grade()));
    }
    return new TestReport(current.passed() ? TestReport.Status.PASSED : TestReport.Status.FAILED, testCases(current),
        current.quality(), rounds, null, toolchain.description());
  }

  // ---- one test run and grading

  Attempt attempt(int n) {
    context.throwIfCancelled();
    Path reports = testDir.resolve("reports-" + n);
    Path log = testDir.resolve("tests-" + n + ".log");
    try {
      Files.createDirectories(testDir);
      Folders.deleteTree(reports);
      Files.createDirectories(reports);
      Files.deleteIfExists(log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare " + testDir + ": " + e.getMessage(), e);
    }
    List<String> argv = toolchain.testCommand(root, existing(FileKind.TEST), reports);
    Sandbox.Result r = sandbox.run(argv, config.timeout, log, context);
    List<Toolchain.TestCaseResult> cases;
    int collected = 0;
    String tail = Checks.excerpt(r.output().strip(), 2000);
    if (r.timedOut()) {
      cases = List.of(synthetic("tests (time limit)", "the tests did not finish within " + config.timeout
          + "; the whole process tree was killed. End of their output:\n" + tail));
    } else {
      try {
        cases = toolchain.readReports(reports, root);
        collected = cases.size();
        if (cases.isEmpty()) {
          cases = List.of(synthetic(hasReport(reports) ? "tests (no tests)" : "tests (no report)", (hasReport(reports)
              ? "the test run collected no tests (exit code " + r.exitCode() + "); the plan's test files define none"
              : "the test run exited with code " + r.exitCode() + " and wrote no report") + ". End of its output:\n" + tail));
        }
      } catch (OrchestratorException e) {
        cases = List.of(synthetic("tests (unreadable report)", e.getMessage()));
      }
    }
    QualityReport quality = config.qualityGate ? toolchain.grade(existing(FileKind.SOURCE), sandbox) : null;
    return new Attempt(cases, collected, quality);
  }

  private static boolean hasReport(Path dir) {
    try (var files = Files.list(dir)) {
      return files.anyMatch(Files::isRegularFile);
    } catch (IOException e) {
      return false;
    }
  }


  private static Toolchain.TestCaseResult synthetic(String name, String message) {
    return new Toolchain.TestCaseResult(name, "", TestReport.Outcome.ERROR, message, "");
  }

  /** Planned code files of this kind that exist in the workspace. */
  private List<String> existing(FileKind kind) {
    List<String> out = new ArrayList<>();
    for (FileSpec f : plan.files()) {
      if (f.kind() == kind && config.stack.isCode(f.path()) && Files.isRegularFile(root.resolve(f.path()))) {
        out.add(f.path());
      }
    }
    return out;
  }

  private static List<TestReport.TestCase> testCases(Attempt a) {
    List<TestReport.TestCase> out = new ArrayList<>();
    for (Toolchain.TestCaseResult c : a.cases()) {
      String text = c.details().isBlank() ? c.message() : c.details();
      out.add(new TestReport.TestCase(c.name(), c.outcome(), c.outcome() == TestReport.Outcome.PASSED ? "" : Checks.excerpt(text.strip(), MAX_MESSAGE_CHARS)));
    }
    return out;
  }

  // ---- what a round may change

  Target target(Attempt current, int round) {
    List<String> ids = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    Set<String> editable = new LinkedHashSet<>();
    Set<String> readOnly = new LinkedHashSet<>();
    for (Toolchain.TestCaseResult c : current.cases()) {
      if (!failing(c.outcome())) {
        continue;
      }
      ids.add(c.name());
      failures.add(c.name() + " " + c.outcome() + ": " + Checks.excerpt((c.message() + "\n" + c.details()).strip(), MAX_FAILURE_CHARS));
      if (c.file().isEmpty() && c.details().isEmpty()) {
        continue; // the runner itself failed: nothing to locate
      }
      int before = editable.size();
      for (String f : toolchain.faultFiles(c.details(), root, this::isTest)) {
        if (planned(f, FileKind.SOURCE)) {
          editable.add(f);
        }
      }
      String testFile = c.file();
      if (planned(testFile, FileKind.TEST)) {
        plan.file(testFile).ifPresent(spec -> spec.dependsOn().stream().filter(d -> planned(d, FileKind.SOURCE)).forEach(editable::add));
        if (toolchain.errorInside(testFile, c.message(), c.details(), root)) {
          editable.add(testFile);
        } else {
          readOnly.add(testFile);
        }
      }
      if (editable.size() == before) {
        entrypointFile().ifPresent(editable::add); // the code under test when nothing else points anywhere
      }
    }
    QualityReport q = current.quality();
    if (q != null && !q.passed()) {
      ids.add("quality: " + q.grade() + " (" + q.score() + " < " + q.threshold() + ")");
      for (QualityReport.Check check : q.checks()) {
        for (QualityReport.Finding f : check.findings()) {
          if (planned(f.file(), FileKind.SOURCE)) {
            editable.add(f.file());
            failures.add("quality " + check.name() + " " + f.file() + ":" + f.line() + ": " + f.message());
          }
        }
      }
    }
    editable.removeIf(p -> round > config.lowPriorityRounds && plan.file(p).map(FileSpec::priority).orElse(Priority.NORMAL) == Priority.LOW);
    Map<String, String> files = new LinkedHashMap<>();
    for (String p : editable) {
      if (files.size() < MAX_FILES_PER_ROUND) {
        context.workspace().read(p).ifPresent(text -> files.put(p, text));
      }
    }
    Map<String, String> ctx = new LinkedHashMap<>();
    for (String p : readOnly) {
      if (!files.containsKey(p)) {
        context.workspace().read(p).ifPresent(text -> ctx.put(p, text));
      }
    }
    return new Target(ids, failures, files, ctx);
  }

  private Optional<String> entrypointFile() {
    for (String candidate : config.stack.entrypointFiles(plan.entrypoint())) {
      if (planned(candidate, FileKind.SOURCE)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private boolean planned(String path, FileKind kind) {
    return path != null && config.stack.isCode(path) && plan.file(path).map(f -> f.kind() == kind).orElse(false);
  }

  boolean isTest(String path) {
    Optional<FileSpec> spec = plan.file(path);
    if (spec.isPresent()) {
      return spec.get().kind() == FileKind.TEST;
    }
    return config.stack.isTestName(path);
  }

  private static boolean failing(TestReport.Outcome o) {
    return o == TestReport.Outcome.FAILED || o == TestReport.Outcome.ERROR;
  }

  // ---- applying a round's fixes

  Applied apply(List<FileFix> fixes, Target target, int round) {
    List<String> refused = new ArrayList<>();
    Map<String, String> accepted = new LinkedHashMap<>();
    Map<String, String> proposedTests = new LinkedHashMap<>();
    Set<String> seen = new HashSet<>();
    for (FileFix fix : fixes) {
      String path = fix.path();
      if (!seen.add(path)) {
        refused.add(path + ": returned twice; the first version is used");
      } else if (!target.files().containsKey(path)) {
        refused.add(path + ": " + (isTest(path) || target.context().containsKey(path)
            ? "a test file may change only for an error inside it"
            : "not among the files at fault " + target.files().keySet()));
      } else if (!fix.content().equals(target.files().get(path))) {
        (isTest(path) ? proposedTests : accepted).put(path, fix.content());
      }
    }
    if (!proposedTests.isEmpty()) {
      checkTests(proposedTests, round, refused).forEach(accepted::put);
    }
    List<String> changed = new ArrayList<>();
    List<String> changedTests = new ArrayList<>();
    Map<String, String> previous = new LinkedHashMap<>();
    accepted.forEach((path, content) -> {
      previous.put(path, target.files().get(path));
      context.workspace().write(path, content);
      changed.add(path);
      if (isTest(path)) {
        changedTests.add(path);
      }
    });
    return new Applied(changed, changedTests, refused, previous);
  }

  /** The proposed test files that keep at least their test functions and asserts; the others are refused. */
  private Map<String, String> checkTests(Map<String, String> proposed, int round, List<String> refused) {
    Path dir = testDir.resolve("proposed-" + round);
    List<String> paths = new ArrayList<>();
    Map<String, String> copyOf = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : proposed.entrySet()) {
      Path copy = dir.resolve(e.getKey()).normalize();
      if (!copy.startsWith(dir)) {
        refused.add(e.getKey() + ": not a workspace path");
        continue;
      }
      try {
        Files.createDirectories(copy.getParent());
        Files.writeString(copy, e.getValue(), StandardCharsets.UTF_8);
      } catch (IOException ex) {
        throw new UncheckedIOException("cannot stage " + e.getKey() + ": " + ex.getMessage(), ex);
      }
      String rel = root.relativize(copy).toString().replace('\\', '/');
      copyOf.put(e.getKey(), rel);
      paths.add(e.getKey());
      paths.add(rel);
    }
    Map<String, Toolchain.TestCounts> counts = toolchain.countTests(paths, sandbox);
    Map<String, String> ok = new LinkedHashMap<>();
    copyOf.forEach((path, rel) -> {
      Toolchain.TestCounts before = counts.get(path);
      Toolchain.TestCounts after = counts.get(rel);
      int testsBefore = before.error() == null ? before.tests() : 0;
      int assertsBefore = before.error() == null ? before.asserts() : 0;
      if (after.error() != null) {
        refused.add(path + ": the new version does not parse (" + after.error() + ")");
      } else if (after.tests() < testsBefore) {
        refused.add(path + ": would lower its test functions from " + testsBefore + " to " + after.tests() + " (a fix may not delete tests)");
      } else if (after.asserts() < assertsBefore) {
        refused.add(path + ": would lower its asserts from " + assertsBefore + " to " + after.asserts() + " (a fix may not weaken tests)");
      } else {
        ok.put(path, proposed.get(path));
      }
    });
    return ok;
  }

  // ---- notes, usage, journal

  private String stackNotes() {
    String versions = toolchain.versionNotes();
    String notes = config.stack.promptNotes();
    return notes.isBlank() ? versions : notes.strip() + "\n" + versions;
  }

  private void journal(TestReport.FixRound round, Attempt after) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("at", context.clock().instant().toString());
    line.put("round", round);
    line.put("passedAfter", after.count(TestReport.Outcome.PASSED));
    line.put("failingAfter", after.count(TestReport.Outcome.FAILED) + after.count(TestReport.Outcome.ERROR));
    line.put("qualityAfter", after.quality() == null ? null : after.quality().grade());
    try {
      Files.createDirectories(runDir);
      Files.writeString(runDir.resolve(JOURNAL), Json.MAPPER.writeValueAsString(line) + "\n", StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND, java.nio.file.LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot journal fix round " + round.round() + ": " + e.getMessage(), e);
    }
  }
}
