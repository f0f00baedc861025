package dev.featurewatch.drift.profile;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Accumulates a categorical feature's values: exact counts per category, and nulls.
 *
 * <p><b>Mutable and not thread-safe</b>: the per-record hot path, owned by one task and combined
 * with {@link #merge}. {@link #add(String)} is one hash lookup and allocates only for a category
 * not seen before.
 *
 * <p>Memory is bounded: at most {@code maxTracked} distinct categories are tracked (default {@value
 * #DEFAULT_MAX_TRACKED}). Values of a new category beyond that cap are counted into "other", so
 * totals stay exact while the per-category counts cover only the tracked categories, and the number
 * of distinct categories becomes a lower bound, the tracked ones plus one ({@link
 * CategoricalProfile#distinctCapped()}). Which categories get tracked once the cap is hit depends
 * on arrival order; below the cap, merging is exact and order-independent.
 *
 * <p>{@code null} and the empty string are counted as missing ({@link MissingCounts#nulls()}).
 *
 * <pre>{@code
 * CategoricalAccumulator acc = CategoricalAccumulator.create("country");
 * for (String v : column) acc.add(v);
 * CategoricalProfile profile = acc.toProfile();
 * }</pre>
 */
public final class CategoricalAccumulator {

  /** Distinct categories tracked unless another cap is given. */
  public static final int DEFAULT_MAX_TRACKED = 10_000;

  private final String name;
  private final int maxTracked;
  // long[1] cells so that counting an existing category neither boxes nor allocates
  private final Map<String, long[]> counts = new HashMap<>();
  // the reference's categories, tracked outside the cap and always kept in the profile
  private final Set<String> pinned = new LinkedHashSet<>();
  private int trackedUnpinned;
  private long count;
  private long other;
  private boolean capReached;
  private long nulls;

  private CategoricalAccumulator(String name, int maxTracked) {
    this.name = NumericProfile.checkName(name);
    if (maxTracked < 1) {
      throw new IllegalArgumentException("maxTracked must be >= 1: " + maxTracked);
    }
    this.maxTracked = maxTracked;
  }

  /** An accumulator tracking up to {@link #DEFAULT_MAX_TRACKED} distinct categories. */
  public static CategoricalAccumulator create(String name) {
    return new CategoricalAccumulator(name, DEFAULT_MAX_TRACKED);
  }

  /** An accumulator tracking up to {@code maxTracked} distinct categories, at least 1. */
  public static CategoricalAccumulator create(String name, int maxTracked) {
    return new CategoricalAccumulator(name, maxTracked);
  }

  /**
   * An accumulator for live values of the reference's feature. It always counts the reference's
   * retained categories exactly (they do not use up the cap) and keeps them in its profile, so that
   * {@link CategoricalProfile#countsAlignedTo} is exact however many categories the window holds.
   */
  public static CategoricalAccumulator alignedTo(CategoricalProfile reference) {
    CategoricalAccumulator acc = new CategoricalAccumulator(reference.name(), DEFAULT_MAX_TRACKED);
    for (String category : reference.categories().keySet()) {
      acc.pin(category);
    }
    return acc;
  }

  private void pin(String category) {
    if (pinned.add(category) && counts.putIfAbsent(category, new long[1]) != null) {
      trackedUnpinned--;
    }
  }

  /** Counts one value; {@code null} or empty counts as missing. */
  public void add(String value) {
    if (value == null || value.isEmpty()) {
      nulls++;
      return;
    }
    count++;
    long[] cell = counts.get(value);
    if (cell != null) {
      cell[0]++;
    } else if (trackedUnpinned < maxTracked) {
      counts.put(value, new long[] {1});
      trackedUnpinned++;
    } else {
      other++;
      capReached = true;
    }
  }

  /** Counts an absent value. */
  public void addNull() {
    nulls++;
  }

  /**
   * Adds everything {@code other} has counted to this accumulator; {@code other} is not changed.
   * O(categories of other).
   *
   * @throws IllegalArgumentException if the two belong to different features
   */
  public void merge(CategoricalAccumulator that) {
    if (!name.equals(that.name)) {
      throw new IllegalArgumentException(
          "cannot merge profiles of different features: '" + name + "' and '" + that.name + "'");
    }
    for (String category : that.pinned) {
      pin(category);
    }
    for (Map.Entry<String, long[]> e : that.counts.entrySet()) {
      long n = e.getValue()[0];
      long[] cell = counts.get(e.getKey());
      if (cell != null) {
        cell[0] += n;
      } else if (trackedUnpinned < maxTracked) {
        counts.put(e.getKey(), new long[] {n});
        trackedUnpinned++;
      } else {
        other += n;
        capReached = true;
      }
    }
    count += that.count;
    other += that.other;
    capReached |= that.capReached;
    nulls += that.nulls;
  }

  /** Writes everything counted, every tracked category included; see {@link AccumulatorCodec}. */
  void writeTo(DataOutput out) throws IOException {
    AccumulatorCodec.writeString(out, name);
    out.writeInt(maxTracked);
    out.writeInt(pinned.size());
    for (String category : pinned) {
      AccumulatorCodec.writeString(out, category);
    }
    out.writeInt(counts.size());
    for (Map.Entry<String, long[]> e : counts.entrySet()) {
      AccumulatorCodec.writeString(out, e.getKey());
      out.writeLong(e.getValue()[0]);
    }
    out.writeLong(count);
    out.writeLong(other);
    out.writeBoolean(capReached);
    out.writeLong(nulls);
  }

  /** The accumulator {@link #writeTo} wrote, able to go on counting. */
  static CategoricalAccumulator readFrom(DataInput in) throws IOException {
    CategoricalAccumulator acc =
        new CategoricalAccumulator(AccumulatorCodec.readString(in), in.readInt());
    int pinnedCount = in.readInt();
    for (int i = 0; i < pinnedCount; i++) {
      acc.pinned.add(AccumulatorCodec.readString(in));
    }
    int tracked = in.readInt();
    for (int i = 0; i < tracked; i++) {
      String category = AccumulatorCodec.readString(in);
      acc.counts.put(category, new long[] {in.readLong()});
      if (!acc.pinned.contains(category)) {
        acc.trackedUnpinned++;
      }
    }
    acc.count = in.readLong();
    acc.other = in.readLong();
    acc.capReached = in.readBoolean();
    acc.nulls = in.readLong();
    return acc;
  }

  /** A profile keeping the {@link CategoricalProfile#DEFAULT_TOP_K} most frequent categories. */
  public CategoricalProfile toProfile() {
    return toProfile(CategoricalProfile.DEFAULT_TOP_K);
  }

  /**
   * An immutable profile keeping the {@code topK} most frequent categories (ties by name), plus the
   * reference's categories if this accumulator is {@linkplain #alignedTo aligned}; everything else
   * is in its "other" count. O(c log c) for c tracked categories.
   */
  public CategoricalProfile toProfile(int topK) {
    if (topK < 1) {
      throw new IllegalArgumentException("topK must be >= 1: " + topK);
    }
    List<Map.Entry<String, Long>> seen = new ArrayList<>();
    for (Map.Entry<String, long[]> e : counts.entrySet()) {
      if (e.getValue()[0] > 0) {
        seen.add(Map.entry(e.getKey(), e.getValue()[0]));
      }
    }
    seen.sort(CategoricalProfile.BY_COUNT_THEN_NAME);
    CategoricalProfile.Builder builder =
        CategoricalProfile.builder(name)
            .nulls(nulls) // once capped, at least one category beyond the tracked ones was seen
            .distinct(capReached ? seen.size() + 1 : seen.size(), capReached);
    long retained = 0;
    for (Map.Entry<String, Long> e : seen.subList(0, Math.min(topK, seen.size()))) {
      builder.category(e.getKey(), e.getValue());
      retained += e.getValue();
    }
    for (String category : pinned) {
      long n = counts.get(category)[0];
      if (builder.categoryIfAbsent(category, n)) {
        retained += n;
      }
    }
    return builder.other(count - retained).build();
  }
}
