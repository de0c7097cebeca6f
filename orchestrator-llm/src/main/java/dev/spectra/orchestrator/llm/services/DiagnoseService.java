package dev.spectra.orchestrator.llm.services;

import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.V;
import dev.spectra.orchestrator.HealthReport;

/**
 * Monitor: reads an unhealthy deployment's symptoms and logs, and answers a {@link HealthReport.Diagnosis}. Replace
 * it with {@code SpectraLlm.builder(router).diagnoseService(MyService.class)}.
 *
 * <p>Template variables:
 * <ul>
 *   <li>{@code {{planSummary}}}: the plan's name, summary, stack, entrypoint, endpoints and packages;
 *   <li>{@code {{files}}}: the planned files, one {@code - path (KIND): purpose} line each;
 *   <li>{@code {{symptoms}}}: what the probes saw, one {@code - } line each;
 *   <li>{@code {{logs}}}: an excerpt of the service's logs, or {@code (no logs)}.
 * </ul>
 */
public interface DiagnoseService {
  @SystemMessage(fromResource = "/dev/spectra/orchestrator/llm/prompts/diagnose-system.txt")
  @UserMessage(fromResource = "/dev/spectra/orchestrator/llm/prompts/diagnose-user.txt")
  HealthReport.Diagnosis diagnose(@V("planSummary") String planSummary, @V("files") String files,
      @V("symptoms") String symptoms, @V("logs") String logs, ChatRequestParameters parameters);
}
