package dev.featurewatch.monitoring.label;

import dev.featurewatch.annotation.Internal;
import dev.featurewatch.drift.performance.BinaryScoreAccumulator;
import dev.featurewatch.drift.performance.MulticlassLabelAccumulator;
import dev.featurewatch.drift.performance.PerformanceMetric;
import dev.featurewatch.drift.performance.RegressionAccumulator;
import dev.featurewatch.drift.performance.RocAuc;
import dev.featurewatch.drift.performance.SamplingError;
import dev.featurewatch.store.definition.ModelMonitor.PredictionKind;
import dev.featurewatch.streaming.serde.TaggedValues;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The labelled predictions of one window of one series, and its counts: the performance state of
 * the monitoring job. Numbers (probabilities, regression values) are kept as pairs and classes as
 * counts per (predicted, actual) pair, so the metrics are drift-stats' accumulators fed afresh at
 * each report; the window's predictions count comes from its drift results.
 *
 * <p><b>Mutable</b>, owned by one task.
 */
@Internal
public final class PerformanceWindow {

  private final PredictionKind kind;
  private final double threshold;
  private double[] predicted = new double[16];
  private double[] actual = new double[16];
  private int pairs;
  private final Map<String, Long> classPairs = new LinkedHashMap<>();
  private long labelled;
  private long unlabelled;
  private long predictions;
  private double lagSeconds;
  private boolean changed;

  /**
   * @param threshold a binary probability's decision threshold
   */
  public PerformanceWindow(PredictionKind kind, double threshold) {
    this.kind = kind;
    this.threshold = threshold;
  }

  /** A labelled prediction; the values as the label join gives them. */
  public void labelled(Object prediction, Object label, double lag) {
    labelled++;
    lagSeconds += lag;
    changed = true;
    if (kind == PredictionKind.CLASS_LABEL || kind == PredictionKind.CLASS_PROBABILITIES) {
      classPairs.merge(prediction + "\u001f" + label, 1L, Long::sum);
      return;
    }
    if (pairs == predicted.length) {
      predicted = Arrays.copyOf(predicted, pairs * 2);
      actual = Arrays.copyOf(actual, pairs * 2);
    }
    predicted[pairs] = ((Number) prediction).doubleValue();
    actual[pairs] = ((Number) label).doubleValue();
    pairs++;
  }

  /** A prediction whose label did not come in time. */
  public void expired() {
    unlabelled++;
    changed = true;
  }

  /** Predictions of the window counted by its drift results. */
  public void predictions(long count) {
    predictions += count;
  }

  public long labelled() {
    return labelled;
  }

  public long unlabelled() {
    return unlabelled;
  }

  /** The window's predictions: as its drift results counted them, or its outcomes if more. */
  public long predictions() {
    return Math.max(predictions, labelled + unlabelled);
  }

  public double meanLagSeconds() {
    return labelled == 0 ? Double.NaN : lagSeconds / labelled;
  }

  /** Whether outcomes came since the last {@link #reported()}. */
  public boolean changed() {
    return changed;
  }

  /** Marks the window reported. */
  public void reported() {
    changed = false;
  }

  /** The performance of the labelled predictions, by metric; empty without labels. */
  public Map<PerformanceMetric, Double> metrics() {
    switch (kind) {
      case BINARY_PROBABILITY -> {
        BinaryScoreAccumulator acc =
            BinaryScoreAccumulator.withBucketedAuc(threshold, RocAuc.DEFAULT_BUCKETS);
        for (int i = 0; i < pairs; i++) {
          acc.add(predicted[i], (int) actual[i]);
        }
        return acc.result().map(PerformanceMetric::of).orElse(Map.of());
      }
      case REGRESSION -> {
        RegressionAccumulator acc = new RegressionAccumulator();
        for (int i = 0; i < pairs; i++) {
          acc.add(predicted[i], actual[i]);
        }
        return acc.result().map(PerformanceMetric::of).orElse(Map.of());
      }
      default -> {
        MulticlassLabelAccumulator acc = new MulticlassLabelAccumulator();
        classPairs.forEach(
            (pair, n) -> {
              String[] parts = pair.split("\u001f", 2);
              for (long i = 0; i < n; i++) {
                acc.add(parts[0], parts[1]);
              }
            });
        return acc.result().map(PerformanceMetric::of).orElse(Map.of());
      }
    }
  }

  /**
   * The metrics' standard errors at this window's size (drift-stats' {@code SamplingError}, as
   * NannyML computes them); classes get accuracy's only.
   */
  public Map<PerformanceMetric, Double> standardErrors() {
    return switch (kind) {
      case BINARY_PROBABILITY -> SamplingError.binary(predicted, actual, pairs, threshold);
      case REGRESSION -> SamplingError.regression(predicted, actual, pairs);
      default -> {
        long total = 0;
        long correct = 0;
        for (Map.Entry<String, Long> e : classPairs.entrySet()) {
          String[] parts = e.getKey().split("\u001f", 2);
          total += e.getValue();
          correct += parts[0].equals(parts[1]) ? e.getValue() : 0;
        }
        yield total == 0
            ? Map.of()
            : Map.of(
                PerformanceMetric.ACCURACY,
                SamplingError.accuracy((double) correct / total, total));
      }
    };
  }

  /** The metric a change detector follows and a status is judged by, for this kind of model. */
  public static PerformanceMetric primary(PredictionKind kind) {
    return switch (kind) {
      case BINARY_PROBABILITY -> PerformanceMetric.ROC_AUC;
      case REGRESSION -> PerformanceMetric.MAE;
      default -> PerformanceMetric.ACCURACY;
    };
  }

  // ---- state

  public void writeTo(DataOutput out) throws IOException {
    TaggedValues.writeString(out, kind.name());
    out.writeDouble(threshold);
    out.writeInt(pairs);
    for (int i = 0; i < pairs; i++) {
      out.writeDouble(predicted[i]);
      out.writeDouble(actual[i]);
    }
    out.writeInt(classPairs.size());
    for (Map.Entry<String, Long> e : classPairs.entrySet()) {
      TaggedValues.writeString(out, e.getKey());
      out.writeLong(e.getValue());
    }
    out.writeLong(labelled);
    out.writeLong(unlabelled);
    out.writeLong(predictions);
    out.writeDouble(lagSeconds);
    out.writeBoolean(changed);
  }

  public static PerformanceWindow readFrom(DataInput in) throws IOException {
    PerformanceWindow w =
        new PerformanceWindow(PredictionKind.valueOf(TaggedValues.readString(in)), in.readDouble());
    int n = in.readInt();
    w.predicted = new double[Math.max(16, n)];
    w.actual = new double[Math.max(16, n)];
    for (int i = 0; i < n; i++) {
      w.predicted[i] = in.readDouble();
      w.actual[i] = in.readDouble();
    }
    w.pairs = n;
    int classes = in.readInt();
    for (int i = 0; i < classes; i++) {
      w.classPairs.put(TaggedValues.readString(in), in.readLong());
    }
    w.labelled = in.readLong();
    w.unlabelled = in.readLong();
    w.predictions = in.readLong();
    w.lagSeconds = in.readDouble();
    w.changed = in.readBoolean();
    return w;
  }
}
