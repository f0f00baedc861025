package dev.featurewatch.drift.performance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link SamplingError} against NannyML 0.13's sampling errors on the same windows, written by
 * {@code generate_sampling_error_golden.py}: to 1e-9 relative (the same formulas, summed in another
 * order), ROC AUC's to 1e-4: scores rounded to six decimals tie now and then, and NannyML's argsort
 * orders ties as it happens to while this counts them half.
 */
class SamplingErrorGoldenTest {

  private static final Percentage CLOSE = Percentage.withPercentage(1e-7);
  private static final Percentage TIES = Percentage.withPercentage(1e-2);
  private static JsonNode golden;

  @BeforeAll
  static void load() throws IOException {
    try (InputStream in =
        SamplingErrorGoldenTest.class.getResourceAsStream(
            "/golden/performance/sampling_error.json")) {
      golden = new ObjectMapper().readTree(in);
    }
  }

  @Test
  void binaryClassifiersStandardErrorsAreNannyMls() {
    assertThat(golden.path("binary").size()).isEqualTo(6);
    for (JsonNode c : golden.path("binary")) {
      double[] scores = doubles(c.path("scores"));
      double[] labels = doubles(c.path("labels"));
      Map<PerformanceMetric, Double> errors =
          SamplingError.binary(scores, labels, scores.length, c.path("threshold").asDouble());
      c.path("errors")
          .fields()
          .forEachRemaining(
              e ->
                  assertThat(errors.get(PerformanceMetric.fromId(e.getKey())))
                      .as("%s over %d pairs", e.getKey(), scores.length)
                      .isCloseTo(
                          e.getValue().asDouble(), e.getKey().equals("roc_auc") ? TIES : CLOSE));
    }
  }

  @Test
  void regressionsStandardErrorsAreNannyMls() {
    for (JsonNode c : golden.path("regression")) {
      double[] predicted = doubles(c.path("predicted"));
      double[] actual = doubles(c.path("actual"));
      Map<PerformanceMetric, Double> errors =
          SamplingError.regression(predicted, actual, predicted.length);
      c.path("errors")
          .fields()
          .forEachRemaining(
              e ->
                  assertThat(errors.get(PerformanceMetric.fromId(e.getKey())))
                      .as("%s over %d pairs", e.getKey(), predicted.length)
                      .isCloseTo(e.getValue().asDouble(), CLOSE));
    }
  }

  @Test
  void metricsWithoutTheirObservationsHaveNoError() {
    // no predicted positive, a single class: no precision, F1 nor ROC AUC error
    Map<PerformanceMetric, Double> errors =
        SamplingError.binary(new double[] {0.1, 0.2}, new double[] {0, 0}, 2, 0.5);
    assertThat(errors).containsOnlyKeys(PerformanceMetric.ACCURACY);
  }

  private static double[] doubles(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false)
        .mapToDouble(JsonNode::asDouble)
        .toArray();
  }
}
