package dev.spectra.orchestrator.temporal.internal;

import dev.spectra.orchestrator.FailureKind;
import dev.spectra.orchestrator.OrchestratorException;
import dev.spectra.orchestrator.SettingHint;
import java.util.List;

/**
 * An activity's failure as the workflow sees it: the type, kind, message and hints the worker's exception had, so the
 * run's report names the same failure a local run names.
 */
public final class RemoteFailure extends OrchestratorException {
  private static final long serialVersionUID = 1L;

  private final FailureKind kind;
  private final String type;

  public RemoteFailure(FailureKind kind, String type, String message, List<SettingHint> hints) {
    super(message, hints == null ? List.of() : hints);
    this.kind = kind == null ? FailureKind.ERROR : kind;
    this.type = type;
  }

  @Override
  public String failureType() {
    return type;
  }

  @Override
  public FailureKind failureKind() {
    return kind;
  }
}
