package dev.spectra.orchestrator;

import java.util.List;
import java.util.function.Function;

/**
 * The root of the library's exceptions. Messages say what was wrong and what to do; they never carry secrets. When
 * the thing to do is to change a setting, the exception carries {@link #hints()}: the message names each hinted
 * setting as a library user sets it (a builder method), and a front end such as a command line can name it its own
 * way with {@link #message(Function)}.
 */
public class OrchestratorException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final List<SettingHint> hints;

  public OrchestratorException(String message) {
    this(message, List.of());
  }

  /**
   * An exception without a cause yet (one may be set with {@link #initCause}).
   *
   * @param hints the settings the message names as the thing to change; each one's {@link SettingHint#javaName()}
   *     appears in the message
   */
  public OrchestratorException(String message, List<SettingHint> hints) {
    super(message);
    this.hints = List.copyOf(hints);
  }

  public OrchestratorException(String message, Throwable cause) {
    this(message, cause, List.of());
  }

  /**
   * @param hints the settings the message names as the thing to change; each one's {@link SettingHint#javaName()}
   *     appears in the message
   */
  public OrchestratorException(String message, Throwable cause, List<SettingHint> hints) {
    super(message, cause);
    this.hints = List.copyOf(hints);
  }

  /** The settings the message names as the thing to change, in the order it names them; empty when none. */
  public List<SettingHint> hints() {
    return hints;
  }

  /**
   * The message with each hinted setting named by {@code rename} (e.g. a command line's flag) instead of its Java
   * name; a hint for which {@code rename} returns {@code null} keeps its Java name.
   */
  public String message(Function<SettingHint, String> rename) {
    return renamed(getMessage(), hints, rename);
  }

  /** {@code message} with each hint's Java name replaced by {@code rename}'s name for it, where it gives one. */
  public static String renamed(String message, List<SettingHint> hints, Function<SettingHint, String> rename) {
    String out = message == null ? "" : message;
    for (SettingHint h : hints) {
      String name = rename.apply(h);
      if (name != null) {
        out = out.replace(h.javaName(), name);
      }
    }
    return out;
  }

  /**
   * The stable kind a {@link RunReport.Failure} records for this exception: by default the simple class name;
   * subclasses with finer kinds (a provider's rejected key versus its outage) say so, so that callers can decide
   * from the report alone (e.g. a command line's exit code) without the exception at hand.
   */
  public String failureType() {
    return getClass().getSimpleName();
  }

  /**
   * The coarse kind of failure this exception makes of a run ({@link FailureKind#ERROR} unless a subclass says
   * otherwise), next to the finer {@link #failureType()}.
   */
  public FailureKind failureKind() {
    return FailureKind.ERROR;
  }
}
