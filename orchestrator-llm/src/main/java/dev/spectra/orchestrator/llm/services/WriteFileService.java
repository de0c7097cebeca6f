package dev.spectra.orchestrator.llm.services;

import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.V;
import dev.spectra.orchestrator.llm.Code;

/**
 * Build: writes one file of the plan, returned as {@link Code} in one fenced block (code is never put inside JSON).
 * The prompt holds the plan summary, the file's own spec and the signatures of the files it depends on, so it stays
 * flat as plans grow. Replace it with {@code SpectraLlm.builder(router).writeFileService(MyService.class)}.
 *
 * <p>Template variables:
 * <ul>
 *   <li>{@code {{language}}}: the file's language, from its name (e.g. {@code python}, {@code toml}, {@code text});
 *   <li>{@code {{stackNotes}}}: the stack's rules for generated code, several lines;
 *   <li>{@code {{planSummary}}}: the plan's name, summary, stack, entrypoint, endpoints and packages;
 *   <li>{@code {{path}}}, {@code {{kind}}} ({@code SOURCE}, {@code TEST}, {@code CONFIG}, {@code DOC}) and
 *       {@code {{purpose}}}: the file's spec;
 *   <li>{@code {{signatures}}}: the signatures of the files it depends on, one {@code ### path} block each, or
 *       {@code none};
 *   <li>{@code {{previousProblem}}}: why the previous attempt at this file was rejected, as a line of its own, or
 *       empty.
 * </ul>
 */
public interface WriteFileService {
  @SystemMessage(fromResource = "/dev/spectra/orchestrator/llm/prompts/file-system.txt")
  @UserMessage(fromResource = "/dev/spectra/orchestrator/llm/prompts/file-user.txt")
  Code write(@V("language") String language, @V("stackNotes") String stackNotes, @V("planSummary") String planSummary,
      @V("path") String path, @V("kind") String kind, @V("purpose") String purpose, @V("signatures") String signatures,
      @V("previousProblem") String previousProblem, ChatRequestParameters parameters);
}
