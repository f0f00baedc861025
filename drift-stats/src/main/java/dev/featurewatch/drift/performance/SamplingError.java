package dev.featurewatch.drift.performance;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * The standard errors of a window's realized performance metrics: how much each would move between
 * windows of this size drawn from the same data, so that a drop within a few of them is noise.
 *
 * <p>NannyML's estimators ({@code nannyml.sampling_error}), with the window as its own reference:
 * each metric is the mean of an observation-level quantity over the observations it counts, and its
 * standard error that quantity's (population) standard deviation over the square root of their
 * number.
 *
 * <ul>
 *   <li>accuracy: correct or not, over all {@code n}: {@code sqrt(a (1 - a) / n)};
 *   <li>precision: over the predicted positives, {@code sqrt(p (1 - p) / (TP + FP))}; recall: over
 *       the actual positives, {@code sqrt(r (1 - r) / (TP + FN))};
 *   <li>F1: over {@code TP + FP + FN}, a true positive counting {@code c = (TP + FP + FN) / (TP +
 *       (FP + FN) / 2)} and the others 0 (their mean is F1);
 *   <li>ROC AUC: over the positives of the minority class, each one's share of negatives scored
 *       below it (its placement; the AUC is their mean; ties count half). NannyML drops the
 *       placement of a positive that is the lowest score of all, a slip this does not copy;
 *   <li>MAE: {@code |e|} over {@code n}; RMSE: by the delta method from {@code e²}, {@code sd(e²) /
 *       (2 sqrt(n mean(e²)))}; MAPE: {@code |e| / max(|y|, 2^-52)} over {@code n}.
 * </ul>
 *
 * A metric without enough observations for its error (no predicted positives for precision, a
 * single class for ROC AUC) is left out. Log loss, Brier, macro F1 and R² have none yet.
 */
public final class SamplingError {

  private SamplingError() {}

  /**
   * The standard errors of a binary classifier's metrics.
   *
   * @param scores the positive class's probabilities, {@code n} of them read
   * @param labels the true labels, 0 or 1, as doubles
   * @param n the pairs to read
   * @param threshold scores at or above it predict the positive class
   */
  public static Map<PerformanceMetric, Double> binary(
      double[] scores, double[] labels, int n, double threshold) {
    Map<PerformanceMetric, Double> errors = new EnumMap<>(PerformanceMetric.class);
    if (n == 0) {
      return errors;
    }
    long tp = 0;
    long fp = 0;
    long fn = 0;
    long tn = 0;
    for (int i = 0; i < n; i++) {
      boolean predicted = scores[i] >= threshold;
      boolean actual = labels[i] == 1;
      if (predicted && actual) {
        tp++;
      } else if (predicted) {
        fp++;
      } else if (actual) {
        fn++;
      } else {
        tn++;
      }
    }
    double accuracy = (double) (tp + tn) / n;
    errors.put(PerformanceMetric.ACCURACY, Math.sqrt(accuracy * (1 - accuracy) / n));
    if (tp + fp > 0) {
      double precision = (double) tp / (tp + fp);
      errors.put(PerformanceMetric.PRECISION, Math.sqrt(precision * (1 - precision) / (tp + fp)));
    }
    if (tp + fn > 0) {
      double recall = (double) tp / (tp + fn);
      errors.put(PerformanceMetric.RECALL, Math.sqrt(recall * (1 - recall) / (tp + fn)));
    }
    long relevant = tp + fp + fn;
    if (relevant > 0) {
      double c = relevant / (tp + (fp + fn) / 2.0);
      double share = (double) tp / relevant;
      // values c (true positives) and 0 (the others): sd = c sqrt(share (1 - share))
      errors.put(PerformanceMetric.F1, c * Math.sqrt(share * (1 - share)) / Math.sqrt(relevant));
    }
    double auc = rocAucError(scores, labels, n);
    if (!Double.isNaN(auc)) {
      errors.put(PerformanceMetric.ROC_AUC, auc);
    }
    return errors;
  }

  /** ROC AUC's standard error from the placements of the minority class's members. */
  private static double rocAucError(double[] scores, double[] labels, int n) {
    long positives = 0;
    for (int i = 0; i < n; i++) {
      positives += labels[i] == 1 ? 1 : 0;
    }
    long negatives = n - positives;
    if (positives == 0 || negatives == 0) {
      return Double.NaN;
    }
    // NannyML measures the minority class: flipping labels and scores keeps the AUC
    boolean flip = positives > negatives;
    double[][] pairs = new double[n][];
    for (int i = 0; i < n; i++) {
      boolean positive = (labels[i] == 1) != flip;
      pairs[i] = new double[] {flip ? 1 - scores[i] : scores[i], positive ? 1 : 0};
    }
    Arrays.sort(pairs, (a, b) -> Double.compare(a[0], b[0]));
    long members = flip ? negatives : positives;
    long others = n - members;
    double sum = 0;
    double squares = 0;
    long othersBelow = 0;
    int i = 0;
    while (i < n) {
      int j = i;
      long tiedOthers = 0;
      long tiedMembers = 0;
      while (j < n && pairs[j][0] == pairs[i][0]) {
        if (pairs[j][1] == 1) {
          tiedMembers++;
        } else {
          tiedOthers++;
        }
        j++;
      }
      double placement = (othersBelow + tiedOthers / 2.0) / others;
      sum += tiedMembers * placement;
      squares += tiedMembers * placement * placement;
      othersBelow += tiedOthers;
      i = j;
    }
    double mean = sum / members;
    double variance = Math.max(0, squares / members - mean * mean);
    return Math.sqrt(variance) / Math.sqrt(members);
  }

  /** The standard errors of a regression's MAE, RMSE and MAPE, from {@code n} pairs. */
  public static Map<PerformanceMetric, Double> regression(
      double[] predicted, double[] actual, int n) {
    Map<PerformanceMetric, Double> errors = new EnumMap<>(PerformanceMetric.class);
    if (n == 0) {
      return errors;
    }
    double[] absolute = new double[n];
    double[] squared = new double[n];
    double[] relative = new double[n];
    for (int i = 0; i < n; i++) {
      double e = actual[i] - predicted[i];
      absolute[i] = Math.abs(e);
      squared[i] = e * e;
      relative[i] = Math.abs(e) / Math.max(Math.abs(actual[i]), RegressionAccumulator.MAPE_EPSILON);
    }
    errors.put(PerformanceMetric.MAE, deviation(absolute) / Math.sqrt(n));
    double meanSquared = Arrays.stream(squared).average().orElse(0);
    if (meanSquared > 0) {
      errors.put(PerformanceMetric.RMSE, deviation(squared) / (2 * Math.sqrt(n * meanSquared)));
    }
    errors.put(PerformanceMetric.MAPE, deviation(relative) / Math.sqrt(n));
    return errors;
  }

  /** Accuracy's standard error over {@code n} predictions, for any number of classes. */
  public static double accuracy(double accuracy, long n) {
    return n == 0 ? Double.NaN : Math.sqrt(accuracy * (1 - accuracy) / n);
  }

  /**
   * How many standard errors a one-sided band at level {@code alpha} is wide: {@code Φ⁻¹(1 -
   * alpha)}, 2.33 at α = 0.01.
   */
  public static double bandWidth(double alpha) {
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("alpha must be in (0, 1): " + alpha);
    }
    return NormalDistribution.of(0, 1).inverseSurvivalProbability(alpha);
  }

  /** The population standard deviation ({@code np.std}). */
  private static double deviation(double[] values) {
    double mean = Arrays.stream(values).average().orElse(0);
    double squares = 0;
    for (double v : values) {
      squares += (v - mean) * (v - mean);
    }
    return Math.sqrt(squares / values.length);
  }
}
