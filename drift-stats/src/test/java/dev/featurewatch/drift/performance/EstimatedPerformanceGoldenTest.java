package dev.featurewatch.drift.performance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Isotonic calibration against scikit-learn's and CBPE against NannyML's, on the seeded reference
 * and windows of {@code generate_cbpe_golden.py}. Tolerances: calibrated probabilities to 1e-12
 * (the same algorithm); accuracy, precision, recall and F1 to 1e-9 (sums of the same terms); ROC
 * AUC to 2e-4, since NannyML rounds the curve's cumulative sums to five decimals and this buckets
 * scores by 1e-4.
 */
class EstimatedPerformanceGoldenTest {

  private static JsonNode golden;
  private static ProbabilityCalibration calibration;

  @BeforeAll
  static void load() throws IOException {
    try (InputStream in =
        EstimatedPerformanceGoldenTest.class.getResourceAsStream("/golden/performance/cbpe.json")) {
      golden = new ObjectMapper().readTree(in);
    }
    double[] scores = doubles(golden.path("reference").path("scores"));
    double[] labels = doubles(golden.path("reference").path("labels"));
    calibration = ProbabilityCalibration.isotonic(scores, labels, scores.length);
  }

  @Test
  void isotonicCalibrationIsScikitLearns() {
    double[] grid = doubles(golden.path("calibration").path("scores"));
    double[] expected = doubles(golden.path("calibration").path("probabilities"));
    for (int i = 0; i < grid.length; i++) {
      assertThat(calibration.probability(grid[i]))
          .as("score %s", grid[i])
          .isCloseTo(expected[i], within(1e-12));
    }
    // read back from its points, the same map
    assertThat(ProbabilityCalibration.of(calibration.scores(), calibration.probabilities()))
        .isEqualTo(calibration);
  }

  @Test
  void estimatedMetricsAreNannyMlsCbpe() {
    assertThat(golden.path("windows").size()).isEqualTo(2);
    for (JsonNode w : golden.path("windows")) {
      Map<PerformanceMetric, Double> metrics = estimate(w);
      w.path("estimated")
          .fields()
          .forEachRemaining(
              e -> {
                double tolerance = e.getKey().equals("roc_auc") ? 2e-4 : 1e-9;
                assertThat(metrics.get(PerformanceMetric.fromId(e.getKey())))
                    .as("%s under a shift of %s sd", e.getKey(), w.path("shift"))
                    .isCloseTo(e.getValue().asDouble(), within(tolerance));
              });
    }
  }

  @Test
  void theEstimateTracksTheRealizedMetricUnderCovariateShift() {
    // NannyML's own realized values: the estimate is within 0.03 of them in both windows
    for (JsonNode w : golden.path("windows")) {
      Map<PerformanceMetric, Double> metrics = estimate(w);
      w.path("realized")
          .fields()
          .forEachRemaining(
              e ->
                  assertThat(metrics.get(PerformanceMetric.fromId(e.getKey())))
                      .as("%s under a shift of %s sd", e.getKey(), w.path("shift"))
                      .isCloseTo(e.getValue().asDouble(), within(0.03)));
    }
  }

  @Test
  void anAccumulatorReadBackFromItsStateEstimatesTheSame() throws IOException {
    EstimatedPerformance estimate = new EstimatedPerformance(calibration, 0.5, 1000);
    double[] scores = doubles(golden.path("windows").get(0).path("scores"));
    for (int i = 0; i < scores.length / 2; i++) {
      estimate.add(scores[i]);
    }
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    estimate.writeTo(new java.io.DataOutputStream(bytes));
    EstimatedPerformance restored =
        EstimatedPerformance.readFrom(
            new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())));
    for (int i = scores.length / 2; i < scores.length; i++) {
      estimate.add(scores[i]);
      restored.add(scores[i]);
    }
    assertThat(restored.estimate()).isEqualTo(estimate.estimate());
    assertThat(restored.count()).isEqualTo(scores.length);
  }

  @Test
  void calibrationPointsAreChecked() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> ProbabilityCalibration.of(new double[] {0.2, 0.1}, new double[] {0.1, 0.3}))
        .hasMessage(
            "calibration points must have increasing scores and non-decreasing probabilities:"
                + " point 1 is (0.1, 0.3) after (0.2, 0.1)");
  }

  /** CBPE on a golden window's scores, with the reference's calibration. */
  private static Map<PerformanceMetric, Double> estimate(JsonNode window) {
    EstimatedPerformance estimate =
        new EstimatedPerformance(
            calibration, golden.path("threshold").asDouble(), EstimatedPerformance.DEFAULT_BUCKETS);
    for (double score : doubles(window.path("scores"))) {
      estimate.add(score);
    }
    return estimate.estimate();
  }

  private static double[] doubles(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false)
        .mapToDouble(JsonNode::asDouble)
        .toArray();
  }
}
