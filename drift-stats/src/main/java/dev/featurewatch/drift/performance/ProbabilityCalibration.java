package dev.featurewatch.drift.performance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A map from a binary classifier's scores to calibrated probabilities of the positive class, fitted
 * on labelled reference data by isotonic regression, as scikit-learn's {@code
 * IsotonicRegression(out_of_bounds="clip", increasing=True)} fits it and NannyML's CBPE uses it:
 * equal scores are merged first (their labels averaged), the pool-adjacent-violators algorithm
 * gives the closest non-decreasing step function, and a score is mapped by linear interpolation
 * between the fitted points, clipped to the end values outside them.
 *
 * <p>Kept as the points where the fitted function bends (the two ends of each constant block),
 * which defines the same piecewise-linear map. Immutable.
 *
 * <pre>{@code
 * ProbabilityCalibration c = ProbabilityCalibration.isotonic(scores, labels, n);
 * double p = c.probability(0.73);
 * }</pre>
 */
public final class ProbabilityCalibration {

  private final double[] scores;
  private final double[] probabilities;

  private ProbabilityCalibration(double[] scores, double[] probabilities) {
    this.scores = scores;
    this.probabilities = probabilities;
  }

  /**
   * The isotonic calibration of {@code n} scores against their 0/1 labels.
   *
   * @throws IllegalArgumentException for no pairs, a score outside [0, 1] or a label not 0 or 1
   */
  public static ProbabilityCalibration isotonic(double[] scores, double[] labels, int n) {
    if (n < 1) {
      throw new IllegalArgumentException("isotonic calibration needs at least one labelled score");
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      Checks.probability("score", scores[i]);
      if (labels[i] != 0 && labels[i] != 1) {
        throw new IllegalArgumentException("label must be 0 or 1: " + labels[i]);
      }
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
    // unique scores, each with the mean of its labels and their number as the weight
    List<double[]> blocks = new ArrayList<>(); // {first score, last score, mean, weight}
    int i = 0;
    while (i < n) {
      double x = scores[order[i]];
      double sum = 0;
      int count = 0;
      while (i < n && scores[order[i]] == x) {
        sum += labels[order[i]];
        count++;
        i++;
      }
      blocks.add(new double[] {x, x, sum / count, count});
      // pool adjacent violators: merge while the last block's mean falls below the one before
      while (blocks.size() > 1
          && blocks.get(blocks.size() - 2)[2] >= blocks.get(blocks.size() - 1)[2]) {
        double[] last = blocks.remove(blocks.size() - 1);
        double[] before = blocks.get(blocks.size() - 1);
        double weight = before[3] + last[3];
        before[2] = (before[2] * before[3] + last[2] * last[3]) / weight;
        before[3] = weight;
        before[1] = last[1];
      }
    }
    double[] x = new double[2 * blocks.size()];
    double[] y = new double[2 * blocks.size()];
    int k = 0;
    for (double[] block : blocks) {
      x[k] = block[0];
      y[k++] = block[2];
      if (block[1] != block[0]) {
        x[k] = block[1];
        y[k++] = block[2];
      }
    }
    return new ProbabilityCalibration(Arrays.copyOf(x, k), Arrays.copyOf(y, k));
  }

  /**
   * A calibration read back from its points.
   *
   * @throws IllegalArgumentException unless the scores are strictly increasing within [0, 1] and
   *     the probabilities non-decreasing within [0, 1], as many of each, at least one
   */
  public static ProbabilityCalibration of(double[] scores, double[] probabilities) {
    if (scores.length == 0 || scores.length != probabilities.length) {
      throw new IllegalArgumentException(
          "a calibration needs as many scores as probabilities, at least one: "
              + scores.length
              + " and "
              + probabilities.length);
    }
    for (int i = 0; i < scores.length; i++) {
      Checks.probability("calibration score", scores[i]);
      Checks.probability("calibrated probability", probabilities[i]);
      if (i > 0 && !(scores[i] > scores[i - 1] && probabilities[i] >= probabilities[i - 1])) {
        throw new IllegalArgumentException(
            "calibration points must have increasing scores and non-decreasing probabilities:"
                + " point "
                + i
                + " is ("
                + scores[i]
                + ", "
                + probabilities[i]
                + ") after ("
                + scores[i - 1]
                + ", "
                + probabilities[i - 1]
                + ")");
      }
    }
    return new ProbabilityCalibration(scores.clone(), probabilities.clone());
  }

  /** The calibrated probability of a score: linear between the points, clipped outside. */
  public double probability(double score) {
    if (score <= scores[0]) {
      return probabilities[0];
    }
    int last = scores.length - 1;
    if (score >= scores[last]) {
      return probabilities[last];
    }
    int hi = Arrays.binarySearch(scores, score);
    if (hi >= 0) {
      return probabilities[hi];
    }
    hi = -hi - 1;
    int lo = hi - 1;
    double t = (score - scores[lo]) / (scores[hi] - scores[lo]);
    return probabilities[lo] + t * (probabilities[hi] - probabilities[lo]);
  }

  /** The points' scores, increasing; a copy. */
  public double[] scores() {
    return scores.clone();
  }

  /** The points' probabilities, non-decreasing; a copy. */
  public double[] probabilities() {
    return probabilities.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ProbabilityCalibration c
        && Arrays.equals(scores, c.scores)
        && Arrays.equals(probabilities, c.probabilities);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(scores) + Arrays.hashCode(probabilities);
  }

  @Override
  public String toString() {
    return "ProbabilityCalibration[" + scores.length + " points]";
  }
}
