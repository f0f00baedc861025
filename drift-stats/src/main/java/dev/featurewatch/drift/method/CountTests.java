package dev.featurewatch.drift.method;

import org.apache.commons.statistics.distribution.ChiSquaredDistribution;
import org.apache.commons.statistics.distribution.NormalDistribution;

/** Hypothesis tests on aligned count vectors; both totals positive, checked by the caller. */
final class CountTests {

  private static final NormalDistribution STANDARD_NORMAL = NormalDistribution.of(0, 1);

  private CountTests() {}

  /** Statistic and p-value. */
  record Result(double statistic, double pValue) {}

  /**
   * Pearson's chi-square goodness of fit of the current counts against the reference proportions
   * scaled to the current total ({@code scipy.stats.chisquare(current, expected)}).
   *
   * <ul>
   *   <li>Cells empty on both sides carry no information and are dropped; the degrees of freedom
   *       are the remaining cells minus one.
   *   <li>A cell never seen in the reference but seen now has expected count 0: the statistic is
   *       {@code +inf} and the p-value 0 (certain drift), as scipy returns.
   *   <li>A single remaining cell means both sides put everything in one category: identical
   *       distributions, statistic 0 and p-value 1 (scipy would return NaN with 0 degrees of
   *       freedom).
   * </ul>
   */
  static Result chiSquare(long[] reference, long[] current) {
    double referenceTotal = 0;
    double currentTotal = 0;
    int cells = 0;
    for (int i = 0; i < reference.length; i++) {
      referenceTotal += reference[i];
      currentTotal += current[i];
      if (reference[i] > 0 || current[i] > 0) {
        cells++;
      }
    }
    if (cells <= 1) {
      return new Result(0.0, 1.0);
    }
    double statistic = 0;
    for (int i = 0; i < reference.length; i++) {
      if (reference[i] == 0 && current[i] == 0) {
        continue;
      }
      if (reference[i] == 0) {
        return new Result(Double.POSITIVE_INFINITY, 0.0);
      }
      double expected = reference[i] / referenceTotal * currentTotal;
      double diff = current[i] - expected;
      statistic += diff * diff / expected;
    }
    double p = ChiSquaredDistribution.of(cells - 1).survivalProbability(statistic);
    return new Result(statistic, p);
  }

  /**
   * The pooled two-proportion z-test, two-sided, on the share of the first of two categories
   * ({@code statsmodels.stats.proportion.proportions_ztest([r0, c0], [nr, nc])}): {@code z = (p_r -
   * p_c) / sqrt(p (1 - p) (1/n_r + 1/n_c))} with the pooled share {@code p}, p-value {@code 2 (1 -
   * Φ(|z|))}. When both shares are equal (including the case where one category is absent
   * everywhere, which makes the standard error 0) z is 0 and the p-value 1.
   */
  static Result proportionsZ(long[] reference, long[] current) {
    double nr = (double) reference[0] + reference[1];
    double nc = (double) current[0] + current[1];
    double pr = reference[0] / nr;
    double pc = current[0] / nc;
    if (pr == pc) {
      return new Result(0.0, 1.0);
    }
    double pooled = (reference[0] + current[0]) / (nr + nc);
    double z = (pr - pc) / Math.sqrt(pooled * (1 - pooled) * (1 / nr + 1 / nc));
    return new Result(z, 2 * STANDARD_NORMAL.survivalProbability(Math.abs(z)));
  }
}
