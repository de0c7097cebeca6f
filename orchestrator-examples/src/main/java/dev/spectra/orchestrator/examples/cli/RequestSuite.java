package dev.spectra.orchestrator.examples.cli;

import dev.spectra.orchestrator.ServiceRequest;
import dev.spectra.orchestrator.internal.Checks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The requests a comparison runs. File format: UTF-8 text, one request per line; blank lines and lines starting with
 * {@code #} are ignored; leading and trailing spaces are trimmed.
 *
 * <pre>
 * # requests.txt
 * A Hello World FastAPI service with a /health endpoint
 * A todo list API: create, list, complete and delete todos, kept in memory
 * </pre>
 *
 * @param name the suite's name (its file name)
 * @param requests the requests, in file order
 */
record RequestSuite(String name, List<String> requests) {
  public RequestSuite {
    Checks.notBlank(name, "name");
    requests = Checks.copy(requests, "requests");
    if (requests.isEmpty()) {
      throw new IllegalArgumentException("suite " + name + " holds no request: write one request per line");
    }
    requests.forEach(ServiceRequest::of);
  }

  /**
   * Reads a suite file.
   *
   * @throws IllegalArgumentException when the file is missing, holds no request, or a request is too long
   */
  public static RequestSuite read(Path file) {
    Checks.notNull(file, "file");
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("request suite " + file + " does not exist; write one request per line into it", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read request suite " + file + ": " + e.getMessage(), e);
    }
    List<String> requests = new ArrayList<>();
    for (String line : lines) {
      String t = line.strip();
      if (!t.isEmpty() && !t.startsWith("#")) {
        requests.add(t);
      }
    }
    return new RequestSuite(file.getFileName().toString(), requests);
  }
}
