/** The LangChain4j layer: declarative AI services for every activity. */
package dev.spectra.orchestrator.llm;
