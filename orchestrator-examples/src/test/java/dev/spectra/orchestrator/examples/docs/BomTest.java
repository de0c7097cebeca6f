package dev.spectra.orchestrator.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * orchestrator-bom against the reactor: it names exactly the published modules (every module but the BOM itself and
 * the examples application), it pins every library those modules bring to a consumer, and it has no parent, so that
 * importing it brings nothing else.
 */
class BomTest {
  static final Path BOM = Markdown.ROOT.resolve("orchestrator-bom/pom.xml");
  /** Reactor modules that are not published libraries. */
  static final Set<String> UNPUBLISHED = Set.of("orchestrator-bom", "orchestrator-examples");

  @Test
  void theBomNamesExactlyThePublishedModulesOfTheReactor() throws IOException {
    List<String> published = new ArrayList<>(tags(section(read(Markdown.ROOT.resolve("pom.xml")), "modules"), "module"));
    published.removeAll(UNPUBLISHED);

    assertThat(bomModules()).as("dev.spectra artifacts in orchestrator-bom/pom.xml: add a new published module there,"
        + " or to BomTest.UNPUBLISHED when it is not for consumers").containsExactlyInAnyOrderElementsOf(published);
  }

  @Test
  void theBomPinsEveryLibraryAPublishedModuleBringsToConsumers() throws IOException {
    Set<String> managed = managed(read(BOM));
    for (String module : bomModules()) {
      for (String dependency : dependencies(read(Markdown.ROOT.resolve(module).resolve("pom.xml"))
          .replaceAll("(?s)<dependencyManagement>.*?</dependencyManagement>", ""))) {
        if (dependency.contains("<scope>test</scope>") || dependency.contains("<optional>true</optional>")) {
          continue;
        }
        String group = tag(dependency, "groupId");
        String ga = group + ":" + tag(dependency, "artifactId");
        boolean imported = managed.stream().anyMatch(m -> m.endsWith(":*") && group.startsWith(m.substring(0, m.length() - 2)));
        assertThat(imported || managed.contains(ga)).as("%s depends on %s: the BOM must pin it, or a consumer's graph may not converge", module, ga)
            .isTrue();
      }
    }
  }

  @Test
  void theBomHasNoParentAndTheBuildsVersion() throws IOException {
    String bom = read(BOM);
    assertThat(bom).doesNotContain("<parent>");
    String parent = read(Markdown.ROOT.resolve("pom.xml"));
    assertThat(tag(section(parent, "parent"), "artifactId")).as("the build's parent inherits the BOM's versions")
        .isEqualTo("orchestrator-bom");
    assertThat(tag(section(parent, "parent"), "version")).isEqualTo(tag(bom, "version"));
  }

  /** The dev.spectra artifactIds orchestrator-bom manages. */
  static List<String> bomModules() throws IOException {
    List<String> modules = new ArrayList<>();
    for (String ga : managed(read(BOM))) {
      if (ga.startsWith("dev.spectra:") && !ga.endsWith(":*")) {
        modules.add(ga.substring("dev.spectra:".length()));
      }
    }
    return modules;
  }

  /**
   * groupId:artifactId of every dependency in a pom's dependencyManagement; an imported BOM (jackson-bom, say) stands
   * for its whole group, as {@code groupId:*}.
   */
  private static Set<String> managed(String pom) {
    Set<String> out = new LinkedHashSet<>();
    for (String d : dependencies(section(pom, "dependencyManagement"))) {
      out.add(tag(d, "groupId") + ":" + (d.contains("<scope>import</scope>") ? "*" : tag(d, "artifactId")));
    }
    return out;
  }

  /** The {@code <dependency>} elements in a piece of pom. */
  private static List<String> dependencies(String xml) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("(?s)<dependency>(.*?)</dependency>").matcher(xml);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  private static String section(String xml, String tag) {
    Matcher m = Pattern.compile("(?s)<" + tag + ">.*?</" + tag + ">").matcher(xml.replaceAll("(?s)<!--.*?-->", ""));
    assertThat(m.find()).as("<%s> in a pom", tag).isTrue();
    return m.group();
  }

  private static List<String> tags(String xml, String tag) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("<" + tag + ">\\s*([^<]+?)\\s*</" + tag + ">").matcher(xml);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  private static String tag(String xml, String tag) {
    List<String> all = tags(xml, tag);
    assertThat(all).as("<%s> in\n%s", tag, xml).isNotEmpty();
    return all.get(0);
  }

  private static String read(Path pom) throws IOException {
    return Files.readString(pom).replaceAll("(?s)<!--.*?-->", "");
  }
}
