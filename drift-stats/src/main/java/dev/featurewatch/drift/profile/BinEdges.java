package dev.featurewatch.drift.profile;

import java.util.Arrays;

/**
 * Bin edges fitted on reference data, with two open-ended outer bins so that live values outside
 * the reference range are counted rather than dropped.
 *
 * <p>With strictly increasing edges {@code e[0] < e[1] < ... < e[m-1]} (where {@code e[0]} is the
 * reference minimum and {@code e[m-1]} its maximum) the bins are, by index:
 *
 * <ul>
 *   <li>{@code 0}: {@code (-inf, e[0])}, below the reference range;
 *   <li>{@code 1 .. m-1}: {@code [e[i-1], e[i])}, the last one closed on the right, {@code [e[m-2],
 *       e[m-1]]} (the same convention as numpy's {@code histogram});
 *   <li>{@code m}: {@code (e[m-1], +inf)}, above the reference range.
 * </ul>
 *
 * A constant reference ({@code m == 1}) has a single interior bin {@code [c, c]}, so {@link
 * #binCount()} is always {@code interiorBins() + 2}. Instances are immutable.
 */
public final class BinEdges {

  private final double[] edges;

  private BinEdges(double[] edges) {
    this.edges = edges;
  }

  /**
   * Edges from explicit values, which must be finite and strictly increasing.
   *
   * @throws IllegalArgumentException naming the first offending edge
   */
  public static BinEdges of(double... edges) {
    if (edges.length == 0) {
      throw new IllegalArgumentException("bin edges: need at least one edge, found none");
    }
    for (int i = 0; i < edges.length; i++) {
      if (!Double.isFinite(edges[i])) {
        throw new IllegalArgumentException("bin edges: edge " + i + " must be finite: " + edges[i]);
      }
      if (i > 0 && !(edges[i] > edges[i - 1])) {
        throw new IllegalArgumentException(
            "bin edges: must be strictly increasing, edge "
                + i
                + " is "
                + edges[i]
                + " after "
                + edges[i - 1]);
      }
    }
    return new BinEdges(edges.clone());
  }

  /**
   * Quantile edges of the reference: the minimum, the {@code i / bins} quantiles for {@code 0 < i <
   * bins}, and the maximum, with duplicates (from ties) removed. Quantiles are interpolated
   * linearly between order statistics (Hyndman and Fan type 7, numpy's default).
   *
   * @param sortedFinite the reference values, sorted ascending, all finite, at least one
   * @param bins the number of quantile bins wanted, at least 1; ties may give fewer
   */
  public static BinEdges fitQuantiles(double[] sortedFinite, int bins) {
    if (bins < 1) {
      throw new IllegalArgumentException("bins must be >= 1: " + bins);
    }
    if (sortedFinite.length == 0) {
      throw new IllegalArgumentException("cannot fit bin edges on an empty reference");
    }
    double[] candidates = new double[bins + 1];
    for (int i = 0; i <= bins; i++) {
      candidates[i] = quantileType7(sortedFinite, (double) i / bins);
    }
    return of(distinctAscending(candidates));
  }

  /**
   * The type-7 quantile of sorted values: {@code x[lo] + (h - lo) * (x[lo + 1] - x[lo])} with
   * {@code h = (n - 1) p}.
   */
  static double quantileType7(double[] sorted, double p) {
    double h = (sorted.length - 1) * p;
    int lo = (int) Math.floor(h);
    if (lo >= sorted.length - 1) {
      return sorted[sorted.length - 1];
    }
    double frac = h - lo;
    return frac == 0 ? sorted[lo] : sorted[lo] + frac * (sorted[lo + 1] - sorted[lo]);
  }

  static double[] distinctAscending(double[] ascending) {
    double[] out = new double[ascending.length];
    int n = 0;
    for (double v : ascending) {
      if (n == 0 || v > out[n - 1]) {
        out[n++] = v;
      }
    }
    return Arrays.copyOf(out, n);
  }

  /** The edges, a copy. */
  public double[] edges() {
    return edges.clone();
  }

  /** Number of bins between the reference minimum and maximum: at least 1. */
  public int interiorBins() {
    return Math.max(1, edges.length - 1);
  }

  /** Number of bins in all, the two outer bins included. */
  public int binCount() {
    return interiorBins() + 2;
  }

  /**
   * The index of the bin holding {@code value}, as described in the class comment.
   *
   * @throws IllegalArgumentException if the value is NaN (missing values are counted separately)
   */
  public int binOf(double value) {
    if (Double.isNaN(value)) {
      throw new IllegalArgumentException("NaN has no bin: count it as missing");
    }
    int m = edges.length;
    if (value < edges[0]) {
      return 0;
    }
    if (value > edges[m - 1]) {
      return interiorBins() + 1;
    }
    // number of edges <= value, in 1..m; the maximum itself belongs to the last interior bin
    int upper = upperBound(value);
    return Math.min(upper, interiorBins());
  }

  private int upperBound(double value) {
    int lo = 0;
    int hi = edges.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (edges[mid] <= value) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Counts of the non-NaN values per bin, {@link #binCount()} long. */
  public long[] histogram(double[] values) {
    long[] counts = new long[binCount()];
    for (double v : values) {
      if (!Double.isNaN(v)) {
        counts[binOf(v)]++;
      }
    }
    return counts;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BinEdges other && Arrays.equals(edges, other.edges);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(edges);
  }

  @Override
  public String toString() {
    return "BinEdges" + Arrays.toString(edges);
  }
}
