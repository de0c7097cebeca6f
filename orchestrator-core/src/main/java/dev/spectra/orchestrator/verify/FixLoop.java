package dev.spectra.orchestrator.verify;

import dev.spectra.orchestrator.sandbox.Sandbox;
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
import dev.spectra.orchestrator.build.RunJournal;
import dev.spectra.orchestrator.internal.Checks;
import dev.spectra.orchestrator.internal.Json;
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

/** One run of the Test activity: pytest, the quality gate, and the bounded, guarded fix rounds. */
final class FixLoop {
  static final int MAX_FILES_PER_ROUND = 10;
  static final int MAX_FAILURE_CHARS = 3000;
  static final int MAX_MESSAGE_CHARS = 4000;
  static final String JOURNAL = "fix-rounds.jsonl";

  private final PytestActivity config;
  private final ArchitecturePlan plan;
  private final RunContext context;
  private final PythonToolchain python;
  private final Sandbox sandbox;
  private final Path root;
  private final Path runDir;
  private final Path testDir;

  FixLoop(PytestActivity config, ArchitecturePlan plan, RunContext context, PythonToolchain python, Sandbox sandbox) {
    this.config = config;
    this.plan = plan;
    this.context = context;
    this.python = python;
    this.sandbox = sandbox;
    this.root = context.workspace().root();
    this.runDir = RunJournal.runDirectory(context.workspace(), context.runId());
    this.testDir = runDir.resolve("test");
  }

  /** What one pytest run and grading found. {@code collected} counts the test cases pytest reported. */
  record Attempt(List<JUnitXml.Case> cases, int collected, QualityReport quality) {
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
      Usage used = minus(context.ledger().total().usage(), before);
      Applied applied = apply(fixes == null ? List.of() : fixes, target, round);
      List<String> changed = applied.changed();
      List<String> changedTests = applied.changedTests();
      List<String> refused = new ArrayList<>(applied.refused());
      if (!changed.isEmpty()) {
        Attempt next = attempt(round);
        if (next.collected() < current.collected()) {
          applied.previous().forEach((path, content) -> context.workspace().write(path, content));
          refused.add("round " + round + " reverted: pytest collected " + next.collected() + " tests after it instead of "
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
        current.quality(), rounds, null, python.description());
  }

  // ---- one pytest run and grading

  Attempt attempt(int n) {
    context.throwIfCancelled();
    Path junit = testDir.resolve("junit-" + n + ".xml");
    Path log = testDir.resolve("pytest-" + n + ".log");
    try {
      Files.createDirectories(testDir);
      Files.deleteIfExists(junit);
      Files.deleteIfExists(log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare " + testDir + ": " + e.getMessage(), e);
    }
    List<String> argv = new ArrayList<>(List.of(python.executable().toString(), "-m", "pytest", "-p", "no:cacheprovider",
        "-o", "junit_family=xunit1", "--continue-on-collection-errors", "--rootdir=" + root, "-q",
        "--junitxml=" + junit));
    existing(FileKind.TEST).stream()
        .filter(p -> !p.endsWith("/__init__.py") && !p.equals("__init__.py") && !p.endsWith("conftest.py"))
        .forEach(argv::add);
    Sandbox.Result r = sandbox.run(argv, config.timeout, log, context);
    List<JUnitXml.Case> cases;
    int collected = 0;
    String tail = Checks.excerpt(r.output().strip(), 2000);
    if (r.timedOut()) {
      cases = List.of(synthetic("pytest (time limit)", "pytest did not finish within " + config.timeout
          + "; its whole process tree was killed. End of its output:\n" + tail));
    } else if (!Files.isRegularFile(junit)) {
      cases = List.of(synthetic("pytest (no report)", "pytest exited with code " + r.exitCode()
          + " and wrote no JUnit report. End of its output:\n" + tail));
    } else {
      try {
        cases = JUnitXml.parse(junit);
        collected = cases.size();
      } catch (OrchestratorException e) {
        cases = List.of(synthetic("pytest (unreadable report)", e.getMessage()));
      }
      if (cases.isEmpty()) {
        cases = List.of(synthetic("pytest (no tests)", "pytest collected no tests (exit code " + r.exitCode()
            + "); the plan's test files define none. End of its output:\n" + tail));
      }
    }
    QualityReport quality = config.qualityGate == null ? null : config.qualityGate.evaluate(python, sandbox, existing(FileKind.SOURCE));
    return new Attempt(cases, collected, quality);
  }

  private static JUnitXml.Case synthetic(String name, String message) {
    return new JUnitXml.Case(name, "", TestReport.Outcome.ERROR, message, "");
  }

  /** Planned Python files of this kind that exist in the workspace. */
  private List<String> existing(FileKind kind) {
    List<String> out = new ArrayList<>();
    for (FileSpec f : plan.files()) {
      if (f.kind() == kind && f.path().endsWith(".py") && Files.isRegularFile(root.resolve(f.path()))) {
        out.add(f.path());
      }
    }
    return out;
  }

  private static List<TestReport.TestCase> testCases(Attempt a) {
    List<TestReport.TestCase> out = new ArrayList<>();
    for (JUnitXml.Case c : a.cases()) {
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
    for (JUnitXml.Case c : current.cases()) {
      if (!failing(c.outcome())) {
        continue;
      }
      ids.add(c.name());
      failures.add(c.name() + " " + c.outcome() + ": " + Checks.excerpt((c.message() + "\n" + c.details()).strip(), MAX_FAILURE_CHARS));
      if (c.file().isEmpty() && c.details().isEmpty()) {
        continue; // pytest itself failed: nothing to locate
      }
      int before = editable.size();
      for (String f : Tracebacks.faultFiles(c.details(), root, this::isTest)) {
        if (planned(f, FileKind.SOURCE)) {
          editable.add(f);
        }
      }
      String testFile = c.file();
      if (planned(testFile, FileKind.TEST)) {
        plan.file(testFile).ifPresent(spec -> spec.dependsOn().stream().filter(d -> planned(d, FileKind.SOURCE)).forEach(editable::add));
        if (Tracebacks.errorInside(testFile, c.message(), c.details(), root)) {
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
    String module = plan.entrypoint().substring(0, plan.entrypoint().indexOf(':')).replace('.', '/');
    for (String candidate : List.of(module + ".py", module + "/__init__.py")) {
      if (planned(candidate, FileKind.SOURCE)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private boolean planned(String path, FileKind kind) {
    return path != null && path.endsWith(".py") && plan.file(path).map(f -> f.kind() == kind).orElse(false);
  }

  boolean isTest(String path) {
    Optional<FileSpec> spec = plan.file(path);
    if (spec.isPresent()) {
      return spec.get().kind() == FileKind.TEST;
    }
    String name = path.substring(path.lastIndexOf('/') + 1);
    return name.startsWith("test_") || name.endsWith("_test.py") || name.equals("conftest.py");
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
    Map<String, QualityGate.TestCounts> counts = QualityGate.countTests(python, sandbox, paths);
    Map<String, String> ok = new LinkedHashMap<>();
    copyOf.forEach((path, rel) -> {
      QualityGate.TestCounts before = counts.get(path);
      QualityGate.TestCounts after = counts.get(rel);
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
    String versions = "Tested with Python " + python.pythonVersion() + python.versions().entrySet().stream()
        .filter(e -> !e.getKey().equals("python")).map(e -> ", " + e.getKey() + " " + e.getValue()).reduce("", String::concat)
        + (python.pydanticMajor() > 0 ? "; the code must work on pydantic " + python.pydanticMajor() + "." : ".");
    return config.stackNotes.isBlank() ? versions : config.stackNotes.strip() + "\n" + versions;
  }

  private static Usage minus(Usage after, Usage before) {
    return new Usage(Math.max(0, after.inputTokens() - before.inputTokens()),
        Math.max(0, Math.min(after.cachedInputTokens() - before.cachedInputTokens(), after.inputTokens() - before.inputTokens())),
        Math.max(0, after.outputTokens() - before.outputTokens()));
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
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot journal fix round " + round.round() + ": " + e.getMessage(), e);
    }
  }
}
