package dev.spectra.orchestrator.examples.cli;

import dev.spectra.orchestrator.Activity;
import dev.spectra.orchestrator.DeployActivity;
import dev.spectra.orchestrator.MonitorActivity;
import dev.spectra.orchestrator.PlanActivity;
import dev.spectra.orchestrator.build.FileGenerator;
import dev.spectra.orchestrator.Orchestrator;
import dev.spectra.orchestrator.llm.ModelRouter;
import dev.spectra.orchestrator.llm.SpectraLlm;
import dev.spectra.orchestrator.stack.TargetStack;
import dev.spectra.orchestrator.stack.ToolchainUnavailableException;
import dev.spectra.orchestrator.stack.java.JavaSpringBootStack;
import dev.spectra.orchestrator.stack.python.PythonFastApiStack;
import dev.spectra.orchestrator.stack.python.PythonToolchain;
import dev.spectra.orchestrator.verify.HttpMonitor;
import dev.spectra.orchestrator.verify.ProcessDeployer;
import dev.spectra.orchestrator.verify.StackTestActivity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * How the command line puts an orchestrator together from models, the same for generate, compare, demo and the
 * Temporal worker: Plan, Build, the fix loop, the deployment spec and the diagnosis on the router's models
 * (orchestrator-llm); Test with the stack's toolchain and quality gate (pytest on the discovered Python, or Maven and
 * JUnit), Deploy on loopback in the sandbox and Monitor with HTTP probes. The demo's cassette generator (a test
 * program) records through exactly the wiring the demo replays through.
 */
final class Wiring {
  private final CliContext ctx;
  private Optional<PythonToolchain> python;
  private Consumer<SpectraLlm.Builder> llmSettings = b -> {};
  private boolean allowUnisolatedCode;
  private String stackId = STACKS.get(0);
  private JavaSpringBootStack javaStack; // guarded by this: made once, by chosenStack

  /** The wiring of one command, which finds Python through {@code ctx}'s environment. */
  public Wiring(CliContext ctx) {
    this.ctx = ctx;
  }

  /** Settings laid over the library's model-call defaults (retry policy, rate limits) of every orchestrator built. */
  Wiring llm(Consumer<SpectraLlm.Builder> settings) {
    this.llmSettings = settings;
    return this;
  }

  /** The stacks the command line generates for ({@code --stack}), the default first. */
  static final List<String> STACKS = List.of(PythonFastApiStack.ID, JavaSpringBootStack.ID);

  /** The stack the orchestrators and components built generate for ({@code --stack}, one of {@link #STACKS}). */
  Wiring forStack(String stackId) {
    if (!STACKS.contains(stackId)) {
      throw new IllegalArgumentException("stackId must be one of " + STACKS + ", but was \"" + stackId + "\"");
    }
    this.stackId = stackId;
    return this;
  }

  /** Whether the orchestrators built may run generated code without a sandbox where bubblewrap is unusable. */
  Wiring allowUnisolatedCode(boolean allow) {
    this.allowUnisolatedCode = allow;
    return this;
  }

  /**
   * An orchestrator builder whose model-backed activities run on the router's models.
   *
   * @param deploy false to stop after Test (no service started, nothing monitored)
   */
  Orchestrator.Builder orchestrator(ModelRouter router, Path workspace, boolean deploy) {
    return orchestrator(router, workspace, deploy, chosenStack());
  }

  /**
   * {@link #orchestrator(ModelRouter, Path, boolean)} for a given stack profile: the demo passes the default
   * python-fastapi profile so that its prompts (and so its cassettes' keys) are the same on every machine, while Test,
   * Deploy and Monitor still run on the discovered interpreter.
   */
  public Orchestrator.Builder orchestrator(ModelRouter router, Path workspace, boolean deploy, TargetStack given) {
    Components c = components(router, deploy, given);
    Orchestrator.Builder b = Orchestrator.builder().planActivity(c.planner()).fileGenerator(c.generator()).stack(c.stack())
        .workspace(workspace).testActivity(c.test()).allowUnisolatedCode(allowUnisolatedCode);
    if (deploy) {
      b.deployActivity(c.deployer()).monitorActivity(c.monitor());
    } else {
      b.stopAfter(Activity.TEST);
    }
    return b;
  }

  /** The activities of a run, for a driver other than the local orchestrator (a Temporal worker). */
  record Components(PlanActivity planner, FileGenerator generator, TargetStack stack, StackTestActivity test,
      DeployActivity deployer, MonitorActivity monitor) {}

  /** The activities on the router's models; without Deploy and Monitor ({@code null}) when {@code deploy} is false. */
  Components components(ModelRouter router, boolean deploy, TargetStack given) {
    SpectraLlm.Builder llmBuilder = SpectraLlm.builder(router);
    llmSettings.accept(llmBuilder);
    SpectraLlm llm = llmBuilder.build();
    TargetStack stack = withInterpreter(given);
    StackTestActivity test = StackTestActivity.builder(stack).fixer(llm.fileFixer()).timeout(testTimeout(stack)).build();
    return new Components(llm.planner(stack), llm.fileGenerator(), stack, test,
        deploy ? ProcessDeployer.builder(stack).planner(llm.deploymentPlanner(stack)).build() : null,
        deploy ? HttpMonitor.builder().diagnoser(llm.diagnoser()).build() : null);
  }

  /** Whether generated code may run without a sandbox, as {@link #allowUnisolatedCode(boolean)} set it. */
  boolean allowsUnisolatedCode() {
    return allowUnisolatedCode;
  }

  /** The python-fastapi stack tested and served by the interpreter found for this command (when one was found). */
  private TargetStack withInterpreter(TargetStack stack) {
    if (stack instanceof PythonFastApiStack p) {
      // without one, the stack probes the same candidates (SPECTRA_PYTHON of this command's environment) and SKIPs
      return python().map(found -> (TargetStack) p.toBuilder().python(found).build())
          .orElseGet(() -> p.toBuilder().pythonCandidates(pythonCandidates(ctx)).build());
    }
    return stack;
  }

  /** How long one test run may take: a Maven build of a Spring Boot service takes longer than pytest. */
  static java.time.Duration testTimeout(TargetStack stack) {
    return stack instanceof JavaSpringBootStack ? JAVA_TEST_TIMEOUT : StackTestActivity.DEFAULT_TIMEOUT;
  }

  /** The wall-clock limit of one Maven build and test run of the java-spring-boot stack. */
  static final java.time.Duration JAVA_TEST_TIMEOUT = java.time.Duration.ofMinutes(5);

  /**
   * The stack {@link #forStack} chose (python-fastapi unless told otherwise). The java-spring-boot stack is one instance
   * per command, so that its JDK and Maven are found, and its repository checked, once however many runs it serves.
   */
  synchronized TargetStack chosenStack() {
    if (!stackId.equals(JavaSpringBootStack.ID)) {
      return stack();
    }
    if (javaStack == null) {
      javaStack = new JavaSpringBootStack();
    }
    return javaStack;
  }

  /**
   * The python-fastapi profile, pinned to the discovered interpreter's versions (so that what is tested is what
   * requirements.txt and the Dockerfile name), or to the profile's defaults without one.
   */
  TargetStack stack() {
    return python().map(p -> (TargetStack) PythonFastApiStack.builder().pythonVersion(p.pythonVersion()).pins(p.pins()).build())
        .orElseGet(PythonFastApiStack::new);
  }

  /**
   * The interpreter, found once per command as doctor finds it ({@code SPECTRA_PYTHON} from the command's environment
   * first); empty when none has the stack's packages (the Test step then reports SKIPPED with the install hint).
   */
  public synchronized Optional<PythonToolchain> python() {
    if (python == null) {
      try {
        python = Optional.of(PythonToolchain.discover(pythonCandidates(ctx)));
      } catch (ToolchainUnavailableException e) {
        python = Optional.empty();
      }
    }
    return python;
  }

  /** True when {@code SPECTRA_PYTHON=none} switched the Python probe off for this command. */
  boolean pythonSwitchedOff() {
    String explicit = ctx.getenv(PythonToolchain.ENV);
    return explicit != null && explicit.strip().equals(PythonToolchain.NONE);
  }

  /** The interpreters to probe: {@code SPECTRA_PYTHON} of the command's environment, then the library's defaults. */
  static List<PythonToolchain.Candidate> pythonCandidates(CliContext ctx) {
    List<PythonToolchain.Candidate> candidates = new ArrayList<>();
    String explicit = ctx.getenv(PythonToolchain.ENV);
    if (explicit != null && explicit.strip().equals(PythonToolchain.NONE)) {
      return candidates; // switched off: Python requests skip Test, Deploy and Monitor
    }
    if (explicit != null) {
      candidates.add(new PythonToolchain.Candidate(PythonToolchain.ENV, ctx.resolve(explicit)));
    }
    candidates.addAll(PythonToolchain.defaultCandidates());
    return candidates;
  }
}
