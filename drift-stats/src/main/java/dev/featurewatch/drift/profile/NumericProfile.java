package dev.featurewatch.drift.profile;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.datasketches.common.SketchesException;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;

/**
 * The profile of a numeric feature: counts, missing values by kind, minimum, maximum, mean,
 * variance, a KLL quantile sketch and, when bin edges were given, exact counts per bin. Immutable:
 * the sketch is held as its compact serialized bytes and handed out read-only.
 *
 * <p>Built by a {@link NumericAccumulator}, by {@link #ofReference} from a training column, or by
 * {@link #builder} when read back from a file. When {@link #count()} is 0, minimum, maximum, mean
 * and variances are NaN.
 */
public final class NumericProfile implements FeatureProfile {

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
      long[] binCounts) {
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
  }

  static String checkName(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("feature name must not be empty: '" + name + "'");
    }
    return name;
  }

  /**
   * The reference profile of a raw column: quantile bin edges fitted on its finite values (see
   * {@link BinEdges#fitQuantiles}) with exact counts per bin, and a sketch of {@link
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
   * The profile of both profiles' values together, as if one accumulator had seen them all.
   *
   * @throws IllegalArgumentException for different features or different bin edges
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
          binCounts);
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
        && Arrays.equals(binCounts, p.binCounts);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, count, missing, min, max, mean, populationVariance)
        + 31 * Arrays.hashCode(binCounts);
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
        + "]";
  }
}
