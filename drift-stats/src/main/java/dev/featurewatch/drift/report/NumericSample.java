package dev.featurewatch.drift.report;

import dev.featurewatch.drift.profile.MissingCounts;
import java.util.Objects;

/**
 * The raw values of one numeric column, as read from a file: finite values kept for the exact drift
 * methods, everything else counted.
 *
 * <p>The array is taken over without a copy (samples can hold millions of values) and sorted in
 * place on first use; callers must not keep a reference to it.
 */
public final class NumericSample implements Sample {

  private final String name;
  private final double[] finite;
  private final MissingCounts missing;
  private final long invalid;
  private boolean sorted;

  /**
   * @param name the column name
   * @param finite the finite values, in any order; ownership passes to the sample
   * @param missing nulls, NaN and infinities
   * @param invalid values that could not be read as numbers (text in a numeric column)
   */
  public NumericSample(String name, double[] finite, MissingCounts missing, long invalid) {
    this.name = Objects.requireNonNull(name, "name");
    this.finite = Objects.requireNonNull(finite, "finite");
    this.missing = Objects.requireNonNull(missing, "missing");
    if (invalid < 0) {
      throw new IllegalArgumentException("invalid count must be >= 0: " + invalid);
    }
    this.invalid = invalid;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public long rows() {
    return finite.length + missing.total() + invalid;
  }

  @Override
  public long missing() {
    return missing.total();
  }

  @Override
  public long invalid() {
    return invalid;
  }

  /** Nulls, NaN and infinities by kind. */
  public MissingCounts missingCounts() {
    return missing;
  }

  /** Number of finite values. */
  public int size() {
    return finite.length;
  }

  /**
   * The finite values in ascending order. The array is shared, not copied: read it, don't change
   * it.
   */
  synchronized double[] sortedValues() {
    if (!sorted) {
      RadixSort.sort(finite);
      sorted = true;
    }
    return finite;
  }

  /** The finite values in ascending order, a copy. */
  public double[] sortedCopy() {
    return sortedValues().clone();
  }

  /** Number of distinct finite values. */
  long distinctValues() {
    double[] v = sortedValues();
    long distinct = 0;
    for (int i = 0; i < v.length; i++) {
      if (i == 0 || v[i] != v[i - 1]) {
        distinct++;
      }
    }
    return distinct;
  }
}
