package dev.spectra.orchestrator.stack.python;

import dev.spectra.orchestrator.sandbox.Sandbox;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.spectra.orchestrator.OrchestratorException;
import dev.spectra.orchestrator.internal.Checks;
import dev.spectra.orchestrator.internal.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs the Python scripts shipped as resources of this package, through a chosen interpreter in a sandbox, as
 * {@code python -I -c <source> args...}: isolated mode, so that neither the environment nor a generated module in
 * the working directory (an {@code ast.py}, a {@code json.py}) can change what the script imports.
 */
final class PythonScripts {
  static final String PROBE = "toolchain_probe.py";
  static final String AST = "spectra_ast.py";

  private static final Map<String, String> SOURCES = new ConcurrentHashMap<>();

  private PythonScripts() {}

  static String source(String resource) {
    return SOURCES.computeIfAbsent(resource, r -> {
      try (InputStream in = PythonScripts.class.getResourceAsStream(r)) {
        if (in == null) {
          throw new IllegalStateException("resource " + r + " is missing from the orchestrator-stack-python jar");
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read resource " + r, e);
      }
    });
  }

  /**
   * Runs a script and parses the JSON it prints.
   *
   * @throws OrchestratorException when it fails, times out or prints no JSON
   */
  static JsonNode run(Path python, Sandbox sandbox, String resource, List<String> args, Duration timeout) {
    List<String> argv = new ArrayList<>(List.of(python.toString(), "-I", "-c", source(resource)));
    argv.addAll(args);
    Sandbox.Result r = sandbox.run(argv, timeout);
    if (r.timedOut()) {
      throw new OrchestratorException(resource + " did not finish within " + timeout + " under " + python);
    }
    if (r.exitCode() != 0) {
      throw new OrchestratorException(resource + " failed under " + python + " with exit code " + r.exitCode() + ": "
          + Checks.excerpt(r.errors().strip(), 1500));
    }
    try {
      return Json.MAPPER.readTree(r.output());
    } catch (JsonProcessingException e) {
      throw new OrchestratorException(resource + " printed no JSON under " + python + ": "
          + Checks.excerpt(r.output(), 500) + " " + Checks.excerpt(r.errors(), 500), e);
    }
  }
}
