package dev.featurewatch.monitoring.writeback;

import dev.featurewatch.annotation.Internal;
import dev.featurewatch.drift.method.DriftMethod;
import dev.featurewatch.drift.method.ScoreKind;
import dev.featurewatch.monitoring.result.FeatureResult;
import dev.featurewatch.monitoring.result.MonitoringResult;
import dev.featurewatch.monitoring.result.PerformanceResult;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The model-version tags a window's result becomes, all under {@code featurewatch.}: what someone
 * managing the model sees in the registry. Written from the {@code all} series of a version (the
 * segments' detail stays in the metrics and the results).
 */
@Internal
public final class MonitoringTags {

  /**
   * The model's health: {@code degraded} (its performance, once labelled), else its last window's
   * {@code drift}, {@code warning}, {@code insufficient_data} (too few values to judge any
   * feature), {@code ok} or {@code no_baseline}.
   */
  public static final String STATUS = "featurewatch.status";

  /** The drifted features, comma-separated, in the monitor's order; empty when none. */
  public static final String DRIFTED_FEATURES = "featurewatch.drifted_features";

  /**
   * The features whose values in the last window were too few for a verdict, comma-separated, in
   * the monitor's order; empty when none.
   */
  public static final String INSUFFICIENT_FEATURES = "featurewatch.insufficient_data_features";

  /**
   * The feature furthest past its threshold, as {@code feature method=score threshold=t calibrated
   * alpha=a p=p} (or {@code fixed false_alarm_rate=r} for a fixed threshold); empty when none
   * drifted.
   */
  public static final String WORST_DRIFT = "featurewatch.worst_drift";

  /** The end of the last evaluated window (event time, ISO-8601). */
  public static final String LAST_WINDOW = "featurewatch.last_window_end";

  /** The monitor that wrote them. */
  public static final String MONITOR = "featurewatch.monitor";

  /** The last complete window's performance, {@code metric=value} pairs by space. */
  public static final String PERFORMANCE = "featurewatch.performance";

  /** The share of the last complete window's predictions that got their label. */
  public static final String LABEL_COVERAGE = "featurewatch.label_coverage";

  /** The end of the last complete performance window (event time, ISO-8601). */
  public static final String PERFORMANCE_WINDOW = "featurewatch.performance_window_end";

  /** The status of a version whose performance is worse than its baseline's. */
  public static final String DEGRADED = "degraded";

  private MonitoringTags() {}

  /** The tags of {@code result}, in a fixed order. */
  public static Map<String, String> of(MonitoringResult result) {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put(STATUS, result.status().id());
    tags.put(DRIFTED_FEATURES, String.join(",", result.driftedFeatures()));
    tags.put(
        INSUFFICIENT_FEATURES,
        String.join(
            ",",
            result.features().stream()
                .filter(f -> !f.method().isEmpty() && !f.judged())
                .map(FeatureResult::feature)
                .toList()));
    tags.put(WORST_DRIFT, worst(result));
    tags.put(LAST_WINDOW, result.windowEnd().toString());
    tags.put(MONITOR, result.monitor());
    return tags;
  }

  /** The performance tags of a complete window's {@code result}. */
  public static Map<String, String> ofPerformance(PerformanceResult result) {
    Map<String, String> tags = new LinkedHashMap<>();
    StringBuilder metrics = new StringBuilder();
    result
        .metrics()
        .forEach(
            (metric, value) ->
                metrics
                    .append(metrics.length() == 0 ? "" : " ")
                    .append(String.format(Locale.ROOT, "%s=%.4g", metric.id(), value)));
    tags.put(PERFORMANCE, metrics.toString());
    tags.put(LABEL_COVERAGE, String.format(Locale.ROOT, "%.4f", result.coverage()));
    tags.put(PERFORMANCE_WINDOW, result.windowEnd().toString());
    return tags;
  }

  /** Whether two tag sets say something different, the windows' ends aside. */
  public static boolean changed(Map<String, String> before, Map<String, String> now) {
    Map<String, String> a = new LinkedHashMap<>(before);
    Map<String, String> b = new LinkedHashMap<>(now);
    for (String time : new String[] {LAST_WINDOW, PERFORMANCE_WINDOW}) {
      a.remove(time);
      b.remove(time);
    }
    return !a.equals(b);
  }

  private static String worst(MonitoringResult result) {
    FeatureResult worst = null;
    double worstSeverity = 0;
    for (FeatureResult f : result.features()) {
      if (!f.drifted()) {
        continue;
      }
      double severity = severity(f);
      if (worst == null || severity > worstSeverity) {
        worst = f;
        worstSeverity = severity;
      }
    }
    if (worst == null) {
      return "";
    }
    FeatureResult.Judgement how = worst.judgement();
    String judged =
        "calibrated".equals(how.thresholdSource())
            ? String.format(
                Locale.ROOT, " calibrated alpha=%.4g p=%.3g", how.falseAlarmRate(), how.pValue())
            : "fixed".equals(how.thresholdSource())
                ? String.format(Locale.ROOT, " fixed false_alarm_rate=%.3g", how.falseAlarmRate())
                : "";
    return String.format(
        Locale.ROOT,
        "%s %s=%.4g threshold=%.4g%s",
        worst.feature(),
        worst.method(),
        worst.score(),
        worst.threshold(),
        judged);
  }

  /** How far past its threshold a score is: by what factor, whichever way the method points. */
  private static double severity(FeatureResult f) {
    ScoreKind kind = DriftMethod.fromId(f.method()).scoreKind();
    return kind == ScoreKind.P_VALUE
        ? f.threshold() / Math.max(f.score(), Double.MIN_VALUE)
        : f.score() / Math.max(f.threshold(), Double.MIN_VALUE);
  }
}
