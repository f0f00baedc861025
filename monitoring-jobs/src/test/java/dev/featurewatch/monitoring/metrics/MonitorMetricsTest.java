package dev.featurewatch.monitoring.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurewatch.drift.performance.PerformanceMetric;
import dev.featurewatch.monitoring.result.FeatureResult;
import dev.featurewatch.monitoring.result.MonitoringResult;
import dev.featurewatch.monitoring.result.MonitoringResult.ClosedBy;
import dev.featurewatch.monitoring.result.MonitoringResult.Status;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MonitorMetricsTest {

  private static final Instant T0 = Instant.parse("2026-11-01T08:00:00Z");
  // client_java writes a series' labels sorted by name
  private static final String AMOUNT =
      "featurewatch_feature_drift_consecutive_windows{feature=\"amount\",model=\"fraud\","
          + "model_version=\"3\",segment=\"all\"} ";
  private static final String PREDICTION =
      "featurewatch_prediction_drift_consecutive_windows{model=\"fraud\",model_version=\"3\","
          + "segment=\"all\"} ";

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final MonitorMetrics metrics = new MonitorMetrics(registry);
  private int windows;

  private String scrape() {
    return PrometheusTextFormatWriter.create().toDebugString(registry.scrape());
  }

  private void window(FeatureResult amount, boolean predictionDrifted) {
    Instant start = T0.plus(Duration.ofMinutes(5L * windows++));
    metrics.window(
        new MonitoringResult(
            "fraud_champion",
            "fraud",
            "3",
            "all",
            start,
            start.plus(Duration.ofMinutes(5)),
            ClosedBy.TIME,
            1_000,
            "sha256:ab",
            Map.of(),
            Map.of(PerformanceMetric.ROC_AUC, 0.81),
            Status.DRIFT,
            List.of(amount),
            compared("score", predictionDrifted).withDriftedWindows(predictionDrifted ? 1 : 0),
            compared("multivariate", predictionDrifted)
                .withDriftedWindows(predictionDrifted ? 3 : 0),
            Map.of(),
            List.of()));
  }

  private static FeatureResult compared(String feature, boolean drifted) {
    return new FeatureResult(
        feature,
        "psi",
        drifted ? 0.4 : 0.01,
        0.2,
        drifted ? "drift" : "no_drift",
        "",
        0,
        0,
        0,
        0,
        List.of(),
        0,
        new FeatureResult.Judgement(
            "calibrated",
            drifted ? 1e-5 : 0.4,
            drifted ? 1e-4 : 0.8,
            0.01,
            0.2,
            drifted ? "drift" : "no_drift"));
  }

  @Test
  void aFeatureTooSmallToJudgeShowsAsSuchAndKeepsItsRunAndLastScore() {
    window(compared("amount", true).withDriftedWindows(2), false);
    assertThat(scrape())
        .contains(
            "featurewatch_feature_drift_p_value{feature=\"amount\",method=\"psi\",model=\"fraud\","
                + "model_version=\"3\",segment=\"all\"} 1.0E-5",
            "featurewatch_feature_drift_false_alarm_ratio{feature=\"amount\",method=\"psi\","
                + "model=\"fraud\",model_version=\"3\",segment=\"all\"} 0.01",
            "featurewatch_feature_drift_calibrated{feature=\"amount\",model=\"fraud\","
                + "model_version=\"3\",segment=\"all\"} 1.0");

    FeatureResult tooSmall =
        new FeatureResult(
                "amount",
                "psi",
                0,
                0.2,
                FeatureResult.INSUFFICIENT_DATA,
                "12 values in the window, fewer than the 50 that psi needs for a verdict",
                0,
                0,
                0,
                0,
                List.of(),
                0,
                FeatureResult.Judgement.NONE)
            .withDriftedWindows(2);
    window(tooSmall, false);

    assertThat(scrape())
        .contains(
            "featurewatch_feature_drift_insufficient_data{feature=\"amount\",model=\"fraud\","
                + "model_version=\"3\",segment=\"all\"} 1.0",
            AMOUNT + "2.0",
            // the last judged window's score, not the neutral 0 of one that was not judged
            "featurewatch_feature_drift_score{feature=\"amount\",method=\"psi\",model=\"fraud\","
                + "model_version=\"3\",segment=\"all\"} 0.4");
  }

  @Test
  void theRunGaugesShowTheRunsTheResultsCarry() {
    window(compared("amount", true).withDriftedWindows(4), true);
    assertThat(scrape()).contains(AMOUNT + "4.0", PREDICTION + "1.0");

    window(FeatureResult.notCompared("amount", "too few values", 0).withDriftedWindows(4), false);
    assertThat(scrape()).contains(AMOUNT + "4.0", PREDICTION + "0.0");
  }

  @Test
  void theMultivariateVerdictHasItsScoreAndRun() {
    window(compared("amount", false), true);
    assertThat(scrape())
        .contains(
            "featurewatch_multivariate_drifted{model=\"fraud\",model_version=\"3\",segment=\"all\"}"
                + " 1.0",
            "featurewatch_multivariate_drift_consecutive_windows{model=\"fraud\",model_version=\"3\","
                + "segment=\"all\"} 3.0",
            "featurewatch_multivariate_drift_score{model=\"fraud\",model_version=\"3\",segment=\"all\"}"
                + " 0.4");
  }

  @Test
  void theEstimatedPerformanceIsAGaugeByMetric() {
    window(compared("amount", false), false);
    assertThat(scrape())
        .contains(
            "featurewatch_performance_estimated{metric=\"roc_auc\",model=\"fraud\","
                + "model_version=\"3\",segment=\"all\"} 0.81");
  }

  @Test
  void deadLettersStartAtZeroForEveryReason() {
    assertThat(scrape())
        .contains(
            "featurewatch_monitor_dead_letters_total{reason=\"invalid_json\"} 0",
            "featurewatch_monitor_dead_letters_total{reason=\"late\"} 0");
  }

  @Test
  void aModelsUnmonitoredCountAndUnjoinedLabelsStartAtZero() {
    metrics.predictionRead("fraud", "3");
    metrics.predictionRead("fraud", "3");
    metrics.labelsExpected("fraud");

    assertThat(scrape())
        .contains(
            "featurewatch_predictions_total{model=\"fraud\",model_version=\"3\"} 2",
            "featurewatch_predictions_unmonitored_total{model=\"fraud\",model_version=\"other\"} 0",
            "featurewatch_labels_not_joined_total{model=\"fraud\",reason=\"late\"} 0",
            "featurewatch_labels_not_joined_total{model=\"fraud\",reason=\"no_prediction\"} 0");
  }

  @Test
  void forgettingAVersionDropsItsRuns() {
    window(compared("amount", true), true);
    metrics.forgetVersion("fraud", "3");
    assertThat(scrape()).doesNotContain(AMOUNT).doesNotContain(PREDICTION);
  }
}
