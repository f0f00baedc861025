package dev.featurewatch.monitoring.result;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.featurewatch.drift.performance.PerformanceMetric;
import dev.featurewatch.monitoring.result.MonitoringResult.ClosedBy;
import dev.featurewatch.monitoring.result.MonitoringResult.Status;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultJsonTest {

  private static final MonitoringResult RESULT =
      new MonitoringResult(
          "ranking_champion",
          "driver-ranking",
          "3",
          "vehicle_type=suv",
          Instant.parse("2026-11-01T08:00:00Z"),
          Instant.parse("2026-11-01T08:05:00Z"),
          ClosedBy.TIME,
          5_000,
          "sha256:ab",
          Map.of(PerformanceMetric.ROC_AUC, 0.87),
          Map.of(PerformanceMetric.ROC_AUC, 0.79, PerformanceMetric.ACCURACY, 0.71),
          Status.DRIFT,
          List.of(
              new FeatureResult(
                  "conv_rate",
                  "psi",
                  0.31,
                  0.2,
                  "drift",
                  "",
                  0.01,
                  0,
                  0.02,
                  0,
                  List.of(),
                  3,
                  new FeatureResult.Judgement("calibrated", 2e-5, 2e-4, 0.01, 0.2, "drift")),
              FeatureResult.notCompared("acc_rate", "not in the baseline", 0.5)),
          new FeatureResult(
              "score",
              "wasserstein",
              0.05,
              0.1,
              "no_drift",
              "",
              0,
              0,
              0,
              3,
              List.of("x"),
              0,
              new FeatureResult.Judgement("fixed", 0.3, Double.NaN, 0.002, Double.NaN, "no_drift")),
          new FeatureResult(
              "multivariate",
              "pca_reconstruction",
              1.31,
              0.82,
              "drift",
              "",
              0,
              0,
              0,
              0,
              List.of(),
              0,
              new FeatureResult.Judgement("calibrated", 1e-9, 4e-9, 0.01, 0.82, "drift")),
          Map.of("device", 12L),
          List.of("feature 'acc_rate': not in the baseline"));

  @Test
  void aResultIsOneJsonObjectWithSnakeCaseKeysAndComesBackEqual() throws Exception {
    String line = ResultJson.toJson(RESULT);

    assertThat(line).doesNotContain("\n");
    JsonNode json = new ObjectMapper().readTree(line);
    assertThat(json.get("window_end").asText()).isEqualTo("2026-11-01T08:05:00Z");
    assertThat(json.get("status").asText()).isEqualTo("drift");
    assertThat(json.get("closed_by").asText()).isEqualTo("time");
    assertThat(json.get("drifted_features").toString()).isEqualTo("[\"conv_rate\"]");
    // a score that could not be computed is null, not NaN (which JSON lacks)
    assertThat(json.get("features").get(1).get("score").isNull()).isTrue();
    assertThat(json.get("features").get(0).get("drifted_windows").asInt()).isEqualTo(3);
    // how the verdict was reached
    JsonNode convRate = json.get("features").get(0);
    assertThat(convRate.get("threshold_source").asText()).isEqualTo("calibrated");
    assertThat(convRate.get("p_value").asDouble()).isEqualTo(2e-5);
    assertThat(convRate.get("adjusted_p_value").asDouble()).isEqualTo(2e-4);
    assertThat(convRate.get("false_alarm_rate").asDouble()).isEqualTo(0.01);
    assertThat(convRate.get("raw_verdict").asText()).isEqualTo("drift");
    assertThat(json.get("prediction").get("null_quantile").isNull()).isTrue();
    assertThat(json.get("estimated_performance").get("roc_auc").asDouble()).isEqualTo(0.79);
    assertThat(json.get("multivariate").get("method").asText()).isEqualTo("pca_reconstruction");
    assertThat(ResultJson.fromJson(line)).isEqualTo(RESULT);
  }
}
