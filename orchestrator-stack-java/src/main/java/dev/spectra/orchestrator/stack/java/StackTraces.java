package dev.spectra.orchestrator.stack.java;

import dev.spectra.orchestrator.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the workspace files in a Java failure: stack-trace frames ({@code at com.example.Foo.bar(Foo.java:12)}) of
 * classes under {@code src/main/java} or {@code src/test/java}, and the compiler's
 * {@code src/main/java/com/example/Foo.java:[12,5] message} lines.
 */
final class StackTraces {
  private static final Pattern FRAME = Pattern.compile(
      "(?m)^\\s*at\\s+(?:[\\w.$-]+/)*(?<cls>[A-Za-z_$][\\w$]*(?:\\.[A-Za-z_$][\\w$]*)*)\\.[\\w$<>]+\\([^)\\n]*?(?::(?<line>\\d+))?\\)");
  private static final Pattern COMPILER = Pattern.compile(
      "(?m)^(?:\\[ERROR\\]\\s+)?(?<path>[^\\s\\[\\]:]+\\.java):\\[(?<line>\\d+),(?<col>\\d+)\\]\\s*(?<message>.*)$");
  private static final Pattern SYMBOL = Pattern.compile("^(?:\\[ERROR\\])?\\s+(?<what>symbol|location)\\s*:\\s*(?<value>\\S.*)$");
  private static final Pattern EXCEPTION = Pattern.compile("^(?:Caused by:\\s+)?(?<type>[A-Za-z_$][\\w$]*(?:\\.[A-Za-z_$][\\w$]*)+)(?::|$)");
  private static final List<String> ROOTS = List.of("src/main/java/", "src/test/java/");

  private StackTraces() {}

  /** The workspace file of a class name ({@code com.example.Foo$Inner}), if one exists under a source root. */
  static Optional<String> sourceFile(String className, Path root) {
    String outer = className;
    int dollar = outer.indexOf('$');
    if (dollar >= 0) {
      outer = outer.substring(0, dollar);
    }
    if (outer.isEmpty()) {
      return Optional.empty();
    }
    String rel = outer.replace('.', '/') + ".java";
    for (String r : ROOTS) {
      try {
        if (Files.isRegularFile(root.resolve(r + rel))) {
          return Optional.of(r + rel);
        }
      } catch (InvalidPathException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /**
   * The workspace files of a failure, innermost first: the compiler's files, then the frames of the deepest
   * {@code Caused by:} section first, each section top down; files that are not tests before test files, each once.
   */
  static List<String> faultFiles(String text, Path root, Predicate<String> isTest) {
    Set<String> all = new LinkedHashSet<>(compilerErrors(text, root).keySet());
    all.addAll(frames(text, root));
    Set<String> code = new LinkedHashSet<>();
    Set<String> tests = new LinkedHashSet<>();
    for (String f : all) {
      (isTest.test(f) ? tests : code).add(f);
    }
    List<String> out = new ArrayList<>(code);
    tests.stream().filter(t -> !code.contains(t)).forEach(out::add);
    return out;
  }

  /** Workspace files of the frames, innermost first (the deepest cause's section first). */
  static List<String> frames(String text, Path root) {
    List<String> sections = new ArrayList<>(List.of(text.split("(?m)^\\s*Caused by:", -1)));
    Set<String> out = new LinkedHashSet<>();
    for (int i = sections.size() - 1; i >= 0; i--) {
      Matcher m = FRAME.matcher(sections.get(i));
      while (m.find()) {
        sourceFile(m.group("cls"), root).ifPresent(out::add);
      }
    }
    return new ArrayList<>(out);
  }

  /**
   * The compiler's errors by workspace file, in order, each once (Maven prints them twice: as they come, then in the
   * goal's failure): each as {@code path:[line,column] message}, the form the fix loop's failure text carries and
   * {@link #faultFiles} reads back, with javac's {@code symbol:} and {@code location:} lines that follow it appended in
   * parentheses (a bare "cannot find symbol" does not say which).
   */
  static Map<String, List<String>> compilerErrors(String text, Path root) {
    Map<String, Set<String>> found = new LinkedHashMap<>();
    String[] lines = text.split("\r?\n");
    for (int i = 0; i < lines.length; i++) {
      Matcher m = COMPILER.matcher(lines[i]);
      if (!m.find()) {
        continue;
      }
      List<String> detail = new ArrayList<>();
      Matcher more;
      while (i + 1 < lines.length && (more = SYMBOL.matcher(lines[i + 1])).matches()) {
        detail.add(more.group("what") + ": " + more.group("value").strip());
        i++;
      }
      String entry = ":[" + m.group("line") + "," + m.group("col") + "] " + m.group("message").strip()
          + (detail.isEmpty() ? "" : " (" + String.join(", ", detail) + ")");
      Workspace.fileOf(root, m.group("path")).ifPresent(rel -> found.computeIfAbsent(rel, k -> new LinkedHashSet<>())
          .add(rel + entry));
    }
    Map<String, List<String>> out = new LinkedHashMap<>();
    found.forEach((file, errors) -> out.put(file, List.copyOf(errors)));
    return out;
  }

  /**
   * True when the error lies in the test file itself: the compiler rejected it, or the innermost workspace frame of
   * the deepest cause is in it and the error is not a failed assertion (an assertion that fails is the test doing
   * its job: the code under test is at fault).
   */
  static boolean errorInside(String testFile, String message, String details, Path root) {
    if (compilerErrors(details, root).containsKey(testFile)) {
      return true;
    }
    List<String> frames = frames(details, root);
    if (frames.isEmpty() || !frames.get(0).equals(testFile)) {
      return false;
    }
    return !assertionFailure(message, details);
  }

  /** The deepest exception's type is an assertion error (JUnit's, AssertJ's, opentest4j's, Java's). */
  static boolean assertionFailure(String message, String details) {
    String type = null;
    for (String line : details.split("\n")) {
      Matcher e = EXCEPTION.matcher(line.strip());
      if (!line.startsWith("\t") && !line.startsWith(" ") && e.find()) {
        type = e.group("type");
      }
    }
    if (type == null) {
      Matcher e = EXCEPTION.matcher(message.strip());
      type = e.find() ? e.group("type") : "";
    }
    String simple = type.substring(type.lastIndexOf('.') + 1);
    return simple.equals("AssertionError") || simple.equals("AssertionFailedError") || simple.equals("ComparisonFailure")
        || simple.equals("MultipleFailuresError") || type.startsWith("org.opentest4j.") || type.startsWith("org.assertj.");
  }
}
