package com.example.prompts;

import static dev.langchain4j.model.chat.Capability.RESPONSE_FORMAT_JSON_SCHEMA;
import static dev.spectra.orchestrator.test.RequestMatcher.userMessageContains;
import static dev.spectra.orchestrator.test.SpectraAssertions.assertThat;

import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.V;
import dev.spectra.orchestrator.test.ScriptedChatModel;
import dev.spectra.orchestrator.test.SpectraTest;
import org.junit.jupiter.api.Test;

/** Written as a user of the test kit would: public API only, a small AI service, its prompt and its typed output. */
@SpectraTest
class ContactExtractorTest {
  record Contact(String name, String email) {}

  interface ContactExtractor {
    @SystemMessage("Extract the contact from an e-mail signature.")
    @UserMessage("Signature: {{text}}")
    Contact extract(@V("text") String text);
  }

  @Test
  void extractsTheContactFromASignature(ScriptedChatModel model) {
    model.supportedCapabilities(RESPONSE_FORMAT_JSON_SCHEMA)
        .on(userMessageContains("Ada Lovelace")).reply("{\"name\":\"Ada Lovelace\",\"email\":\"ada@example.org\"}");

    Contact contact = AiServices.create(ContactExtractor.class, model).extract("Ada Lovelace <ada@example.org>");

    assertThat(contact).isEqualTo(new Contact("Ada Lovelace", "ada@example.org"));
    assertThat(model.lastRequest())
        .hasSystemMessageContaining("e-mail signature")
        .hasUserMessageContaining("Signature: Ada Lovelace <ada@example.org>")
        .hasJsonSchemaNamed("Contact").hasJsonSchemaProperties("name", "email")
        .matchesSnapshot("contact-extractor");
  }
}
