package dev.spectra.orchestrator.verify;

import dev.spectra.orchestrator.Activity;
import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.DeployActivity;
import dev.spectra.orchestrator.Deployment;
import dev.spectra.orchestrator.ModelBacked;
import dev.spectra.orchestrator.RunCancelledException;
import dev.spectra.orchestrator.RunContext;
import dev.spectra.orchestrator.internal.Checks;
import dev.spectra.orchestrator.internal.engine.RunJournal;
import dev.spectra.orchestrator.sandbox.Sandbox;
import dev.spectra.orchestrator.sandbox.SandboxViolationException;
import dev.spectra.orchestrator.stack.TargetStack;
import dev.spectra.orchestrator.stack.Toolchain;
import dev.spectra.orchestrator.stack.ToolchainUnavailableException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Deploys the generated service as a sandboxed child with {@link Sandbox#serve}: the stack's {@linkplain
 * Toolchain#serviceCommand service command} for the spec's entrypoint on 127.0.0.1 in the service's own network
 * namespace, reachable from this JVM only at the bridged loopback URL, run in the workspace, its output captured under
 * {@code .spectra/runs/<runId>/deploy/service.log}, and readiness awaited on the spec's health path up to the spec's
 * limit.
 *
 * <p>The {@link DeploymentSpec} comes from the {@link DeploymentPlanner} (the deploy AI service) when one is set,
 * else from the plan ({@link DeploymentSpec#fromPlan}); it is validated before anything starts
 * ({@link DeploymentSpec#problems}, and its module must be in the workspace; else
 * {@link InvalidDeploymentSpecException}). Environment values come from {@link Builder#serviceEnvironment} only,
 * never from a model or the parent environment. A service that does not become ready is still returned (Monitor then
 * finds it DOWN and the diagnoser reads its log); without bubblewrap the step is SKIPPED unless the run allows
 * unisolated code, and then a service that listens on a non-loopback address is killed with a
 * {@link SandboxViolationException}; cancellation kills it and throws {@link RunCancelledException}.
 * {@link #undeploy} kills its whole process tree.
 */
public final class ProcessDeployer implements DeployActivity, ModelBacked {
  /** The longest readiness wait, whatever the spec asks. */
  public static final Duration DEFAULT_MAX_READINESS = Duration.ofSeconds(DeploymentSpec.MAX_READINESS_SECONDS);

  private static final Duration POLL = Duration.ofMillis(100);

  private final TargetStack stack;
  private final Toolchains toolchains;
  private final DeploymentPlanner planner;
  private final Map<String, String> serviceEnvironment;
  private final Duration maxReadiness;
  private final Map<String, Sandbox.Child> running = new ConcurrentHashMap<>();

  private ProcessDeployer(Builder b) {
    this.stack = b.stack;
    this.toolchains = new Toolchains(b.stack);
    this.planner = b.planner;
    this.serviceEnvironment = Map.copyOf(b.serviceEnvironment);
    this.maxReadiness = b.maxReadiness;
  }

  /** The models of its planner, when that calls models, so that a USD budget can check their prices up front. */
  @Override
  public Set<String> models() {
    return ModelBacked.of(planner);
  }

  /** A builder for the services of this stack. */
  public static Builder builder(TargetStack stack) {
    return new Builder(stack);
  }

  @Override
  public Deployment deploy(ArchitecturePlan plan, RunContext context) {
    Checks.notNull(plan, "plan");
    Toolchain toolchain;
    try {
      toolchain = toolchains.get();
    } catch (ToolchainUnavailableException e) {
      context.note(Activity.DEPLOY, "SKIPPED: " + e.getMessage());
      return Deployment.none();
    }
    java.util.Optional<String> isolation = Sandbox.isolationProblem();
    if (isolation.isPresent() && !context.unisolatedCodeAllowed()) {
      context.note(Activity.DEPLOY, "SKIPPED: " + isolation.get());
      return Deployment.none();
    }
    isolation.ifPresent(problem -> context.note(Activity.DEPLOY, StackTestActivity.UNISOLATED_WARNING));
    Path root = context.workspace().root();
    DeploymentSpec spec = DeploymentRules.proposeValid(planner, plan, stack, context);
    List<String> unset = spec.environment().stream().filter(n -> !serviceEnvironment.containsKey(n)).toList();
    context.note(Activity.DEPLOY, "deployment spec: " + spec + (unset.isEmpty() ? "" : "; the service reads " + unset
        + ", which are not set (set them with ProcessDeployer.Builder.serviceEnvironment)"));
    Sandbox.Builder sandbox = toolchain.sandbox(root).allowWithoutIsolation(context.unisolatedCodeAllowed());
    serviceEnvironment.forEach(sandbox::environment);
    Path log = RunJournal.runDirectory(context.workspace(), context.runId()).resolve("deploy").resolve("service.log");
    String logsPath = root.relativize(log).toString().replace('\\', '/');
    Duration readiness = Duration.ofSeconds(spec.readinessSeconds());
    if (readiness.compareTo(maxReadiness) > 0) {
      readiness = maxReadiness;
    }
    Sandbox.Child child = sandbox.build().serve(port -> toolchain.serviceCommand(spec.entrypoint(), "127.0.0.1", port),
        log, context);
    String url = child.url();
    String handle = Long.toString(child.pid());
    running.put(handle, child);
    context.note(Activity.DEPLOY, "started " + spec.entrypoint() + " (" + stack.id() + "), pid " + handle + ", on " + url);
    long started = System.nanoTime();
    Integer status;
    try {
      status = awaitReady(child, URI.create(url + spec.healthPath()), readiness, context);
      child.checkListeners();
    } catch (RuntimeException e) {
      running.remove(handle);
      child.stop();
      throw e;
    }
    long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
    if (status != null) {
      context.note(Activity.DEPLOY, "ready in " + millis + " ms: GET " + spec.healthPath() + " answered " + status);
    } else if (child.isAlive()) {
      context.note(Activity.DEPLOY, "not ready within " + readiness.toSeconds() + " s (still starting); its log is " + logsPath);
    } else {
      context.note(Activity.DEPLOY, "the process exited after " + millis + " ms, before it was ready; its log is " + logsPath);
    }
    return new Deployment(Deployment.Kind.LOCAL_PROCESS, url, handle, logsPath);
  }

  /** The status the health path answered (below 500), or {@code null} when the limit passed or the process ended. */
  private static Integer awaitReady(Sandbox.Child child, URI health, Duration limit, RunContext context) {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).proxy(HttpClient.Builder.NO_PROXY)
        .connectTimeout(Duration.ofSeconds(1)).followRedirects(HttpClient.Redirect.NEVER).build();
    HttpRequest request = HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).GET().build();
    long deadline = System.nanoTime() + limit.toNanos();
    while (true) {
      if (context.isCancelled() || Thread.currentThread().isInterrupted()) {
        throw new RunCancelledException(context.runId());
      }
      if (child.violation().isPresent()) {
        throw child.violation().get();
      }
      if (!child.isAlive()) {
        return null;
      }
      try {
        int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status < 500) {
          return status;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RunCancelledException(context.runId());
      }
      if (System.nanoTime() - deadline > 0) {
        return null;
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RunCancelledException(context.runId());
      }
    }
  }

  /** Stops the service and its whole process tree. */
  @Override
  public void undeploy(Deployment deployment, RunContext context) {
    Sandbox.Child child = running.remove(deployment.handle());
    if (child != null) {
      child.stop();
      context.note(Activity.DEPLOY, "stopped pid " + deployment.handle() + " and its process tree");
    }
  }

  /** The services started and not yet undeployed, by handle (for a caller that must stop them, or check none runs). */
  public Map<String, Sandbox.Child> running() {
    return Map.copyOf(running);
  }

  /** Builds a {@link ProcessDeployer}. */
  public static final class Builder {
    private final TargetStack stack;
    private DeploymentPlanner planner;
    private final Map<String, String> serviceEnvironment = new LinkedHashMap<>();
    private Duration maxReadiness = DEFAULT_MAX_READINESS;

    private Builder(TargetStack stack) {
      this.stack = Checks.notNull(stack, "stack");
    }

    /** Proposes the spec (default none: {@link DeploymentSpec#fromPlan}). */
    public Builder planner(DeploymentPlanner planner) {
      this.planner = Checks.notNull(planner, "planner");
      return this;
    }

    /** A variable the service gets; the value comes from you, never from a model or this JVM's environment. */
    public Builder serviceEnvironment(String name, String value) {
      Checks.notNull(name, "name");
      Checks.notNull(value, "value of " + name);
      if (DeploymentRules.reserved(name, stack)) {
        throw new IllegalArgumentException("environment variable " + name + " is controlled by the sandbox and may not be set for the service");
      }
      serviceEnvironment.put(name, value);
      return this;
    }

    /** Caps the spec's readiness wait (default {@value DeploymentSpec#MAX_READINESS_SECONDS} s). */
    public Builder maxReadiness(Duration max) {
      this.maxReadiness = Checks.positive(max, "maxReadiness");
      return this;
    }

    public ProcessDeployer build() {
      return new ProcessDeployer(this);
    }
  }
}
