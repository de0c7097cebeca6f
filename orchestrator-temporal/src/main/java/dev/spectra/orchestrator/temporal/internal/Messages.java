package dev.spectra.orchestrator.temporal.internal;

import dev.spectra.orchestrator.Activity;
import dev.spectra.orchestrator.Deployment;
import dev.spectra.orchestrator.FailureKind;
import dev.spectra.orchestrator.FileKind;
import dev.spectra.orchestrator.GeneratedFile;
import dev.spectra.orchestrator.HealthReport;
import dev.spectra.orchestrator.Priority;
import dev.spectra.orchestrator.RunReport;
import dev.spectra.orchestrator.SettingHint;
import dev.spectra.orchestrator.TestReport;
import dev.spectra.orchestrator.cost.BudgetExceededException;
import java.util.List;

/**
 * The values that cross the workflow history: activity inputs and outputs. None holds a file's content, a prompt, a
 * log or the plan: those live in the shared workspace and the run's journal, and the history holds a {@link Ref} to
 * them. What does cross is bounded per activity (a path, a hash, usage), so the history grows with the number of
 * files, never with their size, and a per-file input is the same size whatever the plan.
 */
public final class Messages {
  private Messages() {}

  /**
   * A payload in the workspace, by reference.
   *
   * @param path relative to the workspace root
   * @param sha256 hex SHA-256 of the payload's UTF-8 bytes, checked when it is read back
   */
  public record Ref(String path, String sha256) {}

  /**
   * The limits of a budget, as the history carries them ({@code null} = no limit).
   *
   * @param maxUsd a decimal string
   * @param maxWallTimeMillis counted from the workflow's start, in workflow time
   */
  public record Limits(String maxUsd, Long maxTokens, Long maxCalls, Long maxWallTimeMillis) {
    /** No limit. */
    public static final Limits NONE = new Limits(null, null, null, null);
  }

  /** What one activity (or one file) spent: model calls, tokens and known USD (a decimal string). */
  public record Spent(long calls, long tokens, String usd) {
    /** Nothing. */
    public static final Spent ZERO = new Spent(0, 0, "0");
  }

  /**
   * How a run starts.
   *
   * @param request the request (its text and preferred stack, as JSON) in the workspace, or {@code null} for a run from a journaled plan
   * @param planGiven the plan is journaled already ({@code .spectra/runs/<runId>/plan.json}): the run starts at BUILD
   * @param activityTimeoutMillis start-to-close of Plan, Test, Deploy, Monitor
   * @param fileTimeoutMillis start-to-close of one file's activity: how long a dead worker's file waits before it
   *     is given to another worker
   */
  public record RunInput(String runId, String workspace, Ref request, boolean planGiven, Activity stopAfter,
      boolean keepDeployed, Limits budget, int concurrency, long activityTimeoutMillis, long fileTimeoutMillis,
      int infrastructureAttempts) {}

  /**
   * What the worker that prepared the run can do; every worker of a task queue is configured alike.
   *
   * @param fileWorstCase what one file may spend at most: every attempt at the output limit
   * @param plan the journaled plan of a run that starts from one, else {@code null}
   */
  public record Profile(boolean test, boolean deploy, boolean monitor, Spent fileWorstCase, PlanOutput plan) {}

  /** The input of Plan, Test, Deploy, Monitor: the run, its plan (after Plan) and the budget left for the step. */
  public record StepInput(String runId, String workspace, Ref request, Ref plan, Limits remaining) {}

  /** One planned file as the workflow schedules it (its purpose stays in the plan). */
  public record Node(String path, FileKind kind, Priority priority, List<String> dependsOn) {}

  /** The plan, by reference, with what the workflow needs to schedule and to decide. */
  public record PlanOutput(Ref plan, String name, String stack, String entrypoint, List<Node> files, Spent spent) {}

  /** One file to build. */
  public record FileInput(String runId, String workspace, Ref plan, String path) {}

  /** One file built (or found journaled: {@code resumed}, no model call). */
  public record FileOutput(String path, String sha256, GeneratedFile.Origin origin, int attempts, boolean resumed,
      Spent spent) {}

  /** Test's result: the whole report by reference; a digest (no messages, no findings) for the run's decisions. */
  public record TestOutput(Ref report, TestReport digest, Spent spent) {}

  /** Deploy's result (small: a URL, a handle, a log path). */
  public record DeployOutput(Deployment deployment, Spent spent) {}

  /** Monitor's result: the whole report by reference; a digest (no evidence) for the run's decisions. */
  public record MonitorOutput(Ref report, HealthReport digest, Spent spent) {}

  /** Stops a deployment, on the worker that started it. */
  public record UndeployInput(String runId, String workspace, Deployment deployment) {}

  /** What the report activity needs besides what the workspace holds. */
  public record FinishInput(String runId, String workspace, Ref request, Ref plan, List<String> planned,
      RunReport.Outcome outcome, RunReport.Failure failure, List<Step> activities, Ref test,
      Deployment deployment, Ref health, long startedAtMillis, long finishedAtMillis) {}

  /** One finished activity, in workflow time. */
  public record Step(Activity activity, RunReport.Outcome outcome, long startedAtMillis, long millis) {}

  /** The run's result: its report by reference, and its outcome. */
  public record RunResult(Ref report, RunReport.Outcome outcome) {}

  /**
   * Why an activity failed, as an {@code ApplicationFailure}'s details carry it, so the workflow can give the run
   * the same typed failure a local run gives.
   *
   * @param limit the budget limit, when a budget stopped it
   * @param spent what it spent before it failed (settled into the run's budget)
   */
  public record FailureInfo(FailureKind kind, String type, String message, List<SettingHint> hints,
      BudgetExceededException.Limit limit, boolean cancelled, Spent spent) {}
}
