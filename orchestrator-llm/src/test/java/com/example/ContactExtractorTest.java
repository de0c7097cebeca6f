package com.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.service.V;
import dev.spectra.orchestrator.llm.SpectraAiServices;
import dev.spectra.orchestrator.test.ScriptedChatModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The acceptance test of SpectraAiServices, written as a user outside the library would: public API only (nothing
 * from an {@code internal} package), the user's own record and interface, the test kit's scripted model.
 */
class ContactExtractorTest {
  record Contact(String name, String email) {}

  interface ContactExtractor {
    @dev.langchain4j.service.SystemMessage("You extract contacts from text.")
    @dev.langchain4j.service.UserMessage("Extract the contact from this text: {{text}}")
    Contact extract(@V("text") String text);
  }

  static final String MESSY = "Sure! Here is the contact:\n```json\n{'name': 'Ada', 'email': 'ada@example.org',}\n```";

  @Test
  void getsTheRecordFromAMessyReplyInOneCall() {
    ScriptedChatModel model = ScriptedChatModel.replying(MESSY);

    Contact contact = SpectraAiServices.create(ContactExtractor.class, model).extract("Ada, ada@example.org");

    assertThat(contact).isEqualTo(new Contact("Ada", "ada@example.org"));
    assertThat(model.callCount()).isEqualTo(1);
    List<ChatMessage> sent = model.request(0).messages();
    assertThat(((SystemMessage) sent.get(0)).text()).isEqualTo("You extract contacts from text.");
    assertThat(((UserMessage) sent.get(1)).singleText()).startsWith("Extract the contact from this text: Ada, ada@example.org");
  }

  @Test
  void aReplyMissingARequiredFieldIsRepromptedExactlyOnceWithTheFirstReplyAndThePathOfTheMissingField() {
    String missing = "Here you go: {\"name\": \"Ada\"}";
    ScriptedChatModel model = ScriptedChatModel.replyingInOrder(missing, MESSY);
    List<SpectraAiServices.Event> events = new ArrayList<>();
    ContactExtractor extractor = SpectraAiServices.builder(ContactExtractor.class).chatModel(model)
        .listener(events::add).build();

    Contact contact = extractor.extract("Ada, ada@example.org");

    assertThat(contact).isEqualTo(new Contact("Ada", "ada@example.org"));
    assertThat(model.callCount()).as("one call and exactly one re-prompt").isEqualTo(2);
    List<ChatMessage> first = model.request(0).messages();
    List<ChatMessage> reprompt = model.request(1).messages();
    assertThat(reprompt).hasSize(4);
    assertThat(reprompt.subList(0, 2)).as("the whole first conversation is kept").isEqualTo(first);
    assertThat(((AiMessage) reprompt.get(2)).text()).as("the first reply, as it was").isEqualTo(missing);
    assertThat(((UserMessage) reprompt.get(3)).singleText()).contains("$.email: required field is missing");
    assertThat(events).extracting(SpectraAiServices.Event::kind)
        .containsExactly(SpectraAiServices.Event.Kind.REPROMPTED, SpectraAiServices.Event.Kind.REPAIRED);
    assertThat(events.get(0).details()).containsExactly("$.email: required field is missing");
  }

  @Test
  void importsNothingFromAnInternalPackage() throws Exception {
    java.nio.file.Path source = java.nio.file.Path.of("src/test/java/com/example/ContactExtractorTest.java");
    assertThat(java.nio.file.Files.readAllLines(source)).filteredOn(l -> l.startsWith("import "))
        .noneMatch(l -> l.contains(".internal."));
  }
}
