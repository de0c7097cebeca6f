package dev.spectra.orchestrator.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Configures an injected {@link ChaosChatModel}: a seed, a preset and per-mode rates (a negative rate keeps the
 * preset's). The chaos model wraps a replay of the parameter's {@link Cassette} when it has one, otherwise the test's
 * {@link ScriptedChatModel} (the same instance another parameter of the test receives).
 *
 * <pre>{@code
 * @Test
 * void survivesFences(ScriptedChatModel script, @Chaos(seed = 7, fence = 0.5) ChaosChatModel model) { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Chaos {
  /** Named rate sets, see {@link ChaosProfile}. */
  enum Preset {
    /** No faults. */
    NONE,
    /** {@link ChaosProfile#smallLocalModel()}. */
    SMALL_LOCAL_MODEL,
    /** {@link ChaosProfile#hostedModel()}. */
    HOSTED_MODEL;

    /** The preset's rates. */
    public ChaosProfile profile() {
      switch (this) {
        case SMALL_LOCAL_MODEL:
          return ChaosProfile.smallLocalModel();
        case HOSTED_MODEL:
          return ChaosProfile.hostedModel();
        default:
          return ChaosProfile.none();
      }
    }
  }

  long seed() default 42;

  Preset preset() default Preset.NONE;

  double fence() default -1;

  double prose() default -1;

  double trailingComma() default -1;

  double singleQuotes() default -1;

  double truncation() default -1;

  double missingField() default -1;

  double unknownField() default -1;

  double empty() default -1;

  double rateLimit() default -1;

  double serverError() default -1;

  double timeout() default -1;

  /** The wait a 429 asks for, in milliseconds. */
  long retryAfterMillis() default 100;
}
