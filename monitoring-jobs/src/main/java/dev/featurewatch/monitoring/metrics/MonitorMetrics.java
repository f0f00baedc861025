package dev.featurewatch.monitoring.metrics;

import dev.featurewatch.monitoring.event.Reason;
import dev.featurewatch.monitoring.result.FeatureResult;
import dev.featurewatch.monitoring.result.MonitoringResult;
import dev.featurewatch.monitoring.result.PerformanceResult;
import dev.featurewatch.store.metrics.PrometheusText;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The monitoring job's metrics, one set per loading of its classes (as the feature pipeline's):
 * counters of the predictions read and refused, and gauges holding each series' last evaluated
 * window. Names are a contract (DESIGN.md): alert rules and dashboards are written against them.
 * Labels are bounded: {@code model} and {@code model_version} from the monitors, {@code segment}
 * from their declared values, {@code feature} and {@code method} from the monitor and its baseline,
 * {@code reason} from a fixed list, {@code metric} from the performance metrics' ({@code
 * PerformanceMetric}) twelve names.
 */
public final class MonitorMetrics {

  private static final MonitorMetrics GLOBAL = new MonitorMetrics();

  private static final List<String> VERSION = List.of("model", "model_version");
  private static final List<String> SERIES = List.of("model", "model_version", "segment");
  private static final List<String> FEATURE =
      List.of("model", "model_version", "segment", "feature");
  private static final List<String> FEATURE_METHOD =
      List.of("model", "model_version", "segment", "feature", "method");
  private static final List<String> PERFORMANCE =
      List.of("model", "model_version", "segment", "metric");
  private static final List<String> SERIES_METHOD =
      List.of("model", "model_version", "segment", "method");

  private final ConcurrentMap<List<String>, LongAdder> predictions = new ConcurrentHashMap<>();
  private final ConcurrentMap<List<String>, LongAdder> unmonitored = new ConcurrentHashMap<>();
  private final ConcurrentMap<List<String>, LongAdder> deadLetters = new ConcurrentHashMap<>();
  private final ConcurrentMap<List<String>, LongAdder> windows = new ConcurrentHashMap<>();
  private final ConcurrentMap<List<String>, Double> windowPredictions = new ConcurrentHashMap<>();
  private final ConcurrentMap<List<String>, Double> windowEnd = new ConcurrentHashMap<>();
  private final ConcurrentMap<List<String>, Double> driftedFeatures = new ConcurrentHashMap<>();
  private final ConcurrentMap<List<String>, Double> driftScore = new ConcurrentHashMap<>();
  private final ConcurrentMap<List<String>, Double> driftThreshold = new ConcurrentHashMap<>();
  private final ConcurrentMap<List<String>, Double> driftPValue = new ConcurrentHashMap<>();
  private final ConcurrentMap<List<String>, Double> falseAlarm = new ConcurrentHashMap<>();
  private final ConcurrentMap<List<String>, Double> calibrated = new ConcurrentHashMap<>();
  private final ConcurrentMap<List<String>, Double> insufficient = new ConcurrentHashMap<>();
  private final ConcurrentMap<List<String>, Double> predictionInsufficient =
      new ConcurrentHashMap<>();
  private final ConcurrentMap<List<String>, Double> multivariateScore = new ConcurrentHashMap<>();
  private final ConcurrentMap<List<String>, Double> multivariateThreshold =
      new ConcurrentHashMap<>();
  private final ConcurrentMap<List<String>, Double> multivariateDrifted = new ConcurrentHashMap<>();
  private final ConcurrentMap<List<String>, Double> multivariateStreak = new ConcurrentHashMap<>();
  private final ConcurrentMap<List<String>, Double> drifted = new ConcurrentHashMap<>();
  private final ConcurrentMap<List<String>, Double> driftStreak = new ConcurrentHashMap<>();
  private final ConcurrentMap<List<String>, Double> missing = new ConcurrentHashMap<>();
  private final ConcurrentMap<List<String>, Double> outOfRange = new ConcurrentHashMap<>();
  private final ConcurrentMap<List<String>, Double> unseen = new ConcurrentHashMap<>();
  private final ConcurrentMap<List<String>, Double> predictionScore = new ConcurrentHashMap<>();
  private final ConcurrentMap<List<String>, Double> predictionThreshold = new ConcurrentHashMap<>();
  private final ConcurrentMap<List<String>, Double> predictionDrifted = new ConcurrentHashMap<>();
  private final ConcurrentMap<List<String>, Double> predictionStreak = new ConcurrentHashMap<>();

  private final ConcurrentMap<List<String>, LongAdder> labelsJoined = new ConcurrentHashMap<>();
  private final ConcurrentMap<List<String>, LongAdder> unlabelled = new ConcurrentHashMap<>();
  private final ConcurrentMap<List<String>, LongAdder> labelsNotJoined = new ConcurrentHashMap<>();
  private final ConcurrentMap<List<String>, Double> performance = new ConcurrentHashMap<>();
  private final ConcurrentMap<List<String>, Double> performanceError = new ConcurrentHashMap<>();
  private final ConcurrentMap<List<String>, Double> performanceEstimated =
      new ConcurrentHashMap<>();
  private final ConcurrentMap<List<String>, Double> baselinePerformance = new ConcurrentHashMap<>();
  private final ConcurrentMap<List<String>, Double> coverage = new ConcurrentHashMap<>();
  private final ConcurrentMap<List<String>, Double> labelLag = new ConcurrentHashMap<>();
  private final ConcurrentMap<List<String>, Double> degraded = new ConcurrentHashMap<>();
  private final ConcurrentMap<List<String>, Double> change = new ConcurrentHashMap<>();
  private final ConcurrentMap<List<String>, Double> margins = new ConcurrentHashMap<>();

  /**
   * Dead letters start at zero for every reason, so their rate is 0 rather than no data until the
   * first bad event.
   */
  public MonitorMetrics() {
    for (Reason reason : Reason.values()) {
      counter(deadLetters, List.of(reason.id()));
    }
  }

  /** The metrics of this JVM. */
  public static MonitorMetrics global() {
    return GLOBAL;
  }

  /**
   * A prediction of {@code model} version {@code version} read. The version's count of unmonitored
   * predictions starts at zero with it, so that its rate is 0 rather than no data.
   */
  public void predictionRead(String model, String version) {
    List<String> key = List.of(model, version);
    LongAdder count = predictions.get(key);
    if (count == null) {
      counter(unmonitored, key);
      count = counter(predictions, key);
    }
    count.increment();
  }

  /** A prediction of a version its monitor does not watch (now), skipped. */
  public void unmonitored(String model, String version) {
    counter(unmonitored, List.of(model, version)).increment();
  }

  /** An event sent to the dead letters, for {@code reason}. */
  public void deadLetter(String reason) {
    counter(deadLetters, List.of(reason)).increment();
  }

  /** The current total of dead letters for {@code reason}. */
  public long deadLetters(String reason) {
    LongAdder count = deadLetters.get(List.of(reason));
    return count == null ? 0 : count.sum();
  }

  /** A prediction's label joined, or not in time. */
  public void labelOutcome(String model, String version, boolean joined) {
    counter(joined ? labelsJoined : unlabelled, List.of(model, version)).increment();
  }

  /** Labels of {@code model} are joined: its counts of labels not joined start at zero. */
  public void labelsExpected(String model) {
    counter(labelsNotJoined, List.of(model, "late"));
    counter(labelsNotJoined, List.of(model, "no_prediction"));
  }

  /** A label not joined to a prediction: {@code late} or {@code no_prediction}. */
  public void labelNotJoined(String model, String reason) {
    counter(labelsNotJoined, List.of(model, reason)).increment();
  }

  /** {@code model}'s performance is degraded more than {@code share} worse than in training. */
  public void degradedMargin(String model, double share) {
    margins.put(List.of(model), share);
  }

  /** A window's performance: its series' performance gauges now show it. */
  public void performance(PerformanceResult result) {
    List<String> series = List.of(result.model(), result.modelVersion(), result.segment());
    result
        .metrics()
        .forEach(
            (metric, value) ->
                performance.put(
                    List.of(series.get(0), series.get(1), series.get(2), metric.id()), value));
    result
        .standardErrors()
        .forEach(
            (metric, value) ->
                performanceError.put(
                    List.of(series.get(0), series.get(1), series.get(2), metric.id()), value));
    result
        .baseline()
        .forEach(
            (metric, value) ->
                baselinePerformance.put(List.of(series.get(0), series.get(1), metric.id()), value));
    coverage.put(series, result.coverage());
    labelLag.put(series, result.meanLagSeconds());
    degraded.put(series, result.degraded() ? 1.0 : 0.0);
    if (result.complete()) {
      change.put(series, result.changeDetected() ? 1.0 : 0.0);
    }
  }

  /** Predictions read so far, all models. */
  public long predictionsRead() {
    return predictions.values().stream().mapToLong(LongAdder::sum).sum();
  }

  /** Windows evaluated so far, all series. */
  public long windowsEvaluated() {
    return windows.values().stream().mapToLong(LongAdder::sum).sum();
  }

  /** The features that drifted in the last window of {@code model}'s {@code all} series, sorted. */
  public List<String> driftedNow(String model) {
    return drifted.entrySet().stream()
        .filter(
            e ->
                e.getKey().get(0).equals(model)
                    && e.getKey().get(2).equals("all")
                    && e.getValue() == 1.0)
        .map(e -> e.getKey().get(3))
        .sorted()
        .toList();
  }

  /**
   * Drops the gauges of {@code model} version {@code version}: its monitor watches another version
   * now, and a gauge left behind (a feature drifted, performance degraded) would keep alerts firing
   * for a version nobody watches. Counters stay: they only ever grow.
   */
  public void forgetVersion(String model, String version) {
    for (Map<List<String>, Double> gauges :
        List.of(
            windowPredictions,
            windowEnd,
            driftedFeatures,
            driftScore,
            driftThreshold,
            driftPValue,
            falseAlarm,
            calibrated,
            insufficient,
            drifted,
            driftStreak,
            missing,
            outOfRange,
            unseen,
            predictionScore,
            predictionThreshold,
            predictionDrifted,
            predictionStreak,
            predictionInsufficient,
            multivariateScore,
            multivariateThreshold,
            multivariateDrifted,
            multivariateStreak,
            performance,
            performanceError,
            performanceEstimated,
            baselinePerformance,
            coverage,
            labelLag,
            degraded,
            change)) {
      gauges.keySet().removeIf(k -> k.get(0).equals(model) && k.get(1).equals(version));
    }
  }

  /**
   * A window's result: its series' gauges now show it, the runs of drifted windows as the result
   * carries them (the monitoring job keeps them in its checkpointed state).
   */
  public void window(MonitoringResult result) {
    List<String> series = List.of(result.model(), result.modelVersion(), result.segment());
    counter(windows, series).increment();
    windowPredictions.put(series, (double) result.predictions());
    windowEnd.put(series, result.windowEnd().toEpochMilli() / 1000.0);
    driftedFeatures.put(series, (double) result.driftedFeatures().size());
    // training's performance, for comparing estimates with even before (or without) labels
    result
        .baselinePerformance()
        .forEach(
            (metric, value) ->
                baselinePerformance.put(List.of(series.get(0), series.get(1), metric.id()), value));
    result
        .estimatedPerformance()
        .forEach(
            (metric, value) ->
                performanceEstimated.put(
                    List.of(series.get(0), series.get(1), series.get(2), metric.id()), value));
    for (FeatureResult f : result.features()) {
      List<String> feature =
          List.of(result.model(), result.modelVersion(), result.segment(), f.feature());
      missing.put(feature, f.missingShare());
      if (f.method().isEmpty()) {
        continue; // not compared: no score to show
      }
      outOfRange.put(feature, f.outOfRangeShare());
      unseen.put(feature, (double) f.unseenCount());
      drifted.put(feature, f.drifted() ? 1.0 : 0.0);
      driftStreak.put(feature, (double) f.driftedWindows());
      insufficient.put(feature, f.judged() ? 0.0 : 1.0);
      if (!f.judged()) {
        // too few values to judge: the score, threshold and p-value stay those of the last window
        // that was judged, as the run of drifted windows does
        continue;
      }
      List<String> method =
          List.of(series.get(0), series.get(1), series.get(2), f.feature(), f.method());
      driftScore.put(method, f.score());
      driftThreshold.put(method, f.threshold());
      putIfKnown(driftPValue, method, f.judgement().pValue());
      putIfKnown(falseAlarm, method, f.judgement().falseAlarmRate());
      calibrated.put(feature, "calibrated".equals(f.judgement().thresholdSource()) ? 1.0 : 0.0);
    }
    FeatureResult m = result.multivariate();
    if (m != null) {
      multivariateDrifted.put(series, m.drifted() ? 1.0 : 0.0);
      multivariateStreak.put(series, (double) m.driftedWindows());
      if (m.judged()) {
        multivariateScore.put(series, m.score());
        multivariateThreshold.put(series, m.threshold());
      }
    }
    FeatureResult p = result.prediction();
    if (p != null && !p.method().isEmpty()) {
      predictionDrifted.put(series, p.drifted() ? 1.0 : 0.0);
      predictionStreak.put(series, (double) p.driftedWindows());
      predictionInsufficient.put(series, p.judged() ? 0.0 : 1.0);
      if (p.judged()) {
        List<String> method = List.of(series.get(0), series.get(1), series.get(2), p.method());
        predictionScore.put(method, p.score());
        predictionThreshold.put(method, p.threshold());
      }
    }
  }

  private static void putIfKnown(
      ConcurrentMap<List<String>, Double> gauges, List<String> key, double value) {
    if (Double.isNaN(value)) {
      gauges.remove(key);
    } else {
      gauges.put(key, value);
    }
  }

  /** Every metric in the Prometheus text format. */
  public String scrape() {
    return new PrometheusText()
        .family(
            "featurewatch_predictions_total",
            "counter",
            "Prediction events read for a monitored model, by model version.")
        .samples("featurewatch_predictions_total", VERSION, predictions)
        .family(
            "featurewatch_predictions_unmonitored_total",
            "counter",
            "Predictions of a version its monitor does not watch now (its alias points elsewhere).")
        .samples("featurewatch_predictions_unmonitored_total", VERSION, unmonitored)
        .family(
            "featurewatch_monitor_dead_letters_total",
            "counter",
            "Prediction events not used, by reason (late ones included).")
        .samples("featurewatch_monitor_dead_letters_total", List.of("reason"), deadLetters)
        .family(
            "featurewatch_monitor_windows_total",
            "counter",
            "Windows evaluated, by model version and segment.")
        .samples("featurewatch_monitor_windows_total", SERIES, windows)
        .family(
            "featurewatch_window_predictions", "gauge", "Predictions in the last evaluated window.")
        .gauges("featurewatch_window_predictions", SERIES, windowPredictions)
        .family(
            "featurewatch_window_end_timestamp_seconds",
            "gauge",
            "End of the last evaluated window, in seconds since the epoch (event time).")
        .gauges("featurewatch_window_end_timestamp_seconds", SERIES, windowEnd)
        .family(
            "featurewatch_drifted_features",
            "gauge",
            "Watched features that drifted in the last evaluated window.")
        .gauges("featurewatch_drifted_features", SERIES, driftedFeatures)
        .family(
            "featurewatch_feature_drift_score",
            "gauge",
            "A feature's drift score in the last window that had enough of its values for a"
                + " verdict: a p-value or a distance, as the method gives it.")
        .gauges("featurewatch_feature_drift_score", FEATURE_METHOD, driftScore)
        .family(
            "featurewatch_feature_drift_threshold",
            "gauge",
            "The threshold the feature's drift score is compared with.")
        .gauges("featurewatch_feature_drift_threshold", FEATURE_METHOD, driftThreshold)
        .family(
            "featurewatch_feature_drift_p_value",
            "gauge",
            "The probability of a drift score at least this large in the last window if nothing"
                + " changed.")
        .gauges("featurewatch_feature_drift_p_value", FEATURE_METHOD, driftPValue)
        .family(
            "featurewatch_feature_drift_false_alarm_ratio",
            "gauge",
            "How often the feature's verdict says drift when nothing changed: alpha when"
                + " calibrated, a fixed threshold's estimate at the last window's size.")
        .gauges("featurewatch_feature_drift_false_alarm_ratio", FEATURE_METHOD, falseAlarm)
        .family(
            "featurewatch_feature_drift_calibrated",
            "gauge",
            "1 when the feature's threshold is calibrated at alpha, 0 when it is fixed.")
        .gauges("featurewatch_feature_drift_calibrated", FEATURE, calibrated)
        .family(
            "featurewatch_feature_drift_insufficient_data",
            "gauge",
            "1 when the last window had too few of the feature's values for a verdict, else 0.")
        .gauges("featurewatch_feature_drift_insufficient_data", FEATURE, insufficient)
        .family(
            "featurewatch_multivariate_drift_score",
            "gauge",
            "The mean PCA reconstruction error of the last window that had enough predictions for a"
                + " verdict: it rises when features change how they move together.")
        .gauges("featurewatch_multivariate_drift_score", SERIES, multivariateScore)
        .family(
            "featurewatch_multivariate_drift_threshold",
            "gauge",
            "The reconstruction error above which a window's multivariate verdict is drift.")
        .gauges("featurewatch_multivariate_drift_threshold", SERIES, multivariateThreshold)
        .family(
            "featurewatch_multivariate_drifted",
            "gauge",
            "1 when the features together drifted in the last window, else 0.")
        .gauges("featurewatch_multivariate_drifted", SERIES, multivariateDrifted)
        .family(
            "featurewatch_multivariate_drift_consecutive_windows",
            "gauge",
            "Windows in a row, up to the last, in which the features together drifted.")
        .gauges("featurewatch_multivariate_drift_consecutive_windows", SERIES, multivariateStreak)
        .family(
            "featurewatch_prediction_drift_insufficient_data",
            "gauge",
            "1 when the last window had too few predictions for a verdict, else 0.")
        .gauges("featurewatch_prediction_drift_insufficient_data", SERIES, predictionInsufficient)
        .family(
            "featurewatch_feature_drifted",
            "gauge",
            "1 when the feature drifted in the last window, else 0.")
        .gauges("featurewatch_feature_drifted", FEATURE, drifted)
        .family(
            "featurewatch_feature_drift_consecutive_windows",
            "gauge",
            "Windows in a row in which the feature drifted, up to the last; 0 when it did not.")
        .gauges("featurewatch_feature_drift_consecutive_windows", FEATURE, driftStreak)
        .family(
            "featurewatch_feature_missing_ratio",
            "gauge",
            "Share of the last window's predictions without a value for the feature.")
        .gauges("featurewatch_feature_missing_ratio", FEATURE, missing)
        .family(
            "featurewatch_feature_out_of_range_ratio",
            "gauge",
            "Share of the feature's values outside the baseline's range in the last window.")
        .gauges("featurewatch_feature_out_of_range_ratio", FEATURE, outOfRange)
        .family(
            "featurewatch_feature_unseen_values",
            "gauge",
            "Values in categories the baseline does not have, in the last window.")
        .gauges("featurewatch_feature_unseen_values", FEATURE, unseen)
        .family(
            "featurewatch_prediction_drift_score",
            "gauge",
            "The predictions' drift score in the last window.")
        .gauges("featurewatch_prediction_drift_score", SERIES_METHOD, predictionScore)
        .family(
            "featurewatch_prediction_drift_threshold",
            "gauge",
            "The threshold the predictions' drift score is compared with.")
        .gauges("featurewatch_prediction_drift_threshold", SERIES_METHOD, predictionThreshold)
        .family(
            "featurewatch_prediction_drifted",
            "gauge",
            "1 when the predictions drifted in the last window, else 0.")
        .gauges("featurewatch_prediction_drifted", SERIES, predictionDrifted)
        .family(
            "featurewatch_prediction_drift_consecutive_windows",
            "gauge",
            "Windows in a row in which the predictions drifted, up to the last; 0 when they did"
                + " not.")
        .gauges("featurewatch_prediction_drift_consecutive_windows", SERIES, predictionStreak)
        .family(
            "featurewatch_labels_joined_total",
            "counter",
            "Predictions whose label was joined within the monitor's labels.max_delay.")
        .samples("featurewatch_labels_joined_total", VERSION, labelsJoined)
        .family(
            "featurewatch_predictions_unlabelled_total",
            "counter",
            "Predictions whose label did not come within the monitor's labels.max_delay.")
        .samples("featurewatch_predictions_unlabelled_total", VERSION, unlabelled)
        .family(
            "featurewatch_labels_not_joined_total",
            "counter",
            "Labels not joined: later than max_delay (late) or for no prediction seen.")
        .samples(
            "featurewatch_labels_not_joined_total", List.of("model", "reason"), labelsNotJoined)
        .family(
            "featurewatch_performance",
            "gauge",
            "The model's performance on the labelled predictions of the last reported window.")
        .gauges("featurewatch_performance", PERFORMANCE, performance)
        .family(
            "featurewatch_performance_standard_error",
            "gauge",
            "The standard error of the last reported window's performance, at its size.")
        .gauges("featurewatch_performance_standard_error", PERFORMANCE, performanceError)
        .family(
            "featurewatch_performance_estimated",
            "gauge",
            "The model's performance estimated from the last window's predictions before their"
                + " labels (confidence-based, from the baseline's calibration).")
        .gauges("featurewatch_performance_estimated", PERFORMANCE, performanceEstimated)
        .family(
            "featurewatch_baseline_performance",
            "gauge",
            "The model's performance on its training data, as its baseline records it.")
        .gauges(
            "featurewatch_baseline_performance",
            List.of("model", "model_version", "metric"),
            baselinePerformance)
        .family(
            "featurewatch_label_coverage_ratio",
            "gauge",
            "Share of the last reported window's predictions that have their label.")
        .gauges("featurewatch_label_coverage_ratio", SERIES, coverage)
        .family(
            "featurewatch_label_lag_seconds",
            "gauge",
            "Mean time from a prediction to its label, in the last reported window.")
        .gauges("featurewatch_label_lag_seconds", SERIES, labelLag)
        .family(
            "featurewatch_performance_degraded",
            "gauge",
            "1 when the main metric of the last reported window is worse than the baseline's by"
                + " more than 10 %, else 0.")
        .gauges("featurewatch_performance_degraded", SERIES, degraded)
        .family(
            "featurewatch_performance_degraded_margin",
            "gauge",
            "How much worse than in training (a share) the main metric may be before a window is"
                + " degraded: the monitor's labels.degraded_margin.")
        .gauges("featurewatch_performance_degraded_margin", List.of("model"), margins)
        .family(
            "featurewatch_performance_change_detected",
            "gauge",
            "1 when the change detector on the complete windows' main metric fired at the last"
                + " one, else 0.")
        .gauges("featurewatch_performance_change_detected", SERIES, change)
        .toString();
  }

  private static LongAdder counter(ConcurrentMap<List<String>, LongAdder> map, List<String> key) {
    return map.computeIfAbsent(key, k -> new LongAdder());
  }
}
