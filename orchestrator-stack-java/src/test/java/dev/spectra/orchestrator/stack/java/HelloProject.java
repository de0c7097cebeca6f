package dev.spectra.orchestrator.stack.java;

import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.Endpoint;
import dev.spectra.orchestrator.FileKind;
import dev.spectra.orchestrator.FileSpec;
import dev.spectra.orchestrator.Priority;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A hand-written hello-world Spring Boot service (the test resources under {@code hello/}) and its plan: GET / greets
 * the world, POST /greetings greets a valid name, actuator health; four MockMvc tests. Public (and in the test jar)
 * for the examples' end-to-end tests and demo.
 */
public final class HelloProject {
  public static final String PACKAGE = "src/main/java/com/example/hello/";
  public static final String APPLICATION = PACKAGE + "HelloApplication.java";
  public static final String CONTROLLER = PACKAGE + "HelloController.java";
  public static final String GREETING = PACKAGE + "Greeting.java";
  public static final String REQUEST = PACKAGE + "GreetingRequest.java";
  public static final String TEST = "src/test/java/com/example/hello/HelloControllerTest.java";
  public static final String ENTRYPOINT = "com.example.hello.HelloApplication";

  private HelloProject() {}

  /** The model-written files by path, as the resources hold them. */
  public static Map<String, String> code() {
    Map<String, String> out = new LinkedHashMap<>();
    for (String path : List.of(APPLICATION, GREETING, REQUEST, CONTROLLER, TEST)) {
      out.put(path, resource(path.substring(path.lastIndexOf('/') + 1)));
    }
    return out;
  }

  /** The plan: the generated pom, application.properties and README, then the code and its test. */
  public static ArchitecturePlan plan() {
    return new ArchitecturePlan("hello-world", "Greets the world.", JavaSpringBootStack.ID, ENTRYPOINT, List.of(
        new FileSpec("pom.xml", "the Maven build", FileKind.CONFIG, Priority.LOW, List.of()),
        new FileSpec("src/main/resources/application.properties", "settings", FileKind.CONFIG, Priority.LOW, List.of()),
        new FileSpec("README.md", "how to run it", FileKind.DOC, Priority.LOW, List.of()),
        new FileSpec(GREETING, "the greeting record", FileKind.SOURCE, Priority.NORMAL, List.of()),
        new FileSpec(REQUEST, "the validated request body", FileKind.SOURCE, Priority.NORMAL, List.of()),
        new FileSpec(CONTROLLER, "GET / and POST /greetings", FileKind.SOURCE, Priority.CRITICAL, List.of(GREETING, REQUEST)),
        new FileSpec(APPLICATION, "the application", FileKind.SOURCE, Priority.CRITICAL, List.of(CONTROLLER)),
        new FileSpec(TEST, "MockMvc tests", FileKind.TEST, Priority.NORMAL, List.of(CONTROLLER, APPLICATION))),
        List.of(new Endpoint("GET", "/", "greets the world"), new Endpoint("GET", "/actuator/health", "health")),
        List.of("web", "validation", "actuator"));
  }

  /** A resource of {@code hello/}, e.g. {@code HelloController.java}. */
  public static String resource(String name) {
    try (InputStream in = HelloProject.class.getResourceAsStream("hello/" + name)) {
      if (in == null) {
        throw new IllegalStateException("test resource hello/" + name + " is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
