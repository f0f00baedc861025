package dev.featurewatch.drift.performance;

import java.util.Optional;

/**
 * Area under the ROC curve of scores against binary labels, accumulated without keeping the
 * predictions.
 *
 * <p>The AUC is the Mann–Whitney probability that a random positive scores above a random negative,
 * ties counting one half:
 *
 * <pre>
 *   AUC = (1 / (P N)) * sum over positives i, negatives j of [s_i > s_j] + 1/2 [s_i = s_j]
 * </pre>
 *
 * which equals the trapezoidal area under the ROC curve that scikit-learn's {@code roc_auc_score}
 * computes, ties included. Two forms, chosen once with a factory:
 *
 * <ul>
 *   <li>{@link #exact()}: counts of positives and negatives per distinct score, in a sorted map.
 *       The AUC is exact; memory is O(d) for d distinct scores (at most the number of predictions,
 *       about 100 bytes per distinct score), {@code add} is O(log d) and {@code result} O(d). Use
 *       it when scores take few distinct values or windows are small.
 *   <li>{@link #bucketed(int)}: counts per bucket of B equal-width buckets on [0, 1]. Memory is two
 *       {@code long[B]} whatever the volume, {@code add} is O(1), {@code result} O(B). Pairs in
 *       different buckets are ordered exactly; pairs within one bucket count one half. The error is
 *       therefore at most
 *       <pre>
 *   err = sum_b P_b N_b / (2 P N)  &lt;=  min(max_b P_b / P, max_b N_b / N) / 2
 *       </pre>
 *       which {@link RocAucResult#errorBound()} reports for the data seen. In the worst case (all
 *       scores in one bucket) that is 1/2; if the score densities of either class are bounded by f
 *       on [0, 1], bucket shares are about f / B and the error about f / (2B): 0.0005 f for the
 *       default {@value #DEFAULT_BUCKETS} buckets.
 * </ul>
 *
 * <p>Mutable and not thread-safe; {@link #merge(RocAuc)} accepts only the same form (and bucket
 * count).
 *
 * <pre>{@code
 * RocAuc auc = RocAuc.bucketed(RocAuc.DEFAULT_BUCKETS);
 * auc.add(0.83, 1);
 * auc.add(0.20, 0);
 * auc.result();   // Optional[RocAucResult[value=1.0, errorBound=0.0]]
 * }</pre>
 */
public abstract sealed class RocAuc permits ExactRocAuc, BucketedRocAuc {

  /** Buckets of {@link #bucketed(int)} in the default configuration. */
  public static final int DEFAULT_BUCKETS = 1000;

  /** Largest bucket count accepted, to keep memory bounded (16 MiB). */
  public static final int MAX_BUCKETS = 1 << 20;

  RocAuc() {}

  /** An exact AUC over any finite scores; memory grows with the number of distinct scores. */
  public static RocAuc exact() {
    return new ExactRocAuc();
  }

  /**
   * A bounded-memory AUC over scores in [0, 1], in {@code buckets} equal-width buckets; score s
   * goes to bucket {@code min(floor(s B), B - 1)}.
   *
   * @param buckets B, within [1, {@value #MAX_BUCKETS}]
   */
  public static RocAuc bucketed(int buckets) {
    if (buckets < 1 || buckets > MAX_BUCKETS) {
      throw new IllegalArgumentException(
          "buckets must be within [1, " + MAX_BUCKETS + "]: " + buckets);
    }
    return new BucketedRocAuc(buckets);
  }

  /**
   * Counts one scored prediction.
   *
   * @param score the score, higher meaning more likely positive: finite for {@link #exact()},
   *     within [0, 1] for {@link #bucketed(int)}
   * @param label the true label, 0 or 1
   */
  public abstract void add(double score, int label);

  /**
   * Adds the counts of {@code other}, which is left unchanged.
   *
   * @throws IllegalArgumentException if {@code other} is of the other form or bucket count
   */
  public abstract void merge(RocAuc other);

  /** Positive labels counted. */
  public abstract long positives();

  /** Negative labels counted. */
  public abstract long negatives();

  /**
   * The AUC, or empty when it is undefined: until at least one positive and one negative label have
   * been seen (scikit-learn warns and returns NaN there).
   */
  public abstract Optional<RocAucResult> result();
}
