package dev.spectra.orchestrator.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/architecture.md's "The public API" lists exactly the public top-level types of each module outside the
 * {@code internal} packages, with the right count; each {@code internal} package says in its package-info that it is
 * not API; and every published module has an API baseline (the check that keeps the list honest over time).
 */
class PublicApiDocTest {
  static final Path ARCHITECTURE = Markdown.ROOT.resolve("docs/architecture.md");
  static final String PREFIX = "dev.spectra.orchestrator.";
  static final Pattern PUBLIC_TYPE = Pattern.compile(
      "(?m)^public (?:final |abstract |sealed |non-sealed |strictfp )*(?:class|interface|record|enum|@interface) ");
  static final Pattern PACKAGE = Pattern.compile("(?m)^package ([\\w.]+);");

  @Test
  void theArchitecturePageListsEachModulesPublicApiExactly() throws IOException {
    Map<String, List<String>> documented = documented();
    for (String module : modules()) {
      List<String> actual = publicTypes(module, false);
      assertThat(documented.get(module)).as("docs/architecture.md, The public API, **%s**: one line `type`: what it is,"
          + " per public top-level type outside internal packages (package prefix dropped)", module)
          .containsExactlyInAnyOrderElementsOf(actual);
    }
    assertThat(documented.keySet()).containsExactlyInAnyOrderElementsOf(modules());
  }

  @Test
  void everyInternalPackageSaysItIsNotApi() throws IOException {
    List<Path> packageInfos = new ArrayList<>();
    for (String module : modules()) {
      for (String type : publicTypes(module, true)) {
        String pkg = type.contains(".") ? type.substring(0, type.lastIndexOf('.')) : "";
        if (("." + pkg + ".").contains(".internal.")) {
          packageInfos.add(source(module, pkg, "package-info"));
        }
      }
    }
    assertThat(packageInfos).as("public types in internal packages").isNotEmpty();
    for (Path info : packageInfos.stream().distinct().toList()) {
      assertThat(info).as("the package-info of an internal package").isRegularFile();
      assertThat(Files.readString(info)).as("%s", info).containsIgnoringCase("not API");
    }
  }

  @Test
  void everyPublishedModuleHasABaselineAndTheExamplesOptOutWithAReason() throws IOException {
    for (String module : BomTest.bomModules()) {
      assertThat(Markdown.ROOT.resolve(module).resolve("api-baseline").resolve(module + "-baseline.jar"))
          .as("the API baseline of %s (CONTRIBUTING.md, The public API)", module).isRegularFile();
    }
    assertThat(Files.readString(Markdown.ROOT.resolve("orchestrator-examples/pom.xml")))
        .contains("<api.check.skip>true</api.check.skip>");
  }

  /** The modules with Java sources: every module of the reactor but the BOM. */
  static List<String> modules() throws IOException {
    try (Stream<Path> dirs = Files.list(Markdown.ROOT)) {
      return dirs.filter(d -> Files.isDirectory(d.resolve("src/main/java"))).map(d -> d.getFileName().toString())
          .sorted().toList();
    }
  }

  /** The module's public top-level types, as {@code package.Type} without the common prefix. */
  static List<String> publicTypes(String module, boolean withInternal) throws IOException {
    Path root = Markdown.ROOT.resolve(module).resolve("src/main/java");
    List<String> types = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
        String text = Files.readString(f);
        Matcher pkg = PACKAGE.matcher(text);
        if (!PUBLIC_TYPE.matcher(text).find() || !pkg.find()) {
          continue;
        }
        String name = pkg.group(1) + "." + f.getFileName().toString().replace(".java", "");
        String shortName = name.startsWith(PREFIX) ? name.substring(PREFIX.length()) : name;
        boolean internal = ("." + shortName).contains(".internal.");
        if (withInternal || !internal) {
          types.add(shortName);
        }
      }
    }
    return types;
  }

  private static Path source(String module, String shortPackage, String type) {
    return Markdown.ROOT.resolve(module).resolve("src/main/java")
        .resolve((PREFIX + shortPackage).replace('.', '/')).resolve(type + ".java");
  }

  /** Per module, the types of the section's bullets ({@code - `type`: ...}) and of its one-line entries. */
  static Map<String, List<String>> documented() throws IOException {
    String text = Files.readString(ARCHITECTURE);
    int start = text.indexOf("\n## The public API\n");
    assertThat(start).as("docs/architecture.md has a section \"## The public API\"").isNotNegative();
    int end = text.indexOf("\n## ", start + 1);
    String section = text.substring(start, end < 0 ? text.length() : end);
    Map<String, List<String>> byModule = new TreeMap<>();
    Matcher heading = Pattern.compile("(?m)^\\*\\*(orchestrator-[\\w-]+)\\*\\*(.*)$").matcher(section);
    List<int[]> spans = new ArrayList<>();
    List<String> names = new ArrayList<>();
    while (heading.find()) {
      spans.add(new int[] {heading.start(), heading.end()});
      names.add(heading.group(1));
    }
    for (int i = 0; i < names.size(); i++) {
      String body = section.substring(spans.get(i)[0], i + 1 < spans.size() ? spans.get(i + 1)[0] : section.length());
      List<String> types = new ArrayList<>();
      Matcher bullet = Pattern.compile("(?m)^- `([\\w.]+)`: ").matcher(body);
      while (bullet.find()) {
        types.add(bullet.group(1));
      }
      Matcher count = Pattern.compile("\\((\\d+) types\\)").matcher(body.lines().findFirst().orElse(""));
      if (count.find()) {
        assertThat(types).as("**%s** says (%s types)", names.get(i), count.group(1)).hasSize(Integer.parseInt(count.group(1)));
      } else {
        Matcher inline = Pattern.compile("`([\\w.]+)`").matcher(body);
        while (inline.find() && types.isEmpty()) {
          types.add(inline.group(1));
        }
      }
      byModule.put(names.get(i), types);
    }
    return byModule;
  }
}
