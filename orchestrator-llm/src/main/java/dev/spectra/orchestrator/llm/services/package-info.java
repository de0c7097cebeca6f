/**
 * The five model-backed activities of the pipeline as typed AI services on
 * {@link dev.spectra.orchestrator.llm.SpectraAiServices}, each replaceable with your own prompts.
 *
 * <p>To change a prompt, extend the interface, redeclare its method with your own {@code @SystemMessage} and
 * {@code @UserMessage} (inline or {@code fromResource}), and hand the class to the builder. Your templates may use
 * any of the method's variables, each documented on the interface; user text (the request, file contents, logs)
 * only ever enters as a variable's value.
 *
 * <pre>{@code
 * interface TersePlanService extends PlanService {
 *   @Override
 *   @SystemMessage("You plan tiny {{stack}} services. At most {{maxFiles}} files. {{stackNotes}} {{entrypointRule}} Paths like {{pathExample}}.")
 *   @UserMessage("{{request}}")
 *   ArchitecturePlan plan(@V("request") String request, @V("stack") String stack, @V("stackNotes") String stackNotes,
 *       @V("entrypointRule") String entrypointRule, @V("pathExample") String pathExample, @V("maxFiles") int maxFiles,
 *       ChatRequestParameters parameters);
 * }
 *
 * SpectraLlm llm = SpectraLlm.builder(router).planService(TersePlanService.class).build();
 * }</pre>
 *
 * <p>The replies still go through the repair ladder and the activity's own rules (a plan's paths, dependencies and
 * entrypoint; a deployment's health path; a diagnosis's evidence), and usage still goes into the run's ledger and
 * budget. The {@code ChatRequestParameters} argument carries the activity's output limit and, where the model takes
 * one, its JSON schema.
 */
package dev.spectra.orchestrator.llm.services;
