package dev.featurewatch.drift.performance;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Accumulates predicted class labels against true labels: accuracy and macro-averaged F1.
 *
 * <p>For each class c among the labels seen, predicted or true (scikit-learn's default {@code
 * labels}), {@code F1_c = 2 TP_c / (2 TP_c + FP_c + FN_c)}; macro F1 is their unweighted mean. A
 * class that was only ever predicted, never true (or the reverse) has F1 0 ({@code
 * zero_division=0}) and still counts in the mean.
 *
 * <p>Mutable and not thread-safe. {@code add} is O(1) expected; memory is three counters per
 * distinct class, so feed it a bounded label set.
 */
public final class MulticlassLabelAccumulator {

  /** Per class: {@code [truePositives, falsePositives, falseNegatives]}. */
  private final Map<String, long[]> countsByClass = new HashMap<>();

  private long predictions;
  private long correct;

  /**
   * Counts one labelled prediction.
   *
   * @param predicted the predicted class, not null
   * @param actual the true class, not null
   */
  public void add(String predicted, String actual) {
    Objects.requireNonNull(predicted, "predicted label must not be null");
    Objects.requireNonNull(actual, "true label must not be null");
    predictions++;
    if (predicted.equals(actual)) {
      correct++;
      countsOf(predicted)[0]++;
    } else {
      countsOf(predicted)[1]++;
      countsOf(actual)[2]++;
    }
  }

  private long[] countsOf(String label) {
    return countsByClass.computeIfAbsent(label, l -> new long[3]);
  }

  /** Adds the counts of {@code other}, which is left unchanged. */
  public void merge(MulticlassLabelAccumulator other) {
    for (Map.Entry<String, long[]> e : other.countsByClass.entrySet()) {
      long[] mine = countsOf(e.getKey());
      for (int i = 0; i < 3; i++) {
        mine[i] += e.getValue()[i];
      }
    }
    predictions += other.predictions;
    correct += other.correct;
  }

  /** The metrics so far, or empty before the first prediction. */
  public Optional<MulticlassMetrics> result() {
    if (predictions == 0) {
      return Optional.empty();
    }
    double f1Sum = 0;
    for (long[] c : countsByClass.values()) {
      f1Sum += 2.0 * c[0] / (2 * c[0] + c[1] + c[2]);
    }
    return Optional.of(
        new MulticlassMetrics(
            predictions, correct, countsByClass.size(), f1Sum / countsByClass.size()));
  }
}
