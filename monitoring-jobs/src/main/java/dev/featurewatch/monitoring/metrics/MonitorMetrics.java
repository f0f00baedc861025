package dev.featurewatch.monitoring.metrics;

import dev.featurewatch.annotation.Internal;
import dev.featurewatch.monitoring.event.Reason;
import dev.featurewatch.monitoring.result.FeatureResult;
import dev.featurewatch.monitoring.result.MonitoringResult;
import dev.featurewatch.monitoring.result.PerformanceResult;
import dev.featurewatch.store.metrics.Families;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * The monitoring job's metrics, registered in a client_java registry (the jobs' operators share one
 * set per JVM, as the feature pipeline's): counters of the predictions read and refused, and gauges
 * holding each series' last evaluated window. Names are a contract (DESIGN.md): alert rules and
 * dashboards are written against them. Labels are bounded: {@code model} and {@code model_version}
 * from the monitors, {@code segment} from their declared values, {@code feature} and {@code method}
 * from the monitor and its baseline, {@code reason} from a fixed list, {@code metric} from the
 * performance metrics' ({@code PerformanceMetric}) twelve names.
 */
@Internal
public final class MonitorMetrics {

  private static final String[] VERSION = {"model", "model_version"};
  private static final String[] SERIES = {"model", "model_version", "segment"};
  private static final String[] FEATURE = {"model", "model_version", "segment", "feature"};
  private static final String[] FEATURE_METHOD = {
    "model", "model_version", "segment", "feature", "method"
  };
  private static final String[] PERFORMANCE = {"model", "model_version", "segment", "metric"};
  private static final String[] SERIES_METHOD = {"model", "model_version", "segment", "method"};

  // every gauge labelled by model and model_version, in that order: what forgetVersion drops
  private final List<Gauge> versionGauges = new ArrayList<>();

  private final Counter predictions;
  private final Counter unmonitored;
  private final Counter deadLetters;
  private final Counter windows;
  private final Gauge windowPredictions;
  private final Gauge windowEnd;
  private final Gauge driftedFeatures;
  private final Gauge driftScore;
  private final Gauge driftThreshold;
  private final Gauge driftPValue;
  private final Gauge falseAlarm;
  private final Gauge calibrated;
  private final Gauge insufficient;
  private final Gauge multivariateScore;
  private final Gauge multivariateThreshold;
  private final Gauge multivariateDrifted;
  private final Gauge multivariateStreak;
  private final Gauge predictionInsufficient;
  private final Gauge drifted;
  private final Gauge driftStreak;
  private final Gauge missing;
  private final Gauge outOfRange;
  private final Gauge unseen;
  private final Gauge predictionScore;
  private final Gauge predictionThreshold;
  private final Gauge predictionDrifted;
  private final Gauge predictionStreak;
  private final Counter labelsJoined;
  private final Counter unlabelled;
  private final Counter labelsNotJoined;
  private final Gauge performance;
  private final Gauge performanceError;
  private final Gauge performanceEstimated;
  private final Gauge baselinePerformance;
  private final Gauge coverage;
  private final Gauge labelLag;
  private final Gauge degraded;
  private final Gauge margins;
  private final Gauge change;

  /**
   * The monitoring job's families, registered in {@code registry}. Dead letters start at zero for
   * every reason, so their rate is 0 rather than no data until the first bad event.
   */
  public MonitorMetrics(PrometheusRegistry registry) {
    predictions =
        Families.counter(
            registry,
            "featurewatch_predictions_total",
            "Prediction events read of the version a monitor watches, by model version.",
            VERSION);
    unmonitored =
        Families.counter(
            registry,
            "featurewatch_predictions_unmonitored_total",
            "Predictions of a version their monitor does not watch now (its alias points elsewhere), all such versions in one series per model (model_version=\"other\").",
            VERSION);
    deadLetters =
        Families.counter(
            registry,
            "featurewatch_monitor_dead_letters_total",
            "Prediction events not used, by reason (late ones included).",
            "reason");
    windows =
        Families.counter(
            registry,
            "featurewatch_monitor_windows_total",
            "Windows evaluated, by model version and segment.",
            SERIES);
    windowPredictions =
        versionGauge(
            registry,
            "featurewatch_window_predictions",
            "Predictions in the last evaluated window.",
            SERIES);
    windowEnd =
        versionGauge(
            registry,
            "featurewatch_window_end_timestamp_seconds",
            "End of the last evaluated window, in seconds since the epoch (event time).",
            SERIES);
    driftedFeatures =
        versionGauge(
            registry,
            "featurewatch_drifted_features",
            "Watched features that drifted in the last evaluated window.",
            SERIES);
    driftScore =
        versionGauge(
            registry,
            "featurewatch_feature_drift_score",
            "A feature's drift score in the last window that had enough of its values for a verdict: a p-value or a distance, as the method gives it.",
            FEATURE_METHOD);
    driftThreshold =
        versionGauge(
            registry,
            "featurewatch_feature_drift_threshold",
            "The threshold the feature's drift score is compared with.",
            FEATURE_METHOD);
    driftPValue =
        versionGauge(
            registry,
            "featurewatch_feature_drift_p_value",
            "The probability of a drift score at least this large in the last window if nothing changed.",
            FEATURE_METHOD);
    falseAlarm =
        versionGauge(
            registry,
            "featurewatch_feature_drift_false_alarm_ratio",
            "How often the feature's verdict says drift when nothing changed: alpha when calibrated, a fixed threshold's estimate at the last window's size.",
            FEATURE_METHOD);
    calibrated =
        versionGauge(
            registry,
            "featurewatch_feature_drift_calibrated",
            "1 when the feature's threshold is calibrated at alpha, 0 when it is fixed.",
            FEATURE);
    insufficient =
        versionGauge(
            registry,
            "featurewatch_feature_drift_insufficient_data",
            "1 when the last window had too few of the feature's values for a verdict, else 0.",
            FEATURE);
    multivariateScore =
        versionGauge(
            registry,
            "featurewatch_multivariate_drift_score",
            "The mean PCA reconstruction error of the last window that had enough predictions for a verdict: it rises when features change how they move together.",
            SERIES);
    multivariateThreshold =
        versionGauge(
            registry,
            "featurewatch_multivariate_drift_threshold",
            "The reconstruction error above which a window's multivariate verdict is drift.",
            SERIES);
    multivariateDrifted =
        versionGauge(
            registry,
            "featurewatch_multivariate_drifted",
            "1 when the features together drifted in the last window, else 0.",
            SERIES);
    multivariateStreak =
        versionGauge(
            registry,
            "featurewatch_multivariate_drift_consecutive_windows",
            "Windows in a row, up to the last, in which the features together drifted.",
            SERIES);
    predictionInsufficient =
        versionGauge(
            registry,
            "featurewatch_prediction_drift_insufficient_data",
            "1 when the last window had too few predictions for a verdict, else 0.",
            SERIES);
    drifted =
        versionGauge(
            registry,
            "featurewatch_feature_drifted",
            "1 when the feature drifted in the last window, else 0.",
            FEATURE);
    driftStreak =
        versionGauge(
            registry,
            "featurewatch_feature_drift_consecutive_windows",
            "Windows in a row in which the feature drifted, up to the last; 0 when it did not.",
            FEATURE);
    missing =
        versionGauge(
            registry,
            "featurewatch_feature_missing_ratio",
            "Share of the last window's predictions without a value for the feature.",
            FEATURE);
    outOfRange =
        versionGauge(
            registry,
            "featurewatch_feature_out_of_range_ratio",
            "Share of the feature's values outside the baseline's range in the last window.",
            FEATURE);
    unseen =
        versionGauge(
            registry,
            "featurewatch_feature_unseen_values",
            "Values in categories the baseline does not have, in the last window.",
            FEATURE);
    predictionScore =
        versionGauge(
            registry,
            "featurewatch_prediction_drift_score",
            "The predictions' drift score in the last window.",
            SERIES_METHOD);
    predictionThreshold =
        versionGauge(
            registry,
            "featurewatch_prediction_drift_threshold",
            "The threshold the predictions' drift score is compared with.",
            SERIES_METHOD);
    predictionDrifted =
        versionGauge(
            registry,
            "featurewatch_prediction_drifted",
            "1 when the predictions drifted in the last window, else 0.",
            SERIES);
    predictionStreak =
        versionGauge(
            registry,
            "featurewatch_prediction_drift_consecutive_windows",
            "Windows in a row in which the predictions drifted, up to the last; 0 when they did not.",
            SERIES);
    labelsJoined =
        Families.counter(
            registry,
            "featurewatch_labels_joined_total",
            "Predictions whose label was joined within the monitor's labels.max_delay.",
            VERSION);
    unlabelled =
        Families.counter(
            registry,
            "featurewatch_predictions_unlabelled_total",
            "Predictions whose label did not come within the monitor's labels.max_delay.",
            VERSION);
    labelsNotJoined =
        Families.counter(
            registry,
            "featurewatch_labels_not_joined_total",
            "Labels not joined: later than max_delay (late) or for no prediction seen.",
            "model",
            "reason");
    performance =
        versionGauge(
            registry,
            "featurewatch_performance",
            "The model's performance on the labelled predictions of the last reported window.",
            PERFORMANCE);
    performanceError =
        versionGauge(
            registry,
            "featurewatch_performance_standard_error",
            "The standard error of the last reported window's performance, at its size.",
            PERFORMANCE);
    performanceEstimated =
        versionGauge(
            registry,
            "featurewatch_performance_estimated",
            "The model's performance estimated from the last window's predictions before their labels (confidence-based, from the baseline's calibration).",
            PERFORMANCE);
    baselinePerformance =
        versionGauge(
            registry,
            "featurewatch_baseline_performance",
            "The model's performance on its training data, as its baseline records it.",
            "model",
            "model_version",
            "metric");
    coverage =
        versionGauge(
            registry,
            "featurewatch_label_coverage_ratio",
            "Share of the last reported window's predictions that have their label.",
            SERIES);
    labelLag =
        versionGauge(
            registry,
            "featurewatch_label_lag_seconds",
            "Mean time from a prediction to its label, in the last reported window.",
            SERIES);
    degraded =
        versionGauge(
            registry,
            "featurewatch_performance_degraded",
            "1 when the main metric of the last reported window is worse than the baseline's by more than 10 %, else 0.",
            SERIES);
    margins =
        Families.gauge(
            registry,
            "featurewatch_performance_degraded_margin",
            "How much worse than in training (a share) the main metric may be before a window is degraded: the monitor's labels.degraded_margin.",
            "model");
    change =
        versionGauge(
            registry,
            "featurewatch_performance_change_detected",
            "1 when the change detector on the complete windows' main metric fired at the last one, else 0.",
            SERIES);
    for (Reason reason : Reason.values()) {
      deadLetters.initLabelValues(reason.id());
    }
  }

  private Gauge versionGauge(
      PrometheusRegistry registry, String name, String help, String... labelNames) {
    Gauge gauge = Families.gauge(registry, name, help, labelNames);
    versionGauges.add(gauge);
    return gauge;
  }

  /**
   * The {@code model_version} of the unmonitored predictions' series: one per model, however many
   * versions a stream carries, so that no version number can make a series.
   */
  public static final String UNMONITORED_VERSION = "other";

  /**
   * A prediction of {@code model} version {@code version}, the one its monitor watches, read. The
   * model's count of unmonitored predictions starts at zero with it, so that its rate is 0 rather
   * than no data.
   */
  public void predictionRead(String model, String version) {
    unmonitored.initLabelValues(model, UNMONITORED_VERSION);
    predictions.labelValues(model, version).inc();
  }

  /**
   * A prediction of {@code model} of a version its monitor does not watch (now), skipped: counted
   * with {@code model_version} {@value #UNMONITORED_VERSION}.
   */
  public void unmonitored(String model) {
    unmonitored.labelValues(model, UNMONITORED_VERSION).inc();
  }

  /** An event sent to the dead letters, for {@code reason}. */
  public void deadLetter(String reason) {
    deadLetters.labelValues(reason).inc();
  }

  /** A prediction's label joined, or not in time. */
  public void labelOutcome(String model, String version, boolean joined) {
    (joined ? labelsJoined : unlabelled).labelValues(model, version).inc();
  }

  /** Labels of {@code model} are joined: its counts of labels not joined start at zero. */
  public void labelsExpected(String model) {
    labelsNotJoined.initLabelValues(model, "late");
    labelsNotJoined.initLabelValues(model, "no_prediction");
  }

  /** A label not joined to a prediction: {@code late} or {@code no_prediction}. */
  public void labelNotJoined(String model, String reason) {
    labelsNotJoined.labelValues(model, reason).inc();
  }

  /** {@code model}'s performance is degraded more than {@code share} worse than in training. */
  public void degradedMargin(String model, double share) {
    margins.labelValues(model).set(share);
  }

  /** A window's performance: its series' performance gauges now show it. */
  public void performance(PerformanceResult result) {
    String model = result.model();
    String version = result.modelVersion();
    String segment = result.segment();
    result
        .metrics()
        .forEach(
            (metric, value) ->
                performance.labelValues(model, version, segment, metric.id()).set(value));
    result
        .standardErrors()
        .forEach(
            (metric, value) ->
                performanceError.labelValues(model, version, segment, metric.id()).set(value));
    result
        .baseline()
        .forEach(
            (metric, value) ->
                baselinePerformance.labelValues(model, version, metric.id()).set(value));
    coverage.labelValues(model, version, segment).set(result.coverage());
    labelLag.labelValues(model, version, segment).set(result.meanLagSeconds());
    degraded.labelValues(model, version, segment).set(result.degraded() ? 1.0 : 0.0);
    if (result.complete()) {
      change.labelValues(model, version, segment).set(result.changeDetected() ? 1.0 : 0.0);
    }
  }

  /** Predictions read so far, all models. */
  public long predictionsRead() {
    return total(predictions);
  }

  /** Windows evaluated so far, all series. */
  public long windowsEvaluated() {
    return total(windows);
  }

  private static long total(Counter counter) {
    return (long)
        counter.collect().getDataPoints().stream()
            .mapToDouble(CounterDataPointSnapshot::getValue)
            .sum();
  }

  /** The features that drifted in the last window of {@code model}'s {@code all} series, sorted. */
  public List<String> driftedNow(String model) {
    return drifted.collect().getDataPoints().stream()
        .filter(
            p ->
                model.equals(p.getLabels().get("model"))
                    && "all".equals(p.getLabels().get("segment"))
                    && p.getValue() == 1.0)
        .map(p -> p.getLabels().get("feature"))
        .sorted()
        .toList();
  }

  /**
   * Drops the gauges of {@code model} version {@code version}: its monitor watches another version
   * now, and a gauge left behind (a feature drifted, performance degraded) would keep alerts firing
   * for a version nobody watches. Counters stay: they only ever grow.
   */
  public void forgetVersion(String model, String version) {
    for (Gauge gauge : versionGauges) {
      gauge.removeIf(values -> values.get(0).equals(model) && values.get(1).equals(version));
    }
  }

  /**
   * A window's result: its series' gauges now show it, the runs of drifted windows as the result
   * carries them (the monitoring job keeps them in its checkpointed state).
   */
  public void window(MonitoringResult result) {
    String model = result.model();
    String version = result.modelVersion();
    String segment = result.segment();
    windows.labelValues(model, version, segment).inc();
    windowPredictions.labelValues(model, version, segment).set(result.predictions());
    windowEnd.labelValues(model, version, segment).set(result.windowEnd().toEpochMilli() / 1000.0);
    driftedFeatures.labelValues(model, version, segment).set(result.driftedFeatures().size());
    // training's performance, for comparing estimates with even before (or without) labels
    result
        .baselinePerformance()
        .forEach(
            (metric, value) ->
                baselinePerformance.labelValues(model, version, metric.id()).set(value));
    result
        .estimatedPerformance()
        .forEach(
            (metric, value) ->
                performanceEstimated.labelValues(model, version, segment, metric.id()).set(value));
    for (FeatureResult f : result.features()) {
      String[] feature = {model, version, segment, f.feature()};
      missing.labelValues(feature).set(f.missingShare());
      if (f.method().isEmpty()) {
        continue; // not compared: no score to show
      }
      outOfRange.labelValues(feature).set(f.outOfRangeShare());
      unseen.labelValues(feature).set(f.unseenCount());
      drifted.labelValues(feature).set(f.drifted() ? 1.0 : 0.0);
      driftStreak.labelValues(feature).set(f.driftedWindows());
      insufficient.labelValues(feature).set(f.judged() ? 0.0 : 1.0);
      if (!f.judged()) {
        // too few values to judge: the score, threshold and p-value stay those of the last window
        // that was judged, as the run of drifted windows does
        continue;
      }
      String[] method = {model, version, segment, f.feature(), f.method()};
      driftScore.labelValues(method).set(f.score());
      driftThreshold.labelValues(method).set(f.threshold());
      setIfKnown(driftPValue, f.judgement().pValue(), method);
      setIfKnown(falseAlarm, f.judgement().falseAlarmRate(), method);
      calibrated
          .labelValues(feature)
          .set("calibrated".equals(f.judgement().thresholdSource()) ? 1.0 : 0.0);
    }
    FeatureResult m = result.multivariate();
    if (m != null) {
      multivariateDrifted.labelValues(model, version, segment).set(m.drifted() ? 1.0 : 0.0);
      multivariateStreak.labelValues(model, version, segment).set(m.driftedWindows());
      if (m.judged()) {
        multivariateScore.labelValues(model, version, segment).set(m.score());
        multivariateThreshold.labelValues(model, version, segment).set(m.threshold());
      }
    }
    FeatureResult p = result.prediction();
    if (p != null && !p.method().isEmpty()) {
      predictionDrifted.labelValues(model, version, segment).set(p.drifted() ? 1.0 : 0.0);
      predictionStreak.labelValues(model, version, segment).set(p.driftedWindows());
      predictionInsufficient.labelValues(model, version, segment).set(p.judged() ? 0.0 : 1.0);
      if (p.judged()) {
        predictionScore.labelValues(model, version, segment, p.method()).set(p.score());
        predictionThreshold.labelValues(model, version, segment, p.method()).set(p.threshold());
      }
    }
  }

  /** Sets a series, or drops it when {@code value} is NaN (not known for this window). */
  private static void setIfKnown(Gauge gauge, double value, String... labelValues) {
    if (Double.isNaN(value)) {
      gauge.remove(labelValues);
    } else {
      gauge.labelValues(labelValues).set(value);
    }
  }
}
