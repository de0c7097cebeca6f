package dev.spectra.orchestrator.llm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spectra.orchestrator.internal.Json;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanRulesTest {
  private final List<String> errors = new ArrayList<>();
  private final List<String> repairs = new ArrayList<>();

  private ObjectNode check(String json) throws Exception {
    ObjectNode plan = (ObjectNode) Json.MAPPER.readTree(json);
    new PlanRules(new dev.spectra.orchestrator.stack.python.PythonFastApiStack(), 3).check(plan, errors, repairs);
    return plan;
  }

  private static String plan(String files, String entrypoint) {
    return "{\"name\":\"svc\",\"summary\":\"s\",\"stack\":\"python\",\"entrypoint\":\"" + entrypoint + "\",\"files\":[" + files
        + "],\"endpoints\":[{\"method\":\"get\",\"path\":\"/health\",\"summary\":\"\"}],\"dependencies\":[\"fastapi>=0.110\",\"uvicorn[standard]==0.30\"]}";
  }

  private static String file(String path, String... deps) {
    StringBuilder d = new StringBuilder();
    for (String dep : deps) {
      d.append(d.length() == 0 ? "" : ",").append('"').append(dep).append('"');
    }
    return "{\"path\":\"" + path + "\",\"purpose\":\"p\",\"kind\":\"SOURCE\",\"priority\":\"NORMAL\",\"dependsOn\":[" + d + "]}";
  }

  @Test
  void aGoodPlanPassesWithItsSlipsRepaired() throws Exception {
    ObjectNode p = check(plan(file("app/main.py") + "," + file("tests/test_main.py", "app/main.py", "app/main.py"), "app.main:app"));

    assertThat(errors).isEmpty();
    assertThat(p.path("stack").asText()).isEqualTo("python-fastapi");
    assertThat(p.path("endpoints").get(0).path("method").asText()).isEqualTo("GET");
    assertThat(p.path("dependencies").get(0).asText()).isEqualTo("fastapi");
    assertThat(p.path("dependencies").get(1).asText()).isEqualTo("uvicorn");
    assertThat(p.path("files").get(1).path("dependsOn")).hasSize(1);
    assertThat(repairs).contains("set $.stack to python-fastapi", "normalized $.endpoints[0].method to GET",
        "removed duplicate $.files[1].dependsOn entry \"app/main.py\"");
  }

  @Test
  void pathsDependenciesCyclesAndTheEntrypointAreCheckedByPath() throws Exception {
    check(plan(file("../evil.py") + "," + file("app/a.py", "app/b.py", "app/zzz.py") + "," + file("app/b.py", "app/a.py"), "app.main:app"));

    assertThat(errors).containsExactly(
        "$.files[0].path: must be a normalized relative path without empty, . or .. segments, but was \"../evil.py\"",
        "$.files[1].dependsOn[1]: \"app/zzz.py\" is not a file of this plan; add it to files or remove it",
        "$.files: dependsOn has a cycle app/a.py -> app/b.py -> app/a.py; remove one of these dependsOn entries",
        "$.entrypoint: module of \"app.main:app\" is not a planned file (no app/main.py or app/main/__init__.py)");
  }

  @Test
  void tooManyFilesDuplicatesAndAbsolutePathsAreErrors() throws Exception {
    check(plan(file("app/main.py") + "," + file("app/main.py") + "," + file("/etc/passwd") + "," + file("x.py"), "app.main"));

    assertThat(errors).containsExactly(
        "$.files: must hold 1 to 3 files, but held 4",
        "$.files[1].path: \"app/main.py\" is listed twice (also $.files[0])",
        "$.files[2].path: must be relative to the workspace, but was \"/etc/passwd\"",
        "$.entrypoint: must look like module.path:attribute (e.g. app.main:app), but was \"app.main\"");
  }
}
