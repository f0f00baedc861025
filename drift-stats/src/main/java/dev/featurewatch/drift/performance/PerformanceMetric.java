package dev.featurewatch.drift.performance;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * A model performance metric by name, as a baseline records the training performance and a monitor
 * reports a window's: the names are stable (baseline files, metric labels and registry tags carry
 * them), and each says whether a higher value is better, so that a drop can be told from a rise.
 */
public enum PerformanceMetric {
  ACCURACY(true),
  PRECISION(true),
  RECALL(true),
  F1(true),
  ROC_AUC(true),
  LOG_LOSS(false),
  BRIER(false),
  MACRO_F1(true),
  MAE(false),
  RMSE(false),
  MAPE(false),
  R2(true);

  private final boolean higherIsBetter;

  PerformanceMetric(boolean higherIsBetter) {
    this.higherIsBetter = higherIsBetter;
  }

  /** The stable name: {@code accuracy}, {@code roc_auc}, ... */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean higherIsBetter() {
    return higherIsBetter;
  }

  /**
   * @throws IllegalArgumentException naming the known metrics, for an unknown id
   */
  public static PerformanceMetric fromId(String id) {
    for (PerformanceMetric m : values()) {
      if (m.id().equals(id)) {
        return m;
      }
    }
    StringBuilder known = new StringBuilder();
    for (PerformanceMetric m : values()) {
      known.append(known.length() == 0 ? "" : ", ").append(m.id());
    }
    throw new IllegalArgumentException(
        "unknown performance metric '" + id + "': known are " + known);
  }

  /** A binary classifier's metrics by name; ROC AUC only when both labels occurred. */
  public static Map<PerformanceMetric, Double> of(BinaryScoreMetrics metrics) {
    Map<PerformanceMetric, Double> values = new EnumMap<>(PerformanceMetric.class);
    ConfusionMatrix confusion = metrics.confusion();
    values.put(ACCURACY, confusion.accuracy());
    values.put(PRECISION, confusion.precision());
    values.put(RECALL, confusion.recall());
    values.put(F1, confusion.f1());
    metrics.rocAuc().ifPresent(auc -> values.put(ROC_AUC, auc.value()));
    values.put(LOG_LOSS, metrics.logLoss());
    values.put(BRIER, metrics.brierScore());
    return Collections.unmodifiableMap(values);
  }

  /** A multiclass classifier's metrics by name. */
  public static Map<PerformanceMetric, Double> of(MulticlassMetrics metrics) {
    Map<PerformanceMetric, Double> values = new EnumMap<>(PerformanceMetric.class);
    values.put(ACCURACY, metrics.accuracy());
    values.put(MACRO_F1, metrics.macroF1());
    return Collections.unmodifiableMap(values);
  }

  /** A regression model's metrics by name; R² only from two predictions on. */
  public static Map<PerformanceMetric, Double> of(RegressionMetrics metrics) {
    Map<PerformanceMetric, Double> values = new EnumMap<>(PerformanceMetric.class);
    values.put(MAE, metrics.meanAbsoluteError());
    values.put(RMSE, metrics.rootMeanSquaredError());
    values.put(MAPE, metrics.meanAbsolutePercentageError());
    metrics.r2().ifPresent(r2 -> values.put(R2, r2));
    return Collections.unmodifiableMap(values);
  }
}
