package dev.spectra.orchestrator.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The cassette a {@link ReplayChatModel} parameter (or a {@link ChaosChatModel} parameter, as the model it wraps)
 * replays. On the parameter, the test method or the test class, the nearest wins. The path is looked up as
 * {@code src/test/resources/<path>}, then as a file relative to the working directory, then on the class path; the
 * first two can be re-keyed with {@code -Dspectra.cassettes.rekey=true}.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.METHOD, ElementType.TYPE})
public @interface Cassette {
  /** The cassette path, e.g. {@code "cassettes/plan.json"}. */
  String value();

  /** How requests are matched to recorded ones. */
  ReplayChatModel.Matching matching() default ReplayChatModel.Matching.STRICT;
}
