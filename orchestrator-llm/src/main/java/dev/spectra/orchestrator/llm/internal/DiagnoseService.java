package dev.spectra.orchestrator.llm.internal;

import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.service.Result;
import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.V;

/** Monitor: reads an unhealthy deployment's symptoms and logs; replies with a Diagnosis as JSON text. */
public interface DiagnoseService {
  @SystemMessage(fromResource = "/dev/spectra/orchestrator/llm/prompts/diagnose-system.txt")
  @UserMessage(fromResource = "/dev/spectra/orchestrator/llm/prompts/diagnose-user.txt")
  Result<String> diagnose(@V("planSummary") String planSummary, @V("files") String files, @V("symptoms") String symptoms,
      @V("logs") String logs, ChatRequestParameters parameters);
}
