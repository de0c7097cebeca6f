package dev.spectra.orchestrator.test;

import dev.langchain4j.model.chat.request.ChatRequest;
import dev.spectra.orchestrator.internal.Checks;
import dev.spectra.orchestrator.test.internal.RequestJson;
import java.util.List;
import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ assertions on the requests a {@link ScriptedChatModel} received. Obtain one with
 * {@link SpectraAssertions#assertThat(ScriptedChatModel)}. Needs AssertJ on the test class path.
 */
public final class ScriptedChatModelAssert extends AbstractAssert<ScriptedChatModelAssert, ScriptedChatModel> {

  ScriptedChatModelAssert(ScriptedChatModel actual) {
    super(actual, ScriptedChatModelAssert.class);
  }

  /** The model received exactly {@code count} requests. */
  public ScriptedChatModelAssert hasReceivedRequests(int count) {
    isNotNull();
    List<ChatRequest> requests = actual.requests();
    if (requests.size() != count) {
      failWithMessage("Expected the model to have received %d request(s), but it received %d; their last user "
          + "messages:%n%s", count, requests.size(), userMessages(requests));
    }
    return this;
  }

  /** Assertions on the last request; fails when there was none. */
  public ChatRequestAssert lastRequest() {
    isNotNull();
    List<ChatRequest> requests = actual.requests();
    if (requests.isEmpty()) {
      failWithMessage("Expected the model to have received a request, but it received none");
    }
    return new ChatRequestAssert(requests.get(requests.size() - 1));
  }

  /** Assertions on request {@code index} (0-based). */
  public ChatRequestAssert request(int index) {
    isNotNull();
    List<ChatRequest> requests = actual.requests();
    if (index < 0 || index >= requests.size()) {
      failWithMessage("Expected the model to have received a request #%d (0-based), but it received %d", index,
          requests.size());
    }
    return new ChatRequestAssert(requests.get(index));
  }

  private static String userMessages(List<ChatRequest> requests) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < requests.size(); i++) {
      String user = RequestJson.lastUserText(requests.get(i));
      sb.append("  #").append(i).append(": ").append(user == null ? "(none)" : "\"" + Checks.excerpt(user, 120) + "\"")
          .append('\n');
    }
    return sb.toString();
  }
}
