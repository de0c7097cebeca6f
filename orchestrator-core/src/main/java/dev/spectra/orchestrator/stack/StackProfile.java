package dev.spectra.orchestrator.stack;

import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.FileSpec;
import dev.spectra.orchestrator.GeneratedFile;
import java.util.Optional;
import java.util.Set;

/**
 * What a target stack (e.g. {@code python-fastapi}) knows: which files templates and config generators write
 * instead of a model, how to summarize a file's signatures for the prompts of the files that depend on it, and
 * what every generated file must respect.
 */
public interface StackProfile {
  /** The stack id plans name, e.g. {@code python-fastapi}. */
  String id();

  /** A template or config generator for this file, or empty when a model must write it. */
  Optional<Producer> producerFor(FileSpec file, ArchitecturePlan plan);

  /** The public surface of a generated file (imports, classes, functions with their signatures and docstrings). */
  String signatures(String path, String content);

  /** Rules every generated file must respect: versions, idioms, what not to use. Goes into each file prompt. */
  String promptNotes();

  /**
   * The third-party distributions (canonical names, e.g. {@code python-multipart}) that generated code may
   * depend on; the stack's standard library is always allowed. An empty set means the profile does not restrict
   * dependencies.
   */
  default Set<String> allowedDependencies() {
    return Set.of();
  }

  /** Writes one file without a model. */
  interface Producer {
    /** {@link GeneratedFile.Origin#TEMPLATE} or {@link GeneratedFile.Origin#CONFIG}. */
    GeneratedFile.Origin origin();

    /** The file's content, derived from the plan only. */
    String produce(ArchitecturePlan plan, FileSpec file);
  }
}
