package dev.spectra.orchestrator.examples.cli;

import dev.spectra.orchestrator.llm.LlmConfig;

/** Where the command line takes model settings from: system properties, its environment, then {@code ./.env}. */
final class Settings {
  private Settings() {}

  /** A config builder over the system properties, the context's environment and the working directory's .env file. */
  static LlmConfig.Builder llmConfig(CliContext ctx) {
    return LlmConfig.builder()
        .systemProperties(System.getProperties())
        .environment(ctx.env())
        .dotEnvFile(ctx.resolve(".env"));
  }
}
