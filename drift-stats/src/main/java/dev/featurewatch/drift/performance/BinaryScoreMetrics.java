package dev.featurewatch.drift.performance;

import java.util.Objects;
import java.util.Optional;

/**
 * Metrics of probability scores against binary labels, as defined in {@link
 * BinaryScoreAccumulator}.
 *
 * @param threshold the decision threshold the confusion matrix was counted at
 * @param confusion the confusion matrix at {@code threshold}; accuracy, precision, recall and F1
 *     are read from it
 * @param logLoss mean clipped log loss, in [0, 36.05]
 * @param brierScore mean squared error of the probabilities, in [0, 1]
 * @param rocAuc the ROC AUC, empty unless both labels occurred
 */
public record BinaryScoreMetrics(
    double threshold,
    ConfusionMatrix confusion,
    double logLoss,
    double brierScore,
    Optional<RocAucResult> rocAuc) {

  public BinaryScoreMetrics {
    Objects.requireNonNull(confusion, "confusion");
    Objects.requireNonNull(rocAuc, "rocAuc");
  }

  /** Predictions counted. */
  public long count() {
    return confusion.total();
  }
}
