package dev.spectra.orchestrator.stack;

import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.FileSpec;
import dev.spectra.orchestrator.QualityReport;
import dev.spectra.orchestrator.sandbox.Sandbox;
import dev.spectra.orchestrator.verify.JUnitXml;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A whole stack for the engine's tests that names no real language and needs only a JVM: a service is a routes file
 * ({@code GET /path -> body} lines) served by {@link TextService}; a test file holds {@code expect ROUTES GET /path ->
 * body} lines, run by {@link TextTestRunner}, which writes JUnit XML. Its toolchain is this JVM.
 */
public final class TextStack implements TargetStack {
  /** The stack id. */
  public static final String ID = "text-routes";

  private static final Pattern AT = Pattern.compile("at (\\S+):(\\d+)");

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Wording wording() {
    return new Wording("the routes file the service serves", "the routes file; it must be one of the planned files",
        "the routes file; it must be a planned file", "service/routes.txt");
  }

  @Override
  public List<String> entrypointProblems(String entrypoint, Set<String> plannedPaths) {
    if (!entrypoint.endsWith(".routes") && !entrypoint.endsWith(".txt")) {
      return List.of("must name a routes file ending in .txt, but was \"" + entrypoint + "\"");
    }
    return plannedPaths.contains(entrypoint) ? List.of() : List.of("\"" + entrypoint + "\" is not a planned file");
  }

  @Override
  public List<String> entrypointFiles(String entrypoint) {
    return List.of(entrypoint);
  }

  @Override
  public Optional<Producer> producerFor(FileSpec file, ArchitecturePlan plan) {
    return Optional.empty();
  }

  @Override
  public String signatures(String path, String content) {
    return String.join("\n", content.lines().filter(l -> l.startsWith("GET ")).map(l -> l.substring(0, l.indexOf(" ->") < 0 ? l.length() : l.indexOf(" ->"))).toList());
  }

  @Override
  public String promptNotes() {
    return "One route per line: GET /path -> body.";
  }

  @Override
  public boolean isCode(String path) {
    return path.endsWith(".txt");
  }

  @Override
  public boolean isTestName(String path) {
    return path.substring(path.lastIndexOf('/') + 1).startsWith("test");
  }

  @Override
  public List<String> exportedCommand(String entrypoint) {
    return List.of("java", TextService.class.getName(), entrypoint, "127.0.0.1", "8080");
  }

  @Override
  public Toolchain discoverToolchain() {
    return new JvmToolchain();
  }

  /** This JVM runs the test runner and the service. */
  static final class JvmToolchain implements Toolchain {
    private static List<String> java(Class<?> main) {
      return new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
          System.getProperty("java.class.path"), main.getName()));
    }

    @Override
    public String description() {
      return "java " + System.getProperty("java.version");
    }

    @Override
    public Map<String, String> versions() {
      return Map.of("java", System.getProperty("java.version"));
    }

    @Override
    public String versionNotes() {
      return "Tested with Java " + System.getProperty("java.version") + ".";
    }

    @Override
    public Sandbox.Builder sandbox(Path dir) {
      return dev.spectra.orchestrator.sandbox.SandboxInspection.withTestClassPath(Sandbox.builder(dir));
    }

    @Override
    public List<String> checkDependencies(ArchitecturePlan plan, Set<String> allowed, Sandbox sandbox) {
      return plan.dependencies().isEmpty() ? List.of() : List.of("routes need no dependencies (ignored): " + plan.dependencies());
    }

    @Override
    public List<String> testCommand(Path root, List<String> testFiles, Path reportDir) {
      List<String> argv = java(TextTestRunner.class);
      argv.add(reportDir.toString());
      argv.addAll(testFiles);
      return argv;
    }

    @Override
    public List<TestCaseResult> readReports(Path reportDir, Path root) {
      List<TestCaseResult> out = new ArrayList<>();
      try (Stream<Path> files = Files.list(reportDir)) {
        for (Path xml : files.filter(p -> p.toString().endsWith(".xml")).sorted().toList()) {
          for (JUnitXml.Case c : JUnitXml.parse(xml)) {
            out.add(new TestCaseResult(c.file() + "::" + c.name(), c.file(), c.outcome(), c.message(), c.details()));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return out;
    }

    @Override
    public List<String> faultFiles(String failureText, Path root, Predicate<String> isTest) {
      List<String> out = new ArrayList<>();
      Matcher m = AT.matcher(failureText);
      while (m.find()) {
        if (!isTest.test(m.group(1)) && !out.contains(m.group(1))) {
          out.add(m.group(1));
        }
      }
      return out;
    }

    @Override
    public boolean errorInside(String testFile, String message, String details, Path root) {
      return message.startsWith("malformed");
    }

    @Override
    public Map<String, TestCounts> countTests(List<String> paths, Sandbox sandbox) {
      Map<String, TestCounts> out = new LinkedHashMap<>();
      for (String p : paths) {
        try {
          long n = Files.readString(sandbox.workingDirectory().resolve(p)).lines().filter(l -> l.startsWith("expect ")).count();
          out.put(p, new TestCounts((int) n, (int) n, null));
        } catch (IOException e) {
          out.put(p, new TestCounts(0, 0, e.toString()));
        }
      }
      return out;
    }

    @Override
    public QualityReport grade(List<String> sources, Sandbox sandbox) {
      return null;
    }

    @Override
    public List<String> serviceCommand(String entrypoint, String host, int port) {
      List<String> argv = java(TextService.class);
      argv.addAll(List.of(entrypoint, host, Integer.toString(port)));
      return argv;
    }
  }
}
