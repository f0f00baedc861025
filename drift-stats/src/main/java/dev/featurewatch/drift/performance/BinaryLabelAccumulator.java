package dev.featurewatch.drift.performance;

import java.util.Optional;

/**
 * Accumulates a binary classifier's predicted labels against true labels into a {@link
 * ConfusionMatrix}.
 *
 * <p>Mutable and not thread-safe: one instance per window and key on the hot path. {@link #add(int,
 * int)} is O(1) and allocates nothing; memory is four counters.
 *
 * <pre>{@code
 * BinaryLabelAccumulator acc = new BinaryLabelAccumulator();
 * acc.add(1, 0);                            // predicted 1, actually 0
 * acc.result().map(ConfusionMatrix::f1);    // Optional.empty() before the first add
 * }</pre>
 */
public final class BinaryLabelAccumulator {

  private long truePositives;
  private long falsePositives;
  private long trueNegatives;
  private long falseNegatives;

  /**
   * Counts one labelled prediction.
   *
   * @param predicted the predicted label, 0 or 1
   * @param actual the true label, 0 or 1
   */
  public void add(int predicted, int actual) {
    boolean p = Checks.binaryLabel("predicted label", predicted);
    boolean a = Checks.binaryLabel("true label", actual);
    if (p) {
      if (a) {
        truePositives++;
      } else {
        falsePositives++;
      }
    } else if (a) {
      falseNegatives++;
    } else {
      trueNegatives++;
    }
  }

  /** Adds the counts of {@code other}, which is left unchanged. */
  public void merge(BinaryLabelAccumulator other) {
    truePositives += other.truePositives;
    falsePositives += other.falsePositives;
    trueNegatives += other.trueNegatives;
    falseNegatives += other.falseNegatives;
  }

  /** The counts so far, or empty before the first prediction. */
  public Optional<ConfusionMatrix> result() {
    if (truePositives + falsePositives + trueNegatives + falseNegatives == 0) {
      return Optional.empty();
    }
    return Optional.of(
        new ConfusionMatrix(truePositives, falsePositives, trueNegatives, falseNegatives));
  }
}
