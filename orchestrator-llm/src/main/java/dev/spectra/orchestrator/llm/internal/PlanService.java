package dev.spectra.orchestrator.llm.internal;

import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.service.Result;
import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.V;

/**
 * Plan: a request in, an {@link dev.spectra.orchestrator.ArchitecturePlan} as JSON text out (the ladder parses
 * it). The request is a template value, never a template.
 */
public interface PlanService {
  @SystemMessage(fromResource = "/dev/spectra/orchestrator/llm/prompts/plan-system.txt")
  @UserMessage(fromResource = "/dev/spectra/orchestrator/llm/prompts/plan-user.txt")
  Result<String> plan(@V("request") String request, @V("stack") String stack, @V("stackNotes") String stackNotes,
      @V("entrypointRule") String entrypointRule, @V("pathExample") String pathExample, @V("maxFiles") int maxFiles,
      ChatRequestParameters parameters);
}
