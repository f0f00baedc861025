package dev.featurewatch.drift.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The detectors against river 0.26 on the series of {@code change_detectors.json}, written by
 * {@code src/test/python/generate_performance_golden.py}.
 */
class RiverGoldenTest {

  private static final JsonNode GOLDEN = load();

  private static JsonNode load() {
    try (InputStream in =
        RiverGoldenTest.class.getResourceAsStream("/golden/performance/change_detectors.json")) {
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read change_detectors.json", e);
    }
  }

  private static Stream<JsonNode> series() {
    List<JsonNode> list = new ArrayList<>();
    GOLDEN.get("series").forEach(list::add);
    return list.stream();
  }

  private static List<Integer> detections(ChangeDetector detector, JsonNode values) {
    List<Integer> found = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      if (detector.update(values.get(i).doubleValue())) {
        found.add(i);
      }
    }
    return found;
  }

  private static List<Integer> ints(JsonNode array) {
    List<Integer> out = new ArrayList<>();
    array.forEach(n -> out.add(n.intValue()));
    return out;
  }

  @TestFactory
  Stream<DynamicTest> pageHinkleyDetectsWhereRiverDoes() {
    return series()
        .map(
            s ->
                DynamicTest.dynamicTest(
                    s.get("name").textValue(),
                    () -> {
                      JsonNode ph = s.get("page_hinkley");
                      JsonNode p = ph.get("params");
                      PageHinkley detector =
                          PageHinkley.builder()
                              .delta(p.get("delta").doubleValue())
                              .threshold(p.get("threshold").doubleValue())
                              .alpha(p.get("alpha").doubleValue())
                              .minObservations(p.get("min_instances").longValue())
                              .direction(direction(p.path("mode").asText("both")))
                              .build();
                      assertThat(detections(detector, s.get("values")))
                          .isEqualTo(ints(ph.get("river_detections")));
                    }));
  }

  private static Direction direction(String riverMode) {
    return switch (riverMode) {
      case "up" -> Direction.INCREASE;
      case "down" -> Direction.DECREASE;
      case "both" -> Direction.BOTH;
      default ->
          throw new IllegalArgumentException("river mode must be up, down or both: " + riverMode);
    };
  }

  /**
   * river restarts ADWIN from an empty window after a detection where this implementation keeps the
   * values after the cut, so only the first detection is comparable.
   */
  @TestFactory
  Stream<DynamicTest> adwinFirstDetectsWhereRiverDoes() {
    return series()
        .map(
            s ->
                DynamicTest.dynamicTest(
                    s.get("name").textValue(),
                    () -> {
                      List<Integer> river = ints(s.get("adwin").get("river_detections"));
                      List<Integer> ours = detections(Adwin.builder().build(), s.get("values"));
                      if (river.isEmpty()) {
                        assertThat(ours).isEmpty();
                      } else {
                        assertThat(ours).isNotEmpty();
                        assertThat(ours.get(0)).isEqualTo(river.get(0));
                      }
                    }));
  }
}
