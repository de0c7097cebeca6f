package dev.spectra.orchestrator.temporal.internal;

import dev.spectra.orchestrator.temporal.internal.Messages.RunInput;
import dev.spectra.orchestrator.temporal.internal.Messages.RunResult;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** One run of the pipeline as a durable workflow. Its workflow type is {@value #TYPE}. */
@WorkflowInterface
public interface RunWorkflow {
  /** The workflow type name. */
  String TYPE = "SpectraRun";

  /** Runs the pipeline; the report is in the workspace, by reference. */
  @WorkflowMethod(name = TYPE)
  RunResult run(RunInput input);
}
