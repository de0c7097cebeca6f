package dev.spectra.orchestrator.stack.java;

import dev.spectra.orchestrator.internal.AtomicFiles;
import dev.spectra.orchestrator.internal.Checks;
import dev.spectra.orchestrator.internal.Folders;
import dev.spectra.orchestrator.internal.Hashing;
import dev.spectra.orchestrator.stack.ToolchainUnavailableException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared Maven repository that holds every dependency and plugin a generated build can need, resolved once by a
 * trusted step and then seen read-only by the sandboxed, offline builds ({@code mvn -o -Dmaven.repo.local=...}).
 *
 * <p>The trusted step builds a warm-up project made from the stack's own generators (the pom with every allow-listed
 * starter, a trivial application class and a trivial JUnit 5 test) with {@code mvn -B clean package}, outside the
 * sandbox and online: so the repository also gets what plugins load at build time (Surefire's JUnit platform provider,
 * the repackaging of the Spring Boot plugin), which {@code dependency:go-offline} misses. It never runs generated code.
 * A marker file named after the warm-up pom's hash records success; later runs (and other stack instances, JVMs and
 * test classes) reuse the repository without network. A file lock serializes concurrent preparations.
 */
public final class MavenRepository {
  private static final Logger LOG = LoggerFactory.getLogger(MavenRepository.class);

  /** The system property naming the repository folder (wins over {@value #ENV}). */
  public static final String PROPERTY = "spectra.maven.repository";

  /** The environment variable naming the repository folder. */
  public static final String ENV = "SPECTRA_MAVEN_REPOSITORY";

  /** The hint when the first download fails for lack of network. */
  public static final String OFFLINE_HINT = "the Java stack downloads Spring Boot " + JavaSpringBootStack.SPRING_BOOT_VERSION
      + " and its plugins from Maven Central once (about 75 MB); connect to the network and run again, or set "
      + ENV + " to a repository prepared on a machine that has network";

  /** How long the first download and warm-up build may take. */
  static final long WARM_UP_MINUTES = 15;

  static final String MAIN_CLASS = "spectra.warmup.WarmUpApplication";

  private final Path location;

  private MavenRepository(Path location) {
    this.location = location;
  }

  /** {@value #PROPERTY}, else {@value #ENV}, else {@code $XDG_CACHE_HOME/spectra/maven-repository} or {@code ~/.cache/...}. */
  public static Path defaultLocation() {
    String explicit = System.getProperty(PROPERTY);
    if (explicit == null || explicit.isBlank()) {
      explicit = System.getenv(ENV);
    }
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit.strip()).toAbsolutePath().normalize();
    }
    String cache = System.getenv("XDG_CACHE_HOME");
    Path base = cache != null && !cache.isBlank() && Path.of(cache).isAbsolute() ? Path.of(cache)
        : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("spectra").resolve("maven-repository").toAbsolutePath().normalize();
  }

  /** The repository folder. */
  public Path location() {
    return location;
  }

  /** The marker of a finished warm-up for the current stack version. */
  static String marker() {
    return ".spectra-ready-" + Hashing.sha256(warmUpPom()).substring(0, 16);
  }

  static String warmUpPom() {
    return JavaSpringBootStack.pom("spectra-warm-up", MAIN_CLASS, EnumSet.allOf(JavaSpringBootStack.Starter.class));
  }

  /**
   * Whether {@code location} holds a finished warm-up for this stack version, so that no run needs the network; looks
   * at the folder only (no build, no download).
   */
  public static boolean isPrepared(Path location) {
    Checks.notNull(location, "location");
    return Files.isRegularFile(location.toAbsolutePath().normalize().resolve(marker()));
  }

  /**
   * The repository at {@code location}, warmed up for this stack version if it is not yet.
   *
   * @throws ToolchainUnavailableException when the warm-up fails: without network with {@link #OFFLINE_HINT},
   *     otherwise with the end of Maven's output
   */
  public static MavenRepository prepare(JavaToolchain toolchain, Path location) {
    return prepare(toolchain, location, List.of());
  }

  /** {@link #prepare(JavaToolchain, Path)} with extra Maven arguments for the warm-up (tests: {@code -o}). */
  static MavenRepository prepare(JavaToolchain toolchain, Path location, List<String> extraArguments) {
    Checks.notNull(toolchain, "toolchain");
    Checks.notNull(location, "location");
    Path repo = location.toAbsolutePath().normalize();
    if (isPrepared(repo)) {
      return new MavenRepository(repo);
    }
    try {
      Files.createDirectories(repo);
      try (FileChannel channel = FileChannel.open(repo.resolve(".spectra-lock"), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
        if (!isPrepared(repo)) {
          warmUp(toolchain, repo, extraArguments);
          AtomicFiles.write(repo.resolve(marker()), "Spring Boot " + JavaSpringBootStack.SPRING_BOOT_VERSION
              + ", every starter of the allow-list, resolved with " + toolchain.description() + "\n");
        }
      }
    } catch (IOException e) {
      throw new ToolchainUnavailableException("usable Maven repository", List.of(repo + ": " + e.getMessage()),
          "make the folder writable, or set " + ENV + " to another one");
    }
    return new MavenRepository(repo);
  }

  private static void warmUp(JavaToolchain toolchain, Path repo, List<String> extraArguments) throws IOException {
    Path dir = Files.createTempDirectory("spectra-java-warm-up-");
    try {
      Files.writeString(dir.resolve("pom.xml"), warmUpPom(), StandardCharsets.UTF_8);
      Path main = dir.resolve("src/main/java/spectra/warmup/WarmUpApplication.java");
      Files.createDirectories(main.getParent());
      Files.writeString(main, "package spectra.warmup;\n\n"
          + "import org.springframework.boot.SpringApplication;\n"
          + "import org.springframework.boot.autoconfigure.SpringBootApplication;\n\n"
          + "/** The warm-up project's application. */\n"
          + "@SpringBootApplication\n"
          + "public class WarmUpApplication {\n"
          + "  public static void main(String[] args) {\n"
          + "    SpringApplication.run(WarmUpApplication.class, args);\n"
          + "  }\n"
          + "}\n", StandardCharsets.UTF_8);
      Path test = dir.resolve("src/test/java/spectra/warmup/WarmUpTest.java");
      Files.createDirectories(test.getParent());
      Files.writeString(test, "package spectra.warmup;\n\n"
          + "import static org.junit.jupiter.api.Assertions.assertEquals;\n\n"
          + "import org.junit.jupiter.api.Test;\n\n"
          + "class WarmUpTest {\n"
          + "  @Test\n"
          + "  void runs() {\n"
          + "    assertEquals(2, 1 + 1);\n"
          + "  }\n"
          + "}\n", StandardCharsets.UTF_8);
      Path resources = dir.resolve("src/main/resources");
      Files.createDirectories(resources);
      Files.writeString(resources.resolve("application.properties"), "spring.main.banner-mode=off\n", StandardCharsets.UTF_8);
      Path log = dir.resolve("warm-up.log");
      LOG.info("java-spring-boot: resolving Spring Boot {} into {} (once; this needs the network)",
          JavaSpringBootStack.SPRING_BOOT_VERSION, repo);
      List<String> argv = new java.util.ArrayList<>(List.of(toolchain.maven().toString(), "-B", "-ntp",
          "-Dstyle.color=never", "-Dmaven.repo.local=" + repo));
      argv.addAll(extraArguments);
      argv.addAll(List.of("clean", "package"));
      ProcessBuilder pb = new ProcessBuilder(argv)
          .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
      JavaToolchain.trustedEnvironment(pb.environment(), toolchain.javaHome());
      Process p = pb.start();
      p.getOutputStream().close();
      boolean done;
      try {
        done = p.waitFor(WARM_UP_MINUTES, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        Thread.currentThread().interrupt();
        throw new ToolchainUnavailableException("pre-resolved Maven repository", List.of(repo + ": interrupted"),
            OFFLINE_HINT);
      }
      if (!done) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
      }
      String out = Files.readString(log, StandardCharsets.UTF_8);
      if (!done || p.exitValue() != 0) {
        String why = !done ? "the warm-up build did not finish within " + WARM_UP_MINUTES + " minutes" : offline(out)
            ? "Maven Central could not be reached" : "the warm-up build failed (exit " + p.exitValue() + ")";
        throw new ToolchainUnavailableException("pre-resolved Maven repository for Spring Boot "
            + JavaSpringBootStack.SPRING_BOOT_VERSION, List.of(repo + ": " + why + ": " + errors(out)),
            offline(out) || !done ? OFFLINE_HINT : "see the output above; set " + ENV + " to another folder to start afresh");
      }
    } finally {
      Folders.deleteQuietly(dir);
    }
  }

  /** True when Maven's output says a download failed for lack of a network. */
  static boolean offline(String out) {
    return out.contains("Could not transfer") || out.contains("UnknownHostException") || out.contains("Unknown host")
        || out.contains("Network is unreachable") || out.contains("Connection refused") || out.contains("connect timed out")
        || out.contains("Could not resolve dependencies") || out.contains("Non-resolvable parent POM")
        || out.contains("offline mode");
  }

  /** The {@code [ERROR]} lines of Maven's output (at most 600 characters), or its end. */
  static String errors(String out) {
    StringBuilder b = new StringBuilder();
    for (String line : out.split("\n")) {
      if (line.startsWith("[ERROR]") && !line.strip().equals("[ERROR]")) {
        b.append(line.substring(7).strip()).append(' ');
      }
    }
    String text = b.length() > 0 ? b.toString() : out.substring(Math.max(0, out.length() - 600));
    return Checks.excerpt(text.strip(), 600);
  }


  @Override
  public String toString() {
    return location.toString();
  }
}
