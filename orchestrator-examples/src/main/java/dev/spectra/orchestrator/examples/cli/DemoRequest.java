package dev.spectra.orchestrator.examples.cli;

import dev.spectra.orchestrator.llm.ModelSpec;
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
  HELLO_WORLD("hello-world", "Hello World FastAPI service"),
  /** A CRUD API of more than ten files: models, an in-memory repository, routers, tests and configuration. */
  SERVICE_CATALOG("service-catalog", "Service Catalog: a CRUD API to register, list by tag, read, update and delete"
      + " the internal services of a company, kept in memory, with tests");

  /**
   * The model the replies are accounted to: priced as gpt-4o-mini, without native structured output (like the small
   * local models whose formatting faults the replies carry), so that every typed reply goes through the repair ladder.
   */
  public static final ModelSpec MODEL = new ModelSpec(ModelSpec.OPENAI, "gpt-4o-mini", Set.of());

  /** The model whose prices the demo shows. */
  public static final String PRICED_AS = "openai:gpt-4o-mini";

  /** Where the cassettes are on the class path. */
  public static final String CASSETTE_FOLDER = "dev/spectra/orchestrator/examples/demo/";

  private final String id;
  private final String text;

  DemoRequest(String id, String text) {
    this.id = id;
    this.text = text;
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
   * The stack the demo plans for: the default python-fastapi profile, never one pinned to the discovered interpreter,
   * so that the prompts, and so the cassettes' keys, are the same on every machine.
   */
  public static TargetStack stack() {
    return new PythonFastApiStack();
  }
}
