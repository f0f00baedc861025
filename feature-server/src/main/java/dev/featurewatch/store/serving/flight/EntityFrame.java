package dev.featurewatch.store.serving.flight;

import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.ValueType;
import dev.featurewatch.store.offline.arrow.OfflineFormat;
import dev.featurewatch.store.offline.join.EntityRows;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.LargeVarCharVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * The entity DataFrame a Feast client uploads ({@code pa.Table.from_pandas(entity_df)}), read as
 * the point-in-time join's {@link EntityRows}.
 *
 * <ul>
 *   <li>The event timestamp column is chosen as Feast's {@code
 *       infer_event_timestamp_from_entity_df} chooses it: {@value OfflineFormat#EVENT_TIMESTAMP}
 *       when there is one, else the one timestamp column. Any unit, with or without a time zone (a
 *       zone-less time is UTC, as Feast takes it); nanoseconds are truncated to microseconds, the
 *       offline store's precision.
 *   <li>Join keys: int64 keys from any integer column, string keys from utf8 or large_utf8; no
 *       nulls.
 *   <li>Every other column is the caller's own (a label, a row id): it comes back unchanged, in its
 *       place. Pandas' index columns ({@code __index_level_0__}) are dropped: Feast's {@code
 *       to_df()} resets the index anyway.
 * </ul>
 *
 * <p>Feast sends a one-column table {@code key} when there is no entity DataFrame: refused, the
 * join needs entity rows.
 */
final class EntityFrame {

  private static final Pattern PANDAS_INDEX = Pattern.compile("__index_level_\\d+__");

  private final VectorSchemaRoot table;
  private final int timestampColumn;

  private EntityFrame(VectorSchemaRoot table, int timestampColumn) {
    this.table = table;
    this.timestampColumn = timestampColumn;
  }

  /**
   * The frame of an uploaded table (held, not copied).
   *
   * @throws FlightRuntimeException {@code INVALID_ARGUMENT} for Feast's placeholder table, or no
   *     event timestamp column to be found
   */
  static EntityFrame of(VectorSchemaRoot table) {
    List<FieldVector> columns = table.getFieldVectors();
    List<String> names = columns.stream().map(FieldVector::getName).toList();
    if (names.equals(List.of("key"))) {
      throw OfflineCommand.invalid(
          "entity_df: an entity DataFrame is required (Feast sent its placeholder table, as it"
              + " does for an SQL query or none)");
    }
    for (FieldVector column : columns) {
      if (column.getField().getDictionary() != null) {
        throw OfflineCommand.invalid(
            "entity_df: column '"
                + column.getName()
                + "' is dictionary-encoded (a pandas category): send its values");
      }
    }
    int timestamp = names.indexOf(OfflineFormat.EVENT_TIMESTAMP);
    if (timestamp < 0) {
      List<Integer> candidates = new ArrayList<>();
      for (int c = 0; c < columns.size(); c++) {
        if (columns.get(c).getField().getType() instanceof ArrowType.Timestamp) {
          candidates.add(c);
        }
      }
      if (candidates.size() != 1) {
        throw OfflineCommand.invalid(
            "entity_df: needs a column "
                + OfflineFormat.EVENT_TIMESTAMP
                + ", or exactly one timestamp column, found "
                + (candidates.isEmpty() ? "none" : candidates.stream().map(names::get).toList())
                + " among "
                + names);
      }
      timestamp = candidates.get(0);
    }
    return new EntityFrame(table, timestamp);
  }

  /** The uploaded columns, in order. */
  List<FieldVector> columns() {
    return table.getFieldVectors();
  }

  int rowCount() {
    return table.getRowCount();
  }

  /** The column holding the entity rows' times. */
  String timestampColumn() {
    return table.getFieldVectors().get(timestampColumn).getName();
  }

  /** Whether a column is pandas' index, which is not sent back. */
  static boolean isPandasIndex(String name) {
    return PANDAS_INDEX.matcher(name).matches();
  }

  /**
   * The entity rows for these join keys.
   *
   * @throws FlightRuntimeException {@code INVALID_ARGUMENT} naming a missing or mistyped column, or
   *     the first row with a null key or time
   */
  EntityRows rows(List<Field> joinKeys) {
    List<FieldVector> keys = new ArrayList<>();
    for (Field key : joinKeys) {
      keys.add(keyColumn(key));
    }
    FieldVector times = table.getFieldVectors().get(timestampColumn);
    if (!(times instanceof TimeStampVector
        || times instanceof DateDayVector
        || times instanceof DateMilliVector)) {
      throw OfflineCommand.invalid(
          "entity_df: column '"
              + times.getName()
              + "' must hold timestamps (pandas datetime64), found "
              + times.getField().getType());
    }
    EntityRows.Builder builder = EntityRows.builder(joinKeys);
    Object[] values = new Object[keys.size()];
    for (int row = 0; row < table.getRowCount(); row++) {
      for (int k = 0; k < keys.size(); k++) {
        FieldVector column = keys.get(k);
        if (column.isNull(row)) {
          throw OfflineCommand.invalid(
              "entity_df: row " + row + ": join key '" + column.getName() + "' is null");
        }
        values[k] = keyValue(column, row);
      }
      if (times.isNull(row)) {
        throw OfflineCommand.invalid(
            "entity_df: row " + row + ": '" + times.getName() + "' is null (NaT)");
      }
      builder.addMicros(micros(times, row), values);
    }
    return builder.build();
  }

  private FieldVector keyColumn(Field key) {
    FieldVector column =
        Optional.ofNullable(table.getVector(key.name()))
            .orElseThrow(
                () ->
                    OfflineCommand.invalid(
                        "entity_df: no column '"
                            + key.name()
                            + "', a join key of the features asked for; its columns are "
                            + table.getFieldVectors().stream().map(FieldVector::getName).toList()));
    boolean fits =
        key.type() == ValueType.INT64
            ? column instanceof BaseIntVector
                && column.getField().getType() instanceof ArrowType.Int
            : column instanceof VarCharVector || column instanceof LargeVarCharVector;
    if (!fits) {
      throw OfflineCommand.invalid(
          "entity_df: column '"
              + key.name()
              + "' must hold "
              + (key.type() == ValueType.INT64
                  ? "integers (a pandas column of integers with a missing value becomes float:"
                      + " drop or fill those rows)"
                  : "strings")
              + " for join key "
              + key.name()
              + " ("
              + key.type().id()
              + "), found "
              + column.getField().getType());
    }
    return column;
  }

  private static Object keyValue(FieldVector column, int row) {
    if (column instanceof BaseIntVector number) {
      return number.getValueAsLong(row);
    }
    byte[] bytes =
        column instanceof VarCharVector text
            ? text.get(row)
            : ((LargeVarCharVector) column).get(row);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static long micros(FieldVector times, int row) {
    try {
      if (times instanceof TimeStampVector timestamps) {
        return OfflineFormat.micros(timestamps, row);
      }
      if (times instanceof DateDayVector days) {
        return Math.multiplyExact((long) days.get(row), 86_400_000_000L);
      }
      return Math.multiplyExact(((DateMilliVector) times).get(row), 1_000L);
    } catch (ArithmeticException e) {
      throw OfflineCommand.invalid(
          "entity_df: row " + row + ": '" + times.getName() + "' is out of range");
    }
  }
}
