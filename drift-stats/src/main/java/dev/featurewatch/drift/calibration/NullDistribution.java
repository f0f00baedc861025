package dev.featurewatch.drift.calibration;

import java.util.Arrays;

/**
 * The simulated distribution of a score's extremeness (larger is more extreme) when nothing
 * changed, at one window size, and the p-values and quantiles it gives.
 *
 * <p>Inside the simulated range the p-value is the Monte-Carlo estimate {@code (1 + #{x >= e}) / (R
 * + 1)}, which never reads 0 and counts ties as extreme (so discrete scores stay conservative).
 * Beyond the top {@value #TAIL_SHARE} of the draws, where only a few draws remain, the tail is a
 * generalized Pareto distribution fitted to the excesses by the method of moments, its shape held
 * at 0 or above (exponential or heavier), as Knijnenburg et al. ("Fewer permutations, more accurate
 * P-values", Bioinformatics 2009) do for permutation tests: it resolves p-values below {@code 1 /
 * R}, which a false-discovery control over a dozen features at α = 0.01 needs, and never claims a
 * lighter tail than exponential. There the p-value is the larger of the tail's and the empirical
 * {@code #{x >= e} / (R + 1)}, so an atom of a discrete score is never undercounted.
 *
 * <p>Immutable.
 */
final class NullDistribution {

  /** Share of the largest draws the tail model is fitted to. */
  static final double TAIL_SHARE = 0.05;

  /** Fewer excesses than this and the tail is not modelled: p-values stop at {@code 1/(R+1)}. */
  private static final int MIN_EXCESSES = 10;

  private final double[] sorted;
  private final double u;
  private final int excesses;
  private final double xi;
  private final double beta;

  /**
   * @param draws the simulated extremeness values, finite; not modified
   */
  NullDistribution(double[] draws) {
    if (draws.length < 100) {
      throw new IllegalArgumentException("a null distribution needs >= 100 draws: " + draws.length);
    }
    this.sorted = draws.clone();
    Arrays.sort(sorted);
    int r = sorted.length;
    this.u = sorted[r - 1 - (int) Math.round(TAIL_SHARE * r)];
    int above = 0;
    double sum = 0;
    for (int i = r - 1; i >= 0 && sorted[i] > u; i--) {
      above++;
      sum += sorted[i] - u;
    }
    this.excesses = above;
    double mean = above == 0 ? 0 : sum / above;
    double squares = 0;
    for (int i = r - above; i < r; i++) {
      double d = sorted[i] - u - mean;
      squares += d * d;
    }
    double variance = above < 2 ? 0 : squares / (above - 1);
    // method of moments for the generalized Pareto: xi = (1 - mean^2/var) / 2, beta = mean (1 +
    // mean^2/var) / 2; a shape below 0 (a bounded tail) is held at 0, the exponential, whose
    // estimate is then the mean excess
    double ratio = variance > 0 ? mean * mean / variance : Double.POSITIVE_INFINITY;
    double shape = variance > 0 ? 0.5 * (1 - ratio) : 0;
    if (shape > 0) {
      this.xi = Math.min(shape, 0.5);
      this.beta = 0.5 * mean * (ratio + 1);
    } else {
      this.xi = 0;
      this.beta = mean;
    }
  }

  /** The draw at quantile {@code q} in [0, 1], by the nearest rank. */
  double empiricalQuantile(double q) {
    int i = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
    return sorted[i];
  }

  /** The probability of an extremeness of at least {@code e} when nothing changed. */
  double pValue(double e) {
    int r = sorted.length;
    int atLeast = r - lowerBound(e);
    if (e <= u || !tailModelled()) {
      return (1.0 + atLeast) / (r + 1.0);
    }
    return Math.max(tail(e), atLeast / (r + 1.0));
  }

  /**
   * The smallest extremeness whose {@link #pValue} is at most {@code alpha} (up to one ulp);
   * infinite if none is.
   */
  double quantile(double alpha) {
    int r = sorted.length;
    int k = (int) Math.floor(alpha * (r + 1));
    // in the body, (1 + #{x >= e}) / (R + 1) <= alpha: at most k - 1 draws at or above e
    double body =
        k < 1
            ? Double.POSITIVE_INFINITY
            : k > r ? Double.NEGATIVE_INFINITY : Math.nextUp(sorted[r - k]);
    if (!tailModelled() || body <= u) {
      return body;
    }
    // in the tail, the model's probability and #{x >= e} / (R + 1) both at most alpha
    double share = (double) excesses / r;
    double inTail;
    if (alpha >= share) {
      inTail = u;
    } else {
      double ratio = alpha / share;
      inTail = xi == 0 ? u - beta * Math.log(ratio) : u + beta / xi * (Math.pow(ratio, -xi) - 1);
      // the inverse is exact only up to rounding: step up to where the tail itself is at most alpha
      for (int i = 0; i < 1000 && tail(inTail) > alpha; i++) {
        inTail = Math.nextUp(inTail);
      }
    }
    double counted = k >= r ? Double.NEGATIVE_INFINITY : Math.nextUp(sorted[r - 1 - k]);
    return Math.max(Math.nextUp(u), Math.max(inTail, counted));
  }

  private boolean tailModelled() {
    return excesses >= MIN_EXCESSES && beta > 0;
  }

  private double tail(double e) {
    double share = (double) excesses / sorted.length;
    double y = (e - u) / beta;
    double p = xi == 0 ? share * Math.exp(-y) : share * Math.pow(1 + xi * y, -1 / xi);
    return Math.max(p, Double.MIN_NORMAL);
  }

  /** The first index whose draw is >= e. */
  private int lowerBound(double e) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < e) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
