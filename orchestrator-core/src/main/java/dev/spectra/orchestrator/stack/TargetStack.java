package dev.spectra.orchestrator.stack;

import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.FileSpec;
import dev.spectra.orchestrator.GeneratedFile;
import dev.spectra.orchestrator.internal.Checks;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * A target stack: everything the engine must know about one kind of generated service (for example
 * {@code java-spring-boot}), so that the engine, the fix loop, the deployers and the prompts
 * name no language themselves.
 *
 * <ul>
 *   <li><b>Plan</b>: the {@linkplain #wording() wording} of the prompts and JSON schemas that differs per stack, and
 *       the one {@linkplain #entrypointProblems entrypoint rule}.
 *   <li><b>Build</b>: templates and config generators ({@link #producerFor}), the signatures of a file that the
 *       prompts of its dependants carry ({@link #signatures}), the rules every file must respect
 *       ({@link #promptNotes}) and the allowed third-party dependencies.
 *   <li><b>Test, Deploy</b>: which files are code and which are tests, and the {@link Toolchain} that runs the tests,
 *       locates the files at fault, guards tests against weakening fixes, grades quality and launches the service,
 *       found by {@link #discoverToolchain()}.
 * </ul>
 *
 * <p>Stacks are registered on {@code Orchestrator.Builder.stack(...)}; a command line may find them with
 * {@link java.util.ServiceLoader} ({@link Stacks#discover()}), for which an implementation has a public no-argument
 * constructor and a {@code META-INF/services/dev.spectra.orchestrator.stack.TargetStack} entry. Implementations are
 * immutable and thread-safe.
 */
public interface TargetStack {
  /** The stack id plans name, e.g. {@code java-spring-boot}. */
  String id();

  /** The stack-specific text of the plan and deploy prompts and of the JSON schemas sent to providers. */
  Wording wording();

  /**
   * Every way {@code entrypoint} breaks this stack's entrypoint rule for a plan with these files; empty when it is
   * usable. The single place the rule is written: plan validation, the deployment spec and the deployers use it.
   * Each problem reads after {@code entrypoint: }, e.g. {@code must look like module.path:attribute, but was "x"}.
   */
  List<String> entrypointProblems(String entrypoint, Set<String> plannedPaths);

  /** The workspace paths that may hold the entrypoint's code, most likely first (e.g. a module's file). */
  List<String> entrypointFiles(String entrypoint);

  /** A template or config generator for this file, or empty when a model must write it. */
  Optional<Producer> producerFor(FileSpec file, ArchitecturePlan plan);

  /** The public surface of a generated file (imports, types, functions with their signatures and doc summaries). */
  String signatures(String path, String content);

  /** Rules every generated file must respect: versions, idioms, what not to use. Goes into each file prompt. */
  String promptNotes();

  /**
   * The third-party dependencies (canonical names) that generated code may use; the stack's standard library is
   * always allowed. An empty set means the stack does not restrict dependencies.
   */
  default Set<String> allowedDependencies() {
    return Set.of();
  }

  /** True for a file of this stack's language, which the tests, the fix loop and the quality gate consider. */
  boolean isCode(String path);

  /** True when a path's name marks it as a test (used for files the plan does not list). */
  boolean isTestName(String path);

  /**
   * True for an environment variable this stack's tools control (a deployment spec may not name it, and a service
   * environment may not set it). The sandbox's own variables are controlled whatever the stack says.
   */
  default boolean ownsVariable(String name) {
    return false;
  }

  /** The command a deployment elsewhere would run the service with, for an exported deployment spec. */
  List<String> exportedCommand(String entrypoint);

  /**
   * Finds the toolchain that tests and runs this stack's services on this machine.
   *
   * @throws ToolchainUnavailableException with a one-line install hint when none is usable
   */
  Toolchain discoverToolchain();

  /**
   * The stack-specific text of prompts and schemas. The plan and deploy prompts and the schemas of
   * {@code ArchitecturePlan}, {@code FileSpec} and {@code DeploymentSpec} are otherwise the same for every stack.
   *
   * @param entrypointSchema the schema description of the {@code entrypoint} fields
   * @param planEntrypoint the plan prompt's rule for the entrypoint
   * @param deployEntrypoint the deploy prompt's rule for the entrypoint
   * @param pathExample an example file path of this stack
   */
  record Wording(String entrypointSchema, String planEntrypoint, String deployEntrypoint, String pathExample) {
    public Wording {
      for (String s : new String[] {entrypointSchema, planEntrypoint, deployEntrypoint, pathExample}) {
        if (s == null || s.isBlank()) {
          throw new IllegalArgumentException("every wording must be given, but one was " + (s == null ? "null" : "blank"));
        }
      }
    }
  }

  /** Writes one file without a model. */
  interface Producer {
    /** {@link GeneratedFile.Origin#TEMPLATE} or {@link GeneratedFile.Origin#CONFIG}. */
    GeneratedFile.Origin origin();

    /** The file's content, derived from the plan only. */
    String produce(ArchitecturePlan plan, FileSpec file);

    /** A {@link GeneratedFile.Origin#CONFIG} producer: {@code body} of the plan and the file. */
    static Producer config(BiFunction<ArchitecturePlan, FileSpec, String> body) {
      return of(GeneratedFile.Origin.CONFIG, body);
    }

    /** A {@link GeneratedFile.Origin#TEMPLATE} producer: {@code body} of the plan and the file. */
    static Producer template(BiFunction<ArchitecturePlan, FileSpec, String> body) {
      return of(GeneratedFile.Origin.TEMPLATE, body);
    }

    private static Producer of(GeneratedFile.Origin origin, BiFunction<ArchitecturePlan, FileSpec, String> body) {
      Checks.notNull(body, "body");
      return new Producer() {
        @Override
        public GeneratedFile.Origin origin() {
          return origin;
        }

        @Override
        public String produce(ArchitecturePlan plan, FileSpec file) {
          return body.apply(plan, file);
        }
      };
    }
  }
}
