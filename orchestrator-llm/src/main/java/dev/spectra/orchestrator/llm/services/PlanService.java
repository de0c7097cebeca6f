package dev.spectra.orchestrator.llm.services;

import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.V;
import dev.spectra.orchestrator.ArchitecturePlan;

/**
 * Plan: a natural-language request in, an {@link ArchitecturePlan} out. Replace it with
 * {@code SpectraLlm.builder(router).planService(MyPlanService.class)} (see the package documentation).
 *
 * <p>Template variables:
 * <ul>
 *   <li>{@code {{request}}}: the user's request, as written (a value, never a template);
 *   <li>{@code {{stack}}}: the target stack's id, e.g. {@code python-fastapi};
 *   <li>{@code {{stackNotes}}}: the stack's rules for generated code (versions, conventions), several lines;
 *   <li>{@code {{entrypointRule}}}: how the stack wants the plan's {@code entrypoint} written, one sentence;
 *   <li>{@code {{pathExample}}}: an example of a planned file's path on this stack, e.g. {@code app/main.py};
 *   <li>{@code {{maxFiles}}}: the most files a plan may have.
 * </ul>
 */
public interface PlanService {
  @SystemMessage(fromResource = "/dev/spectra/orchestrator/llm/prompts/plan-system.txt")
  @UserMessage(fromResource = "/dev/spectra/orchestrator/llm/prompts/plan-user.txt")
  ArchitecturePlan plan(@V("request") String request, @V("stack") String stack, @V("stackNotes") String stackNotes,
      @V("entrypointRule") String entrypointRule, @V("pathExample") String pathExample, @V("maxFiles") int maxFiles,
      ChatRequestParameters parameters);
}
