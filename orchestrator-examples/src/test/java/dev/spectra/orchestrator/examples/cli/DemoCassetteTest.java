package dev.spectra.orchestrator.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.spectra.orchestrator.Activity;
import dev.spectra.orchestrator.internal.Json;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoCassetteTest {
  static final DemoCassette CASSETTE = new DemoCassette(DemoCassette.HAND_WRITTEN, "Hello World FastAPI service", Map.of(
      Activity.PLAN, Map.of("fence", 1, "prose", 1),
      Activity.BUILD, Map.of("fence", 2),
      Activity.TEST, Map.of()));

  /** The metadata as a replay returns it: through JSON. */
  static Map<String, Object> throughJson(Map<String, Object> metadata) throws Exception {
    return Json.MAPPER.readValue(Json.MAPPER.writeValueAsString(metadata), new TypeReference<Map<String, Object>>() {});
  }

  @Test
  void metadataRoundTripsThroughJsonWithTotalsAndLowerCaseActivities() throws Exception {
    Map<String, Object> metadata = throughJson(CASSETTE.toMetadata());

    assertThat(metadata).containsEntry("faults", Map.of("fence", 3, "prose", 1))
        .containsEntry("faultsByActivity", Map.of("plan", Map.of("fence", 1, "prose", 1), "build", Map.of("fence", 2)));
    assertThat(DemoCassette.fromMetadata(metadata, "x.json")).isEqualTo(CASSETTE);
    assertThat(CASSETTE.faultsByActivity()).doesNotContainKey(Activity.TEST);
  }

  @Test
  void totalsThatDifferFromTheSumByActivityAreRejectedNamingTheCassette() throws Exception {
    Map<String, Object> metadata = new HashMap<>(throughJson(CASSETTE.toMetadata()));
    metadata.put("faults", Map.of("fence", 4, "prose", 1));

    assertThatThrownBy(() -> DemoCassette.fromMetadata(metadata, "hello-world.json"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("demo cassette hello-world.json: faults {fence=4, prose=1} differ from the sum of faultsByActivity"
            + " {fence=3, prose=1}");
  }

  @Test
  void malformedMetadataIsRejectedWithWhatIsWrong() throws Exception {
    Map<String, Object> good = throughJson(CASSETTE.toMetadata());
    Map<String, Object> noSource = new HashMap<>(good);
    noSource.remove("source");
    Map<String, Object> badActivity = new HashMap<>(good);
    badActivity.put("faultsByActivity", Map.of("review", Map.of("fence", 1)));
    Map<String, Object> badCount = new HashMap<>(good);
    badCount.put("faultsByActivity", Map.of("plan", Map.of("fence", "two")));
    Map<String, Object> zero = new HashMap<>(good);
    zero.put("faultsByActivity", Map.of("plan", Map.of("fence", 0)));
    zero.put("faults", Map.of("fence", 0));

    assertThatThrownBy(() -> DemoCassette.fromMetadata(noSource, "a.json"))
        .hasMessage("demo cassette a.json: metadata.source must be a non-blank string, but was null");
    assertThatThrownBy(() -> DemoCassette.fromMetadata(badActivity, "a.json"))
        .hasMessage("demo cassette a.json: faultsByActivity names an unknown activity \"review\"");
    assertThatThrownBy(() -> DemoCassette.fromMetadata(badCount, "a.json"))
        .hasMessage("demo cassette a.json: faultsByActivity.plan.fence must be a whole number, but was two");
    assertThatThrownBy(() -> DemoCassette.fromMetadata(zero, "a.json"))
        .hasMessage("demo cassette a.json: fault counts must be > 0, but PLAN fence was 0");
    assertThatThrownBy(() -> DemoCassette.fromMetadata(Map.of(), "a.json"))
        .hasMessageStartingWith("demo cassette a.json: metadata.source");
  }
}
