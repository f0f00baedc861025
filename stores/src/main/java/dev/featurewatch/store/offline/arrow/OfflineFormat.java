package dev.featurewatch.store.offline.arrow;

import dev.featurewatch.annotation.Internal;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.ValueType;
import dev.featurewatch.store.row.Times;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The layout of an offline-store file, version {@value #VERSION}: the one place that maps
 * featurewatch types to Arrow and back. Internal to the offline store and its joins.
 *
 * <p>Columns, in order: the join keys (sorted by name as in {@code EntityKey}; int64 as Arrow
 * {@code int64}, string as {@code utf8}), {@value #EVENT_TIMESTAMP} and {@value #CREATED_TIMESTAMP}
 * ({@code timestamp[us, tz=UTC]}, not null), then the view's features in declaration order: int64 →
 * {@code int64}, double → {@code float64}, string → {@code utf8}, bool → {@code bool}, timestamp →
 * {@code timestamp[us, tz=UTC]}, list&lt;double&gt; → {@code list<float64>}. All feature columns
 * are nullable. The schema metadata holds {@value #VERSION_KEY} and {@value #VIEW_KEY}. Instants
 * are truncated to microseconds (Arrow's and pandas' usual unit).
 */
@Internal
public final class OfflineFormat {

  /** The format version written into each file's schema metadata. */
  public static final String VERSION = "1";

  public static final String VERSION_KEY = "featurewatch.offline.format";
  public static final String VIEW_KEY = "featurewatch.feature_view";
  public static final String EVENT_TIMESTAMP = "event_timestamp";
  public static final String CREATED_TIMESTAMP = "created_timestamp";

  private static final ArrowType INT64 = new ArrowType.Int(64, true);
  private static final ArrowType FLOAT64 =
      new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
  private static final ArrowType TIMESTAMP = new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC");

  private OfflineFormat() {}

  /**
   * The schema of {@code view}'s files.
   *
   * @param joinKeys the join keys, int64 or string, in any order (sorted here by name)
   * @throws IllegalArgumentException if a join key is neither int64 nor string, or column names
   *     collide
   */
  public static Schema schema(FeatureView view, List<Field> joinKeys) {
    List<Field> keys = new ArrayList<>(joinKeys);
    keys.sort((a, b) -> a.name().compareTo(b.name()));
    List<org.apache.arrow.vector.types.pojo.Field> columns = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Field key : keys) {
      if (key.type() != ValueType.INT64 && key.type() != ValueType.STRING) {
        throw new IllegalArgumentException(
            "feature view '"
                + view.name()
                + "': join key '"
                + key.name()
                + "' must be int64 or string, found "
                + key.type().id());
      }
      columns.add(column(view, names, key.name(), key.type(), false));
    }
    columns.add(timestampColumn(view, names, EVENT_TIMESTAMP));
    columns.add(timestampColumn(view, names, CREATED_TIMESTAMP));
    for (Field feature : view.features()) {
      columns.add(column(view, names, feature.name(), feature.type(), true));
    }
    return new Schema(columns, Map.of(VERSION_KEY, VERSION, VIEW_KEY, view.name()));
  }

  /** The Arrow field of one column of {@code type}. */
  public static org.apache.arrow.vector.types.pojo.Field arrowField(
      String name, ValueType type, boolean nullable) {
    if (type == ValueType.DOUBLE_LIST) {
      org.apache.arrow.vector.types.pojo.Field item =
          new org.apache.arrow.vector.types.pojo.Field(
              "item", FieldType.nullable(FLOAT64), List.of());
      return new org.apache.arrow.vector.types.pojo.Field(
          name, new FieldType(nullable, ArrowType.List.INSTANCE, null), List.of(item));
    }
    return new org.apache.arrow.vector.types.pojo.Field(
        name, new FieldType(nullable, arrowType(type), null), List.of());
  }

  private static ArrowType arrowType(ValueType type) {
    return switch (type) {
      case INT64 -> INT64;
      case DOUBLE -> FLOAT64;
      case STRING -> ArrowType.Utf8.INSTANCE;
      case BOOL -> ArrowType.Bool.INSTANCE;
      case TIMESTAMP -> TIMESTAMP;
      case DOUBLE_LIST -> ArrowType.List.INSTANCE;
    };
  }

  private static org.apache.arrow.vector.types.pojo.Field column(
      FeatureView view, Set<String> names, String name, ValueType type, boolean nullable) {
    if (!names.add(name)) {
      throw new IllegalArgumentException(
          "feature view '"
              + view.name()
              + "': column names must be distinct across join keys, "
              + EVENT_TIMESTAMP
              + ", "
              + CREATED_TIMESTAMP
              + " and features, found '"
              + name
              + "' twice");
    }
    return arrowField(name, type, nullable);
  }

  private static org.apache.arrow.vector.types.pojo.Field timestampColumn(
      FeatureView view, Set<String> names, String name) {
    return column(view, names, name, ValueType.TIMESTAMP, false);
  }

  /**
   * The join keys of a file: the columns before {@value #EVENT_TIMESTAMP}.
   *
   * @throws IllegalArgumentException if the schema is not of this format
   */
  public static List<Field> joinKeys(Schema schema) {
    String version = schema.getCustomMetadata().get(VERSION_KEY);
    if (!VERSION.equals(version)) {
      throw new IllegalArgumentException(
          "offline file: " + VERSION_KEY + " must be " + VERSION + ", found " + version);
    }
    List<Field> keys = new ArrayList<>();
    for (org.apache.arrow.vector.types.pojo.Field column : schema.getFields()) {
      if (column.getName().equals(EVENT_TIMESTAMP)) {
        return keys;
      }
      ArrowType type = column.getType();
      keys.add(
          Field.of(
              column.getName(),
              type instanceof ArrowType.Utf8 ? ValueType.STRING : ValueType.INT64));
    }
    throw new IllegalArgumentException("offline file: no " + EVENT_TIMESTAMP + " column");
  }

  /** Microseconds since the epoch, truncating any finer part. */
  public static long micros(Instant instant) {
    return Times.micros(instant);
  }

  /**
   * Microseconds since the epoch of a non-null timestamp of any unit (nanoseconds rounded down),
   * with or without a time zone: Arrow stores both as counts since the UTC epoch, so a zone-less
   * value reads as UTC, as pandas and Feast take naive times.
   *
   * @throws ArithmeticException when seconds or milliseconds overflow microseconds
   */
  public static long micros(TimeStampVector vector, int index) {
    long raw = vector.get(index);
    return switch (((ArrowType.Timestamp) vector.getField().getType()).getUnit()) {
      case SECOND -> Math.multiplyExact(raw, 1_000_000L);
      case MILLISECOND -> Math.multiplyExact(raw, 1_000L);
      case MICROSECOND -> raw;
      case NANOSECOND -> Math.floorDiv(raw, 1_000L);
    };
  }

  /** The instant {@code micros} microseconds after the epoch. */
  public static Instant instant(long micros) {
    return Times.instant(micros);
  }

  /**
   * Writes {@code value} (null, or of the column's Java type) at {@code index}, growing the vector.
   */
  public static void write(FieldVector vector, int index, Object value) {
    if (value == null) {
      setNull(vector, index);
    } else if (vector instanceof BigIntVector v) {
      v.setSafe(index, (Long) value);
    } else if (vector instanceof Float8Vector v) {
      v.setSafe(index, (Double) value);
    } else if (vector instanceof VarCharVector v) {
      v.setSafe(index, ((String) value).getBytes(StandardCharsets.UTF_8));
    } else if (vector instanceof BitVector v) {
      v.setSafe(index, ((Boolean) value) ? 1 : 0);
    } else if (vector instanceof TimeStampMicroTZVector v) {
      v.setSafe(index, micros((Instant) value));
    } else if (vector instanceof ListVector v) {
      List<?> list = (List<?>) value;
      int start = v.startNewValue(index);
      Float8Vector data = (Float8Vector) v.getDataVector();
      for (int j = 0; j < list.size(); j++) {
        Double element = (Double) list.get(j);
        data.setSafe(start + j, element == null ? 0 : 1, element == null ? 0.0 : element);
      }
      v.endValue(index, list.size());
    } else {
      throw new IllegalArgumentException("unsupported column type: " + vector.getField());
    }
  }

  /** Marks {@code index} null. */
  public static void setNull(FieldVector vector, int index) {
    if (vector instanceof org.apache.arrow.vector.BaseFixedWidthVector v) {
      v.setNull(index);
    } else if (vector instanceof org.apache.arrow.vector.BaseVariableWidthVector v) {
      v.setNull(index);
    } else if (vector instanceof ListVector v) {
      v.setNull(index);
    } else {
      throw new IllegalArgumentException("unsupported column type: " + vector.getField());
    }
  }

  /** The value at {@code index} as the Java type of its {@link ValueType}, or null. */
  public static Object read(FieldVector vector, int index) {
    if (vector.isNull(index)) {
      return null;
    } else if (vector instanceof BigIntVector v) {
      return v.get(index);
    } else if (vector instanceof Float8Vector v) {
      return v.get(index);
    } else if (vector instanceof VarCharVector v) {
      return new String(v.get(index), StandardCharsets.UTF_8);
    } else if (vector instanceof BitVector v) {
      return v.get(index) != 0;
    } else if (vector instanceof TimeStampMicroTZVector v) {
      return instant(v.get(index));
    } else if (vector instanceof ListVector v) {
      Float8Vector data = (Float8Vector) v.getDataVector();
      int start = v.getElementStartIndex(index);
      int end = v.getElementEndIndex(index);
      List<Double> list = new ArrayList<>(end - start);
      for (int j = start; j < end; j++) {
        list.add(data.isNull(j) ? null : data.get(j));
      }
      return Collections.unmodifiableList(list);
    }
    throw new IllegalArgumentException("unsupported column type: " + vector.getField());
  }
}
