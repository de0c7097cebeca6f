package dev.spectra.orchestrator.stack;

import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.QualityReport;
import dev.spectra.orchestrator.TestReport;
import dev.spectra.orchestrator.sandbox.Sandbox;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A stack's tools as found on this machine: what runs the generated tests, reads their reports, locates the files at
 * fault, counts tests so that a fix cannot weaken them, grades quality, and launches the service. Every command it
 * gives runs in a {@link Sandbox} built by {@link #sandbox}. Found by {@link TargetStack#discoverToolchain()}.
 */
public interface Toolchain {
  /** Where the toolchain is and its version, for notes and reports, e.g. {@code /usr/bin/mvn (3.8.7), JDK 17}. */
  String description();

  /** The versions of the runtime and the libraries it provides, by name. */
  Map<String, String> versions();

  /** What the code was tested with, for the fixer's prompt, e.g. {@code Tested with JDK 17 and Spring Boot 3.5.}. */
  String versionNotes();

  /** A sandbox for this toolchain's children in {@code dir}, with the environment its tools need. */
  Sandbox.Builder sandbox(Path dir);

  /**
   * Checks the plan's dependencies against {@code allowed} and this toolchain before any test runs.
   *
   * @return notes on dependencies that were ignored (e.g. standard-library names)
   * @throws UnavailableDependencyException naming each dependency the stack cannot provide
   */
  List<String> checkDependencies(ArchitecturePlan plan, java.util.Set<String> allowed, Sandbox sandbox);

  /**
   * The command that runs these test files (workspace-relative) in {@code root} and writes JUnit XML reports into
   * {@code reportDir}.
   */
  List<String> testCommand(Path root, List<String> testFiles, Path reportDir);

  /**
   * The test cases of the reports a test run wrote into {@code reportDir}.
   *
   * @throws dev.spectra.orchestrator.OrchestratorException when a report cannot be read
   */
  List<TestCaseResult> readReports(Path reportDir, Path root);

  /** The planned files at fault for a failure text, innermost first; {@code isTest} tells test files apart. */
  List<String> faultFiles(String failureText, Path root, Predicate<String> isTest);

  /** True when the failure of a test in {@code testFile} comes from inside that file, not from the code it tests. */
  boolean errorInside(String testFile, String message, String details, Path root);

  /** Test functions and asserts of each file (workspace-relative), to refuse a fix that weakens tests. */
  Map<String, TestCounts> countTests(List<String> paths, Sandbox sandbox);

  /** The quality grade of these source files, or {@code null} when this toolchain has no quality gate. */
  QualityReport grade(List<String> sources, Sandbox sandbox);

  /** The command that serves the service's entrypoint on {@code host}:{@code port}, run in the workspace. */
  List<String> serviceCommand(String entrypoint, String host, int port);

  /**
   * One test case of a report.
   *
   * @param name the test's id, e.g. {@code com.example.HelloTest.greets}
   * @param file the test file, workspace-relative, or empty
   * @param outcome how it ended
   * @param message the failure's first line, or empty
   * @param details the failure text (stack trace), or empty
   */
  record TestCaseResult(String name, String file, TestReport.Outcome outcome, String message, String details) {}

  /**
   * How many tests and asserts a file holds, or why it could not be read.
   *
   * @param tests test functions or methods
   * @param asserts assertions
   * @param error why the file could not be parsed, or {@code null}
   */
  record TestCounts(int tests, int asserts, String error) {}
}
