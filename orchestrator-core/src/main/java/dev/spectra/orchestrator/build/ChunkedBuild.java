package dev.spectra.orchestrator.build;

import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.BuildActivity;
import dev.spectra.orchestrator.BuildResult;
import dev.spectra.orchestrator.FileSpec;
import dev.spectra.orchestrator.GeneratedFile;
import dev.spectra.orchestrator.RunContext;
import dev.spectra.orchestrator.Usage;
import dev.spectra.orchestrator.internal.Checks;
import dev.spectra.orchestrator.stack.StackProfile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The chunked build engine. (First cut: sequential; the parallel, journaled engine replaces it.)
 */
public final class ChunkedBuild implements BuildActivity {
  /** Default number of files generated at once. */
  public static final int DEFAULT_CONCURRENCY = 4;

  private final FileGenerator generator;
  private final StackProfile stack;

  private ChunkedBuild(Builder b) {
    this.generator = b.generator;
    this.stack = b.stack;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public BuildResult build(ArchitecturePlan plan, RunContext context) {
    List<GeneratedFile> out = new ArrayList<>();
    Map<String, String> written = new LinkedHashMap<>();
    for (List<FileSpec> level : plan.levels()) {
      for (FileSpec spec : level) {
        context.throwIfCancelled();
        var producer = stack.producerFor(spec, plan);
        GeneratedFile file;
        if (producer.isPresent()) {
          file = GeneratedFile.of(spec.path(), producer.get().produce(plan, spec), producer.get().origin(), 0, Usage.ZERO);
        } else {
          Map<String, String> sigs = new LinkedHashMap<>();
          spec.dependsOn().forEach(d -> sigs.put(d, stack.signatures(d, written.getOrDefault(d, ""))));
          String content = generator.generate(new FileRequest(plan, spec, sigs, stack.promptNotes(), 1, ""), context);
          file = GeneratedFile.of(spec.path(), content, GeneratedFile.Origin.LLM, 1, Usage.ZERO);
        }
        context.workspace().write(file.path(), file.content());
        written.put(file.path(), file.content());
        out.add(file);
      }
    }
    return new BuildResult(out, Usage.ZERO);
  }

  /** Builds a {@link ChunkedBuild}. */
  public static final class Builder {
    private FileGenerator generator;
    private StackProfile stack;
    private int concurrency = DEFAULT_CONCURRENCY;

    private Builder() {}

    public Builder generator(FileGenerator generator) {
      this.generator = Checks.notNull(generator, "generator");
      return this;
    }

    public Builder stack(StackProfile stack) {
      this.stack = Checks.notNull(stack, "stack");
      return this;
    }

    public Builder concurrency(int concurrency) {
      this.concurrency = Checks.positive(concurrency, "concurrency");
      return this;
    }

    public ChunkedBuild build() {
      Checks.notNull(generator, "generator");
      Checks.notNull(stack, "stack");
      return new ChunkedBuild(this);
    }
  }
}
