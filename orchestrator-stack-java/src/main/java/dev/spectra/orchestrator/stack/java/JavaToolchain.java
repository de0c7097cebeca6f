package dev.spectra.orchestrator.stack.java;

import dev.spectra.orchestrator.internal.Checks;
import dev.spectra.orchestrator.stack.ToolchainUnavailableException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JDK and Maven the java-spring-boot stack builds, tests and runs with.
 *
 * <p>{@link #discover} takes the first JDK (a folder with {@code bin/java} and {@code bin/javac}) and the first Maven
 * ({@code mvn}) of the candidates, and checks with {@code mvn -v} (our own command, no generated code) that Maven
 * runs on that JDK, with Java {@value JavaSpringBootStack#JAVA_RELEASE} or newer and Maven {@value #MIN_MAVEN} or
 * newer. Both are then always used by absolute path. Nothing is ever installed.
 */
public final class JavaToolchain {
  /** The system property naming a JDK folder to try first. */
  public static final String JDK_PROPERTY = "spectra.java.home";

  /** The system property naming an {@code mvn} to try first (wins over {@value #MAVEN_ENV}). */
  public static final String MAVEN_PROPERTY = "spectra.maven";

  /** The environment variable naming an {@code mvn} to try first. */
  public static final String MAVEN_ENV = "SPECTRA_MAVEN";

  /** The oldest Maven the Spring Boot Maven plugin supports. */
  public static final String MIN_MAVEN = "3.6.3";

  /** The one-line install hint given whenever the toolchain is missing. */
  public static final String INSTALL_HINT = "install a JDK 17+ and Maven with `apt-get install -y openjdk-17-jdk-headless maven`"
      + " (Debian/Ubuntu), or set JAVA_HOME to a JDK and SPECTRA_MAVEN to an mvn";

  private static final Pattern MAVEN_VERSION = Pattern.compile("Apache Maven ([0-9]+(?:\\.[0-9]+)*)");
  private static final Pattern JAVA_VERSION = Pattern.compile("Java version: ([0-9]+)(?:\\.[0-9.]+)?[^,\\n]*");
  private static final long PROBE_SECONDS = 60;

  private final Path javaHome;
  private final Path maven;
  private final String javaVersion;
  private final String mavenVersion;

  JavaToolchain(Path javaHome, Path maven, String javaVersion, String mavenVersion) {
    this.javaHome = javaHome;
    this.maven = maven;
    this.javaVersion = javaVersion;
    this.mavenVersion = mavenVersion;
  }

  /**
   * One place to look.
   *
   * @param source where it came from, e.g. {@code JAVA_HOME} or {@code mvn on PATH}
   * @param path an absolute path: a JDK folder, or an {@code mvn} executable
   */
  public record Candidate(String source, Path path) {
    public Candidate {
      Checks.notBlank(source, "source");
      Checks.notNull(path, "path");
      if (!path.isAbsolute()) {
        throw new IllegalArgumentException("a toolchain candidate must be an absolute path, but was " + path);
      }
    }
  }

  /**
   * The JDK folders and {@code mvn} executables to try, each in order.
   *
   * @param javaHomes JDK folders
   * @param mavens {@code mvn} executables
   */
  public record Candidates(List<Candidate> javaHomes, List<Candidate> mavens) {
    public Candidates {
      javaHomes = Checks.copy(javaHomes, "javaHomes");
      mavens = Checks.copy(mavens, "mavens");
    }

    /**
     * JDKs: {@value #JDK_PROPERTY}, {@code JAVA_HOME}, the JDK running this JVM; Maven: {@value #MAVEN_PROPERTY} or
     * {@value #MAVEN_ENV}, the first {@code mvn} on PATH, {@code /usr/bin/mvn}.
     */
    public static Candidates defaults() {
      List<Candidate> jdks = new ArrayList<>();
      String explicit = System.getProperty(JDK_PROPERTY);
      if (explicit != null && !explicit.isBlank()) {
        jdks.add(new Candidate(JDK_PROPERTY, Path.of(explicit.strip()).toAbsolutePath()));
      }
      String javaHome = System.getenv("JAVA_HOME");
      if (javaHome != null && !javaHome.isBlank()) {
        jdks.add(new Candidate("JAVA_HOME", Path.of(javaHome.strip()).toAbsolutePath()));
      }
      jdks.add(new Candidate("this JVM", Path.of(System.getProperty("java.home"))));
      List<Candidate> mavens = new ArrayList<>();
      String mvn = System.getProperty(MAVEN_PROPERTY);
      String source = MAVEN_PROPERTY;
      if (mvn == null || mvn.isBlank()) {
        mvn = System.getenv(MAVEN_ENV);
        source = MAVEN_ENV;
      }
      if (mvn != null && !mvn.isBlank()) {
        mavens.add(new Candidate(source, Path.of(mvn.strip()).toAbsolutePath()));
      }
      String path = System.getenv("PATH");
      if (path != null) {
        for (String dir : path.split(File.pathSeparator)) {
          Path p = dir.isEmpty() ? null : Path.of(dir, "mvn");
          if (p != null && p.isAbsolute() && Files.isExecutable(p) && !Files.isDirectory(p)) {
            mavens.add(new Candidate("mvn on PATH", p));
            break;
          }
        }
      }
      mavens.add(new Candidate("system", Path.of("/usr/bin/mvn")));
      return new Candidates(jdks, mavens);
    }
  }

  /**
   * The first usable JDK with the first Maven that runs on it.
   *
   * @throws ToolchainUnavailableException listing every candidate tried, with {@link #INSTALL_HINT}
   */
  public static JavaToolchain discover(Candidates candidates) {
    Checks.notNull(candidates, "candidates");
    List<String> tried = new ArrayList<>();
    Path jdk = null;
    Set<Path> seen = new LinkedHashSet<>();
    for (Candidate c : candidates.javaHomes()) {
      Path home = c.path().normalize();
      if (!seen.add(home)) {
        continue;
      }
      if (Files.isExecutable(home.resolve("bin/java")) && Files.isExecutable(home.resolve("bin/javac"))) {
        jdk = home;
        break;
      }
      tried.add(c.source() + " (" + home + "): no bin/java and bin/javac (a JRE is not enough)");
    }
    if (jdk == null) {
      throw new ToolchainUnavailableException("JDK " + JavaSpringBootStack.JAVA_RELEASE + "+ with Maven", tried, INSTALL_HINT);
    }
    seen.clear();
    for (Candidate c : candidates.mavens()) {
      Path mvn = c.path().normalize();
      if (!seen.add(mvn)) {
        continue;
      }
      String label = c.source() + " (" + mvn + ")";
      if (!Files.isRegularFile(mvn) || !Files.isExecutable(mvn)) {
        tried.add(label + ": not an executable file");
        continue;
      }
      String out;
      try {
        out = probe(mvn, jdk);
      } catch (IOException e) {
        tried.add(label + ": " + Checks.excerpt(e.getMessage(), 300));
        continue;
      }
      Matcher m = MAVEN_VERSION.matcher(out);
      Matcher j = JAVA_VERSION.matcher(out);
      if (!m.find() || !j.find()) {
        tried.add(label + ": `mvn -v` did not name Maven's and Java's versions: " + Checks.excerpt(out.strip(), 200));
        continue;
      }
      if (compare(m.group(1), MIN_MAVEN) < 0) {
        tried.add(label + ": Maven " + m.group(1) + " is older than " + MIN_MAVEN);
        continue;
      }
      if (Integer.parseInt(j.group(1)) < JavaSpringBootStack.JAVA_RELEASE) {
        tried.add(label + " on " + jdk + ": Java " + j.group(1) + " is older than " + JavaSpringBootStack.JAVA_RELEASE);
        continue;
      }
      String javaVersion = j.group(0).substring("Java version: ".length()).strip();
      return new JavaToolchain(jdk, mvn, javaVersion, m.group(1));
    }
    throw new ToolchainUnavailableException("JDK " + JavaSpringBootStack.JAVA_RELEASE + "+ with Maven", tried, INSTALL_HINT);
  }

  /** {@code mvn -v} on this JDK: Maven's own command, no project, run directly (it runs no generated code). */
  private static String probe(Path mvn, Path jdk) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(mvn.toString(), "-v").redirectErrorStream(true);
    trustedEnvironment(pb.environment(), jdk);
    Process p = pb.start();
    p.getOutputStream().close();
    try {
      byte[] bytes = p.getInputStream().readAllBytes();
      if (!p.waitFor(PROBE_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("`mvn -v` did not finish within " + PROBE_SECONDS + " s");
      }
      String out = new String(bytes, StandardCharsets.UTF_8).replaceAll("\u001B\\[[0-9;]*m", "");
      if (p.exitValue() != 0) {
        throw new IOException("`mvn -v` exited with " + p.exitValue() + ": " + Checks.excerpt(out.strip(), 200));
      }
      return out;
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while probing " + mvn);
    }
  }

  /** What the trusted Maven steps outside the sandbox keep of this JVM's environment; everything else (API keys) is dropped. */
  static final List<String> KEPT = List.of("PATH", "HOME", "USER", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR",
      "MAVEN_OPTS", "MAVEN_ARGS", "http_proxy", "https_proxy", "no_proxy", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY");

  /**
   * The environment of {@code mvn -v} and the warm-up build: the names of {@link #KEPT} (the user's Maven and proxy
   * settings, which the download may need), {@code JAVA_HOME} set to the JDK, and nothing else, so that no API key
   * reaches Maven or a plugin.
   */
  static void trustedEnvironment(java.util.Map<String, String> env, Path jdk) {
    env.keySet().retainAll(KEPT);
    env.put("JAVA_HOME", jdk.toString());
  }

  /** Compares dotted versions numerically ({@code 3.10.0 > 3.9.9}). */
  static int compare(String a, String b) {
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      int xi = i < x.length ? Integer.parseInt(x[i]) : 0;
      int yi = i < y.length ? Integer.parseInt(y[i]) : 0;
      if (xi != yi) {
        return Integer.compare(xi, yi);
      }
    }
    return 0;
  }

  /** The JDK folder. */
  public Path javaHome() {
    return javaHome;
  }

  /** The JDK's {@code java}. */
  public Path java() {
    return javaHome.resolve("bin/java");
  }

  /** The {@code mvn} executable. */
  public Path maven() {
    return maven;
  }

  /** Java's version as Maven reports it, e.g. {@code 17.0.15}. */
  public String javaVersion() {
    return javaVersion;
  }

  /** Maven's version, e.g. {@code 3.8.7}. */
  public String mavenVersion() {
    return mavenVersion;
  }

  /** A one-line description, e.g. {@code /usr/bin/mvn (Maven 3.8.7) on /usr/lib/jvm/java-17 (Java 17.0.15)}. */
  public String description() {
    return maven + " (Maven " + mavenVersion + ") on " + javaHome + " (Java " + javaVersion + ")";
  }

  @Override
  public String toString() {
    return description();
  }
}
