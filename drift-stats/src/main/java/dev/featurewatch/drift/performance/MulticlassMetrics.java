package dev.featurewatch.drift.performance;

/**
 * Multiclass label metrics, as defined in {@link MulticlassLabelAccumulator}.
 *
 * @param predictions labelled predictions counted, at least 1
 * @param correct predictions equal to the true label
 * @param classes distinct classes among predicted and true labels
 * @param macroF1 the unweighted mean of the per-class F1 scores, in [0, 1]
 */
public record MulticlassMetrics(long predictions, long correct, int classes, double macroF1) {

  public MulticlassMetrics {
    if (predictions < 1) {
      throw new IllegalArgumentException("predictions must be >= 1: " + predictions);
    }
    if (correct < 0 || correct > predictions) {
      throw new IllegalArgumentException(
          "correct must be within [0, " + predictions + "]: " + correct);
    }
  }

  /** {@code correct / predictions}. */
  public double accuracy() {
    return (double) correct / predictions;
  }
}
