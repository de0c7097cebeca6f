package dev.spectra.orchestrator.examples.cli;

import dev.spectra.orchestrator.llm.ModelSpec;
import dev.spectra.orchestrator.stack.java.JavaSpringBootStack;
import dev.spectra.orchestrator.stack.TargetStack;
import dev.spectra.orchestrator.stack.python.PythonFastApiStack;
import java.util.Set;

/**
 * The requests {@code spectra demo} replays, each with its cassette on the class path. The cassettes are written by a
 * test program (DemoCassetteGenerator in this module's tests) that runs the real pipeline over hand-written replies;
 * the demo replays them through the same pipeline.
 */
enum DemoRequest {
  /** A few files: one app module and its tests. */
  HELLO_WORLD("hello-world", "Hello World FastAPI service", PythonFastApiStack.ID),
  /** A CRUD API of more than ten files: models, an in-memory repository, routers, tests and configuration. */
  SERVICE_CATALOG("service-catalog", "Service Catalog: a CRUD API to register, list by tag, read, update and delete"
      + " the internal services of a company, kept in memory, with tests", PythonFastApiStack.ID),
  /** A Spring Boot service: a controller, two records, the application class and MockMvc tests. */
  HELLO_SPRING_BOOT("hello-spring-boot", "Hello World Spring Boot service", JavaSpringBootStack.ID);

  /**
   * The model the replies are accounted to: priced as gpt-4o-mini, without native structured output (like the small
   * local models whose formatting faults the replies carry), so that every typed reply goes through the repair ladder.
   */
  public static final ModelSpec MODEL = new ModelSpec(ModelSpec.OPENAI, "gpt-4o-mini", Set.of());

  /** The model whose prices the demo shows. */
  public static final String PRICED_AS = "openai:gpt-4o-mini";

  /** Where the cassettes are on the class path. */
  public static final String CASSETTE_FOLDER = "dev/spectra/orchestrator/examples/demo/";

  private static final TargetStack PYTHON = new PythonFastApiStack();
  private static final TargetStack JAVA = new JavaSpringBootStack();

  private final String id;
  private final String text;
  private final String stackId;

  DemoRequest(String id, String text, String stackId) {
    this.id = id;
    this.text = text;
    this.stackId = stackId;
  }

  /** A short name, also the cassette's file name without {@code .json}. */
  public String id() {
    return id;
  }

  /** The natural-language request. */
  public String text() {
    return text;
  }

  /** The cassette's file name, e.g. {@code hello-world.json}. */
  public String cassetteFile() {
    return id + ".json";
  }

  /** The cassette's class-path resource. */
  public String cassetteResource() {
    return CASSETTE_FOLDER + cassetteFile();
  }

  /**
   * The stack the demo plans this request for: the default python-fastapi profile (never one pinned to the discovered
   * interpreter) or the java-spring-boot stack, so that the prompts, and so the cassettes' keys, are the same on every
   * machine. One instance per stack: the Java toolchain is found, and its repository prepared, once per demo.
   */
  public TargetStack stack() {
    return stackId.equals(JavaSpringBootStack.ID) ? JAVA : PYTHON;
  }
}
