package dev.featurewatch.drift.profile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.datasketches.common.SketchesException;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;

/**
 * The profile of a numeric feature: counts, missing values by kind, minimum, maximum, mean,
 * variance, a KLL quantile sketch, when bin edges were given, exact counts per bin and, when the
 * feature has at most {@value #MAX_TRACKED_VALUES} distinct finite values, exact counts per value.
 * Immutable: the sketch is held as its compact serialized bytes and handed out read-only.
 *
 * <p>Built by a {@link NumericAccumulator}, by {@link #ofReference} from a training column, or by
 * {@link #builder} when read back from a file. When {@link #count()} is 0, minimum, maximum, mean
 * and variances are NaN.
 */
public final class NumericProfile implements FeatureProfile {

  /**
   * Exact counts per value ({@link #valueCounts()}) are kept for features with at most this many
   * distinct finite values.
   */
  public static final int MAX_TRACKED_VALUES = 16;

  private final String name;
  private final long count;
  private final MissingCounts missing;
  private final double min;
  private final double max;
  private final double mean;
  private final double populationVariance;
  private final byte[] sketchBytes; // compact KLL bytes, never handed out
  private final int sketchK;
  private final BinEdges binEdges; // null when not binned
  private final long[] binCounts; // empty when not binned
  private final ValueCounts valueCounts; // null for more than MAX_TRACKED_VALUES or no values
  // a live profile's counts against its reference's values (see valueCountsAlignedTo): the values,
  // ascending, and their counts followed by the count of all other values; both null when not
  // aligned. Never mutated, so they may be shared with the accumulator.
  private final double[] referenceValues;
  private final long[] referenceValueCounts;

  NumericProfile(
      String name,
      long count,
      MissingCounts missing,
      double min,
      double max,
      double mean,
      double populationVariance,
      byte[] sketchBytes,
      BinEdges binEdges,
      long[] binCounts,
      ValueCounts valueCounts,
      double[] referenceValues,
      long[] referenceValueCounts) {
    this.name = name;
    this.count = count;
    this.missing = missing;
    this.min = min;
    this.max = max;
    this.mean = mean;
    this.populationVariance = populationVariance;
    this.sketchBytes = sketchBytes;
    this.sketchK = wrap(sketchBytes).getK();
    this.binEdges = binEdges;
    this.binCounts = binCounts;
    this.valueCounts = valueCounts;
    this.referenceValues = referenceValues;
    this.referenceValueCounts = referenceValueCounts;
  }

  static String checkName(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("feature name must not be empty: '" + name + "'");
    }
    return name;
  }

  /**
   * The reference profile of a raw column: quantile bin edges fitted on its finite values (see
   * {@link BinEdges#fitQuantiles}) with exact counts per bin, exact counts per value if there are
   * at most {@value #MAX_TRACKED_VALUES} distinct ones, and a sketch of {@link
   * NumericAccumulator#DEFAULT_K}. NaN and infinities are counted as missing. A column with no
   * finite value gets a profile without bins. O(n log n) for the sort.
   *
   * @param bins the number of quantile bins wanted; ties may give fewer
   */
  public static NumericProfile ofReference(String name, double[] values, int bins) {
    return ofReference(name, values, bins, NumericAccumulator.DEFAULT_K);
  }

  /** As {@link #ofReference(String, double[], int)}, with a sketch of accuracy {@code k}. */
  public static NumericProfile ofReference(String name, double[] values, int bins, int k) {
    if (bins < 1) {
      throw new IllegalArgumentException("bins must be >= 1: " + bins);
    }
    double[] finite = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
    BinEdges edges = finite.length == 0 ? null : BinEdges.fitQuantiles(finite, bins);
    NumericAccumulator acc = NumericAccumulator.create(name, k, edges);
    for (double v : values) {
      acc.add(v);
    }
    return acc.toProfile();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public FeatureType type() {
    return FeatureType.NUMERIC;
  }

  @Override
  public long count() {
    return count;
  }

  @Override
  public MissingCounts missing() {
    return missing;
  }

  /** The smallest finite value, NaN when there is none. */
  public double min() {
    return min;
  }

  /** The largest finite value, NaN when there is none. */
  public double max() {
    return max;
  }

  /** The mean of the finite values, NaN when there is none. */
  public double mean() {
    return mean;
  }

  /**
   * Variance with divisor {@code n} (numpy's default, {@code ddof=0}): the spread of exactly these
   * values. NaN when there is no value.
   */
  public double populationVariance() {
    return populationVariance;
  }

  /**
   * Variance with divisor {@code n - 1} (Bessel's correction, {@code ddof=1}): the unbiased
   * estimate of the variance of the population the values were drawn from. NaN for fewer than two
   * values.
   */
  public double sampleVariance() {
    return count < 2 ? Double.NaN : populationVariance * count / (count - 1);
  }

  /**
   * The quantile sketch, read-only (updates throw), a new wrapper over the profile's bytes on each
   * call. Queries on it are {@code O(retained items)} the first time, then {@code O(log retained)}.
   */
  public KllDoublesSketch sketch() {
    return wrap(sketchBytes);
  }

  /** The sketch's accuracy parameter {@code k}. */
  public int sketchK() {
    return sketchK;
  }

  private static KllDoublesSketch wrap(byte[] bytes) {
    return KllDoublesSketch.wrap(Memory.wrap(bytes));
  }

  /** The bin edges counted against, empty when the profile is not binned. */
  public Optional<BinEdges> binEdges() {
    return Optional.ofNullable(binEdges);
  }

  /**
   * Exact counts of the finite values per bin, {@link BinEdges#binCount()} long (outer bins
   * included), a copy; empty when the profile is not binned.
   */
  public long[] binCounts() {
    return binCounts.clone();
  }

  /**
   * The exact count of each distinct finite value, present exactly when the feature had at least
   * one and at most {@value #MAX_TRACKED_VALUES} distinct finite values. A profile read from a
   * baseline file written before value counts existed has none, whatever its values.
   */
  public Optional<ValueCounts> valueCounts() {
    return Optional.ofNullable(valueCounts);
  }

  /**
   * The number of distinct finite values, exact up to {@value #MAX_TRACKED_VALUES}; otherwise
   * {@code MAX_TRACKED_VALUES + 1}, a lower bound. Enough to choose a drift method, which compares
   * it with {@code MethodSelector.FEW_VALUES} (5):
   *
   * <pre>{@code
   * MethodSelector.select(FeatureType.NUMERIC, profile.count(), profile.distinctValuesCapped());
   * }</pre>
   */
  public long distinctValuesCapped() {
    if (count == 0) {
      return 0;
    }
    return valueCounts == null ? MAX_TRACKED_VALUES + 1 : valueCounts.size();
  }

  /** The values this live profile was counted against, ascending; null when not aligned. */
  double[] referenceValues() {
    return referenceValues;
  }

  /**
   * Counts per {@link #referenceValues()} and then of all others, a copy; null when not aligned.
   */
  long[] referenceValueCounts() {
    return referenceValueCounts == null ? null : referenceValueCounts.clone();
  }

  /**
   * The profile of both profiles' values together, as if one accumulator had seen them all.
   *
   * @throws IllegalArgumentException for different features, different bin edges or live profiles
   *     aligned to different reference values
   */
  public NumericProfile mergedWith(NumericProfile other) {
    NumericAccumulator acc = NumericAccumulator.fromProfile(this);
    acc.merge(NumericAccumulator.fromProfile(other));
    return acc.toProfile();
  }

  /**
   * This (live) profile's bin counts next to the reference's, over the reference's bins. Build the
   * live side with {@link NumericAccumulator#alignedTo(NumericProfile)} so the edges are the same.
   *
   * @throws IllegalArgumentException for another feature's reference, if either side is not binned,
   *     or if the bin edges differ
   */
  public AlignedCounts countsAlignedTo(NumericProfile reference) {
    if (!name.equals(reference.name)) {
      throw new IllegalArgumentException(
          "cannot align '" + name + "' to the reference of '" + reference.name + "'");
    }
    if (reference.binEdges == null) {
      throw new IllegalArgumentException(
          "reference profile of '" + reference.name + "' has no bin edges to align to");
    }
    if (!reference.binEdges.equals(binEdges)) {
      throw new IllegalArgumentException(
          "live profile of '"
              + name
              + "' must be counted against the reference's bin edges "
              + reference.binEdges
              + ", found "
              + binEdges
              + ": build it with NumericAccumulator.alignedTo(reference)");
    }
    return new AlignedCounts(reference.binCounts, binCounts, List.of());
  }

  /**
   * This (live) profile's counts of each of the reference's distinct values next to the
   * reference's, for comparing a feature with few values value by value: one bucket per reference
   * value in ascending order, then one for all other values. The live values the reference never
   * had are listed, most frequent first (ties by value), as {@link Double#toString} text, at most
   * {@link CategoricalProfile#DEFAULT_MAX_UNSEEN}; they can only be named while the live side has
   * its own {@link #valueCounts()}.
   *
   * <p>Exact whenever it returns: either the live profile has its own value counts (at most {@value
   * #MAX_TRACKED_VALUES} distinct values), or it was built with {@link
   * NumericAccumulator#alignedTo(NumericProfile)}, which counts against the reference values
   * however many distinct live values there are.
   *
   * @throws IllegalArgumentException for another feature's reference, a reference without value
   *     counts, or a live profile with more than {@value #MAX_TRACKED_VALUES} distinct values that
   *     was not counted against this reference's values
   */
  public AlignedCounts valueCountsAlignedTo(NumericProfile reference) {
    if (!name.equals(reference.name)) {
      throw new IllegalArgumentException(
          "cannot align '" + name + "' to the reference of '" + reference.name + "'");
    }
    if (reference.valueCounts == null) {
      throw new IllegalArgumentException(
          "reference profile of '"
              + name
              + "' has no value counts to align to (no finite value, or more than "
              + MAX_TRACKED_VALUES
              + " distinct ones): "
              + reference.distinctValuesCapped()
              + " distinct values");
    }
    ValueCounts ref = reference.valueCounts;
    long[] refCounts = Arrays.copyOf(ref.counts(), ref.size() + 1);
    List<String> unseen = new ArrayList<>();
    if (valueCounts != null || count == 0) {
      long[] live = new long[ref.size() + 1];
      List<Integer> unseenIndexes = new ArrayList<>();
      for (int i = 0; valueCounts != null && i < valueCounts.size(); i++) {
        int slot = ref.indexOf(valueCounts.valueAt(i));
        if (slot < 0) {
          live[ref.size()] += valueCounts.countAt(i);
          unseenIndexes.add(i);
        } else {
          live[slot] = valueCounts.countAt(i);
        }
      }
      // most frequent first; the values are ascending, and the sort is stable
      unseenIndexes.sort(Comparator.comparingLong(i -> -valueCounts.countAt(i)));
      for (int i : unseenIndexes) {
        if (unseen.size() == CategoricalProfile.DEFAULT_MAX_UNSEEN) {
          break;
        }
        unseen.add(Double.toString(valueCounts.valueAt(i)));
      }
      return new AlignedCounts(refCounts, live, unseen);
    }
    if (!Arrays.equals(referenceValues, ref.values())) {
      throw new IllegalArgumentException(
          "live profile of '"
              + name
              + "' has more than "
              + MAX_TRACKED_VALUES
              + " distinct values and was not counted against the reference values "
              + Arrays.toString(ref.values())
              + ": build it with NumericAccumulator.alignedTo(reference)");
    }
    return new AlignedCounts(refCounts, referenceValueCounts, unseen);
  }

  /** A builder for a profile read back from storage; {@link Builder#build()} checks consistency. */
  public static Builder builder(String name) {
    return new Builder(checkName(name));
  }

  /**
   * Builds a profile from stored parts. The count is the sketch's; the moments are required when it
   * is positive and must be absent (left unset) when it is 0.
   */
  public static final class Builder {
    private final String name;
    private MissingCounts missing = MissingCounts.NONE;
    private double min = Double.NaN;
    private double max = Double.NaN;
    private double mean = Double.NaN;
    private double populationVariance = Double.NaN;
    private byte[] sketchBytes;
    private BinEdges binEdges;
    private long[] binCounts = new long[0];
    private ValueCounts valueCounts;

    private Builder(String name) {
      this.name = name;
    }

    public Builder missing(MissingCounts missing) {
      this.missing = Objects.requireNonNull(missing, "missing");
      return this;
    }

    /** Minimum, maximum, mean and population variance of the finite values. */
    public Builder moments(double min, double max, double mean, double populationVariance) {
      this.min = min;
      this.max = max;
      this.mean = mean;
      this.populationVariance = populationVariance;
      return this;
    }

    /** The KLL doubles sketch of the finite values, serialized (compact or updatable form). */
    public Builder sketch(byte[] serializedSketch) {
      this.sketchBytes = serializedSketch.clone();
      return this;
    }

    /**
     * Exact counts per bin of {@code binEdges}, outer bins included.
     *
     * @throws IllegalArgumentException if the counts do not have {@link BinEdges#binCount()}
     *     entries or one is negative
     */
    public Builder bins(BinEdges binEdges, long[] binCounts) {
      if (binCounts.length != binEdges.binCount()) {
        throw new IllegalArgumentException(
            "must have "
                + binEdges.binCount()
                + " entries (bin edges + 2 outer bins), found "
                + binCounts.length);
      }
      for (int i = 0; i < binCounts.length; i++) {
        if (binCounts[i] < 0) {
          throw new IllegalArgumentException("entry " + i + " must be >= 0: " + binCounts[i]);
        }
      }
      this.binEdges = binEdges;
      this.binCounts = binCounts.clone();
      return this;
    }

    /**
     * The exact counts per distinct finite value, for a feature with at most {@value
     * #MAX_TRACKED_VALUES} of them; leave unset otherwise.
     */
    public Builder valueCounts(ValueCounts valueCounts) {
      this.valueCounts = Objects.requireNonNull(valueCounts, "valueCounts");
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the inconsistent part and its value
     */
    public NumericProfile build() {
      if (sketchBytes == null) {
        throw new IllegalArgumentException("profile of '" + name + "': sketch is required");
      }
      KllDoublesSketch sketch;
      try {
        sketch = KllDoublesSketch.heapify(Memory.wrap(sketchBytes));
      } catch (SketchesException | IndexOutOfBoundsException e) {
        throw new IllegalArgumentException(
            "sketch must be a serialized KLL doubles sketch: " + e.getMessage(), e);
      }
      long count = sketch.getN();
      if (count == 0) {
        if (!(Double.isNaN(min)
            && Double.isNaN(max)
            && Double.isNaN(mean)
            && Double.isNaN(populationVariance))) {
          throw new IllegalArgumentException(
              "min, max, mean and variance must be absent when count is 0: "
                  + List.of(min, max, mean, populationVariance));
        }
      } else {
        checkFinite("min", min);
        checkFinite("max", max);
        checkFinite("mean", mean);
        checkFinite("variance", populationVariance);
        if (min > max) {
          throw new IllegalArgumentException("min must be <= max: " + min + " > " + max);
        }
        if (populationVariance < 0) {
          throw new IllegalArgumentException("variance must be >= 0: " + populationVariance);
        }
      }
      long binned = Arrays.stream(binCounts).sum();
      if (binEdges != null && binned != count) {
        throw new IllegalArgumentException(
            "bin counts must sum to the count " + count + ", sum is " + binned);
      }
      if (valueCounts != null) {
        if (valueCounts.total() != count) {
          throw new IllegalArgumentException(
              "value counts must sum to the count " + count + ", sum is " + valueCounts.total());
        }
        double first = valueCounts.valueAt(0);
        double last = valueCounts.valueAt(valueCounts.size() - 1);
        if (first != min || last != max) {
          throw new IllegalArgumentException(
              "values must run from min "
                  + min
                  + " to max "
                  + max
                  + ", found "
                  + first
                  + " to "
                  + last);
        }
      }
      return new NumericProfile(
          name,
          count,
          missing,
          min,
          max,
          mean,
          populationVariance,
          sketch.toByteArray(),
          binEdges,
          binCounts,
          valueCounts,
          null,
          null);
    }

    private static void checkFinite(String what, double value) {
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException(what + " must be finite when count > 0: " + value);
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NumericProfile p
        && name.equals(p.name)
        && count == p.count
        && missing.equals(p.missing)
        && Double.compare(min, p.min) == 0
        && Double.compare(max, p.max) == 0
        && Double.compare(mean, p.mean) == 0
        && Double.compare(populationVariance, p.populationVariance) == 0
        && Arrays.equals(sketchBytes, p.sketchBytes)
        && Objects.equals(binEdges, p.binEdges)
        && Arrays.equals(binCounts, p.binCounts)
        && Objects.equals(valueCounts, p.valueCounts)
        && Arrays.equals(referenceValues, p.referenceValues)
        && Arrays.equals(referenceValueCounts, p.referenceValueCounts);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, count, missing, min, max, mean, populationVariance)
        + 31 * Arrays.hashCode(binCounts)
        + 961 * Objects.hashCode(valueCounts);
  }

  @Override
  public String toString() {
    return "NumericProfile[name="
        + name
        + ", count="
        + count
        + ", missing="
        + missing
        + ", min="
        + min
        + ", max="
        + max
        + ", mean="
        + mean
        + ", populationVariance="
        + populationVariance
        + ", k="
        + sketchK
        + ", binEdges="
        + binEdges
        + ", binCounts="
        + Arrays.toString(binCounts)
        + ", valueCounts="
        + valueCounts
        + (referenceValues == null
            ? ""
            : ", countsAgainstReferenceValues="
                + Arrays.toString(referenceValues)
                + "+other="
                + Arrays.toString(referenceValueCounts))
        + "]";
  }
}
