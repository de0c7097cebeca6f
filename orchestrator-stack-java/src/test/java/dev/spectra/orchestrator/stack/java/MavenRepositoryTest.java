package dev.spectra.orchestrator.stack.java;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spectra.orchestrator.stack.ToolchainUnavailableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MavenRepositoryTest {
  @TempDir Path dir;

  @Test
  void withoutNetworkTheFirstDownloadFailsWithTheHintAndLeavesNoMarker() {
    JavaToolchain jdk = JavaSupport.toolchain().jdk();
    Path empty = dir.resolve("repo");

    // -o: Maven may not reach Central, exactly as on a machine without network
    assertThatThrownBy(() -> MavenRepository.prepare(jdk, empty, List.of("-o")))
        .isInstanceOf(ToolchainUnavailableException.class)
        .hasMessageContaining("pre-resolved Maven repository for Spring Boot 4.0.7")
        .hasMessageContaining("Maven Central could not be reached")
        .hasMessageContaining(MavenRepository.ENV);
    assertThat(Files.exists(empty.resolve(MavenRepository.marker()))).isFalse();
  }

  @Test
  void thePreparedSharedRepositoryIsReusedWithoutAnyBuild() {
    JavaStackToolchain toolchain = JavaSupport.toolchain();
    Path shared = toolchain.repository().location();
    assertThat(shared.resolve(MavenRepository.marker())).isRegularFile();

    // -o would fail any build on an unprepared repository: a prepared one is taken as it is
    assertThat(MavenRepository.prepare(toolchain.jdk(), shared, List.of("-o", "--fail-fast", "no-such-goal:x")).location())
        .isEqualTo(shared);
    // the plugin-time artifacts dependency:go-offline would miss are there
    assertThat(shared.resolve("org/apache/maven/surefire/surefire-junit-platform")).isDirectory();
    assertThat(shared.resolve("org/springframework/boot/spring-boot-maven-plugin/" + JavaSpringBootStack.SPRING_BOOT_VERSION))
        .isDirectory();
  }

  @Test
  void theDefaultLocationIsUnderTheUsersCacheUnlessConfigured() {
    System.setProperty(MavenRepository.PROPERTY, dir.resolve("elsewhere").toString());
    try {
      assertThat(MavenRepository.defaultLocation()).isEqualTo(dir.resolve("elsewhere"));
    } finally {
      System.clearProperty(MavenRepository.PROPERTY);
    }
    if (System.getenv(MavenRepository.ENV) == null && System.getenv("XDG_CACHE_HOME") == null) {
      assertThat(MavenRepository.defaultLocation())
          .isEqualTo(Path.of(System.getProperty("user.home"), ".cache", "spectra", "maven-repository"));
    }
  }

  @Test
  void theTrustedStepsOutsideTheSandboxSeeNoSecretFromThisJvmsEnvironment() {
    java.util.Map<String, String> env = new java.util.HashMap<>(java.util.Map.of("PATH", "/usr/bin", "HOME", "/root",
        "OPENAI_API_KEY", "sk-secret", "MAVEN_OPTS", "-Dhttps.proxyHost=proxy", "JAVA_HOME", "/elsewhere"));

    JavaToolchain.trustedEnvironment(env, Path.of("/usr/lib/jvm/jdk"));

    assertThat(env).containsOnlyKeys("PATH", "HOME", "MAVEN_OPTS", "JAVA_HOME").containsEntry("JAVA_HOME", "/usr/lib/jvm/jdk")
        .doesNotContainValue("sk-secret");
  }
}
