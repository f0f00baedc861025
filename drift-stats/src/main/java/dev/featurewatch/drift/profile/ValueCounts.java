package dev.featurewatch.drift.profile;

import java.util.Arrays;

/**
 * Exact counts of a numeric feature's distinct finite values, kept when there are at most {@link
 * NumericProfile#MAX_TRACKED_VALUES} of them: the values in ascending order, each with a count of
 * at least 1. {@code -0.0} and {@code 0.0} are one value, held as {@code 0.0}. Immutable; the
 * accessors return copies.
 *
 * <p>This is what lets a feature with few distinct values (see {@code MethodSelector.FEW_VALUES})
 * be compared value by value from a profile, without the raw reference data.
 *
 * <pre>{@code
 * ValueCounts children = ValueCounts.of(new double[] {0, 1, 2}, new long[] {7, 5, 2});
 * children.total(); // 14
 * }</pre>
 */
public final class ValueCounts {

  private final double[] values;
  private final long[] counts;
  private final long total;

  private ValueCounts(double[] values, long[] counts, long total) {
    this.values = values;
    this.counts = counts;
    this.total = total;
  }

  /**
   * Counts per value.
   *
   * @param values 1 to {@value NumericProfile#MAX_TRACKED_VALUES} finite values, strictly ascending
   *     ({@code -0.0} is taken as {@code 0.0})
   * @param counts the count of each value, at least 1
   * @throws IllegalArgumentException naming the rule and the value found
   */
  public static ValueCounts of(double[] values, long[] counts) {
    if (values.length != counts.length) {
      throw new IllegalArgumentException(
          "values and counts must have the same length: "
              + values.length
              + " and "
              + counts.length);
    }
    if (values.length < 1 || values.length > NumericProfile.MAX_TRACKED_VALUES) {
      throw new IllegalArgumentException(
          "must have 1 to "
              + NumericProfile.MAX_TRACKED_VALUES
              + " values, found "
              + values.length);
    }
    double[] v = new double[values.length];
    long total = 0;
    for (int i = 0; i < v.length; i++) {
      v[i] = values[i] + 0.0; // -0.0 + 0.0 is 0.0
      if (!Double.isFinite(v[i])) {
        throw new IllegalArgumentException("values must be finite: " + values[i]);
      }
      if (i > 0 && !(v[i] > v[i - 1])) {
        throw new IllegalArgumentException(
            "values must be strictly ascending: " + values[i] + " after " + values[i - 1]);
      }
      if (counts[i] < 1) {
        throw new IllegalArgumentException(
            "counts must be >= 1: " + counts[i] + " for value " + values[i]);
      }
      total = Math.addExact(total, counts[i]);
    }
    return new ValueCounts(v, counts.clone(), total);
  }

  /** Without checks or copies, for arrays built by this package. */
  static ValueCounts trusted(double[] ascendingValues, long[] counts) {
    long total = 0;
    for (long c : counts) {
      total += c;
    }
    return new ValueCounts(ascendingValues, counts, total);
  }

  /** The number of distinct values, 1 to {@value NumericProfile#MAX_TRACKED_VALUES}. */
  public int size() {
    return values.length;
  }

  /** The distinct values, ascending, a copy. */
  public double[] values() {
    return values.clone();
  }

  /** The count of each value of {@link #values()}, a copy. */
  public long[] counts() {
    return counts.clone();
  }

  /** The sum of the counts: the number of finite values of the feature. */
  public long total() {
    return total;
  }

  /** How often {@code value} occurred, 0 if never. O(log size). */
  public long countOf(double value) {
    int i = Arrays.binarySearch(values, value + 0.0);
    return i >= 0 ? counts[i] : 0;
  }

  /** The index of {@code value} among {@link #values()}, or -1. */
  int indexOf(double value) {
    int i = Arrays.binarySearch(values, value + 0.0);
    return i >= 0 ? i : -1;
  }

  double valueAt(int i) {
    return values[i];
  }

  long countAt(int i) {
    return counts[i];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ValueCounts other
        && Arrays.equals(values, other.values)
        && Arrays.equals(counts, other.counts);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(values) + Arrays.hashCode(counts);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("ValueCounts{");
    for (int i = 0; i < values.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(values[i]).append('=').append(counts[i]);
    }
    return sb.append('}').toString();
  }
}
