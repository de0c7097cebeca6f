package com.example.prompts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.prompts.ContactExtractorTest.Contact;
import com.example.prompts.ContactExtractorTest.ContactExtractor;
import dev.langchain4j.service.AiServices;
import dev.spectra.orchestrator.test.Cassette;
import dev.spectra.orchestrator.test.Chaos;
import dev.spectra.orchestrator.test.ChaosChatModel;
import dev.spectra.orchestrator.test.ChaosMode;
import dev.spectra.orchestrator.test.ReplayChatModel;
import dev.spectra.orchestrator.test.ScriptedChatModel;
import dev.spectra.orchestrator.test.SpectraTest;
import dev.spectra.orchestrator.test.UnexpectedRequestError;
import org.junit.jupiter.api.Test;

/** The cassette and chaos steps of docs/testing-prompts.md, as a user writes them. */
@SpectraTest
class ContactExtractorReplayTest {

  @Test
  void extractsFromTheRecordedReply(@Cassette("cassettes/contact.json") ReplayChatModel model) {
    Contact contact = AiServices.create(ContactExtractor.class, model).extract("Ada Lovelace <ada@example.org>");

    assertThat(contact.email()).isEqualTo("ada@example.org");
    assertThat(model.metadata()).containsKey("source");
  }

  @Test
  void aDifferentSignatureIsNotInTheCassette(@Cassette("cassettes/contact.json") ReplayChatModel model) {
    ContactExtractor extractor = AiServices.create(ContactExtractor.class, model);

    assertThatThrownBy(() -> extractor.extract("Grace Hopper <grace@example.org>"))
        .isInstanceOf(UnexpectedRequestError.class)
        .hasMessageContaining("  messages[1].text:\n"
            + "    - Signature: Ada Lovelace <ada@example.org>\n"
            + "    + Signature: Grace Hopper <grace@example.org>\n");
  }

  @Test
  void langChain4jParsesFencedReplies(ScriptedChatModel script, @Chaos(seed = 3, fence = 1.0) ChaosChatModel model) {
    script.otherwiseReply("{\"name\":\"Ada Lovelace\",\"email\":\"ada@example.org\"}");

    Contact contact = AiServices.create(ContactExtractor.class, model).extract("Ada Lovelace <ada@example.org>");

    assertThat(contact.name()).isEqualTo("Ada Lovelace");
    assertThat(model.counts()).containsEntry(ChaosMode.FENCE, 1L);
  }
}
