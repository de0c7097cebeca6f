package dev.spectra.orchestrator.llm.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.spectra.orchestrator.ArchitecturePlan;
import dev.spectra.orchestrator.internal.Json;
import dev.spectra.orchestrator.verify.DeploymentSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordShapesTest {

  private static JsonNode json(String s) throws Exception {
    return Json.MAPPER.readTree(s);
  }

  @Test
  void theSchemaRequiresEveryFieldForbidsOthersAndKeepsDescriptions() {
    JsonSchema schema = RecordShapes.schema(ArchitecturePlan.class);

    assertThat(schema.name()).isEqualTo("ArchitecturePlan");
    JsonObjectSchema root = (JsonObjectSchema) schema.rootElement();
    assertThat(root.description()).isEqualTo("The architecture plan of a service");
    assertThat(root.required()).containsExactly("name", "summary", "stack", "entrypoint", "files", "endpoints", "dependencies");
    assertThat(root.additionalProperties()).isFalse();
    JsonObjectSchema file = (JsonObjectSchema) ((JsonArraySchema) root.properties().get("files")).items();
    assertThat(file.required()).containsExactly("path", "purpose", "kind", "priority", "dependsOn");
    assertThat(((JsonEnumSchema) file.properties().get("priority")).enumValues()).containsExactly("CRITICAL", "NORMAL", "LOW");
    assertThat(file.properties().get("path").description()).isEqualTo("workspace-relative path with forward slashes");
  }

  @Test
  void aStacksWordingReplacesTheNeutralDescriptionsAtEveryDepth() {
    JsonSchema schema = RecordShapes.schema(ArchitecturePlan.class, java.util.Map.of(
        "ArchitecturePlan.entrypoint", "the routes file", "FileSpec.path", "a path such as service/routes.txt"));

    JsonObjectSchema root = (JsonObjectSchema) schema.rootElement();
    assertThat(root.properties().get("entrypoint").description()).isEqualTo("the routes file");
    assertThat(root.properties().get("stack").description()).isEqualTo("the stack id");
    JsonObjectSchema file = (JsonObjectSchema) ((JsonArraySchema) root.properties().get("files")).items();
    assertThat(file.properties().get("path").description()).isEqualTo("a path such as service/routes.txt");
    assertThat(file.properties().get("purpose").description()).isEqualTo("what the file must contain, in one or two sentences");
  }

  @Test
  void errorsAreListedByJsonPath() throws Exception {
    JsonNode reply = json("""
        {"name":"x","summary":null,"stack":"python-fastapi","entrypoint":7,
         "files":[{"path":"a.py","purpose":"p","kind":"CODE","priority":"NORMAL"}, null],
         "endpoints":{"method":"GET"},"dependencies":["fastapi"]}""");

    RecordShapes.Validation v = RecordShapes.validate(reply, ArchitecturePlan.class);

    assertThat(v.errors()).containsExactly(
        "$.summary: must not be null",
        "$.files[0].kind: must be one of SOURCE, TEST, CONFIG, DOC, but was \"CODE\"",
        "$.files[0].dependsOn: required field is missing",
        "$.files[1]: must not be null",
        "$.endpoints: must be an array, but was an object");
    assertThat(v.repairs()).containsExactly("converted $.entrypoint to a string");
  }

  @Test
  void unambiguousSlipsAreRepairedAndSaidSo() throws Exception {
    JsonNode reply = json("""
        [{"entrypoint":"app.main:app","healthPath":"/health","environment":[],"readinessSeconds":"30","notes":"x"}]""");

    RecordShapes.Validation v = RecordShapes.validate(reply, DeploymentSpec.class);

    assertThat(v.ok()).isTrue();
    assertThat(v.normalized().path("readinessSeconds").isInt() || v.normalized().path("readinessSeconds").isLong()).isTrue();
    assertThat(v.repairs()).containsExactly(
        "unwrapped a one-element array around the object",
        "converted $.readinessSeconds from a string to an integer",
        "ignored unknown field $.notes");
  }

  @Test
  void enumCaseIsNormalized() throws Exception {
    JsonNode reply = json("""
        {"path":"a.py","purpose":"p","kind":"source","priority":"Critical","dependsOn":[]}""");

    RecordShapes.Validation v = RecordShapes.validate(reply, dev.spectra.orchestrator.FileSpec.class);

    assertThat(v.ok()).isTrue();
    assertThat(v.normalized().path("kind").asText()).isEqualTo("SOURCE");
    assertThat(v.repairs()).containsExactly("normalized $.kind from \"source\" to SOURCE", "normalized $.priority from \"Critical\" to CRITICAL");
  }

  record Unsupported(Object value) {}

  record IntKeys(Map<Integer, String> map) {}

  record Raw(@SuppressWarnings("rawtypes") List list) {}

  @Test
  void unsupportedComponentTypesAreRejectedUpFront() {
    assertThatThrownBy(() -> RecordShapes.requireSupported(Unsupported.class))
        .hasMessageStartingWith("Unsupported.value has type java.lang.Object, which typed replies do not support");
    assertThatThrownBy(() -> RecordShapes.requireSupported(IntKeys.class))
        .hasMessage("IntKeys.map is a Map with keys of type java.lang.Integer; JSON object keys are text, so use String or an enum");
    assertThatThrownBy(() -> RecordShapes.requireSupported(Raw.class)).hasMessage("Raw.list is a raw List; declare its element type");
    assertThatThrownBy(() -> RecordShapes.requireSupported(String.class)).hasMessage("java.lang.String must be a record to be a typed reply");
  }
}
