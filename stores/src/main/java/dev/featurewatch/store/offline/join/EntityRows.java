package dev.featurewatch.store.offline.join;

import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.ValueType;
import dev.featurewatch.store.offline.arrow.OfflineFormat;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The entity rows of a point-in-time join, held column by column in primitive arrays: one {@code
 * long[]} per join key (int64 values as they are, strings as codes of a dictionary of the distinct
 * strings) and one {@code long[]} of timestamps in microseconds. Ten million rows of one key take
 * 160 MB and a few objects, not ten million.
 *
 * <pre>{@code
 * EntityRows.Builder rows = EntityRows.builder(List.of(Field.of("driver_id", ValueType.INT64)));
 * rows.add(Instant.parse("2026-11-20T10:00:00Z"), 1001L);
 * EntityRows entities = rows.build();
 * }</pre>
 */
public final class EntityRows {

  private final List<Field> joinKeys;
  private final long[][] keys;
  private final long[] timestamps;
  private final int size;
  private final Map<String, Integer> codes;
  private final List<String> strings;

  private EntityRows(Builder builder) {
    this.joinKeys = builder.joinKeys;
    this.size = builder.size;
    // taken over, not copied (a copy would double the peak memory); only [0, size) is used
    this.keys = builder.keys;
    this.timestamps = builder.timestamps;
    this.codes = builder.codes;
    this.strings = builder.strings;
  }

  /** A builder of rows with these join keys (int64 or string), in this column order. */
  public static Builder builder(List<Field> joinKeys) {
    return new Builder(joinKeys);
  }

  public int size() {
    return size;
  }

  /** The join key columns, in the order given. */
  public List<Field> joinKeys() {
    return joinKeys;
  }

  /** The timestamp of {@code row}, microseconds since the epoch. */
  public long timestampMicros(int row) {
    Objects.checkIndex(row, size);
    return timestamps[row];
  }

  /** The value ({@link Long} or {@link String}) of join key {@code column} of {@code row}. */
  public Object key(int row, int column) {
    Objects.checkIndex(row, size);
    long value = keys[column][row];
    return joinKeys.get(column).type() == ValueType.STRING ? strings.get((int) value) : value;
  }

  /** Join key {@code column}, valid in {@code [0, size())}; the array may be longer. */
  long[] keyColumn(int column) {
    return keys[column];
  }

  /** The timestamps, valid in {@code [0, size())}; the array may be longer. */
  long[] timestamps() {
    return timestamps;
  }

  /**
   * The code of a string key value, or -1 if no entity row has it (such feature rows never match).
   */
  long code(String value) {
    Integer code = codes.get(value);
    return code == null ? -1 : code;
  }

  /** Collects rows into growing primitive arrays. Not thread-safe. */
  public static final class Builder {
    private final List<Field> joinKeys;
    private long[][] keys;
    private long[] timestamps = new long[1024];
    private int size;
    private boolean built;
    private final Map<String, Integer> codes = new HashMap<>();
    private final List<String> strings = new ArrayList<>();

    private Builder(List<Field> joinKeys) {
      this.joinKeys = List.copyOf(joinKeys);
      if (this.joinKeys.isEmpty()) {
        throw new IllegalArgumentException("entity rows need at least one join key");
      }
      for (Field key : this.joinKeys) {
        if (key.type() != ValueType.INT64 && key.type() != ValueType.STRING) {
          throw new IllegalArgumentException(
              "join key '" + key.name() + "' must be int64 or string, found " + key.type().id());
        }
      }
      keys = new long[this.joinKeys.size()][1024];
    }

    /**
     * Adds a row: its timestamp (truncated to microseconds) and one key value per join key, in the
     * builder's column order.
     */
    public Builder add(Instant timestamp, Object... keyValues) {
      return addMicros(OfflineFormat.micros(timestamp), keyValues);
    }

    /** Adds a row with its timestamp in microseconds since the epoch. */
    public Builder addMicros(long timestampMicros, Object... keyValues) {
      checkOpen();
      if (keyValues.length != joinKeys.size()) {
        throw new IllegalArgumentException(
            "entity row "
                + size
                + ": expected "
                + joinKeys.size()
                + " key values, found "
                + keyValues.length);
      }
      if (size == timestamps.length) {
        int capacity = Math.addExact(size, Math.max(1024, size >> 1));
        timestamps = Arrays.copyOf(timestamps, capacity);
        for (int k = 0; k < keys.length; k++) {
          keys[k] = Arrays.copyOf(keys[k], capacity);
        }
      }
      for (int k = 0; k < keyValues.length; k++) {
        Object value = keyValues[k];
        Field key = joinKeys.get(k);
        if (value == null || !key.type().accepts(value)) {
          throw new IllegalArgumentException(
              "entity row "
                  + size
                  + ": join key '"
                  + key.name()
                  + "' must be a non-null "
                  + key.type().id()
                  + ", found "
                  + value);
        }
        keys[k][size] =
            value instanceof Long l
                ? l
                : codes.computeIfAbsent(
                    (String) value,
                    s -> {
                      strings.add(s);
                      return strings.size() - 1;
                    });
      }
      timestamps[size++] = timestampMicros;
      return this;
    }

    /** The rows added; the builder cannot be used afterwards (the rows take over its arrays). */
    public EntityRows build() {
      checkOpen();
      EntityRows rows = new EntityRows(this);
      built = true;
      return rows;
    }

    private void checkOpen() {
      if (built) {
        throw new IllegalStateException("this builder has been built: start a new one");
      }
    }
  }
}
