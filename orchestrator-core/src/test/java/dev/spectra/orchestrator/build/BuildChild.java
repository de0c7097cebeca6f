package dev.spectra.orchestrator.build;

import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.RunContext;
import dev.spectra.orchestrator.internal.engine.RunJournal;
import dev.spectra.orchestrator.workspace.Workspace;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The child JVM of {@link BuildChildProcessTest}; arguments {@code <workspace> <runId>}. Builds a 30-file plan
 * (levels of 10) at concurrency 3 with a generator that sleeps 40 ms and prints {@code generated <path>} for each
 * finished generation. It never finishes on its own: from the 19th generation on the generator blocks, so the
 * parent's SIGKILL always lands mid-build.
 */
public final class BuildChild {
  static final ArchitecturePlan KILL_PLAN = Plans.layered(10, 10, 10);
  static final int BLOCK_AFTER = 18;

  private BuildChild() {}

  public static void main(String[] args) throws Exception {
    Workspace workspace = Workspace.at(Path.of(args[0]));
    String runId = args[1];
    RunJournal.savePlan(workspace, runId, KILL_PLAN);
    AtomicInteger generations = new AtomicInteger();
    FileGenerator slow = (request, ctx) -> {
      try {
        if (generations.incrementAndGet() > BLOCK_AFTER) {
          Thread.sleep(Long.MAX_VALUE);
        }
        Thread.sleep(40);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
      print("generated " + request.file().path());
      return "child " + request.file().path() + "\n";
    };
    ChunkedBuild.builder().generator(slow).stack(new FakeStack()).concurrency(3).build()
        .build(KILL_PLAN, RunContext.builder().runId(runId).workspace(workspace).build());
    print("finished");
  }

  private static synchronized void print(String line) {
    System.out.println(line);
    System.out.flush();
  }
}
