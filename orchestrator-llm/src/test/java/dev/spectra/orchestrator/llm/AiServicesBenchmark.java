package dev.spectra.orchestrator.llm;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.RetriableException;
import dev.langchain4j.guardrail.OutputGuardrail;
import dev.langchain4j.guardrail.OutputGuardrailResult;
import dev.langchain4j.guardrail.config.OutputGuardrailsConfig;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.V;
import dev.langchain4j.service.output.ServiceOutputParser;
import dev.spectra.orchestrator.test.ChaosChatModel;
import dev.spectra.orchestrator.test.ChaosProfile;
import dev.spectra.orchestrator.test.Reply;
import dev.spectra.orchestrator.test.ScriptedChatModel;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Benchmark (4): typed-call success and model calls per typed result, on the same three methods (a record, a list of
 * records, an enum), on LangChain4j's {@code AiServices} configured at its best and on {@code SpectraAiServices}.
 *
 * <p>LangChain4j at its best: the model declares {@code RESPONSE_FORMAT_JSON_SCHEMA} (so AiServices sends its
 * schema and no text instructions), a chat memory (so a guardrail re-prompt keeps the conversation), an output
 * guardrail that re-prompts whenever LangChain4j's own output parser cannot parse the reply, at most 3 replies per
 * call, and the transient-failure retries its provider clients make (3 attempts). SpectraAiServices: its defaults
 * (3 replies per call, the default retry policy without the sleeps). Both get a fresh service per call.
 *
 * <p>Replies: (a) a fault-free model that answers what the request's schema asks for, wrapped in the test kit's
 * {@code ChaosChatModel} with the small-local-model and hosted-model profiles, 100 seeds per method and profile;
 * (b) the hand-written messy first replies of {@code bench/ai-services-messy-replies.txt} (a re-prompt is answered
 * correctly). A call succeeds when it returns a value equal to the expected one; a wrong value or an exception
 * fails it. Model calls count every call the model received, failed ones (429, 5xx, timeouts) included. Run: see
 * docs/benchmarks.md.
 */
public final class AiServicesBenchmark {
  private static final int SEEDS = 100;
  private static final int MAX_REPLIES = 3;

  public enum Priority { LOW, MEDIUM, HIGH }

  public record Ticket(String title, Priority priority, int estimateHours) {}

  private static final String SYSTEM = "You triage support messages. Answer with JSON.";
  private static final String MESSAGE = "The login page times out for everyone since this morning, and there is a typo on the pricing page.";

  public interface TicketService {
    @SystemMessage(SYSTEM)
    @dev.langchain4j.service.UserMessage("Make one ticket from this message: {{text}}")
    Ticket ticket(@V("text") String text);
  }

  public interface TicketsService {
    @SystemMessage(SYSTEM)
    @dev.langchain4j.service.UserMessage("List every ticket in this message: {{text}}")
    List<Ticket> tickets(@V("text") String text);
  }

  public interface PriorityService {
    @SystemMessage(SYSTEM)
    @dev.langchain4j.service.UserMessage("How urgent is this message? {{text}}")
    Priority priority(@V("text") String text);
  }

  static final Ticket LOGIN = new Ticket("Login page times out", Priority.HIGH, 3);
  static final Ticket TYPO = new Ticket("Typo on the pricing page", Priority.LOW, 1);

  /** One method under test: its interface, return type, expected value, correct answer, and how to call it. */
  record Method(String name, Class<?> service, Type type, Object expected, String answer, Function<Object, Object> call) {}

  static final List<Method> METHODS = List.of(
      new Method("ticket", TicketService.class, Ticket.class, LOGIN,
          "{\"title\": \"Login page times out\", \"priority\": \"HIGH\", \"estimateHours\": 3}",
          s -> ((TicketService) s).ticket(MESSAGE)),
      new Method("tickets", TicketsService.class, TicketsService.class.getMethods()[0].getGenericReturnType(), List.of(LOGIN, TYPO),
          "{\"values\": [{\"title\": \"Login page times out\", \"priority\": \"HIGH\", \"estimateHours\": 3},"
              + " {\"title\": \"Typo on the pricing page\", \"priority\": \"LOW\", \"estimateHours\": 1}]}",
          s -> ((TicketsService) s).tickets(MESSAGE)),
      new Method("priority", PriorityService.class, Priority.class, Priority.HIGH, "{\"value\": \"HIGH\"}",
          s -> ((PriorityService) s).priority(MESSAGE)));

  enum Framework { LANGCHAIN4J, SPECTRA }

  /** Successes and calls of one framework on one source of replies. */
  static final class Tally {
    int calls;
    int succeeded;
    long modelCalls;
    final Map<String, Integer> failures = new LinkedHashMap<>();

    void add(Tally o) {
      calls += o.calls;
      succeeded += o.succeeded;
      modelCalls += o.modelCalls;
      o.failures.forEach((k, v) -> failures.merge(k, v, Integer::sum));
    }
  }

  private AiServicesBenchmark() {}

  public static void main(String[] args) throws IOException {
    List<Entry> corpus = corpus();
    Map<String, Map<Framework, Map<String, Tally>>> table = new LinkedHashMap<>();
    Map<String, Map<Framework, String>> perEntry = new LinkedHashMap<>();
    for (Framework f : Framework.values()) {
      for (Method m : METHODS) {
        for (String profile : List.of("smallLocalModel", "hostedModel")) {
          ChaosProfile p = profile.equals("smallLocalModel") ? ChaosProfile.smallLocalModel() : ChaosProfile.hostedModel();
          Tally t = tally(table, "chaos " + profile, f, m.name());
          for (int seed = 1; seed <= SEEDS; seed++) {
            ChaosChatModel chaos = ChaosChatModel.builder(correct()).seed(seed).profile(p).build();
            run(f, m, chaos, t);
            t.modelCalls += chaos.calls();
          }
        }
        Tally t = tally(table, "messy corpus", f, m.name());
        for (Entry e : corpus) {
          if (e.method().equals(m.name())) {
            ScriptedChatModel model = messy(e.reply());
            int before = t.succeeded;
            Map<String, Integer> failures = new LinkedHashMap<>(t.failures);
            run(f, m, model, t);
            t.modelCalls += model.callCount();
            String outcome = t.succeeded > before ? "ok" : t.failures.entrySet().stream()
                .filter(x -> !x.getValue().equals(failures.get(x.getKey()))).map(Map.Entry::getKey).findFirst().orElse("?");
            perEntry.computeIfAbsent(e.method() + " " + e.label(), k -> new LinkedHashMap<>())
                .put(f, outcome + " (" + model.callCount() + ")");
          }
        }
      }
    }
    print(table, corpus.size());
    System.out.println();
    System.out.println("messy corpus, reply by reply: outcome (model calls)");
    System.out.println(String.format(Locale.ROOT, "%-40s %-34s %s", "entry", "LangChain4j", "Spectra"));
    perEntry.forEach((entry, byFramework) -> System.out.println(String.format(Locale.ROOT, "%-40s %-34s %s", entry,
        byFramework.get(Framework.LANGCHAIN4J), byFramework.get(Framework.SPECTRA))));
  }

  private static Tally tally(Map<String, Map<Framework, Map<String, Tally>>> table, String source, Framework f, String method) {
    return table.computeIfAbsent(source, k -> new LinkedHashMap<>()).computeIfAbsent(f, k -> new LinkedHashMap<>())
        .computeIfAbsent(method, k -> new Tally());
  }

  private static void run(Framework f, Method m, ChatModel model, Tally t) {
    t.calls++;
    try {
      Object value = m.call().apply(service(f, m, model));
      if (Objects.equals(value, m.expected())) {
        t.succeeded++;
      } else {
        t.failures.merge("wrong value", 1, Integer::sum);
      }
    } catch (RuntimeException e) {
      t.failures.merge(e.getClass().getSimpleName(), 1, Integer::sum);
    }
  }

  private static Object service(Framework f, Method m, ChatModel model) {
    if (f == Framework.SPECTRA) {
      return SpectraAiServices.builder(m.service()).chatModel(model).maxAttempts(MAX_REPLIES).sleeper(d -> { }).build();
    }
    return AiServices.builder(m.service())
        .chatModel(new ProviderRetries(model))
        .chatMemory(MessageWindowChatMemory.withMaxMessages(20))
        .outputGuardrails(new ParseOrReprompt(m.type()))
        .outputGuardrailsConfig(OutputGuardrailsConfig.builder().maxRetries(MAX_REPLIES).build())
        .build();
  }

  /** A fault-free model: answers the correct value in the shape the request's schema asks for. */
  static ScriptedChatModel correct() {
    return ScriptedChatModel.create().supportedCapabilities(Capability.RESPONSE_FORMAT_JSON_SCHEMA)
        .otherwise(Reply.computed(AiServicesBenchmark::answer));
  }

  /** The messy reply first, the correct one to every re-prompt. */
  static ScriptedChatModel messy(String first) {
    ScriptedChatModel model = ScriptedChatModel.create().supportedCapabilities(Capability.RESPONSE_FORMAT_JSON_SCHEMA)
        .otherwise(Reply.computed(AiServicesBenchmark::answer));
    model.on("the first call", r -> r.messages().stream().noneMatch(AiMessage.class::isInstance)).replyInOrder(first);
    return model;
  }

  /** The correct answer to the conversation's first user message. */
  static String answer(ChatRequest request) {
    String first = null;
    for (ChatMessage message : request.messages()) {
      if (message instanceof UserMessage u) {
        first = u.singleText();
        break;
      }
    }
    Objects.requireNonNull(first, "no user message");
    for (Method m : METHODS) {
      String prefix = ((dev.langchain4j.service.UserMessage) m.service().getMethods()[0]
          .getAnnotation(dev.langchain4j.service.UserMessage.class)).value()[0];
      if (first.startsWith(prefix.substring(0, prefix.indexOf("{{")))) {
        return m.answer();
      }
    }
    throw new IllegalStateException("unexpected request: " + first);
  }

  /** LangChain4j's own output parsing as a guardrail: a reply its parser rejects is re-prompted. */
  static final class ParseOrReprompt implements OutputGuardrail {
    private static final ServiceOutputParser PARSER = new ServiceOutputParser();
    private final Type type;

    ParseOrReprompt(Type type) {
      this.type = type;
    }

    @Override
    public OutputGuardrailResult validate(AiMessage message) {
      try {
        PARSER.parse(ChatResponse.builder().aiMessage(message).build(), type);
        return success();
      } catch (RuntimeException e) {
        return reprompt("Invalid JSON", e, "Your answer could not be parsed. Answer again with valid JSON only,"
            + " following the specified format.");
      }
    }
  }

  /** The transient-failure retries LangChain4j's provider clients make (maxRetries 2: 3 attempts), without the waits. */
  static final class ProviderRetries implements ChatModel {
    private final ChatModel delegate;

    ProviderRetries(ChatModel delegate) {
      this.delegate = delegate;
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
      for (int attempt = 1; ; attempt++) {
        try {
          return delegate.chat(request);
        } catch (RetriableException e) {
          if (attempt >= 3) {
            throw e;
          }
        }
      }
    }

    @Override
    public Set<Capability> supportedCapabilities() {
      return delegate.supportedCapabilities();
    }

    @Override
    public ModelProvider provider() {
      return delegate.provider();
    }
  }

  record Entry(String method, String label, String reply) {}

  static List<Entry> corpus() throws IOException {
    String text;
    try (InputStream in = AiServicesBenchmark.class.getResourceAsStream("/bench/ai-services-messy-replies.txt")) {
      text = new String(Objects.requireNonNull(in, "bench/ai-services-messy-replies.txt").readAllBytes(), StandardCharsets.UTF_8);
    }
    List<Entry> entries = new ArrayList<>();
    String method = null;
    String label = null;
    StringBuilder reply = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      if (line.startsWith("=== ")) {
        if (method != null) {
          entries.add(new Entry(method, label, strip(reply)));
        }
        String[] parts = line.substring(4).split(" ", 2);
        method = parts[0];
        label = parts[1];
        reply.setLength(0);
      } else if (method != null) {
        reply.append(line).append('\n');
      }
    }
    if (method != null) {
      entries.add(new Entry(method, label, strip(reply)));
    }
    return entries;
  }

  private static String strip(StringBuilder reply) {
    String s = reply.toString();
    return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
  }

  private static void print(Map<String, Map<Framework, Map<String, Tally>>> table, int corpusSize) {
    System.out.println("AiServices benchmark: the same three methods (record, List<record>, enum) on LangChain4j AiServices"
        + " at its best and on SpectraAiServices, at most " + MAX_REPLIES + " replies per call");
    System.out.println("chaos: " + SEEDS + " seeds per method and profile; messy corpus: " + corpusSize + " hand-written first replies");
    System.out.println();
    System.out.println(String.format(Locale.ROOT, "%-26s %-9s %-12s %16s %14s", "replies", "method", "framework",
        "typed successes", "calls/result"));
    for (Map.Entry<String, Map<Framework, Map<String, Tally>>> source : table.entrySet()) {
      Map<Framework, Tally> totals = new LinkedHashMap<>();
      for (Method m : METHODS) {
        for (Framework f : Framework.values()) {
          Tally t = source.getValue().get(f).get(m.name());
          line(source.getKey(), m.name(), f, t);
          totals.computeIfAbsent(f, k -> new Tally()).add(t);
        }
      }
      for (Framework f : Framework.values()) {
        line(source.getKey(), "all", f, totals.get(f));
      }
      for (Framework f : Framework.values()) {
        if (!totals.get(f).failures.isEmpty()) {
          System.out.println("  " + source.getKey() + ", " + name(f) + " failures: " + totals.get(f).failures);
        }
      }
    }
  }

  private static void line(String source, String method, Framework f, Tally t) {
    System.out.println(String.format(Locale.ROOT, "%-26s %-9s %-12s %7d/%-4d %5.1f%% %14s", source, method, name(f),
        t.succeeded, t.calls, 100.0 * t.succeeded / t.calls,
        t.succeeded == 0 ? "-" : String.format(Locale.ROOT, "%.2f", (double) t.modelCalls / t.succeeded)));
  }

  private static String name(Framework f) {
    return f == Framework.SPECTRA ? "Spectra" : "LangChain4j";
  }
}
