package dev.featurewatch.drift.profile;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;

/**
 * Accumulates a numeric feature's values: counts, missing values by kind, minimum, maximum, mean
 * and variance, a KLL quantile sketch and, optionally, counts per bin of fixed {@link BinEdges}.
 *
 * <p><b>Mutable and not thread-safe</b>: this is the per-record hot path, meant to be owned by one
 * task (a window's aggregate, a column scan) and combined with {@link #merge}. {@link #add(double)}
 * does not allocate or box: values for the sketch are buffered in a fixed array of {@value
 * #BUFFER_SIZE} and handed to the sketch in batches, which is several times cheaper than one sketch
 * update per value.
 *
 * <p>Accuracy: mean and variance are kept for the values less a shift (the first value seen), so
 * that a large offset (epoch seconds, ids) does not eat the digits of the spread; each batch's
 * moments come from two passes over it, and batches and accumulators combine by the pairwise
 * formulas of Chan, Golub and LeVeque (1979), which stay accurate for large counts. Quantiles carry
 * the sketch's normalized rank error, about 1.65% at the default {@code k = 200} (99% confidence,
 * see {@link KllDoublesSketch#getNormalizedRankError(int, boolean)}); the sketch keeps {@code O(k
 * log(n / k))} values.
 *
 * <p>Distinct values: while a feature has at most {@value NumericProfile#MAX_TRACKED_VALUES}
 * distinct finite values, their exact counts are kept in two small sorted arrays (a branch-free
 * scan per value); at the first value beyond that, tracking stops for good and costs one
 * predictable branch per value from then on. An accumulator {@linkplain #alignedTo aligned} to a
 * reference that has {@linkplain NumericProfile#valueCounts() value counts} goes on counting, after
 * tracking stopped, the values equal to each reference value and all others together (a branch-free
 * scan of the at most 16 reference values), so {@link NumericProfile#valueCountsAlignedTo} stays
 * exact however many distinct values the live window holds.
 *
 * <pre>{@code
 * NumericAccumulator acc = NumericAccumulator.create("age");
 * for (double v : column) acc.add(v);
 * NumericProfile profile = acc.toProfile();
 * }</pre>
 */
public final class NumericAccumulator {

  /** KLL accuracy parameter used unless another is given. */
  public static final int DEFAULT_K = 200;

  static final int BUFFER_SIZE = 256;

  /**
   * Up to this many edges a branch-free linear scan finds the bin faster than a binary search,
   * whose branches the processor cannot predict on real data.
   */
  static final int MAX_SCAN_EDGES = 32;

  private final String name;
  private final BinEdges binEdges; // null when not binned
  private final double[] scanEdges; // the edges when few enough for a linear scan, else null
  private final long[] binCounts; // empty when not binned
  private KllDoublesSketch sketch; // replaced only when read back (readFrom)
  private final double[] buffer = new double[BUFFER_SIZE];
  private int buffered;

  private long count;
  private double shift; // the first value seen: mean is that of value - shift
  private double mean;
  private double m2; // sum of squared deviations from the mean
  private double min = Double.POSITIVE_INFINITY;
  private double max = Double.NEGATIVE_INFINITY;

  /*
   * Counts of values, in one of three modes (see the class comment), countedValues[0..counted)
   * always ascending:
   * - tracking: countedValues[0..counted) are the distinct values seen, -0.0 held as 0.0, and
   *   valueCounts[i] the count of countedValues[i];
   * - against the reference: countedValues is referenceValues (never written), counted its length,
   *   and valueCounts has one more entry, the count of values equal to none of them;
   * - stopped, not aligned: both null.
   */
  private final double[] referenceValues; // ascending; null unless aligned to value counts
  private double[] countedValues;
  private long[] valueCounts;
  private boolean tracking = true;
  private int counted;

  private long nulls;
  private long nan;
  private long positiveInfinity;
  private long negativeInfinity;

  private NumericAccumulator(String name, int k, BinEdges binEdges, double[] referenceValues) {
    this.name = NumericProfile.checkName(name);
    checkK(k);
    this.referenceValues = referenceValues;
    this.countedValues = new double[NumericProfile.MAX_TRACKED_VALUES];
    this.valueCounts = new long[NumericProfile.MAX_TRACKED_VALUES];
    this.binEdges = binEdges;
    this.binCounts = binEdges == null ? new long[0] : new long[binEdges.binCount()];
    double[] edges = binEdges == null ? null : binEdges.edges();
    this.scanEdges =
        edges != null && edges.length >= 2 && edges.length <= MAX_SCAN_EDGES ? edges : null;
    this.sketch = KllDoublesSketch.newHeapInstance(k);
  }

  /** An accumulator without bins and with a sketch of {@link #DEFAULT_K}. */
  public static NumericAccumulator create(String name) {
    return new NumericAccumulator(name, DEFAULT_K, null, null);
  }

  /**
   * An accumulator with a sketch of accuracy {@code k}, and bin counts against {@code binEdges}
   * unless it is null.
   *
   * @param k KLL accuracy parameter, 8 to 65535: larger is more accurate and bigger
   */
  public static NumericAccumulator create(String name, int k, BinEdges binEdges) {
    return new NumericAccumulator(name, k, binEdges, null);
  }

  /**
   * An accumulator for live values of the reference's feature, with the reference's bin edges and
   * sketch accuracy, so that {@link NumericProfile#countsAlignedTo} can compare the two; and, when
   * the reference has {@linkplain NumericProfile#valueCounts() value counts}, counting the live
   * values equal to each reference value, so that {@link NumericProfile#valueCountsAlignedTo} can.
   */
  public static NumericAccumulator alignedTo(NumericProfile reference) {
    return new NumericAccumulator(
        reference.name(),
        reference.sketchK(),
        reference.binEdges().orElse(null),
        reference.valueCounts().map(ValueCounts::values).orElse(null));
  }

  static void checkK(int k) {
    if (k < 8 || k > 65535) {
      throw new IllegalArgumentException("k must be >= 8 and <= 65535: " + k);
    }
  }

  /**
   * Adds a value: finite values are profiled, NaN and infinities counted as missing by kind.
   * Amortized O(1) plus finding the bin (a branch-free scan for up to {@value #MAX_SCAN_EDGES}
   * edges, a binary search beyond) plus, while values are counted, a scan of at most {@value
   * NumericProfile#MAX_TRACKED_VALUES} values.
   */
  public void add(double value) {
    if (!Double.isFinite(value)) {
      addNonFinite(value);
      return;
    }
    buffer[buffered++] = value;
    if (buffered == BUFFER_SIZE) {
      flush();
    }
  }

  private void flush() {
    if (buffered > 0) {
      process(buffer, buffered);
      buffered = 0;
    }
  }

  /**
   * Profiles a batch of finite values. Working a batch at a time keeps {@link #add} to a store and
   * a compare, lets these loops run without a division or a data-dependent branch per value, and
   * hands the sketch a whole batch, which is several times cheaper than one update per value. The
   * batch's mean and squared deviations come from two passes over it (stable, as the batch is small
   * and in cache) and join the running moments by Chan et al.'s pairwise formula.
   */
  private void process(double[] values, int n) {
    if (count == 0) {
      shift = values[0];
    }
    double sum = 0;
    double lo = min;
    double hi = max;
    for (int i = 0; i < n; i++) {
      double v = values[i];
      sum += v - shift;
      lo = v < lo ? v : lo;
      hi = v > hi ? v : hi;
    }
    double batchMean = sum / n;
    if (!Double.isFinite(batchMean)) {
      // the sum overflowed (values near ±1.8e308): the mean of the values divided first cannot
      batchMean = 0;
      for (int i = 0; i < n; i++) {
        batchMean += values[i] / n - shift / n;
      }
    }
    double batchM2 = 0;
    for (int i = 0; i < n; i++) {
      double d = (values[i] - shift) - batchMean;
      batchM2 += d * d;
    }
    combineMoments(n, batchMean, batchM2);
    // + 0.0 turns -0.0 into 0.0, so that the extremes do not depend on which zero came first
    min = lo + 0.0;
    max = hi + 0.0;
    if (scanEdges != null) {
      for (int i = 0; i < n; i++) {
        binCounts[scanBin(values[i])]++;
      }
    } else if (binEdges != null) {
      for (int i = 0; i < n; i++) {
        binCounts[binEdges.binOf(values[i])]++;
      }
    }
    for (int i = 0; i < n && countedValues != null; i++) {
      countValue(values[i]);
    }
    sketch.update(values, 0, n);
  }

  /**
   * One lookup for both modes: the number of counted values below {@code value} (a branch-free
   * scan, the values being ascending), which is its index if the value there is equal. A miss is
   * rare and predictable: a new distinct value while tracking, an "other" value against the
   * reference.
   */
  private void countValue(double value) {
    double[] values = countedValues;
    int n = counted;
    int below = 0;
    for (int i = 0; i < n; i++) {
      below += values[i] < value ? 1 : 0;
    }
    if (below < n && values[below] == value) { // true for -0.0 == 0.0
      valueCounts[below]++;
    } else if (!tracking) {
      valueCounts[n]++;
    } else if (n < values.length) {
      insertTracked(below, value + 0.0, 1); // -0.0 + 0.0 is 0.0
    } else {
      stopTracking();
      if (countedValues != null) {
        valueCounts[referenceSlot(value)]++;
      }
    }
  }

  private void insertTracked(int at, double value, long count) {
    System.arraycopy(countedValues, at, countedValues, at + 1, counted - at);
    System.arraycopy(valueCounts, at, valueCounts, at + 1, counted - at);
    countedValues[at] = value;
    valueCounts[at] = count;
    counted++;
  }

  /** The index of {@code value} among the reference values, or their number for any other. */
  private int referenceSlot(double value) {
    int i = Arrays.binarySearch(referenceValues, value + 0.0);
    return i >= 0 ? i : referenceValues.length;
  }

  /** Leaves tracking mode: to counting against the reference values if aligned, else to none. */
  private void stopTracking() {
    long[] againstReference = referenceValues == null ? null : countsAgainstReference();
    tracking = false;
    countedValues = againstReference == null ? null : referenceValues;
    valueCounts = againstReference;
    counted = againstReference == null ? 0 : referenceValues.length;
  }

  /** The values counted so far against the reference values; only when aligned and counting. */
  private long[] countsAgainstReference() {
    if (!tracking) {
      return valueCounts.clone();
    }
    long[] counts = new long[referenceValues.length + 1];
    for (int i = 0; i < counted; i++) {
      counts[referenceSlot(countedValues[i])] += valueCounts[i];
    }
    return counts;
  }

  /**
   * {@link BinEdges#binOf} for two or more edges: the number of edges at or below the value, less
   * one for the maximum itself, which closes the last interior bin.
   */
  private int scanBin(double value) {
    double[] edges = scanEdges;
    int atOrBelow = 0;
    for (double edge : edges) {
      atOrBelow += edge <= value ? 1 : 0;
    }
    return value == edges[edges.length - 1] ? atOrBelow - 1 : atOrBelow;
  }

  private void addNonFinite(double value) {
    if (Double.isNaN(value)) {
      nan++;
    } else if (value > 0) {
      positiveInfinity++;
    } else {
      negativeInfinity++;
    }
  }

  /** Counts an absent value. */
  public void addNull() {
    nulls++;
  }

  /**
   * Adds everything {@code other} has seen to this accumulator; {@code other} is not changed.
   *
   * @throws IllegalArgumentException if the two belong to different features or have different bin
   *     edges (counts against different bins cannot be added)
   */
  public void merge(NumericAccumulator other) {
    if (!name.equals(other.name)) {
      throw new IllegalArgumentException(
          "cannot merge profiles of different features: '" + name + "' and '" + other.name + "'");
    }
    if (!Objects.equals(binEdges, other.binEdges)) {
      throw new IllegalArgumentException(
          "cannot merge '"
              + name
              + "' with different bin edges: "
              + binEdges
              + " and "
              + other.binEdges);
    }
    if (!Arrays.equals(referenceValues, other.referenceValues)) {
      throw new IllegalArgumentException(
          "cannot merge '"
              + name
              + "' counted against different reference values: "
              + Arrays.toString(referenceValues)
              + " and "
              + Arrays.toString(other.referenceValues));
    }
    mergeValueCounts(other);
    if (count == 0) {
      shift = other.shift;
    }
    // other's mean, from its shift to this one's
    combineMoments(
        other.count, other.count == 0 ? 0 : (other.shift - shift) + other.mean, other.m2);
    min = Math.min(min, other.min);
    max = Math.max(max, other.max);
    for (int i = 0; i < binCounts.length; i++) {
      binCounts[i] += other.binCounts[i];
    }
    flush();
    sketch.merge(other.sketch);
    if (other.buffered > 0) {
      process(other.buffer, other.buffered); // other's values not yet profiled, other unchanged
    }
    nulls += other.nulls;
    nan += other.nan;
    positiveInfinity += other.positiveInfinity;
    negativeInfinity += other.negativeInfinity;
  }

  /**
   * Union of the tracked counts while it has at most {@value NumericProfile#MAX_TRACKED_VALUES}
   * values; else counts against the reference values (both accumulators counted every value, as
   * tracked values or against the reference values), or none.
   */
  private void mergeValueCounts(NumericAccumulator other) {
    if (countedValues == null) {
      return; // stopped and not aligned: so is other, or it was never aligned
    }
    if (other.countedValues == null) {
      stopTracking(); // neither is aligned: other's values were not counted
      return;
    }
    if (tracking && other.tracking) {
      int union = counted;
      for (int j = 0; j < other.counted; j++) {
        union += indexOfTracked(other.countedValues[j]) < 0 ? 1 : 0;
      }
      if (union <= countedValues.length) {
        for (int j = 0; j < other.counted; j++) {
          int i = indexOfTracked(other.countedValues[j]);
          if (i < 0) {
            insertTracked(-i - 1, other.countedValues[j], other.valueCounts[j]);
          } else {
            valueCounts[i] += other.valueCounts[j];
          }
        }
        return;
      }
    }
    if (referenceValues == null) {
      stopTracking();
      return;
    }
    long[] otherCounts = other.countsAgainstReference();
    stopTracking();
    for (int i = 0; i < valueCounts.length; i++) {
      valueCounts[i] += otherCounts[i];
    }
  }

  /** As {@link Arrays#binarySearch}: the index, or {@code -(insertion point) - 1}. */
  private int indexOfTracked(double value) {
    return Arrays.binarySearch(countedValues, 0, counted, value);
  }

  /** Chan et al.'s pairwise combination of (count, mean, m2). */
  private void combineMoments(long otherCount, double otherMean, double otherM2) {
    if (otherCount == 0) {
      return;
    }
    if (count == 0) {
      count = otherCount;
      mean = otherMean;
      m2 = otherM2;
      return;
    }
    long n = count + otherCount;
    double delta = otherMean - mean;
    double weight = (double) otherCount / n;
    mean += delta * weight;
    m2 += otherM2 + delta * delta * count * weight;
    count = n;
  }

  /**
   * Writes the accumulator's state, bit for bit, after handing the buffered values to the sketch;
   * see {@link AccumulatorCodec}. Synchronized: Flink's heap state backend serializes a window for
   * an asynchronous snapshot on its own thread while the task thread may copy the same window
   * through these bytes, and the two flushing at once corrupted the sketch (an {@code
   * ArrayIndexOutOfBoundsException} in KLL's update, and a failover of the job). The flush itself
   * must stay: the sketch is randomized, so handing the buffer to a copy instead would write a
   * sketch that the accumulator itself never holds. Nothing else runs on two threads: the backend
   * copies a window before the task changes it while a snapshot still reads it.
   */
  synchronized void writeTo(DataOutput out) throws IOException {
    flush();
    AccumulatorCodec.writeString(out, name);
    out.writeInt(sketch.getK());
    writeDoubles(out, binEdges == null ? null : binEdges.edges());
    writeDoubles(out, referenceValues);
    out.writeBoolean(tracking);
    out.writeInt(counted);
    writeDoubles(out, countedValues == null ? null : Arrays.copyOf(countedValues, counted));
    writeLongs(out, valueCounts);
    writeLongs(out, binCounts);
    out.writeLong(count);
    out.writeDouble(shift);
    out.writeDouble(mean);
    out.writeDouble(m2);
    out.writeDouble(min);
    out.writeDouble(max);
    out.writeLong(nulls);
    out.writeLong(nan);
    out.writeLong(positiveInfinity);
    out.writeLong(negativeInfinity);
    byte[] sketchBytes = sketch.toByteArray();
    out.writeInt(sketchBytes.length);
    out.write(sketchBytes);
  }

  /** The accumulator {@link #writeTo} wrote, able to go on. */
  static NumericAccumulator readFrom(DataInput in) throws IOException {
    String name = AccumulatorCodec.readString(in);
    int k = in.readInt();
    double[] edges = readDoubles(in);
    double[] reference = readDoubles(in);
    NumericAccumulator acc =
        new NumericAccumulator(name, k, edges == null ? null : BinEdges.of(edges), reference);
    acc.tracking = in.readBoolean();
    acc.counted = in.readInt();
    double[] counted = readDoubles(in);
    long[] counts = readLongs(in);
    if (reference != null && !acc.tracking) {
      acc.countedValues = reference;
      acc.valueCounts = counts;
    } else if (counted == null) {
      acc.countedValues = null;
      acc.valueCounts = null;
    } else {
      System.arraycopy(counted, 0, acc.countedValues, 0, counted.length);
      System.arraycopy(counts, 0, acc.valueCounts, 0, counts.length);
    }
    long[] bins = readLongs(in);
    System.arraycopy(bins, 0, acc.binCounts, 0, bins.length);
    acc.count = in.readLong();
    acc.shift = in.readDouble();
    acc.mean = in.readDouble();
    acc.m2 = in.readDouble();
    acc.min = in.readDouble();
    acc.max = in.readDouble();
    acc.nulls = in.readLong();
    acc.nan = in.readLong();
    acc.positiveInfinity = in.readLong();
    acc.negativeInfinity = in.readLong();
    byte[] sketchBytes = new byte[in.readInt()];
    in.readFully(sketchBytes);
    acc.sketch = KllDoublesSketch.heapify(Memory.wrap(sketchBytes));
    return acc;
  }

  private static void writeDoubles(DataOutput out, double[] values) throws IOException {
    out.writeInt(values == null ? -1 : values.length);
    for (int i = 0; values != null && i < values.length; i++) {
      out.writeDouble(values[i]);
    }
  }

  private static double[] readDoubles(DataInput in) throws IOException {
    int n = in.readInt();
    double[] values = n < 0 ? null : new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = in.readDouble();
    }
    return values;
  }

  private static void writeLongs(DataOutput out, long[] values) throws IOException {
    out.writeInt(values == null ? -1 : values.length);
    for (int i = 0; values != null && i < values.length; i++) {
      out.writeLong(values[i]);
    }
  }

  private static long[] readLongs(DataInput in) throws IOException {
    int n = in.readInt();
    long[] values = n < 0 ? null : new long[n];
    for (int i = 0; i < n; i++) {
      values[i] = in.readLong();
    }
    return values;
  }

  /** An accumulator that continues from a profile, as if its values had been added. */
  static NumericAccumulator fromProfile(NumericProfile profile) {
    double[] referenceValues = profile.referenceValues();
    NumericAccumulator acc =
        new NumericAccumulator(
            profile.name(), profile.sketchK(), profile.binEdges().orElse(null), referenceValues);
    Optional<ValueCounts> tracked = profile.valueCounts();
    if (tracked.isPresent()) {
      ValueCounts v = tracked.get();
      for (int i = 0; i < v.size(); i++) {
        acc.countedValues[i] = v.valueAt(i);
        acc.valueCounts[i] = v.countAt(i);
      }
      acc.counted = v.size();
    } else if (profile.count() > 0) {
      acc.tracking = false;
      acc.countedValues = referenceValues;
      acc.valueCounts = referenceValues == null ? null : profile.referenceValueCounts();
      acc.counted = referenceValues == null ? 0 : referenceValues.length;
    }
    acc.count = profile.count();
    if (acc.count > 0) {
      acc.shift = profile.mean();
      acc.mean = 0;
      acc.m2 = profile.populationVariance() * acc.count;
      acc.min = profile.min();
      acc.max = profile.max();
    }
    long[] bins = profile.binCounts();
    System.arraycopy(bins, 0, acc.binCounts, 0, bins.length);
    acc.sketch.merge(profile.sketch());
    MissingCounts missing = profile.missing();
    acc.nulls = missing.nulls();
    acc.nan = missing.nan();
    acc.positiveInfinity = missing.positiveInfinity();
    acc.negativeInfinity = missing.negativeInfinity();
    return acc;
  }

  /**
   * An immutable snapshot of what was added so far; the accumulator can go on. O(sketch size).
   *
   * @throws IllegalArgumentException if the values are so large that their variance exceeds the
   *     largest double (a spread beyond about 1.3e154), which no profile can hold
   */
  public NumericProfile toProfile() {
    flush();
    boolean empty = count == 0;
    if (!empty && !(Double.isFinite(mean) && Double.isFinite(m2))) {
      throw new IllegalArgumentException(
          "feature '"
              + name
              + "': values too large to profile, their variance exceeds the largest double"
              + " (values from "
              + min
              + " to "
              + max
              + "): rescale the feature");
    }
    return new NumericProfile(
        name,
        count,
        new MissingCounts(nulls, nan, positiveInfinity, negativeInfinity),
        empty ? Double.NaN : min,
        empty ? Double.NaN : max,
        empty ? Double.NaN : shift + mean,
        empty ? Double.NaN : Math.max(0.0, m2 / count),
        sketch.toByteArray(),
        binEdges,
        Arrays.copyOf(binCounts, binCounts.length),
        tracking && counted > 0
            ? ValueCounts.trusted(
                Arrays.copyOf(countedValues, counted), Arrays.copyOf(valueCounts, counted))
            : null,
        referenceValues,
        referenceValues == null ? null : countsAgainstReference());
  }
}
