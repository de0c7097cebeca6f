package dev.spectra.orchestrator.build;

import dev.spectra.orchestrator.OrchestratorException;
import dev.spectra.orchestrator.SettingHint;
import java.util.List;

/**
 * A file of the plan could not be written: the generator failed (threw, or returned an empty reply) on every one of
 * its attempts, or the stack profile's template or config generator failed. The build stops; the files finished
 * so far stay journaled, so the run can be resumed once the cause is fixed.
 */
public final class FileGenerationException extends OrchestratorException {
  private static final long serialVersionUID = 1L;

  private final String path;
  private final int attempts;
  private final String lastProblem;

  private FileGenerationException(String message, String path, int attempts, String lastProblem, Throwable cause) {
    this(message, path, attempts, lastProblem, cause, List.of());
  }

  private FileGenerationException(String message, String path, int attempts, String lastProblem, Throwable cause,
      List<SettingHint> hints) {
    super(message, cause, hints);
    this.path = path;
    this.attempts = attempts;
    this.lastProblem = lastProblem;
  }

  /**
   * The generator failed on every one of its {@code attempts} for the file at {@code path}; the message names the
   * last problem and the setting to raise. For build engines: {@link ChunkedBuild}, or a driver that builds files one
   * by one.
   */
  public static FileGenerationException exhausted(String path, int attempts, String lastProblem, Throwable cause) {
    return new FileGenerationException("file " + path + " could not be generated in " + attempts
        + (attempts == 1 ? " attempt" : " attempts") + "; last problem: " + lastProblem
        + "; check the model and its prompt, raise ChunkedBuild.Builder.maxAttempts, then resume the run", path, attempts,
        lastProblem, cause, List.of(new SettingHint(
            SettingHint.BUILD_MAX_ATTEMPTS, "ChunkedBuild.Builder.maxAttempts", Integer.toString(attempts))));
  }

  /** The stack profile's template or config generator failed for the file at {@code path} (a bug of the profile). */
  public static FileGenerationException producerFailed(String path, String problem, Throwable cause) {
    return new FileGenerationException("file " + path + " could not be produced by the stack profile's template or "
        + "config generator: " + problem + "; this is a bug of the stack profile", path, 0, problem, cause);
  }

  /** The workspace-relative path of the file. */
  public String path() {
    return path;
  }

  /** How many generator calls were made for it (0 when a template or config generator failed). */
  public int attempts() {
    return attempts;
  }

  /** Why the last attempt was rejected. */
  public String lastProblem() {
    return lastProblem;
  }
}
