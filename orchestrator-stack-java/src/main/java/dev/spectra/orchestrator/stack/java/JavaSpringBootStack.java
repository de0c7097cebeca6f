package dev.spectra.orchestrator.stack.java;

import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.FileSpec;
import dev.spectra.orchestrator.GeneratedFile;
import dev.spectra.orchestrator.InvalidPlanException;
import dev.spectra.orchestrator.internal.Checks;
import dev.spectra.orchestrator.stack.TargetStack;
import dev.spectra.orchestrator.stack.Toolchain;
import dev.spectra.orchestrator.stack.ToolchainUnavailableException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * The {@code java-spring-boot} stack: a Spring Boot {@value #SPRING_BOOT_VERSION} service on Java 17, built and tested
 * by Maven (JUnit 5 with MockMvc), run as {@code java -jar}.
 *
 * <p>Who writes which file is decided by its name: {@code pom.xml} (the Boot parent, the starters the plan picks from
 * the allow-list {@link Starter}, the Spring Boot Maven plugin), {@code application.properties} and {@code .gitignore}
 * come from deterministic generators driven by the plan ({@link GeneratedFile.Origin#CONFIG}), {@code README.md} from
 * a template ({@link GeneratedFile.Origin#TEMPLATE}); a model writes the Java code and tests. The entrypoint is the
 * fully qualified name of the {@code @SpringBootApplication} class, e.g. {@code com.example.hello.HelloApplication},
 * in {@code src/main/java}.
 *
 * <p>Dependencies are resolved once, by a trusted step outside the sandbox that never runs generated code, into a
 * shared repository ({@link MavenRepository}); the generated build then runs offline in the sandbox, with that
 * repository read-only:
 *
 * <pre>{@code
 * TargetStack stack = JavaSpringBootStack.builder()
 *     .repository(Path.of("/var/cache/spectra/maven-repository"))
 *     .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class JavaSpringBootStack implements TargetStack {
  /** The id plans name. */
  public static final String ID = "java-spring-boot";

  /** The Spring Boot version of every generated service: the one place it is written. */
  public static final String SPRING_BOOT_VERSION = "4.0.7";

  /** The Java release generated code targets. */
  public static final int JAVA_RELEASE = 17;

  /** The jar the build writes and the deploy runs, relative to the workspace. */
  public static final String JAR = "target/app.jar";

  /** The port the exported command listens on. */
  public static final int EXPORT_PORT = 8080;

  /** The most lines {@link #signatures} returns for one file; the last line then says how many were cut. */
  public static final int MAX_SIGNATURE_LINES = 60;

  private static final String SOURCES = "src/main/java/";
  private static final String TEST_SOURCES = "src/test/java/";
  private static final Pattern ENTRYPOINT = Pattern.compile(
      "[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)*\\.[A-Z][A-Za-z0-9_]*");
  private static final Wording WORDING = new Wording(
      "the fully qualified name of the @SpringBootApplication class, e.g. com.example.hello.HelloApplication",
      "the fully qualified name of the @SpringBootApplication class, e.g. \"com.example.hello.HelloApplication\"; its"
          + " file (src/main/java/com/example/hello/HelloApplication.java) must be one of the planned files",
      "the fully qualified name of the @SpringBootApplication class; its file under src/main/java must be a planned file",
      "src/main/java/com/example/hello/HelloController.java");

  /** The starters generated code may use; a plan names them by short name or artifact id. */
  public enum Starter {
    /** Spring MVC with embedded Tomcat and Jackson 3 ({@code spring-boot-starter-webmvc}; Boot 3 called it web). */
    WEB("web", List.of("spring-boot-starter-webmvc"), List.of()),
    /** Bean Validation with Hibernate Validator ({@code jakarta.validation}). */
    VALIDATION("validation", List.of("spring-boot-starter-validation"), List.of()),
    /** Actuator: {@code /actuator/health} for readiness. */
    ACTUATOR("actuator", List.of("spring-boot-starter-actuator"), List.of()),
    /** JUnit 5, AssertJ, Mockito, and the MockMvc test slice ({@code spring-boot-starter-webmvc-test}). */
    TEST("test", List.of(), List.of("spring-boot-starter-test", "spring-boot-starter-webmvc-test"));

    private final String id;
    private final List<String> compile;
    private final List<String> test;

    Starter(String id, List<String> compile, List<String> test) {
      this.id = id;
      this.compile = compile;
      this.test = test;
    }

    /** The short name plans use, e.g. {@code web}. */
    public String id() {
      return id;
    }

    /** The starter of a plan's dependency name ({@code web}, {@code spring-boot-starter-webmvc}, ...), if allowed. */
    static Optional<Starter> of(String dependency) {
      String name = dependency.strip().toLowerCase(java.util.Locale.ROOT);
      int colon = name.indexOf(':');
      if (colon >= 0) {
        if (!name.startsWith("org.springframework.boot:")) {
          return Optional.empty();
        }
        name = name.substring(colon + 1);
        int version = name.indexOf(':');
        name = version < 0 ? name : name.substring(0, version);
      }
      if (name.startsWith("spring-boot-starter-")) {
        name = name.substring("spring-boot-starter-".length());
      }
      switch (name) {
        case "web":
        case "webmvc":
          return Optional.of(WEB);
        case "validation":
          return Optional.of(VALIDATION);
        case "actuator":
          return Optional.of(ACTUATOR);
        case "test":
        case "webmvc-test":
          return Optional.of(TEST);
        default:
          return Optional.empty();
      }
    }
  }

  /** The starters every service gets: MVC and the tests. */
  public static final Set<Starter> REQUIRED = Set.of(Starter.WEB, Starter.TEST);

  private final Path repository;
  private final JavaToolchain.Candidates candidates;
  private final JavaQualityGate qualityGate;
  private final String promptNotes;
  private final Object toolchainLock = new Object();
  private JavaStackToolchain toolchain; // guarded by toolchainLock: found once
  private ToolchainUnavailableException missing; // guarded by toolchainLock: a failed discovery is remembered

  private JavaSpringBootStack(Builder b) {
    this.repository = b.repository;
    this.candidates = b.candidates;
    this.qualityGate = b.qualityGate;
    this.promptNotes = notes();
  }

  /** The stack with the default repository ({@link MavenRepository#defaultLocation()}) and the discovered JDK and Maven. */
  public JavaSpringBootStack() {
    this(new Builder());
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Wording wording() {
    return WORDING;
  }

  /** A fully qualified class name with a package, whose file under {@code src/main/java} is planned. */
  @Override
  public List<String> entrypointProblems(String entrypoint, Set<String> plannedPaths) {
    Checks.notNull(entrypoint, "entrypoint");
    Checks.notNull(plannedPaths, "plannedPaths");
    if (!ENTRYPOINT.matcher(entrypoint).matches()) {
      return List.of("must be the fully qualified name of the @SpringBootApplication class, such as "
          + "com.example.hello.HelloApplication (a lower-case package, then the class), but was \"" + entrypoint + "\"");
    }
    String file = entrypointFiles(entrypoint).get(0);
    if (!plannedPaths.contains(file)) {
      return List.of("class " + entrypoint + " is not in a planned file (no " + file + ")");
    }
    return List.of();
  }

  @Override
  public List<String> entrypointFiles(String entrypoint) {
    return List.of(SOURCES + entrypoint.replace('.', '/') + ".java");
  }

  @Override
  public Optional<Producer> producerFor(FileSpec file, ArchitecturePlan plan) {
    Checks.notNull(file, "file");
    Checks.notNull(plan, "plan");
    switch (file.path()) {
      case "pom.xml":
        return config((p, f) -> pom(p));
      case "src/main/resources/application.properties":
        return config((p, f) -> applicationProperties(p));
      case ".gitignore":
        return config((p, f) -> gitignore());
      case "README.md":
        return Optional.of(Producer.template((p, f) -> readme(p)));
      default:
        return Optional.empty();
    }
  }

  private static Optional<Producer> config(BiFunction<ArchitecturePlan, FileSpec, String> body) {
    return Optional.of(Producer.config(body));
  }

  /**
   * The starters of a plan: {@link #REQUIRED} plus the plan's dependencies, in {@link Starter} order.
   *
   * @throws InvalidPlanException naming every dependency outside the allow-list
   */
  public static Set<Starter> starters(ArchitecturePlan plan) {
    Checks.notNull(plan, "plan");
    Set<Starter> out = java.util.EnumSet.copyOf(REQUIRED);
    List<String> refused = new ArrayList<>();
    for (String raw : plan.dependencies()) {
      if (raw.isBlank()) {
        continue;
      }
      Optional<Starter> s = Starter.of(raw);
      if (s.isPresent()) {
        out.add(s.get());
      } else {
        refused.add("\"" + Checks.excerpt(raw.strip(), 80) + "\"");
      }
    }
    if (!refused.isEmpty()) {
      throw new InvalidPlanException("plan " + plan.name() + " depends on " + String.join(", ", refused)
          + ", which the " + ID + " stack does not allow; allowed are the Spring Boot starters " + allowedNames()
          + " and the JDK. Remove them from the plan (and its code)");
    }
    return out;
  }

  static List<String> allowedNames() {
    List<String> out = new ArrayList<>();
    for (Starter s : Starter.values()) {
      out.add(s.id());
    }
    return out;
  }

  /**
   * The {@code pom.xml} of a plan: the Spring Boot parent, Java {@value #JAVA_RELEASE}, the plan's starters (no
   * versions: the parent manages them), the entrypoint as {@code start-class}, {@value #JAR} as the jar, and the
   * Spring Boot Maven plugin.
   *
   * @throws InvalidPlanException naming every dependency outside the allow-list
   */
  public String pom(ArchitecturePlan plan) {
    return pom(artifactId(plan.name()), plan.entrypoint(), starters(plan));
  }

  /** The pom of any project of this stack; the warm-up project uses it with every starter. */
  static String pom(String artifactId, String startClass, Set<Starter> starters) {
    StringBuilder deps = new StringBuilder();
    for (Starter s : Starter.values()) {
      if (!starters.contains(s)) {
        continue;
      }
      for (String a : s.compile) {
        deps.append(dependency(a, null));
      }
      for (String a : s.test) {
        deps.append(dependency(a, "test"));
      }
    }
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<!-- Generated by SPECTRA (" + ID + "): starters from the stack's allow-list, versions from the parent. -->\n"
        + "<project xmlns=\"http://maven.apache.org/POM/4.0.0\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
        + "         xsi:schemaLocation=\"http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd\">\n"
        + "  <modelVersion>4.0.0</modelVersion>\n"
        + "  <parent>\n"
        + "    <groupId>org.springframework.boot</groupId>\n"
        + "    <artifactId>spring-boot-starter-parent</artifactId>\n"
        + "    <version>" + SPRING_BOOT_VERSION + "</version>\n"
        + "    <relativePath/>\n"
        + "  </parent>\n"
        + "  <groupId>com.example</groupId>\n"
        + "  <artifactId>" + artifactId + "</artifactId>\n"
        + "  <version>0.0.1</version>\n"
        + "  <properties>\n"
        + "    <java.version>" + JAVA_RELEASE + "</java.version>\n"
        + "    <start-class>" + startClass + "</start-class>\n"
        + "  </properties>\n"
        + "  <dependencies>\n"
        + deps
        + "  </dependencies>\n"
        + "  <build>\n"
        + "    <finalName>app</finalName>\n"
        + "    <plugins>\n"
        + "      <plugin>\n"
        + "        <groupId>org.springframework.boot</groupId>\n"
        + "        <artifactId>spring-boot-maven-plugin</artifactId>\n"
        + "      </plugin>\n"
        + "    </plugins>\n"
        + "  </build>\n"
        + "</project>\n";
  }

  private static String dependency(String artifactId, String scope) {
    return "    <dependency>\n"
        + "      <groupId>org.springframework.boot</groupId>\n"
        + "      <artifactId>" + artifactId + "</artifactId>\n"
        + (scope == null ? "" : "      <scope>" + scope + "</scope>\n")
        + "    </dependency>\n";
  }

  /** A Maven artifact id from a plan name: lower case letters, digits and dashes; {@code service} when none is left. */
  static String artifactId(String name) {
    String id = name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    if (id.length() > 60) {
      id = id.substring(0, 60).replaceAll("-+$", "");
    }
    return id.isEmpty() ? "service" : id;
  }

  /**
   * The application's name, loopback as the default address (the deploy sets address and port on the command line
   * anyway), and the actuator's health endpoint only, without details.
   */
  static String applicationProperties(ArchitecturePlan plan) {
    boolean actuator = starters(plan).contains(Starter.ACTUATOR);
    return "# Generated by SPECTRA (" + ID + ").\n"
        + "spring.application.name=" + artifactId(plan.name()) + "\n"
        + "server.address=127.0.0.1\n"
        + "spring.main.banner-mode=off\n"
        + (actuator ? "management.endpoints.web.exposure.include=health\n"
            + "management.endpoint.health.show-details=never\n" : "");
  }

  private static String gitignore() {
    return "# Generated by SPECTRA (" + ID + ")\n"
        + "target/\n"
        + "*.class\n"
        + "*.log\n"
        + ".idea/\n"
        + "*.iml\n"
        + ".vscode/\n"
        + ".classpath\n"
        + ".project\n"
        + ".settings/\n"
        + ".spectra/\n";
  }

  private static String readme(ArchitecturePlan plan) {
    StringBuilder sb = new StringBuilder("# " + safeName(plan.name()) + "\n\n");
    if (!plan.summary().isBlank()) {
      sb.append(Checks.excerpt(plan.summary().strip().replaceAll("[<>`]", ""), 600)).append("\n\n");
    }
    sb.append("A Spring Boot ").append(SPRING_BOOT_VERSION).append(" service on Java ").append(JAVA_RELEASE)
        .append(", generated by SPECTRA (").append(ID).append(").\n\n")
        .append("## Build and test\n\n    mvn -B package\n\n")
        .append("## Run\n\n    java -jar ").append(JAR).append(" --server.address=127.0.0.1 --server.port=8080\n");
    if (!plan.endpoints().isEmpty()) {
      sb.append("\n## Endpoints\n\n");
      plan.endpoints().forEach(e -> sb.append("- `").append(e.method()).append(' ').append(e.path().replace("`", ""))
          .append("`\n"));
    }
    return sb.toString();
  }

  /** A plan name fit for a heading: letters, digits, space, {@code . _ -}; at most 80 characters. */
  private static String safeName(String name) {
    String safe = name.replaceAll("[^A-Za-z0-9 ._-]", "-").strip();
    return safe.length() > 80 ? safe.substring(0, 80) : safe;
  }

  /**
   * For a {@code .java} file: package, imports, type headers with annotations and Javadoc summaries, record
   * components, public and protected fields, constructors and method signatures; bodies and private members are left
   * out. Other files are returned as they are. Either way at most {@value #MAX_SIGNATURE_LINES} lines.
   */
  @Override
  public String signatures(String path, String content) {
    Checks.notNull(path, "path");
    Checks.notNull(content, "content");
    if (path.endsWith(".java")) {
      return JavaSignatures.extract(content, MAX_SIGNATURE_LINES);
    }
    return JavaSignatures.cut(List.of(content.replace("\r\n", "\n").split("\n")), MAX_SIGNATURE_LINES);
  }

  @Override
  public String promptNotes() {
    return promptNotes;
  }

  private static String notes() {
    return "Stack " + ID + ": Java " + JAVA_RELEASE + ", Spring Boot " + SPRING_BOOT_VERSION + " (Spring Framework 7,"
        + " Jakarta EE 11), Maven, JUnit 5.\n"
        + "- Use only the JDK and these starters: " + String.join(", ", allowedNames()) + " (pom.xml is generated from"
        + " the plan's dependencies; nothing else is on the class path). No Lombok.\n"
        + "- Boot 4, not Boot 3: the web starter is spring-boot-starter-webmvc. Jackson is Jackson 3: ObjectMapper and"
        + " JsonNode are in tools.jackson.databind (com.fasterxml.jackson.databind is gone); only the annotations stay in"
        + " com.fasterxml.jackson.annotation.\n"
        + "- Tests: JUnit 5 (org.junit.jupiter.api) with MockMvc. The test slices moved: use"
        + " org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest and"
        + " org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc (with @SpringBootTest), not"
        + " org.springframework.boot.test.autoconfigure.web.servlet. @MockBean and @SpyBean are removed: use"
        + " org.springframework.test.context.bean.override.mockito.MockitoBean. No TestRestTemplate, no real server.\n"
        + "- Request bodies: Java records with jakarta.validation constraints (@NotBlank, @Size, ...), taken with"
        + " @Valid @RequestBody. Responses: records.\n"
        + "- Logging: private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(X.class); never"
        + " System.out or System.err, never printStackTrace().\n"
        + "- Errors: throw org.springframework.web.server.ResponseStatusException with a precise status, or handle them"
        + " in a @RestControllerAdvice; never catch an exception and ignore it.\n"
        + "- Constructor injection only (final fields, one constructor); no @Autowired on fields.\n"
        + "- Javadoc on every public class, record and interface.\n"
        + "- No network calls, no processes, no files outside the service folder; settings from application.properties"
        + " or environment variables with safe defaults.\n";
  }

  @Override
  public Set<String> allowedDependencies() {
    return Set.copyOf(allowedNames());
  }

  @Override
  public boolean isCode(String path) {
    return path.endsWith(".java");
  }

  /** Under {@code src/test/java}, or a class named {@code *Test}, {@code *Tests} or {@code *IT}. */
  @Override
  public boolean isTestName(String path) {
    if (path.startsWith(TEST_SOURCES)) {
      return true;
    }
    String name = path.substring(path.lastIndexOf('/') + 1);
    return name.endsWith("Test.java") || name.endsWith("Tests.java") || name.endsWith("IT.java");
  }

  /**
   * {@code JAVA_*}, {@code JDK_*}, {@code _JAVA_OPTIONS}, {@code CLASSPATH}, {@code MAVEN_*} (they change which code the
   * JVM and Maven load), {@code SPRING_*}, {@code SERVER_*}, {@code MANAGEMENT_*} and {@code LOADER_*} (they could move
   * the service off loopback or load other code).
   */
  @Override
  public boolean ownsVariable(String name) {
    for (String prefix : List.of("JAVA_", "JDK_", "_JAVA_", "MAVEN_", "SPRING_", "SERVER_", "MANAGEMENT_", "LOADER_")) {
      if (name.startsWith(prefix)) {
        return true;
      }
    }
    return name.equals("CLASSPATH") || name.equals("M2_HOME");
  }

  @Override
  public List<String> exportedCommand(String entrypoint) {
    return List.of("java", "-jar", JAR, "--server.address=127.0.0.1", "--server.port=" + EXPORT_PORT);
  }

  /**
   * The JDK and Maven given to the builder or found on this machine, with a repository that holds every dependency
   * the allow-list can bring (resolved once, outside the sandbox, from the stack's own warm-up project; cached
   * across runs). Found once per stack instance; a failure is remembered too.
   *
   * @throws ToolchainUnavailableException when no JDK {@value #JAVA_RELEASE}+ with Maven is found, or the repository
   *     cannot be prepared (no network for the first download), with a one-line hint
   */
  @Override
  public Toolchain discoverToolchain() {
    synchronized (toolchainLock) {
      if (toolchain == null && missing == null) {
        try {
          JavaToolchain found = JavaToolchain.discover(candidates != null ? candidates : JavaToolchain.Candidates.defaults());
          MavenRepository repo = MavenRepository.prepare(found, repository != null ? repository : MavenRepository.defaultLocation());
          toolchain = new JavaStackToolchain(found, repo, qualityGate);
        } catch (ToolchainUnavailableException e) {
          missing = e;
        }
      }
      if (missing != null) {
        throw missing;
      }
      return toolchain;
    }
  }

  @Override
  public String toString() {
    return "JavaSpringBootStack{springBoot=" + SPRING_BOOT_VERSION + ", repository="
        + (repository != null ? repository : "default") + "}";
  }

  /** Builds a {@link JavaSpringBootStack}. */
  public static final class Builder {
    private Path repository;
    private JavaToolchain.Candidates candidates;
    private JavaQualityGate qualityGate = JavaQualityGate.ofDefaults();

    private Builder() {}

    /**
     * The shared pre-resolved Maven repository (default {@link MavenRepository#defaultLocation()}: the system
     * property {@value MavenRepository#PROPERTY}, the variable {@value MavenRepository#ENV}, else
     * {@code ~/.cache/spectra/maven-repository}).
     */
    public Builder repository(Path repository) {
      Checks.notNull(repository, "repository");
      if (!repository.isAbsolute()) {
        throw new IllegalArgumentException("repository must be an absolute path, but was " + repository);
      }
      this.repository = repository.normalize();
      return this;
    }

    /** Where to look for the JDK and Maven (default {@link JavaToolchain.Candidates#defaults()}). */
    public Builder toolchainCandidates(JavaToolchain.Candidates candidates) {
      this.candidates = Checks.notNull(candidates, "candidates");
      return this;
    }

    /** The quality gate of the Test step (default {@link JavaQualityGate#ofDefaults()}). */
    public Builder qualityGate(JavaQualityGate gate) {
      this.qualityGate = Checks.notNull(gate, "gate");
      return this;
    }

    /** Builds the stack. */
    public JavaSpringBootStack build() {
      return new JavaSpringBootStack(this);
    }
  }
}
