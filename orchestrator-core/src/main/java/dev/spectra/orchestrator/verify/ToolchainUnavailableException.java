package dev.spectra.orchestrator.verify;

import dev.spectra.orchestrator.OrchestratorException;
import java.util.List;

/** No interpreter could run the python-fastapi stack; the message lists every candidate tried and the install hint. */
public final class ToolchainUnavailableException extends OrchestratorException {
  private static final long serialVersionUID = 1L;

  private final List<String> tried;

  ToolchainUnavailableException(List<String> tried) {
    super("no Python interpreter that can import " + String.join(", ", PythonToolchain.REQUIRED_MODULES)
        + " was found (tried: " + (tried.isEmpty() ? "nothing" : String.join("; ", tried)) + "); "
        + PythonToolchain.INSTALL_HINT);
    this.tried = List.copyOf(tried);
  }

  /** Each candidate tried, with why it was not used. */
  public List<String> tried() {
    return tried;
  }
}
