package dev.spectra.orchestrator.llm.internal.pending;

import dev.spectra.orchestrator.OrchestratorException;
import java.util.List;

/** TEMPORARY stand-in for core's dev.spectra.orchestrator.json.ModelOutputException until branch json lands. */
public class ModelOutputException extends OrchestratorException {
  private static final long serialVersionUID = 1L;

  public record Attempt(int number, String replyExcerpt, List<String> errors) {}

  private final transient List<Attempt> attempts;

  public ModelOutputException(String message, List<Attempt> attempts) {
    super(message);
    this.attempts = List.copyOf(attempts);
  }

  public List<Attempt> attempts() {
    return attempts;
  }
}
