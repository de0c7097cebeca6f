package dev.spectra.orchestrator.llm.internal;

import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.service.Result;
import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.V;

/**
 * Build: writes one file, returned as text in one fenced block (code is never put inside JSON). The prompt holds
 * the plan summary, the file's own spec and the signatures of the files it depends on, so it stays flat as plans
 * grow.
 */
public interface FileService {
  @SystemMessage(fromResource = "/dev/spectra/orchestrator/llm/prompts/file-system.txt")
  @UserMessage(fromResource = "/dev/spectra/orchestrator/llm/prompts/file-user.txt")
  Result<String> write(@V("language") String language, @V("stackNotes") String stackNotes, @V("planSummary") String planSummary,
      @V("path") String path, @V("kind") String kind, @V("purpose") String purpose, @V("signatures") String signatures,
      @V("previousProblem") String previousProblem, ChatRequestParameters parameters);
}
