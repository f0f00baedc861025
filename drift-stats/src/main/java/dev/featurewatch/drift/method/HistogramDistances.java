package dev.featurewatch.drift.method;

/**
 * Distances between two aligned count vectors (bins of a numeric feature or categories), computed
 * on proportions {@code r_i = ref_i / Σ ref} and {@code c_i = cur_i / Σ cur}. Both totals must be
 * positive; callers check that. Natural logarithms unless stated.
 */
final class HistogramDistances {

  /**
   * What an empty bin's proportion is replaced with in PSI and KL, so that the logarithms stay
   * finite: Evidently's constant ({@code np.place(p, p == 0, 0.0001)}).
   */
  static final double EMPTY_BIN_PROPORTION = 1e-4;

  private HistogramDistances() {}

  /** {@code Σ (c_i - r_i) ln(c_i / r_i)} with empty proportions smoothed, not renormalised. */
  static double psi(long[] reference, long[] current) {
    double[] r = smoothed(proportions(reference));
    double[] c = smoothed(proportions(current));
    double sum = 0;
    for (int i = 0; i < r.length; i++) {
      sum += (c[i] - r[i]) * Math.log(c[i] / r[i]);
    }
    return sum;
  }

  /**
   * {@code KL(current ‖ reference) = Σ c_i ln(c_i / r_i)} with empty proportions smoothed and both
   * vectors then renormalised to sum to 1, as {@code scipy.stats.entropy(c, r)} does.
   */
  static double kl(long[] reference, long[] current) {
    double[] r = normalised(smoothed(proportions(reference)));
    double[] c = normalised(smoothed(proportions(current)));
    double sum = 0;
    for (int i = 0; i < r.length; i++) {
      sum += relativeEntropy(c[i], r[i]);
    }
    return Math.max(0.0, sum); // Gibbs' inequality; rounding may give -1e-17 for equal vectors
  }

  /**
   * The Jensen–Shannon distance with base-2 logarithms, {@code sqrt((KL(r ‖ m) + KL(c ‖ m)) / 2)}
   * with {@code m = (r + c) / 2}, as {@code scipy.spatial.distance.jensenshannon(r, c, base=2)}: in
   * [0, 1], no smoothing needed.
   */
  static double jensenShannon(long[] reference, long[] current) {
    double[] r = proportions(reference);
    double[] c = proportions(current);
    double left = 0;
    double right = 0;
    for (int i = 0; i < r.length; i++) {
      double m = (r[i] + c[i]) / 2.0;
      left += relativeEntropy(r[i], m);
      right += relativeEntropy(c[i], m);
    }
    double js = (left + right) / Math.log(2);
    return Math.sqrt(Math.max(0.0, js / 2.0));
  }

  /**
   * The Hellinger distance {@code sqrt(1 - Σ sqrt(r_i c_i))}, in [0, 1], computed in the equal and
   * cancellation-free form {@code sqrt(Σ (sqrt r_i - sqrt c_i)^2 / 2)}.
   */
  static double hellinger(long[] reference, long[] current) {
    double[] r = proportions(reference);
    double[] c = proportions(current);
    double sum = 0;
    for (int i = 0; i < r.length; i++) {
      double diff = Math.sqrt(r[i]) - Math.sqrt(c[i]);
      sum += diff * diff;
    }
    return Math.min(1.0, Math.sqrt(sum / 2.0));
  }

  /** The total variation distance {@code ½ Σ |r_i - c_i|}, in [0, 1]. */
  static double totalVariation(long[] reference, long[] current) {
    double[] r = proportions(reference);
    double[] c = proportions(current);
    double sum = 0;
    for (int i = 0; i < r.length; i++) {
      sum += Math.abs(r[i] - c[i]);
    }
    return Math.min(1.0, sum / 2.0);
  }

  /** {@code p ln(p / q)}, 0 when {@code p == 0} (scipy's {@code rel_entr}). */
  private static double relativeEntropy(double p, double q) {
    return p == 0 ? 0.0 : p * Math.log(p / q);
  }

  static double[] proportions(long[] counts) {
    double total = 0;
    for (long c : counts) {
      total += c;
    }
    double[] p = new double[counts.length];
    for (int i = 0; i < counts.length; i++) {
      p[i] = counts[i] / total;
    }
    return p;
  }

  private static double[] smoothed(double[] p) {
    double[] out = p.clone();
    for (int i = 0; i < out.length; i++) {
      if (out[i] == 0) {
        out[i] = EMPTY_BIN_PROPORTION;
      }
    }
    return out;
  }

  private static double[] normalised(double[] p) {
    double total = 0;
    for (double v : p) {
      total += v;
    }
    double[] out = new double[p.length];
    for (int i = 0; i < p.length; i++) {
      out[i] = p[i] / total;
    }
    return out;
  }
}
