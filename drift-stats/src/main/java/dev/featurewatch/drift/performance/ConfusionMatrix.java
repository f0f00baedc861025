package dev.featurewatch.drift.performance;

/**
 * Counts of a binary classifier's decisions against the true labels, and the metrics derived from
 * them. Holds at least one prediction, so every metric is a finite number in {@code [0, 1]}.
 *
 * <p>Where a ratio has a zero denominator it is 0, as scikit-learn's {@code zero_division=0}:
 * precision with no predicted positives, recall with no actual positives, F1 when both are so.
 *
 * @param truePositives predicted 1, actually 1
 * @param falsePositives predicted 1, actually 0
 * @param trueNegatives predicted 0, actually 0
 * @param falseNegatives predicted 0, actually 1
 */
public record ConfusionMatrix(
    long truePositives, long falsePositives, long trueNegatives, long falseNegatives) {

  public ConfusionMatrix {
    Checks.nonNegative("true positives", truePositives);
    Checks.nonNegative("false positives", falsePositives);
    Checks.nonNegative("true negatives", trueNegatives);
    Checks.nonNegative("false negatives", falseNegatives);
    if (truePositives + falsePositives + trueNegatives + falseNegatives == 0) {
      throw new IllegalArgumentException("confusion matrix must count at least one prediction: 0");
    }
  }

  /** All predictions counted. */
  public long total() {
    return truePositives + falsePositives + trueNegatives + falseNegatives;
  }

  /** {@code (TP + TN) / total}. */
  public double accuracy() {
    return (double) (truePositives + trueNegatives) / total();
  }

  /** {@code TP / (TP + FP)}, or 0 when nothing was predicted positive. */
  public double precision() {
    return ratio(truePositives, truePositives + falsePositives);
  }

  /** {@code TP / (TP + FN)}, or 0 when no label was positive. */
  public double recall() {
    return ratio(truePositives, truePositives + falseNegatives);
  }

  /**
   * {@code 2 TP / (2 TP + FP + FN)}, the harmonic mean of precision and recall, or 0 when there are
   * no positives among predictions and labels.
   */
  public double f1() {
    return ratio(2 * truePositives, 2 * truePositives + falsePositives + falseNegatives);
  }

  private static double ratio(long numerator, long denominator) {
    return denominator == 0 ? 0.0 : (double) numerator / denominator;
  }
}
