package dev.spectra.orchestrator.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Registers {@link SpectraExtension} on a JUnit 5 test class (or method), which injects fake models into test
 * method parameters: a fresh {@link ScriptedChatModel}, a {@link ReplayChatModel} of the {@link Cassette} named on
 * the parameter, method or class, and a {@link ChaosChatModel} configured by {@link Chaos}.
 *
 * <pre>{@code
 * @SpectraTest
 * class PlannerTest {
 *   @Test
 *   void plans(ScriptedChatModel model) { ... }
 *
 *   @Test
 *   void replays(@Cassette("cassettes/plan.json") ReplayChatModel model) { ... }
 * }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@ExtendWith(SpectraExtension.class)
public @interface SpectraTest {}
