package dev.spectra.orchestrator.test.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.spectra.orchestrator.internal.Hashing;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestJsonTest {
  private static final SecretScrubber NONE = SecretScrubber.create(List.of(), false);

  @Test
  void theKeyIsTheSha256OfTheSortedCompactJson() throws Exception {
    ChatRequest request = ChatRequest.builder().messages(SystemMessage.from("S"), UserMessage.from("U"))
        .modelName("m").temperature(0.5).maxOutputTokens(10).build();
    var normalized = RequestJson.normalize(request, NONE);

    String canonical = "{\"maxOutputTokens\":10,\"messages\":[{\"role\":\"system\",\"text\":\"S\"},"
        + "{\"role\":\"user\",\"text\":\"U\"}],\"modelName\":\"m\",\"temperature\":0.5}";
    assertThat(RequestJson.canonical(normalized)).isEqualTo(canonical);
    assertThat(RequestJson.key(normalized)).isEqualTo(Hashing.sha256(canonical));
    var reordered = new ObjectMapper().readTree("{\"temperature\":0.5,\"modelName\":\"m\",\"messages\":[{\"text\":\"S\","
        + "\"role\":\"system\"},{\"text\":\"U\",\"role\":\"user\"}],\"maxOutputTokens\":10}");
    assertThat(RequestJson.key(reordered)).isEqualTo(RequestJson.key(normalized));
  }

  @Test
  void plainTextFormatIsTheSameRequestAsNoFormat() {
    ChatRequest none = ChatRequest.builder().messages(UserMessage.from("U")).build();
    ChatRequest text = ChatRequest.builder().messages(UserMessage.from("U")).responseFormat(ResponseFormat.TEXT).build();
    assertThat(RequestJson.key(RequestJson.normalize(text, NONE))).isEqualTo(RequestJson.key(RequestJson.normalize(none,
        NONE)));
    ChatRequest json = ChatRequest.builder().messages(UserMessage.from("U")).responseFormat(ResponseFormat.JSON).build();
    assertThat(RequestJson.normalize(json, NONE).get("responseFormat").toString()).isEqualTo("{\"type\":\"json\"}");
  }
}
