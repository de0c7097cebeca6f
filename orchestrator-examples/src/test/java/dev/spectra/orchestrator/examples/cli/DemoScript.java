package dev.spectra.orchestrator.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.spectra.orchestrator.Activity;
import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.FileSpec;
import dev.spectra.orchestrator.RetryAfterHint;
import dev.spectra.orchestrator.internal.Json;
import dev.spectra.orchestrator.json.ModelJson;
import dev.spectra.orchestrator.test.Reply;
import dev.spectra.orchestrator.test.RequestMatcher;
import dev.spectra.orchestrator.test.ScriptedChatModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The hand-written replies of one demo request and the faults planted in them, named as {@link RepairTally} names
 * the repairs a run performs. The clean texts are test resources under {@code demo/source/<request>/}: the plan
 * ({@code plan.json}) and every file a model writes; this class adds the faults a small local model makes (markdown
 * fences, prose around the answer, a trailing comma, single quotes, an unknown field, a missing required field, an
 * empty reply, a 429 with a retry-after). A reply that is re-prompted carries only the fault that makes it unusable:
 * the run never repairs the rest of a reply it replaces, so planting more there would plant faults no run repairs.
 */
final class DemoScript {
  /** What a 429 of the script asks to wait. */
  static final Duration RETRY_AFTER = Duration.ofSeconds(1);

  /** The model name the scripted replies report: they were not written by any model. */
  static final String MODEL_NAME = "hand-written";

  private static final String FENCE = ModelJson.FENCE;
  private static final String PROSE = ModelJson.PROSE;
  private static final String TRAILING_COMMA = ModelJson.TRAILING_COMMA;
  private static final String SINGLE_QUOTES = ModelJson.SINGLE_QUOTES;

  /** One scripted answer and the faults planted in it. */
  record Step(Reply reply, List<String> faults) {
    static Step text(String text, String... faults) {
      return new Step(Reply.text(text), List.of(faults));
    }

    static Step rateLimited() {
      return new Step(Reply.error(() -> new RateLimitException("429 Too Many Requests: rate limit reached for requests,"
          + " retry after " + RETRY_AFTER.toSeconds() + " s", new RetryAfterHint(RETRY_AFTER))), List.of(RepairTally.RATE_LIMIT));
    }
  }

  final DemoRequest request;
  final ArchitecturePlan plan;
  final List<Step> planSteps;
  final Map<String, List<Step>> fileSteps;
  final List<Step> deploySteps;
  private final Map<String, String> sources;

  private DemoScript(DemoRequest request, ArchitecturePlan plan, Map<String, String> sources, List<Step> planSteps,
      Map<String, List<Step>> fileSteps, List<Step> deploySteps) {
    this.request = request;
    this.plan = plan;
    this.sources = sources;
    this.planSteps = List.copyOf(planSteps);
    this.fileSteps = Map.copyOf(fileSteps);
    this.deploySteps = List.copyOf(deploySteps);
    Set<String> modelWritten = modelWritten(request, plan);
    if (!modelWritten.equals(new TreeSet<>(fileSteps.keySet()))) {
      throw new IllegalStateException(request.id() + ": the script answers " + new TreeSet<>(fileSteps.keySet())
          + ", but the model writes " + modelWritten + " of the plan");
    }
  }

  /** The script of a request. */
  static DemoScript of(DemoRequest request) {
    return switch (request) {
      case HELLO_WORLD -> helloWorld();
      case SERVICE_CATALOG -> serviceCatalog();
      case HELLO_SPRING_BOOT -> helloSpringBoot();
    };
  }

  /** A fenced plan with prose, one fenced file. */
  private static DemoScript helloWorld() {
    DemoRequest r = DemoRequest.HELLO_WORLD;
    ObjectNode plan = planJson(r);
    Map<String, String> src = sources(r, plan);
    Map<String, List<Step>> files = new LinkedHashMap<>();
    files.put("app/main.py", List.of(Step.text(fenced("python", src.get("app/main.py")), FENCE)));
    files.put("tests/test_main.py", List.of(Step.text(src.get("tests/test_main.py"))));
    return new DemoScript(r, plan(plan), src,
        List.of(Step.text("Here is the plan for the service:\n\n" + fenced("json", pretty(plan)), PROSE, FENCE)),
        files,
        List.of(Step.text(pretty(deploySpec()))));
  }

  /**
   * A plan missing a field (re-prompted), then fenced with prose and a trailing comma; fenced files with prose; a 429;
   * an empty reply (re-prompted); a fenced deploy spec in single quotes with an unknown field.
   */
  private static DemoScript serviceCatalog() {
    DemoRequest r = DemoRequest.SERVICE_CATALOG;
    ObjectNode plan = planJson(r);
    Map<String, String> src = sources(r, plan);
    ObjectNode withoutEntrypoint = plan.deepCopy();
    withoutEntrypoint.remove("entrypoint");
    String trailingComma = pretty(plan).replaceFirst("\n}$", ",\n}");
    List<Step> planSteps = List.of(
        Step.text(pretty(withoutEntrypoint), RepairTally.MISSING_FIELD),
        Step.text("Sorry, I forgot the entrypoint. Here is the complete plan:\n\n" + fenced("json", trailingComma)
            + "\n\nLet me know if you want more endpoints.", PROSE, FENCE, TRAILING_COMMA));
    Map<String, List<Step>> files = new LinkedHashMap<>();
    files.put("app/config.py", List.of(Step.text("Here is `app/config.py`:\n\n" + fenced("python", src.get("app/config.py")),
        PROSE, FENCE)));
    files.put("app/models.py", List.of(Step.text(fenced("python", src.get("app/models.py")), FENCE)));
    files.put("app/repository.py", List.of(Step.rateLimited(),
        Step.text(fenced("python", src.get("app/repository.py")), FENCE)));
    files.put("app/routers/health.py", List.of(Step.text(src.get("app/routers/health.py"))));
    files.put("app/routers/services.py", List.of(Step.text(fenced("python", src.get("app/routers/services.py"))
        + "\nThe router takes the repository from get_repository, so tests can override it.", PROSE, FENCE)));
    files.put("app/main.py", List.of(Step.text(fenced("python", src.get("app/main.py")), FENCE)));
    files.put("tests/test_services.py", List.of(Step.text("Sure! These tests cover every endpoint:\n"
        + fenced("python", src.get("tests/test_services.py")) + "\nRun them with `python -m pytest`.", PROSE, FENCE)));
    files.put("tests/test_health.py", List.of(Step.text("", RepairTally.EMPTY_REPLY),
        Step.text(fenced("python", src.get("tests/test_health.py")), FENCE)));
    files.put("README.md", List.of(Step.text("Here is the README:\n\n" + fenced("markdown", src.get("README.md")),
        PROSE, FENCE)));
    String deploy = pretty(deploySpec())
        .replace("\n}", ",\n  \"port\": 8000\n}").replace('"', '\'');
    return new DemoScript(r, plan(plan), src, planSteps, files,
        List.of(Step.text(fenced("json", deploy), FENCE, SINGLE_QUOTES, RepairTally.UNKNOWN_FIELD)));
  }

  /**
   * The java-spring-boot request: a fenced plan with prose and a trailing comma; Java files fenced, one with prose around it,
   * one bare; an empty reply (re-prompted) for the tests; a fenced deploy spec. pom.xml, application.properties and
   * README.md come from the stack's generators, so no model writes them.
   */
  private static DemoScript helloSpringBoot() {
    DemoRequest r = DemoRequest.HELLO_SPRING_BOOT;
    ObjectNode plan = planJson(r);
    Map<String, String> src = sources(r, plan);
    String pkg = "src/main/java/com/example/hello/";
    String test = "src/test/java/com/example/hello/HelloControllerTest.java";
    String trailingComma = pretty(plan).replaceFirst("\n}$", ",\n}");
    Map<String, List<Step>> files = new LinkedHashMap<>();
    files.put(pkg + "Greeting.java", List.of(Step.text(fenced("java", src.get(pkg + "Greeting.java")), FENCE)));
    files.put(pkg + "GreetingRequest.java", List.of(Step.text(src.get(pkg + "GreetingRequest.java"))));
    files.put(pkg + "HelloController.java", List.of(Step.text("Here is the controller:\n\n"
        + fenced("java", src.get(pkg + "HelloController.java")) + "\nIt validates the request body with @Valid.", PROSE, FENCE)));
    files.put(pkg + "HelloApplication.java", List.of(Step.text(fenced("java", src.get(pkg + "HelloApplication.java")), FENCE)));
    files.put(test, List.of(Step.text("", RepairTally.EMPTY_REPLY), Step.text(fenced("java", src.get(test)), FENCE)));
    ObjectNode deploy = Json.MAPPER.createObjectNode();
    deploy.put("entrypoint", "com.example.hello.HelloApplication");
    deploy.put("healthPath", "/actuator/health");
    deploy.putArray("environment");
    deploy.put("readinessSeconds", 60);
    return new DemoScript(r, plan(plan), src,
        List.of(Step.text("Here is the plan:\n\n" + fenced("json", trailingComma), PROSE, FENCE, TRAILING_COMMA)),
        files,
        List.of(Step.text(fenced("json", pretty(deploy)), FENCE)));
  }

  /** A scripted model answering the plan, file and deploy requests with the steps, each step once. */
  ScriptedChatModel model() {
    ScriptedChatModel model = ScriptedChatModel.create().modelName(MODEL_NAME);
    model.on(firstUserMessageContains("Plan the service described in this request"))
        .replies(planSteps.stream().map(Step::reply).toArray(Reply[]::new));
    fileSteps.forEach((path, steps) -> model.on(firstUserMessageContains("Write the file " + path + " ("))
        .replies(steps.stream().map(Step::reply).toArray(Reply[]::new)));
    model.on(RequestMatcher.systemMessageContains("You decide how to run a generated"))
        .replies(deploySteps.stream().map(Step::reply).toArray(Reply[]::new));
    return model;
  }

  /** The number of calls the script answers. */
  int steps() {
    return planSteps.size() + fileSteps.values().stream().mapToInt(List::size).sum() + deploySteps.size();
  }

  /** Fault name to count, per activity. */
  Map<Activity, Map<String, Integer>> planted() {
    Map<Activity, Map<String, Integer>> out = new EnumMap<>(Activity.class);
    add(out, Activity.PLAN, planSteps);
    fileSteps.values().forEach(steps -> add(out, Activity.BUILD, steps));
    add(out, Activity.DEPLOY, deploySteps);
    return out;
  }

  /** What the cassette's metadata says. */
  DemoCassette cassette() {
    return new DemoCassette(DemoCassette.HAND_WRITTEN, request.text(), planted());
  }

  /** The clean content of a model-written file, as the run must write it. */
  String source(String path) {
    String s = sources.get(path);
    if (s == null) {
      throw new IllegalArgumentException(request.id() + " has no hand-written file " + path);
    }
    return s;
  }

  private static void add(Map<Activity, Map<String, Integer>> out, Activity activity, List<Step> steps) {
    for (Step s : steps) {
      s.faults().forEach(f -> out.computeIfAbsent(activity, a -> new TreeMap<>()).merge(f, 1, Integer::sum));
    }
  }

  /** Matches the conversation of one call, its re-prompts included: its first user message holds {@code text}. */
  private static RequestMatcher firstUserMessageContains(String text) {
    return RequestMatcher.of("first user message contains \"" + text + "\"", r -> {
      String first = firstUserText(r);
      return first != null && first.contains(text);
    });
  }

  private static String firstUserText(ChatRequest r) {
    for (ChatMessage m : r.messages()) {
      if (m instanceof UserMessage u) {
        return u.hasSingleText() ? u.singleText() : null;
      }
    }
    return null;
  }

  private static Set<String> modelWritten(DemoRequest request, ArchitecturePlan plan) {
    Set<String> out = new TreeSet<>();
    for (FileSpec f : plan.files()) {
      if (request.stack().producerFor(f, plan).isEmpty()) {
        out.add(f.path());
      }
    }
    return out;
  }

  /** The service reads its settings with defaults, so the spec sets no environment. */
  private static ObjectNode deploySpec() {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("entrypoint", "app.main:app");
    n.put("healthPath", "/health");
    n.putArray("environment");
    n.put("readinessSeconds", 15);
    return n;
  }

  private static String fenced(String language, String body) {
    return "```" + language + "\n" + (body.endsWith("\n") ? body : body + "\n") + "```";
  }

  /** JSON as a model writes it: two-space indent, {@code "name": value}. */
  static String pretty(JsonNode node) {
    DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
    DefaultPrettyPrinter printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
        .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
        .withObjectEmptySeparator("")
        .withArrayEmptySeparator(""));
    printer.indentObjectsWith(indenter);
    printer.indentArraysWith(indenter);
    try {
      return Json.MAPPER.writer(printer).writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + node, e);
    }
  }

  private static ObjectNode planJson(DemoRequest r) {
    try {
      return (ObjectNode) Json.MAPPER.readTree(resource(r, "plan.json"));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(r.id() + "/plan.json is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static ArchitecturePlan plan(ObjectNode json) {
    try {
      return Json.MAPPER.treeToValue(json, ArchitecturePlan.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("plan.json is not an ArchitecturePlan: " + e.getOriginalMessage(), e);
    }
  }

  /** The hand-written file of every planned path that has one. */
  private static Map<String, String> sources(DemoRequest r, ObjectNode plan) {
    Map<String, String> out = new TreeMap<>();
    for (JsonNode f : plan.get("files")) {
      String path = f.get("path").asText();
      String text = optionalResource(r, path);
      if (text != null) {
        out.put(path, text);
      }
    }
    return out;
  }

  private static String resource(DemoRequest r, String path) {
    String text = optionalResource(r, path);
    if (text == null) {
      throw new IllegalStateException("missing test resource " + folder(r) + path);
    }
    return text;
  }

  private static String optionalResource(DemoRequest r, String path) {
    try (InputStream in = DemoScript.class.getClassLoader().getResourceAsStream(folder(r) + path)) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + folder(r) + path, e);
    }
  }

  private static String folder(DemoRequest r) {
    return DemoRequest.CASSETTE_FOLDER + "source/" + r.id() + "/";
  }

  @Override
  public String toString() {
    return "DemoScript{" + request.id() + ", " + steps() + " steps, faults " + cassette().faults() + "}";
  }
}
