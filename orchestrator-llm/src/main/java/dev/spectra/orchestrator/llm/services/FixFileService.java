package dev.spectra.orchestrator.llm.services;

import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.V;

/**
 * Test (the fix loop): rewrites one file at fault after failing tests or quality findings. The reply is a
 * {@code REASON:} line and the whole file in one fenced block, or the single word {@code UNCHANGED}; it comes back
 * as a {@link Fix}. Replace it with {@code SpectraLlm.builder(router).fixFileService(MyService.class)}.
 *
 * <p>Template variables:
 * <ul>
 *   <li>{@code {{language}}}: the file's language, from its name;
 *   <li>{@code {{stackNotes}}}: the stack's rules for generated code, several lines;
 *   <li>{@code {{planSummary}}}: the plan's name, summary, stack, entrypoint, endpoints and packages;
 *   <li>{@code {{failures}}}: the failing tests and quality findings, one {@code - } line each;
 *   <li>{@code {{path}}} and {@code {{content}}}: the file to fix and its current text;
 *   <li>{@code {{context}}}: the other files involved, read-only, one {@code ### path} block each, or {@code none};
 *   <li>{@code {{round}}}: the fix round, from 1.
 * </ul>
 */
public interface FixFileService {
  @SystemMessage(fromResource = "/dev/spectra/orchestrator/llm/prompts/fix-system.txt")
  @UserMessage(fromResource = "/dev/spectra/orchestrator/llm/prompts/fix-user.txt")
  Fix fix(@V("language") String language, @V("stackNotes") String stackNotes, @V("planSummary") String planSummary,
      @V("failures") String failures, @V("path") String path, @V("content") String content, @V("context") String context,
      @V("round") int round, ChatRequestParameters parameters);
}
