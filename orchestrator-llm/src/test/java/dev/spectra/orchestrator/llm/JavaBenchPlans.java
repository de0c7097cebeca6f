package dev.spectra.orchestrator.llm;

import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.Endpoint;
import dev.spectra.orchestrator.FileKind;
import dev.spectra.orchestrator.FileSpec;
import dev.spectra.orchestrator.Priority;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@link BenchPlans}' chain for the java-spring-boot stack: {@code RecordsApplication.java} plus classes
 * {@code RecordsNN.java} (a record, an in-memory store and create, find and list methods, all of the same size), each
 * depending on up to three earlier ones.
 */
final class JavaBenchPlans {
  static final String PACKAGE = "src/main/java/com/example/records/";
  static final String APPLICATION = PACKAGE + "RecordsApplication.java";

  private JavaBenchPlans() {}

  static String module(int i) {
    return String.format(Locale.ROOT, PACKAGE + "Records%02d.java", i);
  }

  /** A plan of {@code files} files: the application and {@code files - 1} classes; class i depends on i-1, i-2, i-3. */
  static ArchitecturePlan chain(int files) {
    List<FileSpec> specs = new ArrayList<>();
    List<Endpoint> endpoints = new ArrayList<>();
    endpoints.add(new Endpoint("GET", "/actuator/health", "Health."));
    int modules = files - 1;
    for (int i = 0; i < modules; i++) {
      List<String> deps = new ArrayList<>();
      for (int d = 1; d <= 3 && i - d >= 0; d++) {
        deps.add(module(i - d));
      }
      specs.add(new FileSpec(module(i), "Records of kind " + i + ": a record and create, find and list methods over an"
          + " in-memory store.", FileKind.SOURCE, Priority.NORMAL, deps));
      endpoints.add(new Endpoint("GET", "/records" + i, "Lists records of kind " + i + "."));
    }
    List<String> mainDeps = new ArrayList<>();
    for (int d = 1; d <= 3 && modules - d >= 0; d++) {
      mainDeps.add(module(modules - d));
    }
    specs.add(new FileSpec(APPLICATION, "The @SpringBootApplication class.", FileKind.SOURCE, Priority.CRITICAL, mainDeps));
    return new ArchitecturePlan("records-service", "Keeps records of " + modules + " kinds in memory and lists them.",
        "java-spring-boot", "com.example.records.RecordsApplication", specs, endpoints, List.of("web", "actuator"));
  }

  /** The deterministic content of a file: a class of fixed size, or the application. */
  static String code(String path) {
    if (path.equals(APPLICATION)) {
      return "package com.example.records;\n\nimport org.springframework.boot.SpringApplication;\n"
          + "import org.springframework.boot.autoconfigure.SpringBootApplication;\n\n"
          + "/** The records service. */\n@SpringBootApplication\npublic class RecordsApplication {\n"
          + "  /** Starts the service. */\n  public static void main(String[] args) {\n"
          + "    SpringApplication.run(RecordsApplication.class, args);\n  }\n}\n";
    }
    String k = path.replaceAll("\\D", "");
    String type = "Records" + k;
    return "package com.example.records;\n\n"
        + "import java.util.List;\nimport java.util.Map;\nimport java.util.Optional;\n"
        + "import java.util.concurrent.ConcurrentHashMap;\nimport org.slf4j.Logger;\nimport org.slf4j.LoggerFactory;\n"
        + "import org.springframework.stereotype.Service;\n\n"
        + "/** Records of kind " + k + ", kept in memory. */\n@Service\npublic class " + type + " {\n"
        + "  private static final Logger LOG = LoggerFactory.getLogger(" + type + ".class);\n\n"
        + "  /** A record of kind " + k + ". */\n  public record Item(long id, String name, List<String> tags) {}\n\n"
        + "  private final Map<Long, Item> store = new ConcurrentHashMap<>();\n\n"
        + "  /** Creates and stores a record of kind " + k + ". */\n"
        + "  public Item create(String name, List<String> tags) {\n"
        + "    Item item = new Item(store.size() + 1L, name, List.copyOf(tags));\n"
        + "    store.put(item.id(), item);\n    LOG.info(\"created {}\", item.id());\n    return item;\n  }\n\n"
        + "  /** The record with this id, if any. */\n"
        + "  public Optional<Item> find(long id) {\n    return Optional.ofNullable(store.get(id));\n  }\n\n"
        + "  /** All records, or those with this tag. */\n"
        + "  public List<Item> list(String tag) {\n"
        + "    return store.values().stream().filter(i -> tag == null || i.tags().contains(tag)).toList();\n  }\n}\n";
  }
}
