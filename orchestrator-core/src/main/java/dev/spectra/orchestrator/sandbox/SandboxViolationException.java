package dev.spectra.orchestrator.sandbox;

import dev.spectra.orchestrator.OrchestratorException;

/**
 * A sandboxed child broke a sandbox rule (today: it listened on an address other than loopback). The whole process
 * tree was killed before this was thrown.
 */
public final class SandboxViolationException extends OrchestratorException {
  private static final long serialVersionUID = 1L;

  private final long pid;
  private final String address;

  SandboxViolationException(long pid, String address, String command) {
    super("sandbox violation: process " + pid + " of \"" + command + "\" listened on " + address
        + ", which is not loopback; generated code may listen on 127.0.0.1 only (the deployer chooses host and port)."
        + " The process tree was killed; remove the code that opens the socket.");
    this.pid = pid;
    this.address = address;
  }

  /** The process that held the listening socket. */
  public long pid() {
    return pid;
  }

  /** The non-loopback address and port it listened on, e.g. {@code 0.0.0.0:8000}. */
  public String address() {
    return address;
  }
}
