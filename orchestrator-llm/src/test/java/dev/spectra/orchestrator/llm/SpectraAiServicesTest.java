package dev.spectra.orchestrator.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.output.structured.Description;
import dev.langchain4j.service.MemoryId;
import dev.langchain4j.service.Result;
import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.TokenStream;
import dev.langchain4j.service.V;
import dev.spectra.orchestrator.cost.Budget;
import dev.spectra.orchestrator.cost.BudgetExceededException;
import dev.spectra.orchestrator.cost.CostLedger;
import dev.spectra.orchestrator.cost.ModelCall;
import dev.spectra.orchestrator.json.ModelOutputException;
import dev.spectra.orchestrator.test.Reply;
import dev.spectra.orchestrator.test.ScriptedChatModel;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** SpectraAiServices over the test kit's scripted model: templates, every return type, the ladder, usage, checks. */
class SpectraAiServicesTest {
  @Retention(RetentionPolicy.RUNTIME)
  @interface Nullable {}

  @Description("A person's contact details")
  record Contact(@Description("full name") String name, String email, @Nullable String phone, Optional<String> company) {
    Contact {
      if (email != null && !email.contains("@")) {
        throw new IllegalArgumentException("email must contain @, but was \"" + email + "\"");
      }
    }
  }

  enum Sentiment { POSITIVE, NEGATIVE, NEUTRAL }

  public static class Address {
    public String street;
    public String city;
  }

  @SystemMessage("You read texts for a CRM.")
  interface Crm {
    @dev.langchain4j.service.UserMessage("Contact in: {{text}}")
    Contact contact(@V("text") String text);

    @dev.langchain4j.service.UserMessage("Every contact in: {{it}}")
    List<Contact> contacts(String text);

    @dev.langchain4j.service.UserMessage("Tags of: {{text}}")
    Set<String> tags(@V("text") String text);

    @dev.langchain4j.service.UserMessage("Sentiment of: {{text}}")
    Sentiment sentiment(@V("text") String text);

    @dev.langchain4j.service.UserMessage("The contact in {{text}}, if any")
    Optional<Contact> maybe(@V("text") String text);

    @dev.langchain4j.service.UserMessage("Count words per language in {{text}}")
    Map<String, Integer> counts(@V("text") String text);

    @dev.langchain4j.service.UserMessage("How many people are in {{text}}?")
    int people(@V("text") String text);

    @dev.langchain4j.service.UserMessage("Where is {{text}}?")
    Address address(@V("text") String text);

    @dev.langchain4j.service.UserMessage("Contact in: {{text}}")
    Result<Contact> contactResult(@V("text") String text);

    @dev.langchain4j.service.UserMessage("Say hello to {{name}}")
    String hello(@V("name") String name);

    @dev.langchain4j.service.UserMessage("Write a {{language}} function that {{task}}")
    Code code(@V("language") String language, @V("task") String task);

    Contact verbatim(@dev.langchain4j.service.UserMessage String text);

    @dev.langchain4j.service.UserMessage("Contact in: {{text}}")
    Contact limited(@V("text") String text, ChatRequestParameters parameters);

    default String greet() {
      return "hi from a default method";
    }
  }

  private static final String ADA = "{\"name\":\"Ada\",\"email\":\"ada@example.org\"}";

  private static Crm crm(ScriptedChatModel model) {
    return SpectraAiServices.builder(Crm.class).chatModel(model).sleeper(d -> { }).build();
  }

  @Test
  void argumentsAreValuesNeverTemplatesAndTheInterfaceSystemMessageApplies() {
    ScriptedChatModel model = ScriptedChatModel.replying(ADA);

    crm(model).contact("Ada {{text}} {{current_date}} }} {{");

    assertThat(model.lastRequest().messages().get(0)).isEqualTo(dev.langchain4j.data.message.SystemMessage.from("You read texts for a CRM."));
    assertThat(((UserMessage) model.lastRequest().messages().get(1)).singleText())
        .startsWith("Contact in: Ada {{text}} {{current_date}} }} {{\n\n");
  }

  @Test
  void theOnlyParameterIsIt() {
    ScriptedChatModel model = ScriptedChatModel.replying("[" + ADA + "]");

    assertThat(crm(model).contacts("Ada")).containsExactly(new Contact("Ada", "ada@example.org", null, Optional.empty()));
    assertThat(model.lastUserMessage()).startsWith("Every contact in: Ada");
  }

  @Test
  void aUserMessageParameterIsSentAsItIs() {
    ScriptedChatModel model = ScriptedChatModel.replying(ADA);

    crm(model).verbatim("{{not a variable}}");

    assertThat(model.lastUserMessage()).startsWith("{{not a variable}}\n\nAnswer with JSON only");
  }

  @Test
  void withoutNativeStructuredOutputTheSchemaIsDescribedInTheUserMessage() {
    ScriptedChatModel model = ScriptedChatModel.replying(ADA);

    crm(model).contact("Ada");

    ChatRequest r = model.lastRequest();
    assertThat(r.responseFormat()).isNull();
    assertThat(model.lastUserMessage()).endsWith("Answer with JSON only, matching this JSON schema:\n"
        + "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\",\"description\":\"full name\"},"
        + "\"email\":{\"type\":\"string\"},\"phone\":{\"type\":\"string\"},\"company\":{\"type\":\"string\"}},"
        + "\"required\":[\"name\",\"email\"],\"description\":\"A person's contact details\"}");
  }

  @Test
  void aModelThatTakesASchemaGetsItNativelyOptionalAndNullableComponentsNotRequired() {
    ScriptedChatModel model = ScriptedChatModel.replying(ADA).supportedCapabilities(Capability.RESPONSE_FORMAT_JSON_SCHEMA);

    crm(model).contact("Ada");

    ChatRequest r = model.lastRequest();
    assertThat(r.responseFormat().type()).isEqualTo(ResponseFormatType.JSON);
    assertThat(r.responseFormat().jsonSchema().name()).isEqualTo("Contact");
    JsonObjectSchema root = (JsonObjectSchema) r.responseFormat().jsonSchema().rootElement();
    assertThat(root.properties()).containsOnlyKeys("name", "email", "phone", "company");
    assertThat(root.required()).containsExactly("name", "email");
    assertThat(model.lastUserMessage()).isEqualTo("Contact in: Ada");
  }

  @Test
  void aNonObjectReplyIsWrappedInValueForTheSchemaAndAcceptedBareOrWrapped() {
    ScriptedChatModel model = ScriptedChatModel.create().supportedCapabilities(Capability.RESPONSE_FORMAT_JSON_SCHEMA);
    model.on("any", r -> true).replyInOrder("{\"values\": [" + ADA + "]}", "[" + ADA + "]");
    Crm crm = crm(model);

    assertThat(crm.contacts("a")).hasSize(1);
    assertThat(crm.contacts("b")).hasSize(1);
    assertThat(model.lastRequest().responseFormat().jsonSchema().name()).isEqualTo("List_of_Contact");
    JsonObjectSchema root = (JsonObjectSchema) model.lastRequest().responseFormat().jsonSchema().rootElement();
    assertThat(root.properties()).as("LangChain4j's wrapper name, so a model answers both alike").containsOnlyKeys("values");
  }

  @Test
  void aMapCannotBeAStrictSchemaSoItGoesInJsonMode() {
    ScriptedChatModel model = ScriptedChatModel.replying("```json\n{\"en\": 3, \"fr\": \"2\",}\n```")
        .supportedCapabilities(Capability.RESPONSE_FORMAT_JSON_SCHEMA);

    assertThat(crm(model).counts("hello you bonjour toi")).containsExactly(Map.entry("en", 3), Map.entry("fr", 2));
    assertThat(model.lastRequest().responseFormat().type()).isEqualTo(ResponseFormatType.JSON);
    assertThat(model.lastRequest().responseFormat().jsonSchema()).isNull();
    assertThat(model.lastUserMessage()).contains("Answer with JSON only");
  }

  @Test
  void enumsScalarsSetsOptionalsAndPojos() {
    ScriptedChatModel model = ScriptedChatModel.create();
    model.on("sentiment", r -> lastUser(r).startsWith("Sentiment")).replyInOrder("Positive.", "`negative`", "It is great");
    model.on("people", r -> lastUser(r).startsWith("How many")).reply("```\n3\n```");
    model.on("tags", r -> lastUser(r).startsWith("Tags")).reply("[\"a\", \"b\", \"a\"]");
    model.on("maybe", r -> lastUser(r).startsWith("The contact")).reply("null");
    model.on("address", r -> lastUser(r).startsWith("Where")).reply("{\"street\": \"1 Main St\", \"city\": \"Leeds\", \"zip\": \"LS1\"}");
    Crm crm = SpectraAiServices.builder(Crm.class).chatModel(model).maxAttempts(1).build();

    assertThat(crm.sentiment("x")).isEqualTo(Sentiment.POSITIVE);
    assertThat(crm.sentiment("x")).isEqualTo(Sentiment.NEGATIVE);
    assertThatThrownBy(() -> crm.sentiment("x")).isInstanceOf(ModelOutputException.class)
        .hasMessageContaining("$: must be one of POSITIVE, NEGATIVE, NEUTRAL, but was \"It is great\"");
    assertThat(crm.people("x")).isEqualTo(3);
    assertThat(crm.tags("x")).containsExactly("a", "b");
    assertThat(crm.maybe("x")).isEmpty();
    Address a = crm.address("x");
    assertThat(a.street).isEqualTo("1 Main St");
    assertThat(a.city).isEqualTo("Leeds");
  }

  @Test
  void whatACompactConstructorThrowsIsNamedByPathAndRepromptedKeepingTheConversation() {
    String bad = "{\"name\":\"Ada\",\"email\":\"ada at example.org\"}";
    ScriptedChatModel model = ScriptedChatModel.replyingInOrder(bad, ADA);

    assertThat(crm(model).contact("Ada").email()).isEqualTo("ada@example.org");

    List<dev.langchain4j.data.message.ChatMessage> second = model.request(1).messages();
    assertThat(((AiMessage) second.get(2)).text()).isEqualTo(bad);
    assertThat(((UserMessage) second.get(3)).singleText()).contains("- $: email must contain @, but was \"ada at example.org\"");
  }

  @Test
  void anOptionalComponentIsBoundWhenPresent() {
    ScriptedChatModel model = ScriptedChatModel.replying("{\"name\":\"Ada\",\"email\":\"a@b.c\",\"phone\":\"1\",\"company\":\"ACME\"}");

    assertThat(crm(model).contact("x")).isEqualTo(new Contact("Ada", "a@b.c", "1", Optional.of("ACME")));
  }

  @Test
  void resultSumsTheUsageOfEveryCallAndTheLedgerRecordsEachWithNoActivity() {
    ScriptedChatModel model = ScriptedChatModel.create();
    model.on("any", r -> true).replies(Reply.text("{\"name\":\"Ada\"}").withTokenUsage(50, 20), Reply.text(ADA).withTokenUsage(100, 40));
    CostLedger ledger = new CostLedger();
    Crm crm = SpectraAiServices.builder(Crm.class).model(ModelSpec.parse("openai:gpt-4o-mini"), model).ledger(ledger).build();

    Result<Contact> r = crm.contactResult("Ada");

    assertThat(r.content().name()).isEqualTo("Ada");
    assertThat(r.tokenUsage().inputTokenCount()).isEqualTo(150);
    assertThat(r.tokenUsage().outputTokenCount()).isEqualTo(60);
    assertThat(r.finalResponse().aiMessage().text()).isEqualTo(ADA);
    assertThat(r.intermediateResponses()).hasSize(1);
    assertThat(ledger.calls()).extracting(ModelCall::activity).containsExactly(null, null);
    assertThat(ledger.total().calls()).isEqualTo(2);
    assertThat(ledger.total().usage().inputTokens()).isEqualTo(150);
    assertThat(ledger.total().cost().isKnown()).isTrue();
    assertThat(ledger.byActivity()).isEmpty();
  }

  @Test
  void aBudgetStopsACallBeforeItIsMade() {
    ScriptedChatModel model = ScriptedChatModel.replying(ADA);
    Crm crm = SpectraAiServices.builder(Crm.class).model(ModelSpec.parse("openai:gpt-4o-mini"), model)
        .budget(Budget.builder().maxCalls(1).build()).build();

    crm.contact("Ada");

    assertThatThrownBy(() -> crm.contact("Ada")).isInstanceOf(BudgetExceededException.class);
    assertThat(model.callCount()).isEqualTo(1);
  }

  @Test
  void noUsableReplyEndsInAModelOutputExceptionCarryingEveryAttempt() {
    ScriptedChatModel model = ScriptedChatModel.replying("I cannot find a contact, sorry.");

    assertThatThrownBy(() -> crm(model).contact("nobody"))
        .isInstanceOfSatisfying(ModelOutputException.class, e -> {
          assertThat(e.attempts()).hasSize(SpectraAiServices.DEFAULT_MAX_ATTEMPTS);
          assertThat(e.attempts().get(0).errors()).containsExactly("$: the reply holds no JSON object; answer with the JSON object only");
        })
        .hasMessageStartingWith("the Crm.contact reply of custom:ScriptedChatModel was not usable after 3 attempts")
        .hasMessageContaining("Raise maxAttempts(...) on the SpectraAiServices builder");
    assertThat(model.callCount()).isEqualTo(3);
  }

  @Test
  void stringIsTheRawTextAndCodeIsUnwrappedFromItsFence() {
    ScriptedChatModel model = ScriptedChatModel.create();
    model.on("hello", r -> lastUser(r).startsWith("Say hello")).reply("  Hello, Ada!  ");
    model.on("code", r -> lastUser(r).startsWith("Write")).reply("Here it is:\n```python\ndef add(a, b):\n    return a + b\n```\nEnjoy!");
    Crm crm = crm(model);

    assertThat(crm.hello("Ada")).isEqualTo("  Hello, Ada!  ");
    assertThat(model.lastUserMessage()).isEqualTo("Say hello to Ada");
    assertThat(crm.code("python", "adds")).isEqualTo(new Code("python", "def add(a, b):\n    return a + b\n"));
    assertThat(crm.greet()).isEqualTo("hi from a default method");
    assertThat(crm.toString()).isEqualTo("SpectraAiServices{" + Crm.class.getName() + " on custom:ScriptedChatModel}");
  }

  @Test
  void perCallParametersAreMergedOverTheServiceOnes() {
    ScriptedChatModel model = ScriptedChatModel.replying(ADA);
    Crm crm = SpectraAiServices.builder(Crm.class).chatModel(model).maxOutputTokens(300).build();

    crm.contact("x");
    assertThat(model.lastRequest().maxOutputTokens()).isEqualTo(300);
    crm.limited("x", ChatRequestParameters.builder().maxOutputTokens(77).temperature(0.5).build());
    assertThat(model.lastRequest().maxOutputTokens()).isEqualTo(77);
    assertThat(model.lastRequest().temperature()).isEqualTo(0.5);
  }

  @Test
  void aRateLimitIsRetriedAndReportedToTheListener() {
    ScriptedChatModel model = ScriptedChatModel.create();
    model.on("any", r -> true).replies(Reply.error(new RateLimitException("slow down")), Reply.text(ADA));
    List<SpectraAiServices.Event> events = new ArrayList<>();
    Crm crm = SpectraAiServices.builder(Crm.class).chatModel(model).sleeper(d -> { }).listener(events::add).build();

    assertThat(crm.contact("x").name()).isEqualTo("Ada");
    assertThat(events).singleElement().satisfies(e -> {
      assertThat(e.kind()).isEqualTo(SpectraAiServices.Event.Kind.RETRYING);
      assertThat(e.method()).isEqualTo("Crm.contact");
    });
  }

  @Test
  void callsFromManyThreadsEachGetTheirOwnAnswer() throws Exception {
    ScriptedChatModel model = ScriptedChatModel.create().otherwise(Reply.computed(r -> {
      String who = lastUser(r).substring("Contact in: ".length()).split("\n")[0];
      return "Sure: {\"name\": \"" + who + "\", \"email\": \"" + who + "@example.org\",}";
    }));
    Crm crm = crm(model);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Contact>> futures = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        String who = "p" + i;
        futures.add(pool.submit(() -> crm.contact(who)));
      }
      for (int i = 0; i < 40; i++) {
        assertThat(futures.get(i).get().email()).isEqualTo("p" + i + "@example.org");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  record Invoice(BigDecimal total, BigInteger number, long cents, short lines, boolean paid, Set<String> tags) {}

  interface Billing {
    @SystemMessage(fromResource = "billing-system.txt")
    @dev.langchain4j.service.UserMessage(fromResource = "/prompts/billing-user.txt")
    Invoice invoice(@V("text") String text);
  }

  @Test
  void templatesFromResourcesAndNumbersOfEveryWidth() {
    ScriptedChatModel model = ScriptedChatModel.replying(
        "{\"total\": \"12.50\", \"number\": 12345678901234567890, \"cents\": 1250, \"lines\": 2, \"paid\": \"true\", \"tags\": [\"a\"]}");

    Invoice invoice = SpectraAiServices.create(Billing.class, model).invoice("an invoice");

    assertThat(invoice).isEqualTo(new Invoice(new BigDecimal("12.5"), new BigInteger("12345678901234567890"), 1250L,
        (short) 2, true, Set.of("a")));
    assertThat(((dev.langchain4j.data.message.SystemMessage) model.lastRequest().messages().get(0)).text())
        .isEqualTo("You read invoices (a resource next to the interface).\n");
    assertThat(model.lastUserMessage()).startsWith("Invoice: an invoice\n");
  }

  @Test
  void aNumberTooLargeForItsFieldIsAnErrorByPath() {
    ScriptedChatModel model = ScriptedChatModel.replying(
        "{\"total\": 1, \"number\": 1, \"cents\": 1, \"lines\": 70000, \"paid\": false, \"tags\": []}");
    Billing billing = SpectraAiServices.builder(Billing.class).chatModel(model).maxAttempts(1).build();

    assertThatThrownBy(() -> billing.invoice("x")).isInstanceOf(ModelOutputException.class)
        .hasMessageContaining("$.lines: must be between -32768 and 32767, but was 70000");
  }

  // ---- checked when built ----

  interface WrongVariable {
    @dev.langchain4j.service.UserMessage("Hello {{nmae}}")
    String hello(@V("name") String name);
  }

  interface NoUserMessage {
    String hello(@V("name") String name);
  }

  interface BadReturn {
    @dev.langchain4j.service.UserMessage("Hello {{it}}")
    Object hello(String name);
  }

  interface Memory {
    @dev.langchain4j.service.UserMessage("Hello {{name}}")
    String hello(@MemoryId int id, @V("name") String name);
  }

  interface Streaming {
    @dev.langchain4j.service.UserMessage("Hello {{name}}")
    TokenStream hello(@V("name") String name);
  }

  @Test
  void problemsAreReportedWhenBuiltEachNamingItsMethod() {
    ScriptedChatModel model = ScriptedChatModel.replying("x");

    assertThatThrownBy(() -> SpectraAiServices.create(WrongVariable.class, model)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("WrongVariable.hello: template variable {{nmae}} has no parameter (bound: name); add @V(\"nmae\") to one")
        .hasMessageContaining("WrongVariable.hello: parameter name ({{name}}) is used by no template");
    assertThatThrownBy(() -> SpectraAiServices.create(NoUserMessage.class, model))
        .hasMessageContaining("NoUserMessage.hello: needs a @UserMessage template on the method");
    assertThatThrownBy(() -> SpectraAiServices.create(BadReturn.class, model))
        .hasMessageContaining("BadReturn.hello returns java.lang.Object, but has type java.lang.Object, which typed replies do not support");
    assertThatThrownBy(() -> SpectraAiServices.create(Memory.class, model))
        .hasMessageContaining("Memory.hello: parameter id is a @MemoryId; chat memory is not supported in this version");
    assertThatThrownBy(() -> SpectraAiServices.create(Streaming.class, model))
        .hasMessageContaining("Streaming.hello: returns TokenStream; streaming is not supported in this version");
    assertThatThrownBy(() -> SpectraAiServices.create(Contact.class, model))
        .hasMessage(Contact.class.getName() + " must be an interface to be an AI service");
  }

  @Test
  void chatMemoryToolsRetrievalAndStreamingAreRefusedWhenBuilt() {
    ScriptedChatModel model = ScriptedChatModel.replying("x");

    assertThatThrownBy(() -> SpectraAiServices.builder(Crm.class).chatModel(model)
        .chatMemory(MessageWindowChatMemory.withMaxMessages(10)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("SpectraAiServices does not support chat memory (chatMemory)");
    assertThatThrownBy(() -> SpectraAiServices.builder(Crm.class).chatModel(model).tools(new Object()).build())
        .hasMessageStartingWith("SpectraAiServices does not support tools");
    assertThatThrownBy(() -> SpectraAiServices.builder(Crm.class).chatModel(model).contentRetriever(q -> List.of()).build())
        .hasMessageStartingWith("SpectraAiServices does not support retrieval-augmented generation");
    assertThatThrownBy(() -> SpectraAiServices.builder(Crm.class).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("call chatModel(...)");
  }

  private static String lastUser(ChatRequest r) {
    return ((UserMessage) r.messages().get(r.messages().size() - 1)).singleText();
  }
}
