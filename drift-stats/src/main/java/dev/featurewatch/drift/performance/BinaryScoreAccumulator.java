package dev.featurewatch.drift.performance;

import java.util.Optional;

/**
 * Accumulates a binary classifier's probability scores against true labels: the confusion matrix at
 * a decision threshold, log loss, Brier score and ROC AUC.
 *
 * <p>For n predictions with probability {@code p_i} of the positive class and label {@code y_i}:
 *
 * <ul>
 *   <li>predicted label: 1 when {@code p_i >= threshold}, else 0;
 *   <li>log loss: {@code -(1/n) sum [y_i ln q(p_i) + (1 - y_i) ln q(1 - p_i)]}, natural log, with
 *       {@code q(x) = clip(x, eps, 1 - eps)} and {@code eps = 2^-52} (machine epsilon, as
 *       scikit-learn 1.5+ clips; older releases used 1e-15). A confident wrong prediction therefore
 *       costs at most {@code -ln(2^-52) = 36.04} rather than infinity;
 *   <li>Brier score: {@code (1/n) sum (p_i - y_i)^2};
 *   <li>ROC AUC: see {@link RocAuc}, exact or bucketed as chosen by the factory.
 * </ul>
 *
 * <p>Mutable and not thread-safe. {@code add} is O(1) with the bucketed AUC (O(log d) with the
 * exact one, d distinct scores); memory is a few counters plus the AUC's.
 *
 * <pre>{@code
 * BinaryScoreAccumulator acc = BinaryScoreAccumulator.withBucketedAuc(0.5, RocAuc.DEFAULT_BUCKETS);
 * acc.add(0.91, 1);
 * acc.result().map(BinaryScoreMetrics::logLoss);
 * }</pre>
 */
public final class BinaryScoreAccumulator {

  /** The probability clip of log loss, {@code 2^-52}. */
  public static final double LOG_LOSS_EPSILON = Math.ulp(1.0);

  private final double threshold;
  private final BinaryLabelAccumulator confusion = new BinaryLabelAccumulator();
  private final RocAuc auc;
  private double logLossSum;
  private double squaredErrorSum;

  private BinaryScoreAccumulator(double threshold, RocAuc auc) {
    this.threshold = Checks.probability("threshold", threshold);
    this.auc = auc;
  }

  /**
   * With an exact AUC (memory grows with distinct scores).
   *
   * @param threshold the decision threshold, within [0, 1]; scores at or above it predict 1
   */
  public static BinaryScoreAccumulator withExactAuc(double threshold) {
    return new BinaryScoreAccumulator(threshold, RocAuc.exact());
  }

  /**
   * With a bucketed AUC of bounded memory and error (see {@link RocAuc#bucketed(int)}).
   *
   * @param threshold the decision threshold, within [0, 1]; scores at or above it predict 1
   * @param buckets AUC score buckets, {@link RocAuc#DEFAULT_BUCKETS} unless there is reason
   */
  public static BinaryScoreAccumulator withBucketedAuc(double threshold, int buckets) {
    return new BinaryScoreAccumulator(threshold, RocAuc.bucketed(buckets));
  }

  /**
   * Counts one labelled prediction.
   *
   * @param probability the predicted probability of label 1, within [0, 1]
   * @param label the true label, 0 or 1
   */
  public void add(double probability, int label) {
    Checks.probability("probability", probability);
    boolean positive = Checks.binaryLabel("label", label);
    auc.add(probability, label);
    confusion.add(probability >= threshold ? 1 : 0, label);
    double clipped =
        Math.min(
            Math.max(positive ? probability : 1 - probability, LOG_LOSS_EPSILON),
            1 - LOG_LOSS_EPSILON);
    logLossSum -= Math.log(clipped);
    double error = probability - label;
    squaredErrorSum += error * error;
  }

  /**
   * Adds the counts and sums of {@code other}, which is left unchanged.
   *
   * @throws IllegalArgumentException if the thresholds or AUC forms differ
   */
  public void merge(BinaryScoreAccumulator other) {
    if (Double.compare(threshold, other.threshold) != 0) {
      throw new IllegalArgumentException(
          "can only merge accumulators of threshold " + threshold + ": " + other.threshold);
    }
    auc.merge(other.auc);
    confusion.merge(other.confusion);
    logLossSum += other.logLossSum;
    squaredErrorSum += other.squaredErrorSum;
  }

  /** The metrics so far, or empty before the first prediction. */
  public Optional<BinaryScoreMetrics> result() {
    return confusion
        .result()
        .map(
            counts ->
                new BinaryScoreMetrics(
                    threshold,
                    counts,
                    logLossSum / counts.total(),
                    squaredErrorSum / counts.total(),
                    auc.result()));
  }
}
