package dev.featurewatch.drift.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * ADWIN, adaptive windowing (Bifet and Gavaldà, "Learning from time-changing data with adaptive
 * windowing", SDM 2007), in its ADWIN2 form: the window W of recent values is kept as an
 * exponential histogram, and whenever two sub-windows {@code W = W0 · W1} (W0 older) have means
 * that differ by more than
 *
 * <pre>
 *   eps_cut = sqrt(2 (1/m) var(W) ln(2 ln|W| / delta)) + (2/3) (1/m) ln(2 ln|W| / delta)
 *   1/m     = 1 / (n0 - minSubwindow + 1) + 1 / (n1 - minSubwindow + 1)
 * </pre>
 *
 * the oldest bucket is dropped, until no split differs that much. {@code update} returns true when
 * at least one bucket was dropped: the mean has changed, and {@link #estimate()} now rests on the
 * values since the change only. {@code 1/m} is the paper's {@code 1/n0 + 1/n1} with MOA's (and
 * river's) shrinking by the minimum sub-window length.
 *
 * <p>False alarms: with probability at least {@code 1 - delta} no cut happens while the mean is
 * constant (the paper's Theorem 3.1, for values in [0, 1]; the variance form above is its Bernstein
 * refinement). A change of the mean by {@code s} is detected once both sides of it hold about
 * {@code ln(ln|W| / delta) var / s^2} values.
 *
 * <p>Buckets: row i holds up to {@code maxBucketsPerRow} (M) buckets of 2^i values each, storing
 * their sum and sum of squared deviations; when a row holds M + 1, its two oldest merge into one
 * bucket of row i + 1. So memory is O(M log(|W| / M)) numbers, an {@code update} is amortised O(1)
 * and a check O(M log |W|) per bucket dropped; checks run every {@code clock} values, once the
 * window holds more than {@code gracePeriod}. The split points tried are the bucket boundaries, so
 * a cut point is located to within a bucket, a relative error of at most 1/M.
 *
 * <p>Compared with river 0.26's {@code drift.ADWIN}: the same defaults and test; river tries every
 * bucket boundary but the newest of each row, and after a detection river restarts from an empty
 * window, where this class keeps the values after the cut, as in the paper.
 */
public final class Adwin implements ChangeDetector {

  private final double delta;
  private final int clock;
  private final int maxBucketsPerRow;
  private final int minSubwindow;
  private final int gracePeriod;

  /** Row i: buckets of 2^i values, oldest first. */
  private final List<Row> rows = new ArrayList<>();

  private long width;
  private double total;

  /** Sum of squared deviations from the mean over the window. */
  private double squaredDeviations;

  private long ticks;

  private Adwin(Builder b) {
    this.delta = b.delta;
    this.clock = b.clock;
    this.maxBucketsPerRow = b.maxBucketsPerRow;
    this.minSubwindow = b.minSubwindow;
    this.gracePeriod = b.gracePeriod;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public boolean update(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("value must be finite: " + value);
    }
    insert(value);
    ticks++;
    boolean changed = false;
    if (ticks % clock == 0 && width > gracePeriod) {
      while (cutExists()) {
        dropOldestBucket();
        changed = true;
      }
    }
    return changed;
  }

  private void insert(double value) {
    width++;
    if (width > 1) {
      double previousMean = total / (width - 1);
      squaredDeviations += (width - 1) * (value - previousMean) * (value - previousMean) / width;
    }
    total += value;
    if (rows.isEmpty()) {
      rows.add(new Row(maxBucketsPerRow));
    }
    rows.get(0).append(value, 0);
    compress();
  }

  private void compress() {
    for (int i = 0; i < rows.size() && rows.get(i).size > maxBucketsPerRow; i++) {
      Row row = rows.get(i);
      if (i + 1 == rows.size()) {
        rows.add(new Row(maxBucketsPerRow));
      }
      double halfSize = Math.scalb(1.0, i) / 2; // n1 n2 / (n1 + n2) for n1 = n2 = 2^i
      double meanGap = (row.sums[0] - row.sums[1]) / Math.scalb(1.0, i);
      rows.get(i + 1)
          .append(
              row.sums[0] + row.sums[1],
              row.deviations[0] + row.deviations[1] + halfSize * meanGap * meanGap);
      row.removeOldest(2);
    }
  }

  /** Whether some split of the window into older and newer parts has means too far apart. */
  private boolean cutExists() {
    if (width < 2) {
      return false;
    }
    double n0 = 0;
    double n1 = width;
    double u0 = 0;
    double u1 = total;
    double variance = Math.max(0, squaredDeviations / width);
    double logTerm = Math.log(2 * Math.log(width) / delta);
    for (int i = rows.size() - 1; i >= 0; i--) {
      Row row = rows.get(i);
      double size = Math.scalb(1.0, i);
      for (int k = 0; k < row.size; k++) {
        n0 += size;
        n1 -= size;
        u0 += row.sums[k];
        u1 -= row.sums[k];
        if (n1 < minSubwindow) {
          return false;
        }
        if (n0 >= minSubwindow) {
          double mRecip = 1 / (n0 - minSubwindow + 1) + 1 / (n1 - minSubwindow + 1);
          double epsilon =
              Math.sqrt(2 * mRecip * variance * logTerm) + 2.0 / 3.0 * logTerm * mRecip;
          if (Math.abs(u0 / n0 - u1 / n1) > epsilon) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private void dropOldestBucket() {
    int last = rows.size() - 1;
    Row row = rows.get(last);
    double n = Math.scalb(1.0, last);
    double sum = row.sums[0];
    double bucketDeviations = row.deviations[0];
    width -= (long) n;
    total -= sum;
    double gap = sum / n - total / width;
    squaredDeviations -= bucketDeviations + n * width * gap * gap / (n + width);
    row.removeOldest(1);
    if (row.size == 0) {
      rows.remove(last);
    }
  }

  /** The mean of the current window. */
  @Override
  public OptionalDouble estimate() {
    return width == 0 ? OptionalDouble.empty() : OptionalDouble.of(total / width);
  }

  /** The length of the current window: the values since the last detected change. */
  @Override
  public long width() {
    return width;
  }

  @Override
  public void reset() {
    rows.clear();
    width = 0;
    total = 0;
    squaredDeviations = 0;
    ticks = 0;
  }

  @Override
  public String toString() {
    return "Adwin[delta="
        + delta
        + ", clock="
        + clock
        + ", maxBucketsPerRow="
        + maxBucketsPerRow
        + ", minSubwindow="
        + minSubwindow
        + ", gracePeriod="
        + gracePeriod
        + ", width="
        + width
        + "]";
  }

  /** One row of the exponential histogram: up to M + 1 buckets of equal size, oldest first. */
  private static final class Row {
    final double[] sums;
    final double[] deviations;
    int size;

    Row(int maxBuckets) {
      sums = new double[maxBuckets + 1];
      deviations = new double[maxBuckets + 1];
    }

    void append(double sum, double squaredDeviations) {
      sums[size] = sum;
      deviations[size] = squaredDeviations;
      size++;
    }

    void removeOldest(int count) {
      System.arraycopy(sums, count, sums, 0, size - count);
      System.arraycopy(deviations, count, deviations, 0, size - count);
      size -= count;
    }
  }

  /** Parameters of {@link Adwin}, each checked when set. */
  public static final class Builder {

    /** Default confidence: the probability of a false alarm while the mean is constant. */
    public static final double DEFAULT_DELTA = 0.002;

    /** Default number of values between checks. */
    public static final int DEFAULT_CLOCK = 32;

    /** Default buckets per row of the histogram (M). */
    public static final int DEFAULT_MAX_BUCKETS_PER_ROW = 5;

    /** Default minimum length of each sub-window of a split. */
    public static final int DEFAULT_MIN_SUBWINDOW = 5;

    /** Default window length below which no check runs. */
    public static final int DEFAULT_GRACE_PERIOD = 10;

    private double delta = DEFAULT_DELTA;
    private int clock = DEFAULT_CLOCK;
    private int maxBucketsPerRow = DEFAULT_MAX_BUCKETS_PER_ROW;
    private int minSubwindow = DEFAULT_MIN_SUBWINDOW;
    private int gracePeriod = DEFAULT_GRACE_PERIOD;

    private Builder() {}

    /** Confidence delta, within (0, 1): smaller means fewer false alarms and later detections. */
    public Builder delta(double delta) {
      if (!(delta > 0 && delta < 1)) {
        throw new IllegalArgumentException("delta must be within (0, 1): " + delta);
      }
      this.delta = delta;
      return this;
    }

    /** Check every this many values, {@code >= 1}; 1 checks every value, as the paper does. */
    public Builder clock(int clock) {
      if (clock < 1) {
        throw new IllegalArgumentException("clock must be >= 1: " + clock);
      }
      this.clock = clock;
      return this;
    }

    /** Buckets per histogram row M, {@code >= 2}: more is finer cut points and more memory. */
    public Builder maxBucketsPerRow(int maxBucketsPerRow) {
      if (maxBucketsPerRow < 2) {
        throw new IllegalArgumentException("maxBucketsPerRow must be >= 2: " + maxBucketsPerRow);
      }
      this.maxBucketsPerRow = maxBucketsPerRow;
      return this;
    }

    /** Minimum length of each side of a split, {@code >= 1}. */
    public Builder minSubwindow(int minSubwindow) {
      if (minSubwindow < 1) {
        throw new IllegalArgumentException("minSubwindow must be >= 1: " + minSubwindow);
      }
      this.minSubwindow = minSubwindow;
      return this;
    }

    /** Window length that must be exceeded before the first check, {@code >= 0}. */
    public Builder gracePeriod(int gracePeriod) {
      if (gracePeriod < 0) {
        throw new IllegalArgumentException("gracePeriod must be >= 0: " + gracePeriod);
      }
      this.gracePeriod = gracePeriod;
      return this;
    }

    public Adwin build() {
      return new Adwin(this);
    }
  }
}
