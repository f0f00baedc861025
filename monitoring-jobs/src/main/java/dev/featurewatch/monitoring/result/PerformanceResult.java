package dev.featurewatch.monitoring.result;

import dev.featurewatch.drift.performance.PerformanceMetric;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * A window's model performance, from the labels joined to its predictions so far: reported as
 * labels arrive (when the series' next window closes) and a last time, {@code complete}, once every
 * prediction of the window is labelled or past the labels' maximum delay.
 *
 * @param monitor the model monitor's name
 * @param model the registered model
 * @param modelVersion the version that made the predictions
 * @param segment {@code all}, or {@code feature=value}
 * @param windowStart the start of the window the predictions were made in
 * @param windowEnd its end, exclusive
 * @param predictions predictions in the window, as far as known
 * @param labelled predictions with a label
 * @param unlabelled predictions whose label did not come within the maximum delay
 * @param meanLagSeconds mean time from a prediction to its label; NaN without labels
 * @param metrics the performance on the labelled predictions, by metric
 * @param standardErrors each metric's standard error at this window's size, as NannyML estimates it
 *     (drift-stats' {@code SamplingError}); metrics without one are absent
 * @param baseline the training performance, by metric, from the baseline; empty if it has none
 * @param degraded whether the main metric (ROC AUC, accuracy or MAE, by the prediction's kind) is
 *     worse than the baseline's by more than the monitor's degraded margin (relative; 10 % unless
 *     its labels declare another) beyond its sampling error: by {@link #worse}, with a band of
 *     {@code Φ⁻¹(1 - α)} standard errors at the monitor's α
 * @param changeDetected whether the change detector on the series of complete windows' primary
 *     metric fired at this window; false until complete
 * @param complete whether every prediction of the window has its outcome
 */
public record PerformanceResult(
    String monitor,
    String model,
    String modelVersion,
    String segment,
    Instant windowStart,
    Instant windowEnd,
    long predictions,
    long labelled,
    long unlabelled,
    double meanLagSeconds,
    Map<PerformanceMetric, Double> metrics,
    Map<PerformanceMetric, Double> standardErrors,
    Map<PerformanceMetric, Double> baseline,
    boolean degraded,
    boolean changeDetected,
    boolean complete)
    implements MonitorOutput {

  public PerformanceResult {
    Objects.requireNonNull(monitor, "monitor");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(modelVersion, "modelVersion");
    Objects.requireNonNull(segment, "segment");
    Objects.requireNonNull(windowStart, "windowStart");
    Objects.requireNonNull(windowEnd, "windowEnd");
    metrics = copy(metrics);
    standardErrors = copy(standardErrors);
    baseline = copy(baseline);
  }

  private static Map<PerformanceMetric, Double> copy(Map<PerformanceMetric, Double> map) {
    Map<PerformanceMetric, Double> copy = new EnumMap<>(PerformanceMetric.class);
    copy.putAll(map);
    return Collections.unmodifiableMap(copy);
  }

  /** Labelled predictions as a share of the window's predictions; NaN when none are known. */
  public double coverage() {
    return predictions == 0 ? Double.NaN : (double) labelled / predictions;
  }

  /**
   * Whether {@code live} is worse than {@code baseline} by more than {@code share} of the baseline,
   * in the metric's direction, beyond its sampling error: even {@code bandWidth} standard errors on
   * the good side of {@code live} stay past the degraded level. Without a positive standard error
   * (unknown, or 0 as with a single member of a class, where the window says little) it is not
   * judged: false.
   */
  public static boolean worse(
      PerformanceMetric metric,
      double live,
      double standardError,
      double bandWidth,
      double baseline,
      double share) {
    if (!(standardError > 0)) {
      return false;
    }
    double margin = share * Math.abs(baseline);
    double band = bandWidth * standardError;
    return metric.higherIsBetter()
        ? live + band < baseline - margin
        : live - band > baseline + margin;
  }
}
