package dev.spectra.orchestrator.llm.internal;

import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.service.Result;
import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.V;

/**
 * Test (fix loop): rewrites one file at fault after failing tests or quality findings. The reply is a reason line
 * and the whole file in one fenced block, or the single word UNCHANGED.
 */
public interface FixService {
  @SystemMessage(fromResource = "/dev/spectra/orchestrator/llm/prompts/fix-system.txt")
  @UserMessage(fromResource = "/dev/spectra/orchestrator/llm/prompts/fix-user.txt")
  Result<String> fix(@V("language") String language, @V("stackNotes") String stackNotes, @V("planSummary") String planSummary,
      @V("failures") String failures, @V("path") String path, @V("content") String content, @V("context") String context,
      @V("round") int round, ChatRequestParameters parameters);
}
