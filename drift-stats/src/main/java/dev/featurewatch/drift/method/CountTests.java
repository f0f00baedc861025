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
   * Pearson's chi-square test of homogeneity of the two samples: the 2 × k contingency table of
   * reference and current counts, {@code χ² = Σ (o - e)² / e} over both rows with {@code e = row
   * total × column total / N}, and {@code k - 1} degrees of freedom ({@code
   * scipy.stats.chi2_contingency(table, correction=False)}).
   *
   * <p>A two-sample test rather than a goodness of fit against the reference proportions (as
   * Evidently does): the reference is a sample too, and treating its proportions as exact inflates
   * the statistic by about {@code 1 + n_cur / n_ref}, so that equal-sized samples from one
   * distribution are flagged far more often than the threshold says. It also keeps a category new
   * in the current data finite: a strong signal, not an infinite one.
   *
   * <ul>
   *   <li>Categories empty on both sides carry no information and are dropped.
   *   <li>A single remaining category means both samples put everything in it: identical
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
    double total = referenceTotal + currentTotal;
    double statistic = 0;
    for (int i = 0; i < reference.length; i++) {
      double column = (double) reference[i] + current[i];
      if (column == 0) {
        continue;
      }
      double expectedReference = referenceTotal * column / total;
      double expectedCurrent = currentTotal * column / total;
      double r = reference[i] - expectedReference;
      double c = current[i] - expectedCurrent;
      statistic += r * r / expectedReference + c * c / expectedCurrent;
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
