package dev.featurewatch.store.pipeline.aggregate;

import dev.featurewatch.annotation.Internal;
import dev.featurewatch.store.definition.Aggregation;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.hll.Union;

/**
 * The partial aggregate of one field's values over one pane (a slice of event time), for a set of
 * {@link Aggregation}s: values are {@link #add}ed as events arrive, panes are {@link #merge}d into
 * a window, and {@link #result} reads an aggregation off it. Merging is associative and
 * commutative, so a window's result does not depend on how its events were split into panes nor on
 * the order they were merged in (up to floating-point rounding of sums, and the order of equal
 * event times for {@link Aggregation#LAST}).
 *
 * <p>Mutable on purpose: it is the per-record hot path, one instance per key and pane, updated in
 * place. Only what the aggregations need is kept: the HLL sketch exists only for {@link
 * Aggregation#APPROX_COUNT_DISTINCT}. The mean and the sum of squared deviations are kept with
 * Welford's update and Chan et al.'s pairwise merge, which stay accurate where the textbook sum of
 * squares cancels catastrophically (large values with a small spread).
 *
 * <pre>{@code
 * PaneAggregate pane = PaneAggregate.of(Set.of(Aggregation.MEAN, Aggregation.COUNT));
 * pane.add(12.5, eventTimeMicros);
 * window.merge(pane);
 * Object mean = window.result(Aggregation.MEAN);
 * }</pre>
 */
@Internal
public final class PaneAggregate {

  private static final int HLL_LG_K = Aggregation.HLL_LG_K;

  private final Set<Aggregation> aggregations;
  // whether a numeric aggregation is asked: the value's type is checked and the moments kept
  private final boolean numeric;
  private long count;
  private double sum;
  private double mean;
  private double squaredDeviations;
  private double min = Double.POSITIVE_INFINITY;
  private double max = Double.NEGATIVE_INFINITY;
  private Object last;
  private long lastTime = Long.MIN_VALUE;
  // a pane's own sketch, while events are added to it
  private HllSketch distinct;
  // once another pane is merged into this one, the distinct values are kept here instead: one
  // union absorbs the panes of a window, where a union per merge would copy the sketch each time
  private Union distinctUnion;

  private PaneAggregate(Set<Aggregation> aggregations) {
    this.aggregations = aggregations;
    this.numeric = aggregations.stream().anyMatch(Aggregation::numeric);
    if (aggregations.contains(Aggregation.APPROX_COUNT_DISTINCT)) {
      distinct = new HllSketch(HLL_LG_K, TgtHllType.HLL_4);
    }
  }

  /**
   * An empty pane for {@code aggregations}.
   *
   * @throws IllegalArgumentException when {@code aggregations} is empty
   */
  public static PaneAggregate of(Set<Aggregation> aggregations) {
    if (aggregations.isEmpty()) {
      throw new IllegalArgumentException("a pane needs at least one aggregation");
    }
    return new PaneAggregate(EnumSet.copyOf(aggregations));
  }

  /**
   * Adds one event's value; a null value is skipped.
   *
   * @param value a {@link Long} or {@link Double} when a numeric aggregation is asked, else any
   *     value of the field's type
   * @param eventTimeMicros the event's time, for {@link Aggregation#LAST}
   * @throws IllegalArgumentException a numeric aggregation is asked of a non-numeric value
   */
  public void add(Object value, long eventTimeMicros) {
    if (value == null) {
      return;
    }
    if (numeric) {
      if (!(value instanceof Long || value instanceof Double)) {
        throw new IllegalArgumentException(
            "aggregations "
                + aggregations
                + " need an int64 or double value, found "
                + value.getClass().getSimpleName()
                + " "
                + value);
      }
      double x = ((Number) value).doubleValue();
      count++;
      sum += x;
      double delta = x - mean;
      mean += delta / count;
      squaredDeviations += delta * (x - mean);
      min = Math.min(min, x);
      max = Math.max(max, x);
    } else {
      count++;
    }
    if (eventTimeMicros >= lastTime) {
      last = value;
      lastTime = eventTimeMicros;
    }
    if (distinctUnion != null) {
      // added to after a merge (a copy): back to one sketch
      distinct = distinctSketch();
      distinctUnion = null;
    }
    if (distinct != null) {
      updateDistinct(distinct, value);
    }
  }

  private static void updateDistinct(HllSketch sketch, Object value) {
    if (value instanceof Long l) {
      sketch.update(l);
    } else if (value instanceof Double d) {
      // -0.0 and 0.0 are one value, as Double.equals would not say
      sketch.update(d == 0.0 ? 0.0 : d);
    } else if (value instanceof Boolean b) {
      sketch.update(b ? "true" : "false");
    } else {
      sketch.update(value.toString());
    }
  }

  /** The distinct values as one sketch; null when no distinct count is asked. */
  private HllSketch distinctSketch() {
    return distinctUnion != null ? distinctUnion.getResult(TgtHllType.HLL_4) : distinct;
  }

  /**
   * Adds everything {@code other} holds into this pane; {@code other} is left unchanged.
   *
   * @throws IllegalArgumentException the two panes were made for different aggregations
   */
  public void merge(PaneAggregate other) {
    if (!aggregations.equals(other.aggregations)) {
      throw new IllegalArgumentException(
          "cannot merge a pane of " + other.aggregations + " into one of " + aggregations);
    }
    if (other.count == 0) {
      return;
    }
    long n = count + other.count;
    double delta = other.mean - mean;
    squaredDeviations +=
        other.squaredDeviations + delta * delta * ((double) count * other.count / n);
    mean += delta * other.count / n;
    count = n;
    sum += other.sum;
    min = Math.min(min, other.min);
    max = Math.max(max, other.max);
    if (other.lastTime >= lastTime) {
      last = other.last;
      lastTime = other.lastTime;
    }
    if (distinct != null || distinctUnion != null) {
      if (distinctUnion == null) {
        distinctUnion = new Union(HLL_LG_K);
        distinctUnion.update(distinct);
        distinct = null;
      }
      distinctUnion.update(
          other.distinctUnion != null
              ? other.distinctUnion.getResult(TgtHllType.HLL_8)
              : other.distinct);
    }
  }

  /**
   * Writes this pane for {@link #read}: the aggregations as a bit set, then only the fields they
   * use. {@code lastValue} writes the {@link Aggregation#LAST} value (null included).
   */
  public void write(DataOutput out, ValueWriter lastValue) throws IOException {
    int bits = 0;
    for (Aggregation aggregation : aggregations) {
      bits |= 1 << aggregation.ordinal();
    }
    out.writeByte(bits);
    out.writeLong(count);
    if (numeric) {
      out.writeDouble(sum);
      out.writeDouble(mean);
      out.writeDouble(squaredDeviations);
      out.writeDouble(min);
      out.writeDouble(max);
    }
    if (aggregations.contains(Aggregation.LAST)) {
      out.writeLong(lastTime);
      lastValue.write(out, last);
    }
    HllSketch sketch = distinctSketch();
    if (sketch != null) {
      byte[] bytes = sketch.toCompactByteArray();
      out.writeInt(bytes.length);
      out.write(bytes);
    }
  }

  /** Reads a pane {@link #write} wrote. */
  public static PaneAggregate read(DataInput in, ValueReader lastValue) throws IOException {
    int bits = in.readUnsignedByte();
    EnumSet<Aggregation> aggregations = EnumSet.noneOf(Aggregation.class);
    for (Aggregation aggregation : Aggregation.values()) {
      if ((bits & (1 << aggregation.ordinal())) != 0) {
        aggregations.add(aggregation);
      }
    }
    PaneAggregate pane = of(aggregations);
    pane.count = in.readLong();
    if (pane.numeric) {
      pane.sum = in.readDouble();
      pane.mean = in.readDouble();
      pane.squaredDeviations = in.readDouble();
      pane.min = in.readDouble();
      pane.max = in.readDouble();
    }
    if (aggregations.contains(Aggregation.LAST)) {
      pane.lastTime = in.readLong();
      pane.last = lastValue.read(in);
    }
    if (pane.distinct != null) {
      byte[] sketch = new byte[in.readInt()];
      in.readFully(sketch);
      pane.distinct = HllSketch.heapify(sketch);
    }
    return pane;
  }

  /** A deep copy: merging into or adding to either leaves the other unchanged. */
  public PaneAggregate copy() {
    PaneAggregate copy = new PaneAggregate(aggregations);
    copy.merge(this);
    copy.last = last;
    copy.lastTime = lastTime;
    return copy;
  }

  /** Writes a {@link Aggregation#LAST} value, which may be null. */
  @FunctionalInterface
  public interface ValueWriter {
    void write(DataOutput out, Object value) throws IOException;
  }

  /** Reads what the matching {@link ValueWriter} wrote. */
  @FunctionalInterface
  public interface ValueReader {
    Object read(DataInput in) throws IOException;
  }

  /** The number of non-null values added. */
  public long count() {
    return count;
  }

  /**
   * The value of {@code aggregation} over what was added: a {@link Long} for the counts, the
   * field's value for {@link Aggregation#LAST}, else a {@link Double}; null where {@link
   * Aggregation} says.
   *
   * @throws IllegalArgumentException this pane was not made for {@code aggregation}
   */
  public Object result(Aggregation aggregation) {
    Objects.requireNonNull(aggregation, "aggregation");
    if (!aggregations.contains(aggregation)) {
      throw new IllegalArgumentException(
          "this pane aggregates " + aggregations + ", not " + aggregation);
    }
    return switch (aggregation) {
      case COUNT -> count;
      case SUM -> count == 0 ? null : sum;
      case MEAN -> count == 0 ? null : mean;
      case MIN -> count == 0 ? null : min;
      case MAX -> count == 0 ? null : max;
      case STDDEV -> count < 2 ? null : Math.sqrt(squaredDeviations / (count - 1));
      case LAST -> last;
      case APPROX_COUNT_DISTINCT ->
          Math.round(distinctUnion != null ? distinctUnion.getEstimate() : distinct.getEstimate());
    };
  }
}
