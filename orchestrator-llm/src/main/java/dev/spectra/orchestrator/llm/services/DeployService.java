package dev.spectra.orchestrator.llm.services;

import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.V;
import dev.spectra.orchestrator.verify.DeploymentSpec;

/**
 * Deploy: proposes how to run the planned service, as a {@link DeploymentSpec}. Replace it with
 * {@code SpectraLlm.builder(router).deployService(MyService.class)}.
 *
 * <p>Template variables:
 * <ul>
 *   <li>{@code {{stack}}}: the target stack's id;
 *   <li>{@code {{entrypointRule}}}: how the stack wants the {@code entrypoint} written, one sentence;
 *   <li>{@code {{planSummary}}}: the plan's name, summary, stack, entrypoint, endpoints and packages;
 *   <li>{@code {{files}}}: the planned files, one {@code - path (KIND): purpose} line each.
 * </ul>
 */
public interface DeployService {
  @SystemMessage(fromResource = "/dev/spectra/orchestrator/llm/prompts/deploy-system.txt")
  @UserMessage(fromResource = "/dev/spectra/orchestrator/llm/prompts/deploy-user.txt")
  DeploymentSpec deploy(@V("stack") String stack, @V("entrypointRule") String entrypointRule,
      @V("planSummary") String planSummary, @V("files") String files, ChatRequestParameters parameters);
}
