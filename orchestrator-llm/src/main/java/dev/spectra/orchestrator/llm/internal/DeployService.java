package dev.spectra.orchestrator.llm.internal;

import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.service.Result;
import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.V;

/** Deploy: proposes how to run the planned service; replies with a DeploymentSpec as JSON text. */
public interface DeployService {
  @SystemMessage(fromResource = "/dev/spectra/orchestrator/llm/prompts/deploy-system.txt")
  @UserMessage(fromResource = "/dev/spectra/orchestrator/llm/prompts/deploy-user.txt")
  Result<String> deploy(@V("stack") String stack, @V("entrypointRule") String entrypointRule,
      @V("planSummary") String planSummary, @V("files") String files, ChatRequestParameters parameters);
}
