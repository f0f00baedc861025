package dev.featurewatch.drift.method;

import java.util.Arrays;

/**
 * The first Wasserstein (earth mover's) distance between two empirical distributions on the line,
 * {@code W1 = ∫ |F(t) - G(t)| dt}, as {@code scipy.stats.wasserstein_distance(u, v)} computes it:
 * the CDF difference is constant between consecutive pooled values, so the integral is a finite
 * sum. Time O((n1 + n2) log(n1 + n2)).
 */
final class Wasserstein {

  /**
   * Floor on the reference standard deviation used to normalise W1: Evidently's {@code
   * max(np.std(reference), 0.001)}, so that a constant reference still gives a finite score.
   */
  static final double MIN_SCALE = 0.001;

  private Wasserstein() {}

  /** W1 between two non-empty samples of finite values; the arrays are not modified. */
  static double distance(double[] reference, double[] current) {
    double[] x = reference.clone();
    double[] y = current.clone();
    Arrays.sort(x);
    Arrays.sort(y);
    return distanceSorted(x, y);
  }

  static double distanceSorted(double[] x, double[] y) {
    int n1 = x.length;
    int n2 = y.length;
    int i = 0;
    int j = 0;
    double sum = 0;
    double previous = Math.min(x[0], y[0]);
    while (i < n1 || j < n2) {
      double t = (j >= n2 || (i < n1 && x[i] <= y[j])) ? x[i] : y[j];
      sum += Math.abs((double) i / n1 - (double) j / n2) * (t - previous);
      while (i < n1 && x[i] <= t) {
        i++;
      }
      while (j < n2 && y[j] <= t) {
        j++;
      }
      previous = t;
    }
    return sum;
  }

  /**
   * The scale W1 is divided by for the normed score: the population standard deviation of the
   * reference ({@code np.std}, ddof = 0, as Evidently uses), at least {@link #MIN_SCALE}.
   */
  static double scale(double[] reference) {
    double mean = 0;
    for (double v : reference) {
      mean += v;
    }
    mean /= reference.length;
    double squares = 0;
    for (double v : reference) {
      squares += (v - mean) * (v - mean);
    }
    return Math.max(Math.sqrt(squares / reference.length), MIN_SCALE);
  }
}
