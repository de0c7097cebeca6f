/**
 * The LangChain4j layer: every model-backed activity as a declarative AI service on OpenAI, Ollama or any
 * {@code ChatModel}, with typed and repaired replies, usage and cost in the run's ledger and budget, retries that
 * honour {@code Retry-After}, and per-provider rate limits.
 *
 * <pre>{@code
 * Orchestrator orchestrator = SpectraLlm.orchestrator(ModelRouter.fromEnvironment(), stack, Path.of("out"))
 *     .budget(Budget.builder().maxUsd("0.10").build())
 *     .build();
 * RunReport report = orchestrator.run(ServiceRequest.of("A notes service with tags"));
 * }</pre>
 *
 * <ul>
 *   <li>{@link dev.spectra.orchestrator.llm.SpectraAiServices}: typed AI services for any interface you declare in
 *       LangChain4j's style, with the repair ladder behind every method; {@link dev.spectra.orchestrator.llm.Code}
 *       for source code replies (docs/ai-services.md).
 *   <li>{@link dev.spectra.orchestrator.llm.SpectraLlm}: the wiring and each activity (planner, file generator,
 *       file fixer, diagnoser, deployment planner), each on a replaceable typed service of
 *       {@code dev.spectra.orchestrator.llm.services}.
 *   <li>{@link dev.spectra.orchestrator.llm.ModelRouter}, {@link dev.spectra.orchestrator.llm.ModelSpec},
 *       {@link dev.spectra.orchestrator.llm.LlmConfig}: which model serves which activity, from settings with the
 *       precedence builder &gt; system properties &gt; environment &gt; {@code .env} &gt; defaults.
 *   <li>{@link dev.spectra.orchestrator.llm.RetryPolicy}, {@link dev.spectra.orchestrator.llm.RateLimit},
 *       {@link dev.spectra.orchestrator.llm.Sleeper}: retries and limits.
 *   <li>{@link dev.spectra.orchestrator.llm.ProviderException}: provider-neutral failures whose messages say what
 *       to do.
 * </ul>
 *
 * <p>docs/providers.md explains the settings, the repair ladder, usage accounting and retries.
 */
package dev.spectra.orchestrator.llm;
