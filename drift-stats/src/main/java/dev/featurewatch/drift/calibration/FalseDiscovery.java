package dev.featurewatch.drift.calibration;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Benjamini–Hochberg control of the false-discovery rate over one window's family of p-values (its
 * features and its prediction). With {@code F} p-values, the adjusted p-value of the {@code i}-th
 * smallest is {@code min over j >= i of F p_(j) / j}, capped at 1; rejecting those at most {@code
 * q} keeps the expected share of false discoveries among the rejected at most {@code q} when the
 * p-values are independent or positively dependent (Benjamini and Hochberg 1995, Benjamini and
 * Yekutieli 2001). When nothing changed at all, that is the probability that anything is rejected:
 * so a window's {@code drift} status false-alarms at most at {@code q}, however many features it
 * watches. Same as {@code statsmodels.stats.multitest.multipletests(p, method="fdr_bh")}.
 */
public final class FalseDiscovery {

  private FalseDiscovery() {}

  /**
   * The adjusted p-values, in the input's order. NaN entries (not judged) are left out of the
   * family and stay NaN.
   */
  public static double[] adjust(double[] pValues) {
    int[] judged =
        IntStream.range(0, pValues.length).filter(i -> !Double.isNaN(pValues[i])).toArray();
    double[] adjusted = new double[pValues.length];
    Arrays.fill(adjusted, Double.NaN);
    int f = judged.length;
    Integer[] order =
        Arrays.stream(judged)
            .boxed()
            .sorted(Comparator.comparingDouble(i -> pValues[i]))
            .toArray(Integer[]::new);
    double running = 1;
    for (int rank = f; rank >= 1; rank--) {
      int i = order[rank - 1];
      running = Math.min(running, pValues[i] * f / rank);
      adjusted[i] = Math.min(1, running);
    }
    return adjusted;
  }
}
