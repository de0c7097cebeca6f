package dev.spectra.orchestrator.examples.cli;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;

/** The Temporal frontend a command talks to ({@code --temporal host:port}, {@code --namespace}). */
final class TemporalTarget {
  /** Where {@code temporal server start-dev} listens. */
  static final String DEFAULT = "127.0.0.1:7233";
  /** How long a command waits for the server before it gives up with one line. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private TemporalTarget() {}

  /**
   * A client connected to {@code target}.
   *
   * @throws CliFailure (usage) when the server cannot be reached, naming the flag
   */
  static WorkflowClient connect(String flag, String target, String namespace) {
    if (target == null || !target.matches("[^\\s:/]+:\\d{1,5}")) {
      throw CliFailure.usage(flag + " must be HOST:PORT of a Temporal server's frontend (e.g. " + DEFAULT
          + "), but was \"" + target + "\"");
    }
    WorkflowServiceStubs service;
    try {
      service = WorkflowServiceStubs.newConnectedServiceStubs(
          WorkflowServiceStubsOptions.newBuilder().setTarget(target).build(), CONNECT_TIMEOUT);
    } catch (RuntimeException e) {
      throw CliFailure.usage("cannot reach a Temporal server at " + target + " (" + Errors.describe(e) + "); start one"
          + " (temporal server start-dev) or point " + flag + " at yours", e);
    }
    return WorkflowClient.newInstance(service, WorkflowClientOptions.newBuilder().setNamespace(namespace).build());
  }

  /** Closes the client's connection. */
  static void close(WorkflowClient client) {
    client.getWorkflowServiceStubs().shutdownNow();
    client.getWorkflowServiceStubs().awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
  }
}
