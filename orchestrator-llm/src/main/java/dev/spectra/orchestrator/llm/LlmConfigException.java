package dev.spectra.orchestrator.llm;

import dev.spectra.orchestrator.OrchestratorException;
import dev.spectra.orchestrator.SettingHint;
import java.util.List;

/**
 * A model setting is missing or malformed; the message names the setting, where it came from, and the fix. The
 * {@link #hints() hint} names the setting by its variable ({@code SPECTRA_PROVIDER}, {@code OPENAI_MODEL} ...) as
 * {@link SettingHint#key()}, and as the message names it as {@link SettingHint#javaName()}: the builder method
 * ({@code LlmConfig.Builder.provider}) when the value came from the builder, else the variable itself.
 */
public final class LlmConfigException extends OrchestratorException {
  private static final long serialVersionUID = 1L;

  /** An error whose message says what is wrong, where the value came from, and what to set. */
  public LlmConfigException(String message) {
    super(message);
  }

  /** An error about one setting, named in the message as {@code hint.javaName()}. */
  public LlmConfigException(String message, SettingHint hint) {
    super(message, List.of(hint));
  }
}
