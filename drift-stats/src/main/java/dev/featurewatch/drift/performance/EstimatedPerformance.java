package dev.featurewatch.drift.performance;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;

/**
 * Confidence-based performance estimation (CBPE, NannyML's): a binary classifier's accuracy,
 * precision, recall, F1 and ROC AUC on predictions whose labels have not come yet, from its
 * calibrated probabilities alone. A prediction scored {@code s} is positive with probability {@code
 * p = calibration(s)}, so the expected confusion matrix at the decision threshold {@code t} is
 * {@code TP = Σ_{s >= t} p}, {@code FP = Σ_{s >= t} (1 - p)}, {@code FN = Σ_{s < t} p}, {@code TN =
 * Σ_{s < t} (1 - p)}, and each metric is computed from it (a ratio of expectations, as NannyML
 * does). ROC AUC is the area under the expected curve: predictions in decreasing score, the true
 * positive rate growing by {@code p} and the false positive rate by {@code 1 - p}.
 *
 * <p>It holds while the relation between score and outcome stays as in the reference (covariate
 * shift); a change of that relation (concept drift) shows only once the labels come, in the
 * realized metrics it is compared with.
 *
 * <p>Mutable and not thread-safe: the per-prediction accumulator of one window. The AUC keeps, per
 * score bucket of width {@code 1/buckets}, the count and the sum of calibrated probabilities, so
 * its error is within one bucket's share of the curve; the confusion matrix is exact.
 *
 * <p>Where this differs from NannyML 0.13: it does not round the curve's cumulative sums to five
 * decimals; and it always calibrates, where NannyML first checks, by a cross-validated expected
 * calibration error, whether isotonic calibration helps, and uses the raw scores when it does not.
 * Calibrating scores that are already calibrated changes them little (isotonic regression is then
 * close to the identity, in steps), and one rule for every model keeps the estimate's meaning
 * fixed; the golden values compare the two on scores NannyML decides to calibrate.
 */
public final class EstimatedPerformance {

  /** Score buckets of the estimated ROC curve unless another number is given. */
  public static final int DEFAULT_BUCKETS = 10_000;

  /** The layout {@link #writeTo} writes; {@link #readFrom} refuses others. */
  private static final byte STATE_VERSION = 1;

  private final ProbabilityCalibration calibration;
  private final double threshold;
  private final long[] counts;
  private final double[] probabilitySums;
  private long n;
  private double tp;
  private double fp;
  private double fn;
  private double tn;

  /**
   * @param calibration the reference's score-to-probability map
   * @param threshold the decision threshold: scores at or above it predict the positive class
   */
  public EstimatedPerformance(ProbabilityCalibration calibration, double threshold, int buckets) {
    this.calibration = calibration;
    this.threshold = Checks.probability("threshold", threshold);
    if (buckets < 1) {
      throw new IllegalArgumentException("buckets must be >= 1: " + buckets);
    }
    this.counts = new long[buckets];
    this.probabilitySums = new double[buckets];
  }

  /** Adds a prediction's score, a probability in [0, 1]. O(log points of the calibration). */
  public void add(double score) {
    Checks.probability("score", score);
    double p = calibration.probability(score);
    n++;
    if (score >= threshold) {
      tp += p;
      fp += 1 - p;
    } else {
      fn += p;
      tn += 1 - p;
    }
    int bucket = Math.min((int) (score * counts.length), counts.length - 1);
    counts[bucket]++;
    probabilitySums[bucket] += p;
  }

  /**
   * Writes the accumulator, its calibration and threshold included, for a checkpoint: a version
   * byte, the calibration's points, the threshold, the buckets, the counts and sums, then the
   * non-empty buckets only (so a small window stays small).
   */
  public void writeTo(DataOutput out) throws IOException {
    out.writeByte(STATE_VERSION);
    double[] xs = calibration.scores();
    double[] ys = calibration.probabilities();
    out.writeInt(xs.length);
    for (int i = 0; i < xs.length; i++) {
      out.writeDouble(xs[i]);
      out.writeDouble(ys[i]);
    }
    out.writeDouble(threshold);
    out.writeInt(counts.length);
    out.writeLong(n);
    out.writeDouble(tp);
    out.writeDouble(fp);
    out.writeDouble(fn);
    out.writeDouble(tn);
    int nonEmpty = 0;
    for (long c : counts) {
      nonEmpty += c > 0 ? 1 : 0;
    }
    out.writeInt(nonEmpty);
    for (int b = 0; b < counts.length; b++) {
      if (counts[b] > 0) {
        out.writeInt(b);
        out.writeLong(counts[b]);
        out.writeDouble(probabilitySums[b]);
      }
    }
  }

  /** The accumulator {@link #writeTo} wrote. */
  public static EstimatedPerformance readFrom(DataInput in) throws IOException {
    byte version = in.readByte();
    if (version != STATE_VERSION) {
      throw new IOException(
          "estimated performance state version " + version + " is not " + STATE_VERSION);
    }
    int points = in.readInt();
    double[] xs = new double[points];
    double[] ys = new double[points];
    for (int i = 0; i < points; i++) {
      xs[i] = in.readDouble();
      ys[i] = in.readDouble();
    }
    EstimatedPerformance e =
        new EstimatedPerformance(ProbabilityCalibration.of(xs, ys), in.readDouble(), in.readInt());
    e.n = in.readLong();
    e.tp = in.readDouble();
    e.fp = in.readDouble();
    e.fn = in.readDouble();
    e.tn = in.readDouble();
    int nonEmpty = in.readInt();
    for (int i = 0; i < nonEmpty; i++) {
      int b = in.readInt();
      e.counts[b] = in.readLong();
      e.probabilitySums[b] = in.readDouble();
    }
    return e;
  }

  /** Predictions added. */
  public long count() {
    return n;
  }

  /**
   * The estimated metrics; those whose denominator is 0 are left out (NannyML says 0 for them), ROC
   * AUC when the expected positives or negatives are 0, everything when nothing was added.
   */
  public Map<PerformanceMetric, Double> estimate() {
    Map<PerformanceMetric, Double> metrics = new EnumMap<>(PerformanceMetric.class);
    if (n == 0) {
      return metrics;
    }
    metrics.put(PerformanceMetric.ACCURACY, (tp + tn) / n);
    if (tp + fp > 0) {
      metrics.put(PerformanceMetric.PRECISION, tp / (tp + fp));
    }
    if (tp + fn > 0) {
      metrics.put(PerformanceMetric.RECALL, tp / (tp + fn));
    }
    if (tp + (fp + fn) / 2 > 0) {
      metrics.put(PerformanceMetric.F1, tp / (tp + (fp + fn) / 2));
    }
    double positives = tp + fn;
    double negatives = fp + tn;
    if (positives > 0 && negatives > 0) {
      double area = 0;
      double tpr = 0;
      double fpr = 0;
      for (int b = counts.length - 1; b >= 0; b--) {
        if (counts[b] == 0) {
          continue;
        }
        double nextTpr = tpr + probabilitySums[b] / positives;
        double nextFpr = fpr + (counts[b] - probabilitySums[b]) / negatives;
        area += (nextFpr - fpr) * (tpr + nextTpr) / 2;
        tpr = nextTpr;
        fpr = nextFpr;
      }
      metrics.put(PerformanceMetric.ROC_AUC, area);
    }
    return metrics;
  }
}
