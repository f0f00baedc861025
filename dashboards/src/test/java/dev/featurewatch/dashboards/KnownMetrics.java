package dev.featurewatch.dashboards;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The series the dashboards may query, with their labels: featurewatch's own (monitoring-jobs'
 * README and {@code MonitorMetrics}, the feature store's {@code ServingMetrics} and {@code
 * PipelineMetrics}), the alert rules' recording rules, the Flink metrics its Prometheus reporter
 * exports, and Prometheus' {@code ALERTS}. Written out rather than read from the sources, so that a
 * renamed metric fails {@link DashboardsTest#everyKnownMetricIsStillExportedOrRecorded} here as
 * well as breaking the panels.
 */
final class KnownMetrics {

  private static final List<String> VERSION = List.of("model", "model_version");
  private static final List<String> SERIES = List.of("model", "model_version", "segment");
  private static final List<String> FEATURE =
      List.of("model", "model_version", "segment", "feature");

  /** featurewatch's metric families and their labels; histograms by their base name. */
  static final Map<String, List<String>> FEATUREWATCH =
      Map.ofEntries(
          Map.entry("featurewatch_predictions_total", VERSION),
          // one series per model: its model_version is always "other", which no version filters
          Map.entry("featurewatch_predictions_unmonitored_total", List.of("model")),
          Map.entry("featurewatch_monitor_dead_letters_total", List.of("reason")),
          Map.entry("featurewatch_monitor_windows_total", SERIES),
          Map.entry("featurewatch_window_predictions", SERIES),
          Map.entry("featurewatch_window_end_timestamp_seconds", SERIES),
          Map.entry("featurewatch_drifted_features", SERIES),
          Map.entry("featurewatch_feature_drift_score", with(FEATURE, "method")),
          Map.entry("featurewatch_feature_drift_threshold", with(FEATURE, "method")),
          Map.entry("featurewatch_feature_drift_p_value", with(FEATURE, "method")),
          Map.entry("featurewatch_feature_drift_false_alarm_ratio", with(FEATURE, "method")),
          Map.entry("featurewatch_feature_drift_calibrated", FEATURE),
          Map.entry("featurewatch_feature_drift_insufficient_data", FEATURE),
          Map.entry("featurewatch_feature_drifted", FEATURE),
          Map.entry("featurewatch_feature_drift_consecutive_windows", FEATURE),
          Map.entry("featurewatch_feature_missing_ratio", FEATURE),
          Map.entry("featurewatch_feature_out_of_range_ratio", FEATURE),
          Map.entry("featurewatch_feature_unseen_values", FEATURE),
          Map.entry("featurewatch_prediction_drift_score", with(SERIES, "method")),
          Map.entry("featurewatch_prediction_drift_threshold", with(SERIES, "method")),
          Map.entry("featurewatch_prediction_drifted", SERIES),
          Map.entry("featurewatch_prediction_drift_insufficient_data", SERIES),
          Map.entry("featurewatch_multivariate_drift_score", SERIES),
          Map.entry("featurewatch_multivariate_drift_threshold", SERIES),
          Map.entry("featurewatch_multivariate_drifted", SERIES),
          Map.entry("featurewatch_multivariate_drift_consecutive_windows", SERIES),
          Map.entry("featurewatch_prediction_drift_consecutive_windows", SERIES),
          Map.entry("featurewatch_labels_joined_total", VERSION),
          Map.entry("featurewatch_predictions_unlabelled_total", VERSION),
          Map.entry("featurewatch_labels_not_joined_total", List.of("model", "reason")),
          Map.entry("featurewatch_performance", with(SERIES, "metric")),
          Map.entry("featurewatch_performance_standard_error", with(SERIES, "metric")),
          Map.entry("featurewatch_performance_estimated", with(SERIES, "metric")),
          Map.entry("featurewatch_baseline_performance", with(VERSION, "metric")),
          Map.entry("featurewatch_label_coverage_ratio", SERIES),
          Map.entry("featurewatch_label_lag_seconds", SERIES),
          Map.entry("featurewatch_performance_degraded", SERIES),
          Map.entry("featurewatch_performance_change_detected", SERIES),
          Map.entry(
              "featurewatch_serving_request_duration_seconds", List.of("method", "path", "status")),
          Map.entry("featurewatch_serving_entity_rows_total", List.of()),
          Map.entry("featurewatch_serving_feature_values_total", List.of("feature_view", "status")),
          Map.entry("featurewatch_serving_rows_written_total", List.of("feature_view")),
          Map.entry("featurewatch_serving_store_errors_total", List.of()),
          Map.entry("featurewatch_pipeline_events_total", List.of("feature_view")),
          Map.entry("featurewatch_pipeline_dead_letters_total", List.of("feature_view", "reason")),
          Map.entry("featurewatch_pipeline_late_events_total", List.of("feature_view")),
          Map.entry("featurewatch_pipeline_rows_written_total", List.of("feature_view", "store")),
          Map.entry("featurewatch_pipeline_freshness_seconds", List.of("feature_view")),
          Map.entry(
              "featurewatch_pipeline_newest_online_row_timestamp_seconds", List.of("feature_view")),
          Map.entry("featurewatch_pipeline_expected_interval_seconds", List.of("feature_view")));

  static final Set<String> HISTOGRAMS =
      Set.of(
          "featurewatch_serving_request_duration_seconds",
          "featurewatch_pipeline_freshness_seconds");

  /** The recording rules of alerting/prometheus/rules and the labels they keep. */
  static final Map<String, List<String>> RECORDING_RULES =
      Map.of(
          "featurewatch:serving_slo_errors:ratio_rate5m", List.of(),
          "featurewatch:serving_slo_errors:ratio_rate30m", List.of(),
          "featurewatch:serving_slo_errors:ratio_rate1h", List.of(),
          "featurewatch:serving_slo_errors:ratio_rate6h", List.of(),
          "featurewatch:pipeline_freshness_seconds", List.of("feature_view"));

  private static final List<String> FLINK_JOB = List.of("host", "job_id", "job_name");

  /**
   * Flink's metrics as its Prometheus reporter names them: {@code flink_<scope>_<name>}, with the
   * scope's variables as labels.
   */
  static final Map<String, List<String>> FLINK =
      Map.of(
          "flink_jobmanager_job_uptime",
          FLINK_JOB,
          "flink_jobmanager_job_numRestarts",
          FLINK_JOB,
          "flink_jobmanager_job_numberOfCompletedCheckpoints",
          FLINK_JOB,
          "flink_jobmanager_job_numberOfFailedCheckpoints",
          FLINK_JOB,
          "flink_jobmanager_job_lastCheckpointDuration",
          FLINK_JOB,
          "flink_jobmanager_job_lastCheckpointSize",
          FLINK_JOB,
          "flink_taskmanager_job_task_operator_pendingRecords",
          List.of(
              "host",
              "tm_id",
              "job_id",
              "job_name",
              "task_id",
              "task_name",
              "task_attempt_id",
              "task_attempt_num",
              "subtask_index",
              "operator_id",
              "operator_name"));

  /** Every series name with its labels: histograms as their _bucket (with le), _sum and _count. */
  static final Map<String, List<String>> LABELS = series();

  private KnownMetrics() {}

  /** Whether Prometheus has series named {@code metric}: one of {@link #LABELS}, or ALERTS. */
  static boolean known(String metric) {
    return LABELS.containsKey(metric) || metric.equals("ALERTS");
  }

  private static Map<String, List<String>> series() {
    Map<String, List<String>> all = new HashMap<>();
    FEATUREWATCH.forEach(
        (name, labels) -> {
          if (HISTOGRAMS.contains(name)) {
            all.put(name + "_bucket", with(labels, "le"));
            all.put(name + "_sum", labels);
            all.put(name + "_count", labels);
          } else {
            all.put(name, labels);
          }
        });
    all.putAll(RECORDING_RULES);
    all.putAll(FLINK);
    return Map.copyOf(all);
  }

  private static List<String> with(List<String> labels, String label) {
    return Stream.concat(labels.stream(), Stream.of(label)).toList();
  }
}
