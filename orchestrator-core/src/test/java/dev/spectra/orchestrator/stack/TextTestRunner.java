package dev.spectra.orchestrator.stack;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@link TextStack}'s test runner, run in a sandboxed JVM: {@code REPORT_DIR TEST_FILE...}. Each {@code expect
 * ROUTES GET /path -> body} line of a test file is a test case that passes when ROUTES holds that exact line; one
 * JUnit XML report per test file.
 */
public final class TextTestRunner {
  private TextTestRunner() {}

  public static void main(String[] args) throws Exception {
    Path reports = Path.of(args[0]);
    for (int i = 1; i < args.length; i++) {
      String testFile = args[i];
      StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite>\n");
      List<String> lines = Files.readAllLines(Path.of(testFile), StandardCharsets.UTF_8);
      for (int n = 0; n < lines.size(); n++) {
        String line = lines.get(n);
        if (!line.startsWith("expect ")) {
          continue;
        }
        String[] parts = line.substring(7).split(" ", 2);
        String name = "line" + (n + 1);
        xml.append("  <testcase classname=\"").append(testFile).append("\" name=\"").append(name).append("\" file=\"")
            .append(testFile).append("\">");
        if (parts.length < 2) {
          xml.append("<error message=\"malformed expect line\">").append(escape(line)).append("</error>");
        } else {
          List<String> routes = Files.exists(Path.of(parts[0])) ? Files.readAllLines(Path.of(parts[0])) : List.of();
          int at = routes.indexOf(parts[1]);
          if (at < 0) {
            String route = parts[1].contains(" ->") ? parts[1].substring(0, parts[1].indexOf(" ->")) : parts[1];
            int near = 1;
            for (int r = 0; r < routes.size(); r++) {
              if (routes.get(r).startsWith(route)) {
                near = r + 1;
              }
            }
            xml.append("<failure message=\"expected ").append(escape(parts[1])).append("\">expected ")
                .append(escape(parts[1])).append("\n  at ").append(parts[0]).append(':').append(near).append("</failure>");
          }
        }
        xml.append("</testcase>\n");
      }
      xml.append("</testsuite>\n");
      Files.writeString(reports.resolve("TEST-" + testFile.replace('/', '_') + ".xml"), xml, StandardCharsets.UTF_8);
    }
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
