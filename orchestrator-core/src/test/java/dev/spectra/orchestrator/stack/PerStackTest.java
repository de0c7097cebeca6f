package dev.spectra.orchestrator.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.BuildActivity;
import dev.spectra.orchestrator.DeployActivity;
import dev.spectra.orchestrator.Deployment;
import dev.spectra.orchestrator.FileKind;
import dev.spectra.orchestrator.FileSpec;
import dev.spectra.orchestrator.InvalidPlanException;
import dev.spectra.orchestrator.ModelBacked;
import dev.spectra.orchestrator.PlanActivity;
import dev.spectra.orchestrator.Priority;
import dev.spectra.orchestrator.RunContext;
import dev.spectra.orchestrator.ServiceRequest;
import dev.spectra.orchestrator.SettingHint;
import dev.spectra.orchestrator.TestActivity;
import dev.spectra.orchestrator.TestReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PerStackTest {
  static ArchitecturePlan plan(String stack) {
    return new ArchitecturePlan("svc", "", stack, "main", List.of(new FileSpec("main", "x", FileKind.SOURCE, Priority.NORMAL,
        List.of())), List.of(), List.of());
  }

  /** A planner that plans for its own stack and says which models it calls. */
  record FakePlanner(String stack, String model) implements PlanActivity, ModelBacked {
    @Override
    public ArchitecturePlan plan(ServiceRequest request, RunContext context) {
      return plan(stack);
    }

    private static ArchitecturePlan plan(String stack) {
      return PerStackTest.plan(stack);
    }

    @Override
    public Set<String> models() {
      return Set.of(model);
    }
  }

  @Test
  void aRequestIsPlannedForItsPreferredStackElseForTheDefault() {
    Map<String, PlanActivity> planners = new LinkedHashMap<>();
    planners.put("python-fastapi", new FakePlanner("python-fastapi", "openai:a"));
    planners.put("java-spring-boot", new FakePlanner("java-spring-boot", "openai:b"));
    PlanActivity planner = PerStack.planner(planners, "python-fastapi");

    assertThat(planner.plan(ServiceRequest.of("hello"), null).stack()).isEqualTo("python-fastapi");
    assertThat(planner.plan(ServiceRequest.of("hello").withStack("java-spring-boot"), null).stack()).isEqualTo("java-spring-boot");
    assertThat(ModelBacked.of(planner)).containsExactlyInAnyOrder("openai:a", "openai:b");
    assertThatThrownBy(() -> planner.plan(ServiceRequest.of("hello").withStack("ruby-rails"), null))
        .isInstanceOfSatisfying(UnwiredStackException.class, e -> {
          assertThat(e.stack()).isEqualTo("ruby-rails");
          assertThat(e.wired()).containsExactly("python-fastapi", "java-spring-boot");
          assertThat(e.hints()).containsExactly(new SettingHint(SettingHint.STACK, "ServiceRequest.withStack", "ruby-rails"));
          assertThat(e.getMessage()).isEqualTo("the request prefers the stack \"ruby-rails\", but Plan is wired for"
              + " [python-fastapi, java-spring-boot]; ask for one of those with ServiceRequest.withStack, or plan with an"
              + " orchestrator (or a worker) wired for \"ruby-rails\"");
        });
    assertThatThrownBy(() -> PerStack.planner(planners, "go")).hasMessageContaining("defaultStack must be one of");
  }

  @Test
  void buildTestAndDeployGoToThePlansStackAndUndeployReachesEveryDeployer() {
    List<String> calls = new ArrayList<>();
    BuildActivity build = PerStack.build(Map.of("a", (p, c) -> {
      calls.add("build a");
      return null;
    }, "b", (p, c) -> {
      calls.add("build b");
      return null;
    }));
    TestActivity test = PerStack.test(Map.of("a", (p, b, c) -> {
      calls.add("test a");
      return TestReport.skipped("a");
    }, "b", (p, b, c) -> {
      calls.add("test b");
      return TestReport.skipped("b");
    }));
    DeployActivity deploy = PerStack.deploy(Map.of("b", new DeployActivity() {
      @Override
      public Deployment deploy(ArchitecturePlan plan, RunContext context) {
        calls.add("deploy b");
        return Deployment.none();
      }

      @Override
      public void undeploy(Deployment deployment, RunContext context) {
        calls.add("undeploy b");
      }
    }));

    build.build(plan("b"), null);
    assertThat(test.test(plan("a"), null, null).skipReason()).isEqualTo("a");
    deploy.deploy(plan("b"), null);
    deploy.undeploy(Deployment.none(), null);

    assertThat(calls).containsExactly("build b", "test a", "deploy b", "undeploy b");
    assertThatThrownBy(() -> deploy.deploy(plan("a"), null)).isInstanceOf(InvalidPlanException.class)
        .hasMessageContaining("names the stack \"a\", but this orchestrator is wired for [b]");
  }

  @Test
  void aRequestCarriesAPreferredStackWithoutChangingHowItIsMade() {
    ServiceRequest plain = new ServiceRequest("hello");
    assertThat(plain.preferredStack()).isEmpty();
    assertThat(plain).isEqualTo(ServiceRequest.of("hello"));
    assertThat(plain.withStack(" java-spring-boot ").preferredStack()).contains("java-spring-boot");
    assertThat(plain.withStack("java-spring-boot").text()).isEqualTo("hello");
    assertThatThrownBy(() -> plain.withStack(" ")).isInstanceOf(IllegalArgumentException.class);
  }
}
