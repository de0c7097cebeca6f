package dev.spectra.orchestrator.temporal.internal;

import dev.spectra.orchestrator.Deployment;
import dev.spectra.orchestrator.temporal.internal.Messages.DeployOutput;
import dev.spectra.orchestrator.temporal.internal.Messages.FileInput;
import dev.spectra.orchestrator.temporal.internal.Messages.FileOutput;
import dev.spectra.orchestrator.temporal.internal.Messages.FinishInput;
import dev.spectra.orchestrator.temporal.internal.Messages.MonitorOutput;
import dev.spectra.orchestrator.temporal.internal.Messages.PlanOutput;
import dev.spectra.orchestrator.temporal.internal.Messages.Profile;
import dev.spectra.orchestrator.temporal.internal.Messages.RunInput;
import dev.spectra.orchestrator.temporal.internal.Messages.RunResult;
import dev.spectra.orchestrator.temporal.internal.Messages.StepInput;
import dev.spectra.orchestrator.temporal.internal.Messages.TestOutput;
import dev.spectra.orchestrator.temporal.internal.Messages.UndeployInput;
import io.temporal.activity.ActivityInterface;

/**
 * The activities of a run, as the workflow calls them. Every worker registers them on the run's task queue and on
 * its own queue ({@link #pin} names it), where Deploy, Monitor and the undeploy run, so that the service's process
 * and its monitor are on one machine.
 */
@ActivityInterface
public interface RunActivities {
  /** Checks the workspace and tells what this worker's configuration does (which activities, a file's worst case). */
  Profile prepare(RunInput input);

  /** Plans: the plan goes to the journal, its reference and skeleton to the workflow. */
  PlanOutput plan(StepInput input);

  /** Builds one file, or returns it untouched when its journal entry matches the file on disk. */
  FileOutput buildFile(FileInput input);

  /** Runs the tests and the fix rounds on the workspace. */
  TestOutput test(StepInput input);

  /** The task queue of the worker this runs on, for the activities that must stay on it. */
  String pin();

  /** Starts the service (on the pinned worker). */
  DeployOutput deploy(StepInput input);

  /** Probes the service (on the pinned worker). */
  MonitorOutput monitor(StepInput input, Deployment deployment);

  /** Stops the service (on the pinned worker). */
  void undeploy(UndeployInput input);

  /** Writes the run's report from the workspace, the journal and what the workflow decided. */
  RunResult finish(FinishInput input);
}
