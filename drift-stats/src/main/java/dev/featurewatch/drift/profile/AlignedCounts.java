package dev.featurewatch.drift.profile;

import java.util.Arrays;
import java.util.List;

/**
 * Reference and live counts over the same buckets, ready for a histogram drift method (PSI,
 * chi-square, Jensen-Shannon): bucket {@code i} means the same thing on both sides. Immutable.
 *
 * <p>For numeric features the buckets are the reference's bins, outer bins included (see {@link
 * BinEdges}), or, compared value by value ({@link NumericProfile#valueCountsAlignedTo}), the
 * reference's distinct values in ascending order and then one bucket for every other value. For
 * categorical features they are the reference's retained categories in the reference's order, then
 * one bucket for every other category.
 */
public final class AlignedCounts {

  private final long[] reference;
  private final long[] live;
  private final List<String> unseenCategories;

  AlignedCounts(long[] reference, long[] live, List<String> unseenCategories) {
    if (reference.length != live.length) {
      throw new IllegalArgumentException(
          "aligned counts must have equal lengths: " + reference.length + " and " + live.length);
    }
    this.reference = reference.clone();
    this.live = live.clone();
    this.unseenCategories = List.copyOf(unseenCategories);
  }

  /** Number of buckets, the same on both sides. */
  public int buckets() {
    return reference.length;
  }

  /** The reference's count per bucket, a copy. */
  public long[] reference() {
    return reference.clone();
  }

  /** The live count per bucket, a copy. */
  public long[] live() {
    return live.clone();
  }

  /**
   * Live categories that the reference does not retain, most frequent first, at most the bound
   * asked for. Only categories the live profile retains can be named: others are in its "other"
   * count. Empty for numeric bins; for numeric values compared value by value, the live values the
   * reference never had, as {@link Double#toString} text (see {@link
   * NumericProfile#valueCountsAlignedTo}).
   */
  public List<String> unseenCategories() {
    return unseenCategories;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AlignedCounts other
        && Arrays.equals(reference, other.reference)
        && Arrays.equals(live, other.live)
        && unseenCategories.equals(other.unseenCategories);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(reference) + Arrays.hashCode(live))
        + unseenCategories.hashCode();
  }

  @Override
  public String toString() {
    return "AlignedCounts[reference="
        + Arrays.toString(reference)
        + ", live="
        + Arrays.toString(live)
        + ", unseen="
        + unseenCategories
        + "]";
  }
}
