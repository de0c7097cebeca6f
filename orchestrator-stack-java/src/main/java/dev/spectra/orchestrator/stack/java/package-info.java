/**
 * The {@code java-spring-boot} target stack: {@link dev.spectra.orchestrator.stack.java.JavaSpringBootStack} (the
 * generators, signatures and prompt notes), {@link dev.spectra.orchestrator.stack.java.JavaToolchain} (the JDK and
 * Maven), {@link dev.spectra.orchestrator.stack.java.MavenRepository} (the shared repository resolved once, read-only
 * in the sandbox) and {@link dev.spectra.orchestrator.stack.java.JavaQualityGate} (the JavaParser grade).
 */
package dev.spectra.orchestrator.stack.java;
