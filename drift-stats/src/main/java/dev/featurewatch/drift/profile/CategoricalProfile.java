package dev.featurewatch.drift.profile;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The profile of a categorical feature: the most frequent categories with exact counts, one "other"
 * count for the rest, nulls, and the number of distinct categories. Immutable.
 *
 * <p>Retained categories are ordered by count, most frequent first, ties by name, so two profiles
 * of the same data are equal and serialize the same.
 */
public final class CategoricalProfile implements FeatureProfile {

  /** Categories retained by {@link CategoricalAccumulator#toProfile()}. */
  public static final int DEFAULT_TOP_K = 100;

  /** Unseen categories listed by {@link #countsAlignedTo(CategoricalProfile)}. */
  public static final int DEFAULT_MAX_UNSEEN = 20;

  static final Comparator<Map.Entry<String, Long>> BY_COUNT_THEN_NAME =
      Map.Entry.<String, Long>comparingByValue()
          .reversed()
          .thenComparing(Map.Entry.comparingByKey());

  private final String name;
  private final long count;
  private final MissingCounts missing;
  private final Map<String, Long> categories;
  private final long other;
  private final long distinct;
  private final boolean distinctCapped;

  private CategoricalProfile(Builder b, Map<String, Long> categories, long count) {
    this.name = b.name;
    this.missing = new MissingCounts(b.nulls, 0, 0, 0);
    this.categories = categories;
    this.other = b.other;
    this.count = count;
    this.distinct = b.distinct;
    this.distinctCapped = b.distinctCapped;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public FeatureType type() {
    return FeatureType.CATEGORICAL;
  }

  /** Non-null values: the retained categories' counts plus {@link #other()}. */
  @Override
  public long count() {
    return count;
  }

  /** Only {@link MissingCounts#nulls()} is used. */
  @Override
  public MissingCounts missing() {
    return missing;
  }

  /**
   * The retained categories and their exact counts, most frequent first (ties by name);
   * unmodifiable. A live profile {@linkplain CategoricalAccumulator#alignedTo aligned} to a
   * reference also retains the reference's categories, with count 0 if absent.
   */
  public Map<String, Long> categories() {
    return categories;
  }

  /** Values of all categories not retained. */
  public long other() {
    return other;
  }

  /**
   * Number of distinct categories seen; exact unless {@link #distinctCapped()}, then a lower bound.
   */
  public long distinct() {
    return distinct;
  }

  /**
   * Whether the accumulator hit its cap of tracked categories: {@link #distinct()} is then a lower
   * bound, and some values of untracked categories are in {@link #other()}.
   */
  public boolean distinctCapped() {
    return distinctCapped;
  }

  /**
   * As {@link #countsAlignedTo(CategoricalProfile, int)} listing up to {@value
   * #DEFAULT_MAX_UNSEEN}.
   */
  public AlignedCounts countsAlignedTo(CategoricalProfile reference) {
    return countsAlignedTo(reference, DEFAULT_MAX_UNSEEN);
  }

  /**
   * This (live) profile's counts next to the reference's, over the reference's retained categories
   * in its order and then one bucket for everything else; and the live categories the reference
   * does not retain, up to {@code maxUnseen}, most frequent first. O(live + reference categories).
   *
   * <p>Exact when the live side was built with {@link CategoricalAccumulator#alignedTo} or retains
   * every category it saw ({@link #other()} is 0).
   *
   * @throws IllegalArgumentException for another feature's reference, or if a reference category
   *     could be hidden in this profile's "other" count
   */
  public AlignedCounts countsAlignedTo(CategoricalProfile reference, int maxUnseen) {
    if (!name.equals(reference.name)) {
      throw new IllegalArgumentException(
          "cannot align '" + name + "' to the reference of '" + reference.name + "'");
    }
    if (maxUnseen < 0) {
      throw new IllegalArgumentException("maxUnseen must be >= 0: " + maxUnseen);
    }
    int buckets = reference.categories.size() + 1;
    long[] ref = new long[buckets];
    long[] live = new long[buckets];
    int i = 0;
    long aligned = 0;
    for (Map.Entry<String, Long> e : reference.categories.entrySet()) {
      Long n = categories.get(e.getKey());
      if (n == null && other > 0) {
        throw new IllegalArgumentException(
            "live profile of '"
                + name
                + "' may hide reference category '"
                + e.getKey()
                + "' in its other count "
                + other
                + ": build it with CategoricalAccumulator.alignedTo(reference)");
      }
      ref[i] = e.getValue();
      live[i] = n == null ? 0 : n;
      aligned += live[i];
      i++;
    }
    ref[i] = reference.other;
    live[i] = count - aligned;
    List<String> unseen = new ArrayList<>();
    for (Map.Entry<String, Long> e : categories.entrySet()) {
      if (unseen.size() == maxUnseen) {
        break;
      }
      if (e.getValue() > 0 && !reference.categories.containsKey(e.getKey())) {
        unseen.add(e.getKey());
      }
    }
    return new AlignedCounts(ref, live, unseen);
  }

  /** A builder for a profile read back from storage; {@link Builder#build()} checks consistency. */
  public static Builder builder(String name) {
    return new Builder(NumericProfile.checkName(name));
  }

  /** Builds a categorical profile; the count is the sum of the category counts and "other". */
  public static final class Builder {
    private final String name;
    private final Map<String, Long> categories = new LinkedHashMap<>();
    private long other;
    private long nulls;
    private long distinct = -1;
    private boolean distinctCapped;

    private Builder(String name) {
      this.name = name;
    }

    /**
     * A retained category and its count; order does not matter.
     *
     * @throws IllegalArgumentException for an empty or repeated category or a negative count
     */
    public Builder category(String value, long count) {
      if (!categoryIfAbsent(value, count)) {
        throw new IllegalArgumentException("category must not repeat: '" + value + "'");
      }
      return this;
    }

    boolean categoryIfAbsent(String value, long count) {
      if (value == null || value.isEmpty()) {
        throw new IllegalArgumentException("category must not be empty: '" + value + "'");
      }
      if (count < 0) {
        throw new IllegalArgumentException(
            "count of category '" + value + "' must be >= 0: " + count);
      }
      return categories.putIfAbsent(value, count) == null;
    }

    public Builder other(long other) {
      if (other < 0) {
        throw new IllegalArgumentException("other must be >= 0: " + other);
      }
      this.other = other;
      return this;
    }

    public Builder nulls(long nulls) {
      if (nulls < 0) {
        throw new IllegalArgumentException("nulls must be >= 0: " + nulls);
      }
      this.nulls = nulls;
      return this;
    }

    /**
     * The number of distinct categories seen; {@code capped} when it is only a lower bound.
     * Required.
     */
    public Builder distinct(long distinct, boolean capped) {
      if (distinct < 0) {
        throw new IllegalArgumentException("distinct must be >= 0: " + distinct);
      }
      this.distinct = distinct;
      this.distinctCapped = capped;
      return this;
    }

    /**
     * @throws IllegalArgumentException if distinct is missing or fewer than the categories counted
     */
    public CategoricalProfile build() {
      if (distinct < 0) {
        throw new IllegalArgumentException("profile of '" + name + "': distinct is required");
      }
      List<Map.Entry<String, Long>> sorted = new ArrayList<>(categories.entrySet());
      sorted.sort(BY_COUNT_THEN_NAME);
      Map<String, Long> ordered = new LinkedHashMap<>();
      long count = other;
      long nonZero = other > 0 ? 1 : 0;
      for (Map.Entry<String, Long> e : sorted) {
        ordered.put(e.getKey(), e.getValue());
        count = Math.addExact(count, e.getValue());
        nonZero += e.getValue() > 0 ? 1 : 0;
      }
      if (distinct < nonZero) {
        throw new IllegalArgumentException(
            "distinct must be >= the categories with a count"
                + (other > 0 ? " plus 1 for other" : "")
                + " ("
                + nonZero
                + "): "
                + distinct);
      }
      return new CategoricalProfile(this, Collections.unmodifiableMap(ordered), count);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CategoricalProfile p
        && name.equals(p.name)
        && count == p.count
        && missing.equals(p.missing)
        && List.copyOf(categories.entrySet()).equals(List.copyOf(p.categories.entrySet()))
        && other == p.other
        && distinct == p.distinct
        && distinctCapped == p.distinctCapped;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, count, missing, categories, other, distinct, distinctCapped);
  }

  @Override
  public String toString() {
    return "CategoricalProfile[name="
        + name
        + ", count="
        + count
        + ", missing="
        + missing
        + ", categories="
        + categories
        + ", other="
        + other
        + ", distinct="
        + distinct
        + (distinctCapped ? "+" : "")
        + "]";
  }
}
