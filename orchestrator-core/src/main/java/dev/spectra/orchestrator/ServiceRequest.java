package dev.spectra.orchestrator;

import dev.spectra.orchestrator.internal.Checks;
import java.nio.charset.StandardCharsets;

/**
 * What the user asked for, in natural language. The text reaches prompts only as a template value, so
 * braces such as {@code {{x}}} are kept literally.
 *
 * <p>A request may name the {@linkplain dev.spectra.orchestrator.stack.TargetStack stack} it prefers (e.g.
 * {@code java-spring-boot}); an orchestrator wired with several stacks plans it for that one
 * ({@link dev.spectra.orchestrator.stack.PerStack}):
 *
 * <pre>{@code
 * ServiceRequest request = ServiceRequest.of("A hello world service").withStack("java-spring-boot");
 * }</pre>
 *
 * @param text the request, at most {@link #MAX_BYTES} bytes of UTF-8
 * @param stack the id of the preferred stack, or empty for the orchestrator's default
 */
public record ServiceRequest(String text, String stack) {
  /** The largest accepted request: 256 KB of UTF-8. */
  public static final int MAX_BYTES = 256 * 1024;

  public ServiceRequest {
    Checks.notBlank(text, "text");
    stack = stack == null ? "" : stack.strip();
    int bytes = text.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_BYTES) {
      throw new IllegalArgumentException(
          "text must be at most " + MAX_BYTES + " bytes of UTF-8, but was " + bytes
              + " bytes; shorten the request or move details into the plan");
    }
  }

  /** A request without a preferred stack. */
  public ServiceRequest(String text) {
    this(text, "");
  }

  /** A request for the given text, without a preferred stack. */
  public static ServiceRequest of(String text) {
    return new ServiceRequest(text);
  }

  /** This request, preferring the stack with this id (e.g. {@code java-spring-boot}). */
  public ServiceRequest withStack(String stackId) {
    return new ServiceRequest(text, Checks.notBlank(stackId, "stackId"));
  }

  /** The preferred stack's id, if the request names one. */
  public java.util.Optional<String> preferredStack() {
    return stack.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(stack);
  }
}
