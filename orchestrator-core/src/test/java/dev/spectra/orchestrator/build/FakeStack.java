package dev.spectra.orchestrator.build;

import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.FileSpec;
import dev.spectra.orchestrator.stack.BuildOnlyStack;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A tiny stack profile for the engine's tests: {@code __init__.py} files come from a template, {@code
 * requirements.txt} from a config generator, everything else from the generator. Signatures are the {@code def}
 * and {@code class} lines of a file.
 */
public final class FakeStack extends BuildOnlyStack {
  static final String NOTES = "fake notes: type hints everywhere";

  final AtomicInteger produced = new AtomicInteger();

  @Override
  public String id() {
    return "fake-stack";
  }

  @Override
  public Optional<Producer> producerFor(FileSpec file, ArchitecturePlan plan) {
    if (file.path().endsWith("__init__.py")) {
      return Optional.of(Producer.template((p, f) -> counted("\"\"\"Package " + f.path() + ".\"\"\"\n")));
    }
    if (file.path().equals("requirements.txt")) {
      return Optional.of(Producer.config((p, f) -> counted(String.join("\n", p.dependencies()) + "\n")));
    }
    return Optional.empty();
  }

  private String counted(String content) {
    produced.incrementAndGet();
    return content;
  }

  @Override
  public String signatures(String path, String content) {
    return content.lines().filter(l -> l.startsWith("def ") || l.startsWith("class ")).collect(Collectors.joining("\n"));
  }

  @Override
  public String promptNotes() {
    return NOTES;
  }
}
