package dev.featurewatch.monitoring.result;

import dev.featurewatch.drift.performance.PerformanceMetric;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What a monitor found in one window of one series (model, version, segment): every watched
 * feature's and the prediction's drift against the baseline, the data quality, and the verdict. One
 * per window; the history of them is the model's monitoring record.
 *
 * @param monitor the model monitor's name
 * @param model the registered model
 * @param modelVersion the version that made the predictions
 * @param segment {@code all}, or {@code feature=value} for a segment's series
 * @param windowStart the window's start: a tumbling window's start, else its first event's time
 * @param windowEnd the window's end, exclusive: a tumbling window's end, else just after its last
 *     event
 * @param closedBy what closed the window
 * @param predictions predictions in the window
 * @param baseline the baseline compared with, {@code sha256:...}; empty when there was none
 * @param baselinePerformance the training performance the baseline records, by metric
 * @param estimatedPerformance the performance estimated from the window's predictions alone, before
 *     their labels (CBPE: binary probabilities against a baseline with a calibration); else empty
 * @param status the verdict
 * @param features per watched feature, in the monitor's order
 * @param prediction the predictions' drift; null when the baseline has no prediction profile
 * @param multivariate the multivariate drift (method {@code pca_reconstruction}: the score is the
 *     window's mean reconstruction error); null when the baseline has no multivariate model
 * @param unexpectedFeatures features in the events that the monitor does not watch, with counts
 * @param problems what kept parts of the window from being compared, for people; empty when none
 */
public record MonitoringResult(
    String monitor,
    String model,
    String modelVersion,
    String segment,
    Instant windowStart,
    Instant windowEnd,
    ClosedBy closedBy,
    long predictions,
    String baseline,
    Map<PerformanceMetric, Double> baselinePerformance,
    Map<PerformanceMetric, Double> estimatedPerformance,
    Status status,
    List<FeatureResult> features,
    FeatureResult prediction,
    FeatureResult multivariate,
    Map<String, Long> unexpectedFeatures,
    List<String> problems)
    implements MonitorOutput {

  public MonitoringResult {
    Objects.requireNonNull(monitor, "monitor");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(modelVersion, "modelVersion");
    Objects.requireNonNull(segment, "segment");
    Objects.requireNonNull(windowStart, "windowStart");
    Objects.requireNonNull(windowEnd, "windowEnd");
    Objects.requireNonNull(closedBy, "closedBy");
    baseline = baseline == null ? "" : baseline;
    Map<PerformanceMetric, Double> performance = new EnumMap<>(PerformanceMetric.class);
    performance.putAll(baselinePerformance);
    baselinePerformance = Collections.unmodifiableMap(performance);
    Map<PerformanceMetric, Double> estimated = new EnumMap<>(PerformanceMetric.class);
    estimated.putAll(estimatedPerformance);
    estimatedPerformance = Collections.unmodifiableMap(estimated);
    Objects.requireNonNull(status, "status");
    features = List.copyOf(features);
    unexpectedFeatures = Map.copyOf(unexpectedFeatures);
    problems = List.copyOf(problems);
  }

  /**
   * This result with {@code features}, {@code prediction}, {@code multivariate} and {@code status}
   * in place of its own.
   */
  public MonitoringResult withVerdicts(
      List<FeatureResult> features,
      FeatureResult prediction,
      FeatureResult multivariate,
      Status status) {
    return new MonitoringResult(
        monitor,
        model,
        modelVersion,
        segment,
        windowStart,
        windowEnd,
        closedBy,
        predictions,
        baseline,
        baselinePerformance,
        estimatedPerformance,
        status,
        features,
        prediction,
        multivariate,
        unexpectedFeatures,
        problems);
  }

  /** The features that drifted, in the monitor's order. */
  public List<String> driftedFeatures() {
    return features.stream().filter(FeatureResult::drifted).map(FeatureResult::feature).toList();
  }

  /** A model's health in a window, worst first; the ids are stable (tags, metrics, records). */
  public enum Status {
    /** No baseline to compare with: only counts. */
    NO_BASELINE,
    /** A watched feature, the prediction or the features together (multivariate) drifted. */
    DRIFT,
    /** No drift, but the data quality changed (see {@link FeatureResult} and the problems). */
    WARNING,
    /**
     * Nothing to report, but no feature nor the prediction had enough values for a verdict: the
     * window could not have seen drift.
     */
    INSUFFICIENT_DATA,
    /** Nothing to report. */
    OK;

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** What closed a window. */
  public enum ClosedBy {
    /** The watermark passed the end of its tumbling interval. */
    TIME,
    /** It reached the monitor's predictions per window. */
    COUNT,
    /** The input ended (a replay), with a window the predictions count would have closed later. */
    END_OF_INPUT;

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
