package dev.featurewatch.drift.performance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Stream;

/**
 * The golden values written by {@code src/test/python/generate_performance_golden.py} from
 * scikit-learn, and the tolerance they are compared with.
 */
final class Golden {

  /**
   * Numbers agree when {@code |actual - expected| <= 1e-9 max(1, |expected|)}: absolute near zero,
   * relative for large values such as a MAPE over true zeros or a worst-case log loss.
   */
  static final double TOLERANCE = 1e-9;

  private Golden() {}

  static JsonNode load(String resource) {
    try (InputStream in = Golden.class.getResourceAsStream("/golden/performance/" + resource)) {
      if (in == null) {
        throw new IllegalStateException("golden file missing from the test classpath: " + resource);
      }
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Stream<JsonNode> cases(JsonNode root, String section) {
    List<JsonNode> list = new ArrayList<>();
    root.get(section).forEach(list::add);
    return list.stream();
  }

  static double[] doubles(JsonNode array) {
    double[] out = new double[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).doubleValue();
    }
    return out;
  }

  static int[] ints(JsonNode array) {
    int[] out = new int[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).intValue();
    }
    return out;
  }

  static String[] strings(JsonNode array) {
    String[] out = new String[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).textValue();
    }
    return out;
  }

  static void assertClose(String what, double actual, double expected) {
    assertThat(Math.abs(actual - expected))
        .as("%s: %s, expected %s", what, actual, expected)
        .isLessThanOrEqualTo(TOLERANCE * Math.max(1, Math.abs(expected)));
  }

  /** A null expected value means sklearn found the metric undefined: the result must be empty. */
  static void assertCloseOrUndefined(String what, OptionalDouble actual, JsonNode expected) {
    if (expected.isNull()) {
      assertThat(actual).as(what + " is undefined").isEmpty();
    } else {
      assertThat(actual).as(what + " is defined").isPresent();
      assertClose(what, actual.getAsDouble(), expected.doubleValue());
    }
  }

  static OptionalDouble auc(Optional<RocAucResult> result) {
    return result.map(r -> OptionalDouble.of(r.value())).orElse(OptionalDouble.empty());
  }
}
