package dev.spectra.orchestrator.build;

import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.FileKind;
import dev.spectra.orchestrator.FileSpec;
import dev.spectra.orchestrator.Priority;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Plans for the engine's tests. */
public final class Plans {
  private Plans() {}

  public static FileSpec file(String path, Priority priority, String... dependsOn) {
    return new FileSpec(path, "purpose of " + path, FileKind.SOURCE, priority, Arrays.asList(dependsOn));
  }

  public static FileSpec file(String path, String... dependsOn) {
    return file(path, Priority.NORMAL, dependsOn);
  }

  public static ArchitecturePlan plan(FileSpec... files) {
    return plan(Arrays.asList(files));
  }

  public static ArchitecturePlan plan(List<FileSpec> files) {
    return new ArchitecturePlan("test-service", "A service for tests.", "fake-stack", "app.main:app", files,
        List.of(), List.of("fastapi", "uvicorn"));
  }

  /**
   * A plan whose level {@code k} has {@code widths[k]} files named {@code lK/fI.py}; file {@code I} of level
   * {@code k > 0} depends on file {@code I % widths[k-1]} of level {@code k - 1}, so every file sits exactly in its
   * level.
   */
  public static ArchitecturePlan layered(int... widths) {
    List<FileSpec> files = new ArrayList<>();
    for (int k = 0; k < widths.length; k++) {
      for (int i = 0; i < widths[k]; i++) {
        String[] deps = k == 0 ? new String[0] : new String[] {path(k - 1, i % widths[k - 1])};
        files.add(file(path(k, i), deps));
      }
    }
    return plan(files);
  }

  public static String path(int level, int index) {
    return "l" + level + "/f" + index + ".py";
  }
}
