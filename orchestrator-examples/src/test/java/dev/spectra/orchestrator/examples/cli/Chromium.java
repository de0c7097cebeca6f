package dev.spectra.orchestrator.examples.cli;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Headless Chromium for the report tests. Without /usr/bin/chromium a test is SKIPPED with an install hint, unless
 * {@code CI=true} and {@code SPECTRA_REQUIRE_CHROMIUM=true} (as .ci/run sets), in which case it FAILS.
 */
final class Chromium {
  static final Path BINARY = Path.of("/usr/bin/chromium");
  private static final String HINT = "/usr/bin/chromium is not installed (apt-get install -y --no-install-recommends chromium)";

  private Chromium() {}

  /** Skips the test (or fails it where Chromium is required) when Chromium is missing. */
  static void require() {
    if (Files.isExecutable(BINARY)) {
      return;
    }
    if (required()) {
      fail(HINT + "; required by CI=true with SPECTRA_REQUIRE_CHROMIUM=true");
    }
    assumeTrue(false, "SKIPPED: " + HINT);
  }

  static boolean required() {
    return "true".equalsIgnoreCase(System.getenv("CI")) && "true".equalsIgnoreCase(System.getenv("SPECTRA_REQUIRE_CHROMIUM"));
  }

  /** Renders the page and returns the DOM Chromium built from it, serialized ({@code --dump-dom}). */
  static String dumpDom(Path page, Path scratch) throws Exception {
    Path out = scratch.resolve("dom.html");
    run(scratch, out, List.of("--dump-dom", page.toUri().toString()));
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  /** Runs Chromium headless with a fresh profile under {@code scratch}; its stdout goes to {@code stdout}. */
  static void run(Path scratch, Path stdout, List<String> arguments) throws Exception {
    Path profile = Files.createTempDirectory(scratch, "chromium-profile");
    Path log = scratch.resolve("chromium-" + System.nanoTime() + ".log");
    List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--user-data-dir=" + profile));
    command.addAll(arguments);
    Process p = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(log.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish within 120 s; log: " + Files.readString(log));
    }
    if (p.exitValue() != 0) {
      throw new AssertionError("chromium exited with " + p.exitValue() + "; log: " + Files.readString(log));
    }
  }
}
