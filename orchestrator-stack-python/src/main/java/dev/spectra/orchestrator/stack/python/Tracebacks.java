package dev.spectra.orchestrator.stack.python;

import dev.spectra.orchestrator.workspace.Workspace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the workspace files in a pytest failure text: pytest's {@code path.py:12: in func} lines and Python's
 * {@code File "path.py", line 12} lines, in order of appearance (outermost first).
 */
final class Tracebacks {
  private static final Pattern FRAME = Pattern.compile(
      "(?m)^(?<p1>[^\\s:<>\"][^:\\n<>\"]*\\.py):(?<l1>\\d+):|File \"(?<p2>[^\"\\n]+\\.py)\", line (?<l2>\\d+)");
  private static final Pattern EXCEPTION_LINE = Pattern.compile("(?m)^E\\s+(?<type>[A-Za-z_][\\w.]*)(?::|$)");

  private Tracebacks() {}

  /**
   * A frame in a workspace file.
   *
   * @param path workspace-relative, with forward slashes
   * @param line 1-based line
   */
  record Frame(String path, int line) {}

  /** Workspace frames in order of appearance (outermost first); frames outside the workspace are dropped. */
  static List<Frame> frames(String text, Path root) {
    List<Frame> out = new ArrayList<>();
    Matcher m = FRAME.matcher(text);
    while (m.find()) {
      String raw = m.group("p1") != null ? m.group("p1") : m.group("p2");
      String line = m.group("l1") != null ? m.group("l1") : m.group("l2");
      Workspace.fileOf(root, raw.strip()).ifPresent(rel -> out.add(new Frame(rel, Integer.parseInt(line))));
    }
    return out;
  }

  /** The files at fault: innermost frame first, files that are not tests before test files, each once. */
  static List<String> faultFiles(String text, Path root, Predicate<String> isTest) {
    List<Frame> frames = frames(text, root);
    Set<String> code = new LinkedHashSet<>();
    Set<String> tests = new LinkedHashSet<>();
    for (int i = frames.size() - 1; i >= 0; i--) {
      String p = frames.get(i).path();
      (isTest.test(p) ? tests : code).add(p);
    }
    List<String> out = new ArrayList<>(code);
    tests.stream().filter(t -> !code.contains(t)).forEach(out::add);
    return out;
  }

  /**
   * True when the error lies in the test file itself: its innermost workspace frame is in that file and the error is
   * not a failed assertion (an assertion that fails is the test doing its job: the code under test is at fault).
   */
  static boolean errorInside(String testFile, String message, String details, Path root) {
    List<Frame> frames = frames(details, root);
    if (frames.isEmpty() || !frames.get(frames.size() - 1).path().equals(testFile)) {
      return false;
    }
    return !assertionFailure(message, details);
  }

  static boolean assertionFailure(String message, String details) {
    String m = message.strip();
    if (m.startsWith("AssertionError") || m.startsWith("assert ")) {
      return true;
    }
    String type = null;
    Matcher e = EXCEPTION_LINE.matcher(details);
    while (e.find()) {
      type = e.group("type");
    }
    return "AssertionError".equals(type);
  }
}
