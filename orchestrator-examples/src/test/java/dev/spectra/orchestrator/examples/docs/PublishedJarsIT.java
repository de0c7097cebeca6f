package dev.spectra.orchestrator.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * What {@code mvn install} publishes for each module the BOM names (after {@code package}, so failsafe): the jar, its
 * {@code -sources.jar} with the module's sources and its {@code -javadoc.jar} with the generated pages, and module
 * names that differ from jar to jar, tests jars included.
 */
class PublishedJarsIT {
  @Test
  void everyPublishedModuleHasItsSourcesAndJavadocJarAndItsOwnModuleName() throws IOException {
    String version = ConsumerProjectIT.version();
    Set<String> moduleNames = new HashSet<>();
    List<Path> jars = new ArrayList<>();
    for (String module : BomTest.bomModules()) {
      Path target = Markdown.ROOT.resolve(module).resolve("target");
      jars.add(target.resolve(module + "-" + version + ".jar"));
      Path tests = target.resolve(module + "-" + version + "-tests.jar");
      if (Files.isRegularFile(tests)) {
        jars.add(tests);
      }
      try (JarFile sources = new JarFile(target.resolve(module + "-" + version + "-sources.jar").toFile());
           JarFile javadoc = new JarFile(target.resolve(module + "-" + version + "-javadoc.jar").toFile())) {
        assertThat(sources.stream().map(e -> e.getName())).as(module + " sources").anyMatch(n -> n.endsWith(".java"));
        assertThat(javadoc.getEntry("index.html")).as(module + " javadoc index.html").isNotNull();
        assertThat(javadoc.stream().map(e -> e.getName())).as(module + " javadoc pages")
            .anyMatch(n -> n.contains("dev/spectra/orchestrator/") && n.endsWith(".html")); // under a module folder, as javadoc lays out automatic modules
      }
    }
    for (Path jar : jars) {
      try (JarFile j = new JarFile(jar.toFile())) {
        String name = j.getManifest().getMainAttributes().getValue("Automatic-Module-Name");
        assertThat(name).as(jar + " Automatic-Module-Name").startsWith("dev.spectra.orchestrator.");
        assertThat(moduleNames.add(name)).as(jar + ": a second jar named module " + name).isTrue();
      }
    }
    assertThat(moduleNames).contains("dev.spectra.orchestrator.core", "dev.spectra.orchestrator.core.tests");
  }
}
