package dev.featurewatch.drift.method;

import java.util.Arrays;

/**
 * The two-sample Kolmogorov–Smirnov test, two-sided, matching {@code scipy.stats.ks_2samp(x, y)}
 * with its defaults ({@code method='auto'}, {@code alternative='two-sided'}, scipy 1.17).
 *
 * <p>The statistic is {@code D = max_t |F(t) - G(t)|} over the empirical CDFs, evaluated at every
 * observed value (right-continuous, so ties are handled exactly). The p-value is:
 *
 * <ul>
 *   <li><b>exact</b> when {@code max(n1, n2) <= 10000}: D is first snapped to the lattice {@code h
 *       / lcm(n1, n2)} (scipy returns this snapped D), then the probability that a random lattice
 *       path leaves the band {@code |x/n1 - y/n2| < h/lcm} is counted. Equal sizes use the
 *       alternating-sum form of Drion/Gnedenko–Korolyuk in Horner form; unequal sizes use Hodges'
 *       (1958) "inside method" with Viehmann's (arXiv:2102.08037) recursion for the complement, as
 *       in scipy's {@code _compute_prob_outside_square} and {@code
 *       _compute_outer_prob_inside_method}. If the exact value is not a probability (numerical
 *       failure), the asymptotic one is used, as scipy does.
 *   <li><b>asymptotic</b> otherwise: {@code P(D_N > D)} of the one-sample two-sided distribution
 *       with {@code N = round(n1 n2 / (n1 + n2))} (see {@link KolmogorovDistribution}).
 * </ul>
 *
 * Time O((n1 + n2) log(n1 + n2)) for the statistic, O(max(n1, n2) · window) for the exact p-value.
 */
final class KolmogorovSmirnov {

  /**
   * Above this sample size scipy's 'auto' mode switches from the exact to the asymptotic p-value.
   */
  static final int MAX_EXACT_N = 10000;

  private KolmogorovSmirnov() {}

  /** Statistic and p-value. */
  record Result(double statistic, double pValue) {}

  /** Both arrays non-empty and finite; they are not modified. */
  static Result test(double[] reference, double[] current) {
    double[] x = reference.clone();
    double[] y = current.clone();
    Arrays.sort(x);
    Arrays.sort(y);
    int n1 = x.length;
    int n2 = y.length;
    double d = statistic(x, y);
    if (Math.max(n1, n2) <= MAX_EXACT_N) {
      int g = gcd(n1, n2);
      long lcm = (long) (n1 / g) * n2;
      long h = (long) Math.rint(d * lcm);
      double snapped = (double) h / lcm;
      if (h == 0) {
        return new Result(snapped, 1.0);
      }
      double p = n1 == n2 ? probOutsideSquare(n1, (int) h) : probOutsideBand(n1, n2, g, h);
      if (p >= 0 && p <= 1) {
        return new Result(snapped, p);
      }
      return new Result(snapped, asymptoticPValue(snapped, n1, n2));
    }
    return new Result(d, asymptoticPValue(d, n1, n2));
  }

  /** {@code max |F - G|} over sorted samples, each CDF difference computed as scipy does. */
  static double statistic(double[] sortedX, double[] sortedY) {
    int n1 = sortedX.length;
    int n2 = sortedY.length;
    double max = 0;
    double min = 0;
    int i = 0;
    int j = 0;
    while (i < n1 || j < n2) {
      double t;
      if (j >= n2 || (i < n1 && sortedX[i] <= sortedY[j])) {
        t = sortedX[i];
      } else {
        t = sortedY[j];
      }
      while (i < n1 && sortedX[i] <= t) {
        i++;
      }
      while (j < n2 && sortedY[j] <= t) {
        j++;
      }
      double diff = (double) i / n1 - (double) j / n2;
      max = Math.max(max, diff);
      min = Math.min(min, diff);
    }
    double minS = Math.min(1.0, -min);
    return minS > max ? minS : max;
  }

  /**
   * Two-sided asymptotic p-value of scipy's {@code ks_2samp}: {@code kstwo.sf(d, round(n1 n2 / (n1
   * + n2)))}, with sizes taken as doubles so that large windows do not overflow.
   */
  static double asymptoticPValue(double d, double n1, double n2) {
    double m = Math.max(n1, n2);
    double n = Math.min(n1, n2);
    double en = m * n / (m + n);
    long effective = Math.max(1, (long) Math.rint(en));
    if (effective > Integer.MAX_VALUE) {
      return d > 0 ? 0.0 : 1.0;
    }
    return KolmogorovDistribution.survival((int) effective, d);
  }

  /**
   * {@code P(D_{n,n} >= h/n)} = {@code 2 Σ_k (-1)^k binom(2n, n - (k+1)h) / binom(2n, n)},
   * evaluated with each ratio formed term by term and combined Horner-like to avoid cancellation.
   */
  private static double probOutsideSquare(int n, int h) {
    double p = 0.0;
    int k = n / h;
    while (k >= 0) {
      double p1 = 1.0;
      for (int j = 0; j < h; j++) {
        p1 = (n - k * h - j) * p1 / (n + k * h + j + 1);
      }
      p = p1 * (1.0 - p);
      k--;
    }
    return 2 * p;
  }

  /**
   * The proportion of monotone lattice paths from (0, 0) to (m, n) that do not stay strictly inside
   * {@code |x/m - y/n| < h/lcm(m, n)}. One column of the path-count table is kept, as a sliding
   * window, and each entry is the complement probability directly (Viehmann's recursion), so no
   * large binomial is ever formed.
   */
  private static double probOutsideBand(int m0, int n0, int g, long h) {
    int m = Math.max(m0, n0);
    int n = Math.min(m0, n0);
    long mg = m / g;
    long ng = n / g;
    int minj = 0;
    int maxj = (int) Math.min(ceilDiv(h, mg), n + 1);
    int curlen = maxj - minj;
    int lenA = Math.min(2 * maxj + 2, n + 1);
    double[] a = new double[lenA];
    Arrays.fill(a, 1.0);
    Arrays.fill(a, minj, maxj, 0.0);
    for (int i = 1; i <= m; i++) {
      int lastminj = minj;
      int lastlen = curlen;
      minj = (int) Math.max(Math.floorDiv(ng * i - h, mg) + 1, 0);
      minj = Math.min(minj, n);
      maxj = (int) Math.min(ceilDiv(ng * i + h, mg), n + 1);
      if (maxj <= minj) {
        return 1.0;
      }
      double val = minj == 0 ? 0.0 : 1.0;
      for (int jj = 0; jj < maxj - minj; jj++) {
        int j = jj + minj;
        val = (a[jj + minj - lastminj] * i + val * j) / (i + j);
        a[jj] = val;
      }
      curlen = maxj - minj;
      if (lastlen > curlen) {
        Arrays.fill(a, maxj - minj, Math.min(lenA, maxj - minj + (lastlen - curlen)), 1.0);
      }
    }
    return a[maxj - minj - 1];
  }

  private static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }

  private static int gcd(int a, int b) {
    while (b != 0) {
      int t = a % b;
      a = b;
      b = t;
    }
    return a;
  }
}
