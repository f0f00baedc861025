package dev.featurewatch.store.definition;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * An aggregation of one field's values over a window, as named in a stream feature view's YAML.
 * Null values of the field are skipped by every aggregation, as SQL's aggregates skip them; a
 * window whose values are all null has a count of 0 and null for the others (0 for the distinct
 * count).
 */
public enum Aggregation {
  /** The number of non-null values: int64. */
  COUNT("count"),
  /** The sum of the values: double. */
  SUM("sum"),
  /** The arithmetic mean: double. */
  MEAN("mean"),
  /** The smallest value: double. */
  MIN("min"),
  /** The largest value: double. */
  MAX("max"),
  /** The sample standard deviation (n - 1 in the denominator), null below 2 values: double. */
  STDDEV("stddev"),
  /**
   * The value with the latest event time (of the events that arrived last among equal times): of
   * the field's own type.
   */
  LAST("last"),
  /**
   * The number of distinct values, estimated with an HLL sketch of 2^{@value #HLL_LG_K} buckets
   * (relative standard error about 1.6%, exact for small counts): int64.
   */
  APPROX_COUNT_DISTINCT("approx_count_distinct");

  /** log2 of the HLL sketch's buckets: 4,096 buckets, about 1.6% relative standard error. */
  public static final int HLL_LG_K = 12;

  private final String id;

  Aggregation(String id) {
    this.id = id;
  }

  /** The name in YAML, for example {@code mean} or {@code approx_count_distinct}. */
  public String id() {
    return id;
  }

  /** Whether the field must be numeric (int64 or double). */
  public boolean numeric() {
    return this == SUM || this == MEAN || this == MIN || this == MAX || this == STDDEV;
  }

  /**
   * The type of the result over a field of type {@code input}.
   *
   * @throws IllegalArgumentException this aggregation does not apply to {@code input}
   */
  public ValueType resultType(ValueType input) {
    if (numeric() && input != ValueType.INT64 && input != ValueType.DOUBLE) {
      throw new IllegalArgumentException(
          id + " needs an int64 or double field, found " + input.id());
    }
    if (this == APPROX_COUNT_DISTINCT
        && (input == ValueType.DOUBLE_LIST || input == ValueType.TIMESTAMP)) {
      throw new IllegalArgumentException(
          id + " needs an int64, double, string or bool field, found " + input.id());
    }
    return switch (this) {
      case COUNT, APPROX_COUNT_DISTINCT -> ValueType.INT64;
      case LAST -> input;
      default -> ValueType.DOUBLE;
    };
  }

  /**
   * The aggregation named {@code id} in YAML.
   *
   * @throws IllegalArgumentException listing the valid names
   */
  public static Aggregation fromId(String id) {
    for (Aggregation aggregation : values()) {
      if (aggregation.id.equals(id.strip().toLowerCase(Locale.ROOT))) {
        return aggregation;
      }
    }
    throw new IllegalArgumentException(
        "unknown aggregation '"
            + id
            + "'; expected one of "
            + Arrays.stream(values()).map(Aggregation::id).collect(Collectors.joining(", ")));
  }
}
