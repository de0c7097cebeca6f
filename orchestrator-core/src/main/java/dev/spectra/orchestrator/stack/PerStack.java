package dev.spectra.orchestrator.stack;

import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.BuildActivity;
import dev.spectra.orchestrator.BuildResult;
import dev.spectra.orchestrator.DeployActivity;
import dev.spectra.orchestrator.Deployment;
import dev.spectra.orchestrator.InvalidPlanException;
import dev.spectra.orchestrator.ModelBacked;
import dev.spectra.orchestrator.PlanActivity;
import dev.spectra.orchestrator.RunContext;
import dev.spectra.orchestrator.ServiceRequest;
import dev.spectra.orchestrator.TestActivity;
import dev.spectra.orchestrator.TestReport;
import dev.spectra.orchestrator.internal.Checks;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Activities for several stacks in one orchestrator: each call goes to the activity of the stack the plan names
 * ({@link ArchitecturePlan#stack()}); the plan activity goes to the planner of the stack the request prefers
 * ({@link ServiceRequest#preferredStack()}), else to the default stack's. A plan or request naming a stack that is not
 * wired is refused with the ids that are.
 *
 * <pre>{@code
 * Orchestrator orchestrator = Orchestrator.builder()
 *     .planActivity(PerStack.planner(Map.of("python-fastapi", pythonPlanner, "java-spring-boot", javaPlanner),
 *         "python-fastapi"))
 *     .buildActivity(PerStack.build(Map.of("python-fastapi", pythonBuild, "java-spring-boot", javaBuild)))
 *     .testActivity(PerStack.test(Map.of("python-fastapi", pythonTest, "java-spring-boot", javaTest)))
 *     .workspace(workspace)
 *     .build();
 * }</pre>
 *
 * <p>{@code SpectraLlm.orchestrator(List<TargetStack>, Path)} (orchestrator-llm) wires Plan and Build this way.
 */
public final class PerStack {
  private PerStack() {}

  /**
   * Plans for the request's preferred stack, else for {@code defaultStack}.
   *
   * @throws IllegalArgumentException when {@code defaultStack} is not among the planners
   */
  public static PlanActivity planner(Map<String, PlanActivity> byStack, String defaultStack) {
    Map<String, PlanActivity> map = copy(byStack, "byStack");
    Checks.notBlank(defaultStack, "defaultStack");
    if (!map.containsKey(defaultStack)) {
      throw new IllegalArgumentException("defaultStack must be one of " + map.keySet() + ", but was \"" + defaultStack + "\"");
    }
    return new Planner(map, defaultStack);
  }

  /** Builds with the Build activity of the plan's stack. */
  public static BuildActivity build(Map<String, BuildActivity> byStack) {
    return new RoutedBuild(copy(byStack, "byStack"));
  }

  /** Tests with the Test activity of the plan's stack. */
  public static TestActivity test(Map<String, TestActivity> byStack) {
    return new RoutedTest(copy(byStack, "byStack"));
  }

  /** Deploys with the Deploy activity of the plan's stack; undeploys through every one (each stops only its own). */
  public static DeployActivity deploy(Map<String, DeployActivity> byStack) {
    return new RoutedDeploy(copy(byStack, "byStack"));
  }

  private static <T> Map<String, T> copy(Map<String, T> byStack, String name) {
    Checks.copy(byStack, name); // no null stack or activity
    Map<String, T> map = Collections.unmodifiableMap(new LinkedHashMap<>(byStack)); // in the caller's order
    if (map.isEmpty()) {
      throw new IllegalArgumentException(name + " must name at least one stack");
    }
    return map;
  }

  /** The activity of each stack; models are the union of theirs. */
  private abstract static class Routed<T> implements ModelBacked {
    final Map<String, T> byStack;

    Routed(Map<String, T> byStack) {
      this.byStack = byStack;
    }

    T route(String stack) {
      T activity = byStack.get(stack);
      if (activity == null) {
        throw new InvalidPlanException("the plan names the stack \"" + stack + "\", but this orchestrator is wired for "
            + byStack.keySet() + "; plan for one of them (--stack on the command line)");
      }
      return activity;
    }

    @Override
    public Set<String> models() {
      Set<String> out = new LinkedHashSet<>();
      byStack.values().forEach(a -> out.addAll(ModelBacked.of(a)));
      return out;
    }
  }

  private static final class RoutedBuild extends Routed<BuildActivity> implements BuildActivity {
    RoutedBuild(Map<String, BuildActivity> byStack) {
      super(byStack);
    }

    @Override
    public BuildResult build(ArchitecturePlan plan, RunContext context) {
      return route(plan.stack()).build(plan, context);
    }
  }

  private static final class Planner extends Routed<PlanActivity> implements PlanActivity {
    private final String defaultStack;

    Planner(Map<String, PlanActivity> byStack, String defaultStack) {
      super(byStack);
      this.defaultStack = defaultStack;
    }

    @Override
    public ArchitecturePlan plan(ServiceRequest request, RunContext context) {
      String stack = request.preferredStack().orElse(defaultStack);
      if (!byStack.containsKey(stack)) {
        throw new UnwiredStackException(stack, byStack.keySet());
      }
      return byStack.get(stack).plan(request, context);
    }
  }

  private static final class RoutedTest extends Routed<TestActivity> implements TestActivity {
    RoutedTest(Map<String, TestActivity> byStack) {
      super(byStack);
    }

    @Override
    public TestReport test(ArchitecturePlan plan, BuildResult build, RunContext context) {
      return route(plan.stack()).test(plan, build, context);
    }
  }

  private static final class RoutedDeploy extends Routed<DeployActivity> implements DeployActivity {
    RoutedDeploy(Map<String, DeployActivity> byStack) {
      super(byStack);
    }

    @Override
    public Deployment deploy(ArchitecturePlan plan, RunContext context) {
      return route(plan.stack()).deploy(plan, context);
    }

    @Override
    public void undeploy(Deployment deployment, RunContext context) {
      byStack.values().forEach(d -> d.undeploy(deployment, context));
    }
  }
}
